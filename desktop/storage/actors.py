"""ActorStore: the registry of canonical actors and their aliases."""

from __future__ import annotations

import sqlite_utils

from desktop.domain import Actor
from desktop.storage.rows import actor_from_row


class ActorStore:
    """The actors and actor_aliases tables."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def add(self, actor: Actor) -> None:
        """Insert an actor with its aliases."""
        self._db.execute(
            "INSERT INTO actors (id, name, kind) VALUES (?, ?, ?)",
            [actor.id, actor.name, actor.kind],
        )
        self._set_aliases(actor)

    def replace(self, actor: Actor) -> None:
        """Overwrite name, kind and aliases of the actor with the same id."""
        self._db.execute(
            "UPDATE actors SET name = ?, kind = ? WHERE id = ?", [actor.name, actor.kind, actor.id]
        )
        self._db.execute("DELETE FROM actor_aliases WHERE actor_id = ?", [actor.id])
        self._set_aliases(actor)

    def _set_aliases(self, actor: Actor) -> None:
        self._db.conn.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
            [(actor.id, alias) for alias in actor.aliases],
        )

    def remove(self, actor_id: str) -> None:
        """Delete an actor; spans linked to it are unlinked."""
        self._db.execute("DELETE FROM actors WHERE id = ?", [actor_id])

    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id, if any."""
        row = self._db.execute(
            "SELECT id, name, kind FROM actors WHERE id = ?", [actor_id]
        ).fetchone()
        if row is None:
            return None
        return actor_from_row(row, self._aliases(actor_id))

    def _aliases(self, actor_id: str) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", [actor_id]
        )
        return tuple(r[0] for r in rows)

    def all(self) -> list[Actor]:
        """Every actor, by name."""
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in self._db.execute(
            "SELECT actor_id, alias FROM actor_aliases ORDER BY alias"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        rows = self._db.execute("SELECT id, name, kind FROM actors ORDER BY name COLLATE NOCASE")
        return [actor_from_row(r, tuple(aliases.get(r[0], ()))) for r in rows]

    def existing_ids(self) -> set[str]:
        """Ids of every stored actor."""
        return {r[0] for r in self._db.execute("SELECT id FROM actors")}
