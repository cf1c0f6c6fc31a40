"""Is a project inside a folder that a cloud-sync client (Dropbox, OneDrive, ...) copies?

Sync clients copy a SQLite file while it is being written and may hand back a torn or
conflicting copy; Gloss warns about it. A pure function of the path, for every platform.
"""

from __future__ import annotations

import itertools
import re
from pathlib import PurePath

# One pattern per path component, matched case-insensitively; the first hit names the service.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Dropbox", re.compile(r"dropbox( \(.+\))?")),
    ("OneDrive", re.compile(r"onedrive( - .+)?")),
    ("iCloud Drive", re.compile(r"icloud ?drive|com~apple~clouddocs")),
    ("Google Drive", re.compile(r"google ?drive|my drive|shared drives")),
)

SERVICES = tuple(name for name, _ in _RULES)

# macOS File Provider folders: ~/Library/CloudStorage/<Provider>-<account>.
_CLOUD_STORAGE = "cloudstorage"
_PROVIDERS = {"dropbox": "Dropbox", "onedrive": "OneDrive", "googledrive": "Google Drive"}


def _components(path: str | PurePath) -> list[str]:
    """Path components, splitting on both separators so Windows paths work everywhere."""
    return [part for part in re.split(r"[\\/]+", str(path)) if part]


def cloud_sync_service(path: str | PurePath) -> str | None:
    """The cloud-sync service whose folder holds `path`, or None.

    Looks only at the folders above the file (an absolute path is expected), so a project
    merely named "dropbox.gloss" does not count.
    """
    folders = _components(path)[:-1]
    for parent, folder in itertools.pairwise(folders):
        if parent.lower() == _CLOUD_STORAGE:
            provider = folder.split("-", 1)[0]
            return _PROVIDERS.get(provider.lower(), provider)
    for name, pattern in _RULES:
        if any(pattern.fullmatch(part.lower()) for part in folders):
            return name
    return None


def cloud_sync_warning(path: str | PurePath) -> str | None:
    """A paragraph explaining the risk for a project in a synced folder, or None."""
    service = cloud_sync_service(path)
    if service is None:
        return None
    return (
        f"This project is in a {service} folder. {service} copies the file while Gloss is"
        " writing to it, which can leave a damaged or conflicting copy, and opening the same"
        " project on two computers at once loses edits. Keep projects in a local folder and"
        " share exports (or a copy made while Gloss is closed), or pause syncing while Gloss"
        " is open."
    )
