"""Typed, invertible operations: what the edit log stores and undo/redo replay.

Each op is a frozen dataclass with `apply(project) -> Change` (performed inside the
caller's transaction) and `invert() -> Op`. In the edit log an op is the JSON list
`[name, *payload]` (the format of every Gloss project so far); `to_json` writes it,
`op_from_json` reads it back through the registry `OPS`.

`apply` checks that the project is in the state the op expects (a row to remove is
there and unchanged, a row to add is not): a history step that no longer fits the
project raises `HistoryConflict` (or `AlreadyExists`) and its transaction rolls back,
so undo and redo never delete or overwrite work they did not make.

How to add an op (e.g. for a new table):

1. In a module of this package (`annotations.py`: spans, roles, statuses;
   `project.py`: actors, documents, review decisions; or a new module, imported below
   so that it registers), write a `@register`-decorated frozen, slotted dataclass
   subclassing `base.Op`, with a unique `name: ClassVar[str]` (the first element of
   its JSON list, never renamed). Export it here.
2. Implement `apply` (check the current state, write through the stores, return a
   `Change` naming what changed and which documents), `invert` (the op that undoes
   it: usually the mirror op), `to_json` (`[name, *payload]`, JSON types only) and
   the classmethod `from_json(payload)` (the payload after the name).
3. If it touches documents, return them from `doc_ids` (undo goes to them), and, for an
   op that large imports write by the thousand, override the classmethod
   `doc_ids_in_json(payload)` so Edit > History need not build it.
4. Write through `Workspace.commit(ops, label)` (or `Workspace.bulk` for many rows;
   `keep_undo(ops)` there makes the bulk write undoable). Tests in
   `tests/workspace/test_ops.py` run every registered op through a JSON round trip,
   apply, invert and apply again (add a sample to `SAMPLES` there).
"""

from desktop.workspace.ops.annotations import (
    AddRelation,
    AddSpan,
    RemoveRelation,
    RemoveSpan,
    SetStatus,
    UpdateSpan,
)
from desktop.workspace.ops.base import (
    OPS,
    Op,
    actor_dict,
    apply_ops,
    decision_dict,
    document_dict,
    documents_in_json,
    documents_of,
    invert_ops,
    op_from_json,
    ops_from_json,
    ops_to_json,
    register,
    relation_dict,
    span_dict,
)
from desktop.workspace.ops.project import (
    AddActor,
    AddDocument,
    RemoveActor,
    RemoveDocument,
    SetDecision,
    UpdateActor,
)

__all__ = [
    "OPS",
    "AddActor",
    "AddDocument",
    "AddRelation",
    "AddSpan",
    "Op",
    "RemoveActor",
    "RemoveDocument",
    "RemoveRelation",
    "RemoveSpan",
    "SetDecision",
    "SetStatus",
    "UpdateActor",
    "UpdateSpan",
    "actor_dict",
    "apply_ops",
    "decision_dict",
    "document_dict",
    "documents_in_json",
    "documents_of",
    "invert_ops",
    "op_from_json",
    "ops_from_json",
    "ops_to_json",
    "register",
    "relation_dict",
    "span_dict",
]
