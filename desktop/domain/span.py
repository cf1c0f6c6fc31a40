"""A span: a labeled range of code points in one document, in one layer."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from desktop.domain.document import Document
from desktop.domain.errors import InvalidSpan


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range [start, end) of code points, with a label and attributes."""

    id: str
    doc_id: str
    layer: str
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    actor_id: str | None = None
    note: str = ""  # the annotator's free-text note on this span
    unsure: bool = False  # the annotator flagged this span as uncertain

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise InvalidSpan(f"span {name} must be an integer, got {value!r}")
        if self.start < 0:
            raise InvalidSpan(f"span start {self.start} is negative")
        if self.start >= self.end:
            raise InvalidSpan(f"span start {self.start} is not before end {self.end}")
        if not isinstance(self.label, str) or not self.label:
            raise InvalidSpan("span label must be a non-empty string")
        if not isinstance(self.attrs, dict):
            raise InvalidSpan("span attrs must be an object")
        if not isinstance(self.note, str):
            raise InvalidSpan("span note must be a string")
        if not isinstance(self.unsure, bool):
            raise InvalidSpan("span unsure flag must be true or false")

    @property
    def length(self) -> int:
        """Number of code points covered."""
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """True if the two ranges share at least one code point."""
        return self.start < other.end and other.start < self.end

    def contains(self, offset: int) -> bool:
        """True if the code point at `offset` lies inside the span."""
        return self.start <= offset < self.end

    def same_range(self, other: Span) -> bool:
        """True if both spans cover exactly the same code points."""
        return self.start == other.start and self.end == other.end

    def fits(self, document: Document) -> None:
        """Raise InvalidSpan unless the span lies inside the document's text."""
        if self.end > len(document.text):
            raise InvalidSpan(
                f"span {self.start}-{self.end} ends past the text"
                f" ({len(document.text)} code points)"
            )

    def text_in(self, document: Document) -> str:
        """The covered slice of the document's text."""
        return document.text[self.start : self.end]

    def with_changes(self, **changes: Any) -> Span:
        """A copy with some fields replaced (validated again)."""
        return replace(self, **changes)
