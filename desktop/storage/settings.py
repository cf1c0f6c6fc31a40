"""Project-wide settings: the schema, the local annotator, watermarks."""

from __future__ import annotations

import orjson
import sqlite_utils

from desktop.domain import Schema


class SettingsStore:
    """Key/value settings kept in the project file."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value stored under `key`, or `default`."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        """Store `value` under `key`."""
        self._db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def schema(self) -> Schema:
        """The project's schema (the default one if none was stored)."""
        raw = self.get("schema")
        return Schema.from_dict(orjson.loads(raw)) if raw else Schema.default()

    def set_schema(self, schema: Schema) -> None:
        """Replace the project's schema."""
        self.set("schema", orjson.dumps(schema.to_dict()).decode("utf-8"))
