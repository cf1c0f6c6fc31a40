"""The actor table: per registry actor, what it alleged, what it was accused of, how it answered.

Counts are of allegations (an actor accusing in one allegation through two mentions
counts once) and of responses; dates are those of the documents behind them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, BinaryIO

from desktop.domain import Actor
from desktop.networks.claims import Claim

COLUMNS = (
    "id",
    "name",
    "kind",
    "mentions",
    "accusations_made",
    "accusations_received",
    "named_as_victim",
    "responses_given",
    "first_date",
    "last_date",
)


@dataclass(slots=True)
class ActorRow:
    """One actor's line of the table."""

    id: str
    name: str
    kind: str
    mentions: int = 0
    accusations_made: int = 0
    accusations_received: int = 0
    named_as_victim: int = 0
    responses_given: int = 0
    first_date: str | None = None
    last_date: str | None = None
    _responses: set[str] = field(default_factory=set, repr=False)

    def saw(self, when: str | None) -> None:
        """Widen the first/last dates to include `when`."""
        if when is None:
            return
        if self.first_date is None or when < self.first_date:
            self.first_date = when
        if self.last_date is None or when > self.last_date:
            self.last_date = when

    def record(self) -> dict[str, Any]:
        """The row as a dict keyed by COLUMNS."""
        data = asdict(self)
        data.pop("_responses")
        return data


def actor_table(
    claims: Iterable[Claim], actors: Mapping[str, Actor], mentions: Mapping[str, int]
) -> list[ActorRow]:
    """One row per registry actor (by name), with its counts over `claims`."""
    rows = {
        actor_id: ActorRow(actor_id, actor.name, actor.kind, mentions.get(actor_id, 0))
        for actor_id, actor in actors.items()
    }

    def row(actor_id: str) -> ActorRow:
        if actor_id not in rows:
            rows[actor_id] = ActorRow(actor_id, actor_id, "other", mentions.get(actor_id, 0))
        return rows[actor_id]

    for claim in claims:
        when = claim.date.isoformat() if claim.date else None
        for actor_id, column in (
            *((a, "accusations_made") for a in claim.accusers),
            *((a, "accusations_received") for a in claim.accused),
            *((a, "named_as_victim") for a in claim.victims),
        ):
            target = row(actor_id)
            setattr(target, column, getattr(target, column) + 1)
            target.saw(when)
        for response in claim.responses:
            for actor_id in response.respondents:
                target = row(actor_id)
                if response.span_id not in target._responses:
                    target._responses.add(response.span_id)
                    target.responses_given += 1
                target.saw(when)
    return sorted(rows.values(), key=lambda r: (r.name.casefold(), r.id))


def write_table_csv(stream: BinaryIO, rows: Iterable[ActorRow]) -> int:
    """The table as CSV with a header of COLUMNS; returns the number of rows."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        record = row.record()
        writer.writerow(["" if record[c] is None else record[c] for c in COLUMNS])
        count += 1
    text.flush()
    text.detach()
    return count
