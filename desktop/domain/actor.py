"""A canonical actor of the project's registry: one identity for many mentions."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.errors import InvalidActor

ACTOR_KINDS = (
    "state",
    "government",
    "armed forces",
    "official",
    "NGO or IGO",
    "media",
    "victims or civilians",
    "group",
    "person",
    "other",
)


@dataclass(frozen=True, slots=True)
class Actor:
    """A party, with the names it goes by."""

    id: str
    name: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidActor("actor name must be a non-empty string")
        if self.kind not in ACTOR_KINDS:
            raise InvalidActor(
                f"actor kind must be one of {', '.join(ACTOR_KINDS)}, got {self.kind!r}"
            )

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases, without repeats."""
        seen: dict[str, None] = {self.name: None}
        for alias in self.aliases:
            seen.setdefault(alias, None)
        return tuple(seen)
