"""Codebook use cases: replace, rename, merge; annotations migrate in the same undoable step.

Each runs in one transaction through `Workspace.commit`: a `set_schema` op first, then
the ops that move the annotations, so one undo restores codebook and annotations.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.domain import GOLD, Change, Schema, Span
from desktop.domain.codebook_edits import (
    attribute_owners,
)
from desktop.domain.codebook_edits import (
    merge_labels as merged_codebook,
)
from desktop.domain.codebook_edits import (
    rename_choice as choice_renamed,
)
from desktop.domain.codebook_edits import (
    rename_label as label_renamed,
)
from desktop.domain.codebook_edits import (
    rename_role as role_renamed,
)
from desktop.domain.codebook_fit import misfits
from desktop.storage.usage import UsageStore
from desktop.workspace.codebook_ops import SetSchema
from desktop.workspace.errors import WorkspaceError
from desktop.workspace.ops import AddRelation, Op, RemoveRelation, UpdateSpan
from desktop.workspace.workspace import Workspace

if TYPE_CHECKING:
    from desktop.formats.codebooks.guide import Examples


class CodebookConflict(WorkspaceError):
    """A codebook change that existing annotations would no longer fit (nothing changed)."""


def _usage(ws: Workspace) -> UsageStore:
    return UsageStore(ws._project.db)


def codebook_misfits(ws: Workspace, schema: Schema, source: str = "the new codebook") -> list[str]:
    """What the project's annotations use that `schema` would not allow, one line each."""
    usage = _usage(ws)
    return misfits(schema, usage.span_attributes(), usage.roles(), source)


def _commit(
    ws: Workspace, action: str, label: str, after: Schema, ops: list[Op], initiator: object
) -> Change:
    """Store `after` and apply `ops` in one undoable step; the change carries `schema`."""
    before = ws.schema
    if after == before:
        return Change(label="No change", schema=True)
    return ws.commit([SetSchema(before, after), *ops], label, action=action, initiator=initiator)


def set_codebook(
    ws: Workspace,
    schema: Schema,
    *,
    source: str = "the new codebook",
    initiator: object = None,
) -> Change:
    """Replace the codebook; refused (CodebookConflict, nothing changed) if anything misfits."""
    ws._writable_project()
    problems = codebook_misfits(ws, schema, source)
    if problems:
        more = f" (and {len(problems) - 1} more kind(s))" if len(problems) > 1 else ""
        raise CodebookConflict(problems[0] + more)
    after = replace(schema, version=ws.schema.version + 1)
    if after.to_dict() | {"version": 0} == ws.schema.to_dict() | {"version": 0}:
        return Change(label="No change", schema=True)
    return _commit(ws, "set_codebook", f"Codebook from {source}", after, [], initiator)


def init_codebook(ws: Workspace, schema: Schema, *, source: str = "a file") -> Change:
    """The codebook of a new project (logged; not undoable: there is nothing before it)."""
    if ws._project.spans.count():
        return set_codebook(ws, schema, source=source)
    before = ws.schema
    after = replace(schema, version=max(schema.version, before.version))
    return ws.commit(
        [SetSchema(before, after)],
        f"Codebook from {source}",
        action="init_codebook",
        undoable=False,
    )


def edit_codebook(
    ws: Workspace, schema: Schema, label: str = "Edit codebook", initiator: object = None
) -> Change:
    """An edit made in the codebook editor: like `set_codebook`, named by `label`."""
    ws._writable_project()
    problems = codebook_misfits(ws, schema, "this edit")
    if problems:
        raise CodebookConflict(problems[0])
    after = replace(schema, version=ws.schema.version + 1)
    return _commit(ws, "edit_codebook", label, after, [], initiator)


def _relabelled(spans: list[Span], label: str) -> list[Op]:
    return [UpdateSpan(s, s.with_changes(label=label)) for s in spans]


def rename_label(ws: Workspace, old: str, new: str, initiator: object = None) -> Change:
    """Call label `old` `new`, in the codebook and on every span of every layer."""
    ws._writable_project()
    after = label_renamed(ws.schema, old, new)
    ops = _relabelled(_usage(ws).spans_labelled([old]), new)
    return _commit(ws, "rename_label", f"Rename label {old} to {new}", after, ops, initiator)


def merge_labels(
    ws: Workspace, first: str, second: str, into: str, initiator: object = None
) -> Change:
    """Merge labels `first` and `second` into `into`; their spans (and roles) follow."""
    ws._writable_project()
    after = merged_codebook(ws.schema, first, second, into)
    moved = [s for s in _usage(ws).spans_labelled([first, second]) if s.label != into]
    ops = _relabelled(moved, into)
    label = f"Merge labels {first} and {second} into {into}"
    return _commit(ws, "merge_labels", label, after, ops, initiator)


def rename_role(ws: Workspace, old: str, new: str, initiator: object = None) -> Change:
    """Call role `old` `new`, in the codebook and on every relation."""
    ws._writable_project()
    after = role_renamed(ws.schema, old, new)
    ops: list[Op] = []
    for relation in _usage(ws).relations_labelled(old):
        ops.append(RemoveRelation(relation))
        ops.append(AddRelation(replace(relation, label=new)))
    return _commit(ws, "rename_role", f"Rename role {old} to {new}", after, ops, initiator)


def rename_choice(
    ws: Workspace, attribute: str, old: str, new: str, initiator: object = None
) -> Change:
    """Call choice `old` of `attribute` (`name` or `LABEL.name`) `new`; spans follow."""
    ws._writable_project()
    owners = {label.name for label, _ in attribute_owners(ws.schema, attribute)}
    label_name, dot, tail = attribute.rpartition(".")
    name = tail if dot and label_name in ws.schema.label_names else attribute
    after = choice_renamed(ws.schema, attribute, old, new)
    ops: list[Op] = []
    for span in _usage(ws).spans_with_value(name, old):
        if span.label in owners:
            attrs = {**span.attrs, name: new}
            ops.append(UpdateSpan(span, span.with_changes(attrs=attrs)))
    label = f"Rename {attribute} choice {old} to {new}"
    return _commit(ws, "rename_choice", label, after, ops, initiator)


CONTEXT = 60  # characters of text shown on each side of a guide example


def example_layer(ws: Workspace) -> str | None:
    """The layer the guide takes examples from: gold, else the most-done layer."""
    usage = _usage(ws)
    spans = usage.spans_by_layer()
    if spans.get(GOLD):
        return GOLD
    if not spans:
        return None
    done = usage.done_by_layer()
    return max(spans, key=lambda layer: (done.get(layer, 0), spans[layer], layer))


def guide_examples(ws: Workspace, per_label: int = 3) -> Examples:
    """Up to `per_label` examples of each label, with some text around them."""
    layer = example_layer(ws)
    examples: Examples = {}
    if layer is None:
        return examples
    usage = _usage(ws)
    texts: dict[str, str] = {}
    for label in ws.schema.label_names:
        for span in usage.first_spans(layer, label, per_label):
            if span.doc_id not in texts:
                texts[span.doc_id] = ws.document(span.doc_id).text
            text = texts[span.doc_id]
            before = text[max(0, span.start - CONTEXT) : span.start]
            after = text[span.end : span.end + CONTEXT]
            examples.setdefault(label, []).append((before, text[span.start : span.end], after))
    return examples
