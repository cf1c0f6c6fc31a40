"""What a reader or writer could not carry, and what it merged or left out on purpose.

Every reader and writer that takes a `losses` keyword adds one entry per item it could
not carry (`lost`) or deliberately did not import (`skipped`: a rejected Prodigy answer,
an identical duplicate collapsed into its twin). The CLI prints `summary()` as one line
and each entry with `-v`; `--strict` refuses an import or export with any `lost` entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Loss:
    """One item left behind: where it was, what kind of thing, and why."""

    source: str
    line: int | None
    kind: str
    detail: str
    lost: bool = True

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        verb = "not carried" if self.lost else "skipped"
        return f"{where}: {self.kind} {verb}: {self.detail}"


@dataclass
class Losses:
    """The entries of one import or export, in the order they were found."""

    items: list[Loss] = field(default_factory=list)

    def lose(self, source: object, line: int | None, kind: str, detail: str) -> None:
        """Record an item the format cannot carry."""
        self.items.append(Loss(str(source), line, kind, detail))

    def skip(self, source: object, line: int | None, kind: str, detail: str) -> None:
        """Record an item left out on purpose (counted, not an error under --strict)."""
        self.items.append(Loss(str(source), line, kind, detail, lost=False))

    @property
    def lost(self) -> list[Loss]:
        """The entries that are real losses."""
        return [item for item in self.items if item.lost]

    def counts(self, lost: bool = True) -> Counter[str]:
        """How many entries of each kind (lost ones, or skipped ones)."""
        return Counter(item.kind for item in self.items if item.lost is lost)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def summary(self) -> str:
        """One line: `not carried: 2 note(s), 1 event(s); skipped: 3 rejected answer(s)`."""
        parts = []
        for lost, verb in ((True, "not carried"), (False, "skipped")):
            counts = self.counts(lost)
            if counts:
                listed = ", ".join(f"{n} {kind}(s)" for kind, n in sorted(counts.items()))
                parts.append(f"{verb}: {listed}")
        return "; ".join(parts)


def lose(losses: Losses | None, source: object, line: int | None, kind: str, detail: str) -> None:
    """`losses.lose(...)` when a collector was given."""
    if losses is not None:
        losses.lose(source, line, kind, detail)


def skip(losses: Losses | None, source: object, line: int | None, kind: str, detail: str) -> None:
    """`losses.skip(...)` when a collector was given."""
    if losses is not None:
        losses.skip(source, line, kind, detail)
