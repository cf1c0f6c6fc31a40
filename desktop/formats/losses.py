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


#: Entries kept for listing by default; every entry is counted whatever the limit.
KEEP = 10_000


@dataclass
class Losses:
    """The entries of one import or export: all counted, the first `keep` kept to list.

    An export of 100,000 documents to a format without attributes meets a million of
    them: keeping every entry would hold hundreds of MB for a list nobody reads. `keep`
    None keeps all (the CLI's `-v`).
    """

    keep: int | None = field(default_factory=lambda: KEEP)
    items: list[Loss] = field(default_factory=list)
    #: The first real loss, kept whatever the limit (--strict quotes it).
    first_lost: Loss | None = None
    _tally: Counter[tuple[str, bool]] = field(default_factory=Counter)

    def _add(self, loss: Loss) -> None:
        self._tally[(loss.kind, loss.lost)] += 1
        if loss.lost and self.first_lost is None:
            self.first_lost = loss
        if self.keep is None or len(self.items) < self.keep:
            self.items.append(loss)

    def lose(self, source: object, line: int | None, kind: str, detail: str) -> None:
        """Record an item the format cannot carry."""
        self._add(Loss(str(source), line, kind, detail))

    def skip(self, source: object, line: int | None, kind: str, detail: str) -> None:
        """Record an item left out on purpose (counted, not an error under --strict)."""
        self._add(Loss(str(source), line, kind, detail, lost=False))

    @property
    def lost(self) -> list[Loss]:
        """The real losses among the entries kept."""
        return [item for item in self.items if item.lost]

    @property
    def lost_count(self) -> int:
        """How many real losses there were (kept or not)."""
        return sum(n for (_, lost), n in self._tally.items() if lost)

    @property
    def not_listed(self) -> int:
        """Entries counted but not kept (past `keep`)."""
        return len(self) - len(self.items)

    def counts(self, lost: bool = True) -> Counter[str]:
        """How many entries of each kind (lost ones, or skipped ones)."""
        return Counter({kind: n for (kind, was), n in self._tally.items() if was is lost})

    def __bool__(self) -> bool:
        return bool(self._tally)

    def __len__(self) -> int:
        return sum(self._tally.values())

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
