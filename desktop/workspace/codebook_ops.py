"""The codebook's op: `SetSchema` replaces the project's codebook, undoably.

A separate module from `ops.py` (registered in the same registry on import); the
edit-log JSON is `["set_schema", before, after]`, each the codebook's dict form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from desktop.domain import Change, Schema
from desktop.storage import Project
from desktop.workspace.errors import HistoryConflict
from desktop.workspace.ops import Op, register


@register
@dataclass(frozen=True, slots=True)
class SetSchema(Op):
    """Replace the codebook `before` (which must be the project's) by `after`."""

    name: ClassVar[str] = "set_schema"
    before: Schema
    after: Schema

    def apply(self, project: Project) -> Change:
        if project.settings.schema() != self.before:
            raise HistoryConflict("the codebook changed since")
        project.settings.set_schema(self.after)
        return Change(schema=True)

    def invert(self) -> Op:
        return SetSchema(self.after, self.before)

    def to_json(self) -> list[Any]:
        return [self.name, self.before.to_dict(), self.after.to_dict()]

    @classmethod
    def from_json(cls, payload: list[Any]) -> Self:
        return cls(Schema.from_dict(payload[0]), Schema.from_dict(payload[1]))
