"""What the window asks of a project: lookups that may find nothing, counts, list pages.

`Workspace` inherits these; the UI calls them instead of reaching the project's stores.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain import Actor, Document, Relation, Span
from desktop.storage import Project
from desktop.storage.documents import DocumentSummary
from desktop.storage.layers import LayerInfo

__all__ = ["DocumentSummary", "Queries"]


class Queries:
    """Read-only queries over `_project` (set by `Workspace.__init__`)."""

    _project: Project

    def spans(self, doc_id: str, layer: str | None = None) -> list[Span]:
        raise NotImplementedError  # Workspace's: the spans kept between edits

    # --- lookups that may find nothing -----------------------------------------
    def find_document(self, doc_id: str | None) -> Document | None:
        """The document `doc_id`, or None if there is none."""
        return self._project.documents.get(doc_id) if doc_id else None

    def has_document(self, doc_id: str | None) -> bool:
        """True if the project holds the document `doc_id`."""
        return bool(doc_id) and self._project.documents.seq_of(doc_id or "") is not None

    def find_span(self, span_id: str | None) -> Span | None:
        """The span `span_id`, or None if there is none."""
        return self._project.spans.get(span_id) if span_id else None

    def find_actor(self, actor_id: str | None) -> Actor | None:
        """The actor `actor_id`, or None if there is none."""
        return self._project.actors.get(actor_id) if actor_id else None

    def layer_info(self, layer: str) -> LayerInfo | None:
        """The stored description of `layer` (kind, read-only), None before its first edit."""
        return self._project.layers.get(layer)

    @property
    def read_only_note(self) -> str:
        """Why the project is open read-only ("" when it is not, or no reason is known)."""
        return self._project.note or ""

    # --- related records ---------------------------------------------------------
    def roles_of(self, span_id: str) -> list[Relation]:
        """The relations that have `span_id` as head or child."""
        return self._project.relations.touching(span_id)

    def spans_with_actor(self, actor_id: str) -> list[Span]:
        """Every span (any layer) linked to `actor_id`."""
        return self._project.spans.with_actor(actor_id)

    # --- documents: counts and the document list -----------------------------------
    def first_document_id(self) -> str | None:
        """The first document in project order, None for an empty project."""
        return self._project.documents.first_id()

    def document_count(self) -> int:
        """How many documents the project holds."""
        return self._project.documents.count()

    def count_with_status(self, layer: str, status: str) -> int:
        """How many documents have `status` in `layer`."""
        return self._project.layers.count_with_status(layer, status)

    def document_keys(
        self, layer: str, status: str | None = None, query: str | None = None, wait: bool = True
    ) -> list[int]:
        """Project-order keys of the documents passing a status filter and text query.

        With `wait=False` the query searches only what the full-text index holds so far
        (see `index_for_search`) instead of indexing every new document first.
        """
        return self._project.documents.filtered_seqs(layer, status, query, wait)

    def search_index_pending(self) -> int:
        """How many documents full-text search does not cover yet (0 once indexed)."""
        return self._project.documents.fts_pending()

    def index_for_search(self, limit: int = 1000) -> int:
        """Add up to `limit` more documents to the full-text index; returns how many.

        Not an edit (nothing to undo); a read-only or closed project is never indexed here.
        """
        if self._project.read_only or self._project.closed:
            return 0
        return self._project.documents.ensure_fts(limit)

    def document_key(self, doc_id: str) -> int | None:
        """The project-order key of `doc_id`, None if there is no such document."""
        return self._project.documents.seq_of(doc_id)

    def document_summaries(self, layer: str, keys: Sequence[int]) -> list[DocumentSummary | None]:
        """A document list's rows for these keys, in order (None for a removed document)."""
        return self._project.documents.summaries_of(layer, keys)

    # --- checks before an edit ------------------------------------------------------------
    def near_duplicate(
        self, doc_id: str, layer: str, start: int, end: int, label: str, share: float = 0.8
    ) -> Span | None:
        """A span of `layer` with `label` covering [start, end) exactly or nearly.

        Nearly: the two ranges overlap by at least `share` of their union, or differ only
        by spaces and punctuation. None when there is no such span.
        """
        document = self._project.documents.get(doc_id)
        text = document.text if document is not None else ""
        core = _core(text, start, end)
        for span in self.spans(doc_id, layer):
            if span.label != label or span.end <= start or span.start >= end:
                continue
            overlap = min(end, span.end) - max(start, span.start)
            union = max(end, span.end) - min(start, span.start)
            if overlap >= share * union or _core(text, span.start, span.end) == core:
                return span
        return None


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the spaces and punctuation at either edge."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end
