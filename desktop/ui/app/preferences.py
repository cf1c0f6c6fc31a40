"""Per-user window preferences in QSettings: recent projects, last document, geometry,
the article view's options (tags, roles, spacing, text size).

Stored as INI files under the organization and application name "Gloss", so that tests can
redirect them with `QSettings.setPath(IniFormat, UserScope, folder)`.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Gloss"
APPLICATION = "Gloss"
RECENT_LIMIT = 10


def app_settings() -> QSettings:
    """The user's Gloss settings (an INI file in the user configuration folder)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def _read_json(key: str, default: object) -> object:
    raw = app_settings().value(key, "")
    try:
        return json.loads(raw) if isinstance(raw, str) and raw else default
    except ValueError:
        return default


def recent_projects() -> list[Path]:
    """Recently opened project files, newest first."""
    paths = _read_json("recent_projects", [])
    return [Path(p) for p in paths if isinstance(p, str)] if isinstance(paths, list) else []


def remember_project(path: Path) -> None:
    """Put `path` first in the recent projects (it is also the project opened next time)."""
    resolved = str(Path(path).resolve())
    paths = [str(p) for p in recent_projects() if str(p) != resolved]
    app_settings().setValue("recent_projects", json.dumps([resolved, *paths][:RECENT_LIMIT]))


def last_project() -> Path | None:
    """The project opened most recently, if any."""
    paths = recent_projects()
    return paths[0] if paths else None


def last_document(project: Path | None) -> str | None:
    """The document that was open when `project` was last closed."""
    if project is None:
        return None
    documents = _read_json("last_documents", {})
    value = documents.get(str(Path(project).resolve())) if isinstance(documents, dict) else None
    return value if isinstance(value, str) else None


def remember_document(project: Path | None, doc_id: str | None) -> None:
    """Remember the open document of `project` for the next start."""
    if project is None or not doc_id:
        return
    documents = _read_json("last_documents", {})
    if not isinstance(documents, dict):
        documents = {}
    documents[str(Path(project).resolve())] = doc_id
    app_settings().setValue("last_documents", json.dumps(documents))


def load_bytes(key: str) -> QByteArray | None:
    """A stored geometry or splitter state."""
    value = app_settings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_bytes(key: str, value: QByteArray) -> None:
    """Store a geometry or splitter state."""
    app_settings().setValue(key, value)


def view_options() -> dict[str, object]:
    """The article view's options: "tags" (bool), "spacing" (percent), "size" (points)."""
    stored = _read_json("view_options", {})
    return dict(stored) if isinstance(stored, dict) else {}


def set_view_option(key: str, value: object) -> None:
    """Remember one view option (None forgets it)."""
    options = view_options()
    if value is None:
        options.pop(key, None)
    else:
        options[key] = value
    app_settings().setValue("view_options", json.dumps(options))
