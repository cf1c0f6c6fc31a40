"""A state machine of random use cases: undo and redo always land on the exact prior states.

Steps: add, relabel, link, delete, status, small and large imports, merge, review decisions,
undo, redo and reopening the file. A model keeps the project snapshot before and after each
undoable step: undo must give back exactly the snapshot before, redo exactly the one after;
a refused or empty step changes nothing; a step that cannot be undone empties the stack;
spans of large imports are never lost. After every step, undo then redo is the identity.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from desktop.domain import AnnotatedDocument, Document, DomainError, Span
from desktop.workspace import Workspace, import_records, merge_paths, transfer
from desktop.workspace.adjudication import accept, reject, review_items

TEXTS = {
    "d1": "Rebels accused the army of shelling 👩‍👩‍👧 the village.\r\nThe ministry denied it.",
    "d2": "Witnesses said the army shelled the market; مرحبا e\u0301 the UN will look.",
}
LABELS = ("ACTOR", "ALLEGATION", "EVIDENCE", "RESPONSE")
SMALL_LIMIT = 30  # UNDO_LIMIT while the machine runs: a "large" import is 31+ rows


def snapshot(ws: Workspace) -> dict[str, Any]:
    """Everything a user could lose, in a comparable form."""
    project = ws._project
    statuses = {
        (doc_id, layer, status)
        for doc_id, by_layer in project.layers.statuses_by_document()
        for layer, status in by_layer.items()
        if status != "new"  # undoing a status stores 'new', which reads the same as none
    }
    return {
        "documents": [(d.id, d.title, d.text, d.meta) for d in project.documents.iter_all()],
        "spans": sorted(
            (s.id, s.doc_id, s.layer, s.start, s.end, s.label, repr(s.attrs), s.actor_id)
            for _, spans in project.spans.by_document()
            for s in spans
        ),
        "relations": sorted(
            (r.id, r.doc_id, r.layer, r.label, r.head_id, r.child_id)
            for _, relations in project.relations.by_document()
            for r in relations
        ),
        "statuses": sorted(statuses),
        "actors": project.actors.all(),
        "decisions": project.decisions.all(),
    }


def _colleague(folder: Path) -> Path:
    """dan's project: the same two documents, dan's spans, a role and a rejection."""
    path = folder / "dan.gloss"
    dan = Workspace.open(path, create=True)
    dan.set_annotator("dan")
    dan.add_documents([Document(doc_id, text) for doc_id, text in TEXTS.items()])
    actor = dan.add_span("d1", 0, 6, "ACTOR", attrs={"kind": "group"})
    allegation = dan.add_span("d1", 27, 35, "ALLEGATION")
    dan.add_relation(next(iter(allegation.span_ids)), next(iter(actor.span_ids)), "accuser")
    dan.add_span("d2", 0, 9, "ACTOR")
    item = next(iter(review_items(dan, "d2", ["dan"])))
    reject(dan, item)
    dan.close()
    return path


class HistoryMachine(RuleBasedStateMachine):
    """Random sequences of use cases against one project file, checked against a model."""

    def __init__(self) -> None:
        super().__init__()
        shm = Path("/dev/shm")
        self.folder = Path(tempfile.mkdtemp(dir=shm if shm.is_dir() else None))
        self.saved_limit = transfer.UNDO_LIMIT
        transfer.UNDO_LIMIT = SMALL_LIMIT
        self.colleague = _colleague(self.folder)
        self.path = self.folder / "work.gloss"
        self.ws = Workspace.open(self.path, create=True)
        self.ws.set_annotator("alice")
        documents = [AnnotatedDocument(Document(i, t)) for i, t in TEXTS.items()]
        import_records(self.ws, documents, undoable=False)
        self.undo_model: list[tuple[dict, dict]] = []  # (before, after) of each undoable step
        self.redo_model: list[tuple[dict, dict]] = []
        self.kept: set[str] = set()  # span ids of large imports: never to be lost
        self.counter = 0

    def teardown(self) -> None:
        transfer.UNDO_LIMIT = self.saved_limit
        self.ws.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- the model --------------------------------------------------------------------
    def _step(self, action) -> Any:
        """Run a use case and update the model from what the undo stack says it did."""
        before = snapshot(self.ws)
        top = self.ws.undo_step()
        logged = self.ws._project.history.count()
        try:
            result = action()
        except DomainError:  # refused (WorkspaceError, HistoryConflict, invalid input)
            assert snapshot(self.ws) == before
            assert self.ws._project.history.count() == logged
            return None
        after = snapshot(self.ws)
        now_top = self.ws.undo_step()
        if self.ws._project.history.count() == logged:
            assert after == before, "a step that was not logged changed the project"
        elif now_top is not None and (top is None or now_top.seq != top.seq):
            self.undo_model.append((before, after))
            self.redo_model.clear()
        elif now_top is None and self.ws.can_redo() is None:
            self.undo_model.clear()  # a step that cannot be undone emptied both stacks
            self.redo_model.clear()
        else:
            assert after == before, "a logged step that is not on the stack changed the project"
        return result

    def _spans(self, layer: str = "alice") -> list[Span]:
        return [s for doc in TEXTS for s in self.ws.spans(doc, layer)] + [
            s for doc in self._new_docs() for s in self.ws.spans(doc, layer)
        ]

    def _new_docs(self) -> list[str]:
        return [d for d in self.ws._project.documents.ids() if d not in TEXTS]

    # --- rules ------------------------------------------------------------------------
    @rule(
        doc=st.sampled_from(sorted(TEXTS)),
        bounds=st.tuples(st.integers(0, 70), st.integers(1, 12)),
        label=st.sampled_from(LABELS),
    )
    def add_span(self, doc: str, bounds: tuple[int, int], label: str) -> None:
        start, length = bounds
        end = min(start + length, len(TEXTS[doc]))
        self._step(lambda: self.ws.add_span(doc, min(start, end - 1), end, label))

    @rule(pick=st.integers(0, 50), label=st.sampled_from(LABELS))
    def relabel(self, pick: int, label: str) -> None:
        spans = self._spans()
        if spans:
            span = spans[pick % len(spans)]
            self._step(lambda: self.ws.relabel_span(span.id, label))

    @rule(pick=st.integers(0, 50), other=st.integers(0, 50))
    def link(self, pick: int, other: int) -> None:
        spans = self._spans()
        heads = [s for s in spans if s.label == "ALLEGATION"]
        if heads:
            head = heads[pick % len(heads)]
            tails = [s for s in spans if s.label == "ACTOR" and s.doc_id == head.doc_id]
            if tails:
                tail = tails[other % len(tails)]
                self._step(lambda: self.ws.add_relation(head.id, tail.id, "accuser"))

    @rule(pick=st.integers(0, 50))
    def delete(self, pick: int) -> None:
        spans = self._spans()
        if spans:
            span = spans[pick % len(spans)]
            self._step(lambda: self.ws.remove_span(span.id))

    @rule(pick=st.integers(0, 50), shift=st.integers(-3, 3))
    def resize(self, pick: int, shift: int) -> None:
        spans = self._spans()
        if spans:
            span = spans[pick % len(spans)]
            end = min(max(span.end + shift, span.start + 1), len(TEXTS.get(span.doc_id, "")))
            if end > span.start:
                self._step(lambda: self.ws.resize_span(span.id, span.start, end))

    @rule(pick=st.integers(0, 50))
    def link_actor(self, pick: int) -> None:
        spans = [s for s in self._spans() if s.label == "ACTOR"]
        if spans:
            self._step(lambda: self.ws.add_actor(f"Actor {self.counter}"))
            self.counter += 1
            actor_id = self.ws.last_actor_id
            self._step(lambda: self.ws.link_actor(spans[pick % len(spans)].id, actor_id))

    @rule(pick=st.integers(0, 50))
    def remove_actor(self, pick: int) -> None:
        actors = self.ws.actors()
        if actors:
            self._step(lambda: self.ws.remove_actor(actors[pick % len(actors)].id))

    @rule(doc=st.sampled_from(sorted(TEXTS)), status=st.sampled_from(["in_progress", "done"]))
    def mark(self, doc: str, status: str) -> None:
        self._step(lambda: self.ws.set_status(doc, status))

    @rule(spans=st.integers(0, 5))
    def import_small(self, spans: int) -> None:
        self.counter += 1
        doc_id = f"n{self.counter}"
        text = f"Article {self.counter}: the army denied shelling the village."
        found = tuple(
            Span(f"{doc_id}-s{i}", doc_id, "bob", i, i + 5, "ACTOR") for i in range(spans)
        )
        record = AnnotatedDocument(Document(doc_id, text), "bob", "done", found)
        report = self._step(lambda: import_records(self.ws, [record]))
        step = self.ws.undo_step()
        assert report.undoable and step is not None and step.asks_first
        assert report.spans_added == spans

    @rule(doc=st.sampled_from(sorted(TEXTS)))
    def import_large(self, doc: str) -> None:
        self.counter += 1
        found = tuple(
            Span(f"carl-{self.counter}-{i}", doc, "carl", i % 9, i % 9 + 4, "EVIDENCE")
            for i in range(SMALL_LIMIT + 1)
        )
        record = AnnotatedDocument(Document(doc, TEXTS[doc]), "carl", None, found)
        report = self._step(lambda: import_records(self.ws, [record]))
        assert not report.undoable and report.spans_added == len(found)
        assert self.ws.can_undo() is None and self.ws.can_redo() is None
        self.kept.update(s.id for s in found)

    @rule()
    def merge(self) -> None:
        self._step(lambda: merge_paths(self.ws, [self.colleague]))

    @rule(doc=st.sampled_from(sorted(TEXTS)), pick=st.integers(0, 50), take=st.booleans())
    def decide(self, doc: str, pick: int, take: bool) -> None:
        items = [i for i in review_items(self.ws, doc, ["alice", "dan"]) if i.kind == "span"]
        if items:
            item = items[pick % len(items)]
            layer = item.versions[0].layer
            if take:
                self._step(lambda: accept(self.ws, item, layer))
            else:
                self._step(lambda: reject(self.ws, item))

    @precondition(lambda self: bool(self.undo_model))
    @rule()
    def undo(self) -> None:
        before, after = self.undo_model.pop()
        assert snapshot(self.ws) == after
        assert self.ws.undo() is not None
        assert snapshot(self.ws) == before
        self.redo_model.append((before, after))

    @precondition(lambda self: bool(self.redo_model))
    @rule()
    def redo(self) -> None:
        before, after = self.redo_model.pop()
        assert self.ws.redo() is not None
        assert snapshot(self.ws) == after
        self.undo_model.append((before, after))

    @rule()
    def reopen(self) -> None:
        before = snapshot(self.ws)
        labels = (self.ws.can_undo(), self.ws.can_redo())
        self.ws.close()
        self.ws = Workspace.open(self.path)
        assert snapshot(self.ws) == before
        assert (self.ws.can_undo(), self.ws.can_redo()) == labels

    # --- invariants -------------------------------------------------------------------
    @invariant()
    def undo_then_redo_is_the_identity(self) -> None:
        if self.ws.can_undo() is None:
            assert not self.undo_model
            return
        state = snapshot(self.ws)
        self.ws.undo()
        self.ws.redo()
        assert snapshot(self.ws) == state

    @invariant()
    def large_imports_are_never_lost(self) -> None:
        present = {s.id for s in self._spans("carl")}
        assert self.kept <= present

    @invariant()
    def kept_span_lists_equal_fresh_reads(self) -> None:
        project = self.ws._project
        for doc in [*TEXTS, *self._new_docs()]:
            for layer in ("alice", "carl", "bob"):
                assert self.ws.spans(doc, layer) == project.spans.for_document(doc, layer)

    @invariant()
    def the_model_matches_the_stacks(self) -> None:
        assert (self.ws.can_undo() is not None) == bool(self.undo_model)
        assert (self.ws.can_redo() is not None) == bool(self.redo_model)


HistoryMachine.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_history_machine = HistoryMachine.TestCase
