"""Finding unannotated mentions of an actor's names in a text (for propagation)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.domain.span import Span


@dataclass(frozen=True, slots=True)
class Mention:
    """A place in a document where one of an actor's names occurs, not yet annotated."""

    doc_id: str
    start: int
    end: int
    name: str
    actor_id: str


def find_mentions(
    doc_id: str,
    text: str,
    names: Iterable[str],
    actor_id: str,
    annotated: Sequence[Span] = (),
) -> list[Mention]:
    """Whole-word, case-insensitive occurrences of `names`, longest name first at each place,
    skipping any that overlaps an already annotated span."""
    words = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    taken = sorted((s.start, s.end) for s in annotated)
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(a < end and start < b for a, b in taken):
            continue
        found.append(Mention(doc_id, start, end, match.group(0), actor_id))
    return found
