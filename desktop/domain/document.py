"""A document: an id, a title and the exact text that offsets point into."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.errors import InvalidDocument


def sha256_of(text: str) -> str:
    """SHA-256 of the UTF-8 encoding of `text`, as hex (the text's identity across projects)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass(frozen=True, slots=True)
class Document:
    """A text as imported, never normalized; offsets are code points into `text`."""

    id: str
    text: str
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidDocument(f"document id must be a non-empty string, got {self.id!r}")
        if not isinstance(self.text, str) or not self.text:
            raise InvalidDocument(f"document {self.id} has no text")
        if _has_lone_surrogate(self.id):
            raise InvalidDocument(
                f"document id {self.id!r} is not valid Unicode (a file name that is not UTF-8?)"
            )
        if _has_lone_surrogate(self.text):
            raise InvalidDocument(f"document {self.id} contains a lone surrogate")
        if not isinstance(self.title, str) or _has_lone_surrogate(self.title):
            raise InvalidDocument(
                f"document {self.id}: title {self.title!r} is not valid Unicode"
                " (a file name that is not UTF-8? rename the file)"
            )
        if not isinstance(self.meta, dict):
            raise InvalidDocument(f"document {self.id}: meta must be an object")

    def check_storable(self) -> None:
        """Raise InvalidDocument for a text the project file cannot hold as it is.

        SQLite counts a text's length up to its first NUL, so a text starting with one
        (a binary or UTF-16 file read as UTF-8, or only NULs) would be stored as empty.
        """
        if self.text.startswith("\x00"):
            only = "is only NUL characters" if not self.text.strip("\x00") else "starts with NUL"
            raise InvalidDocument(f"document {self.id}: text {only} (a binary or UTF-16 file?)")

    @property
    def sha256(self) -> str:
        """The hash that identifies this exact text."""
        return sha256_of(self.text)

    @property
    def display_title(self) -> str:
        """The title, or the first line of the text when there is none."""
        if self.title:
            return self.title
        first = self.text.strip().splitlines()[0] if self.text.strip() else self.id
        return first[:80]
