"""A review decision: what a reviewer decided about one compared item of one document."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.errors import InvalidDecision

DECISIONS = ("accepted", "rejected")


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """`reviewer` decided item `key` of `doc_id` for the gold layer `gold` at `at`.

    `layer` is the compared layer whose version was accepted (None for a rejection or
    for accepting every side).
    """

    doc_id: str
    gold: str
    key: str
    decision: str
    reviewer: str
    at: str
    layer: str | None = None

    def __post_init__(self) -> None:
        for name in ("doc_id", "gold", "key", "reviewer"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise InvalidDecision(f"decision {name} must be a non-empty string")
        if self.decision not in DECISIONS:
            raise InvalidDecision(
                f"decision must be one of {', '.join(DECISIONS)}, got {self.decision!r}"
            )

    @property
    def identity(self) -> tuple[str, str, str]:
        """(document, gold layer, item key): one decision per item and gold layer."""
        return (self.doc_id, self.gold, self.key)
