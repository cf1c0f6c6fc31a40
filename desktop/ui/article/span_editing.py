"""Editing spans by keyboard beyond labeling, and the article's view options.

SpanEditing moves the selected span's start or end by a character or a word (one undoable
resize each), labels every match of the find bar at once (one undoable edit, near
duplicates skipped), and applies the View menu's label tags, zoom and line spacing (kept
in the user's preferences).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.domain import Span
from desktop.ui.app import preferences
from desktop.ui.app.actions import Actions
from desktop.ui.app.session import Session
from desktop.ui.article.article_view import ArticleView
from desktop.ui.article.find_bar import FindBar
from desktop.ui.article.span_edges import Edge, moved

#: Extra line spacing steps (percent of the font height) that Line spacing cycles through.
SPACINGS = (0, 35, 70)
SPACING_NAMES = {0: "normal", 35: "wide", 70: "wider"}
ZOOM_STEP = 1.0


class SpanEditing(QObject):
    """Keyboard edits of span edges, label-all from the find bar, and view options."""

    def __init__(
        self,
        view: ArticleView,
        find_bar: FindBar,
        session: Session,
        actions: Actions,
        busy: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._view, self._find_bar = view, find_bar
        self._session, self._actions = session, actions
        self._busy = busy  # why edits are off now (review mode), or None
        self._normal_size = view.font().pointSizeF()
        self._names: dict[str, str] = {}
        self._roles_in_tags = False
        self._roles: dict[str, str] = {}  # span id -> " ← role, role" (roles in tags)
        self._connect()
        self._restore()

    def _connect(self) -> None:
        actions = self._actions
        for name, action in actions.span_edges.items():
            _, edge, direction, unit = name.split("_")
            step = 1 if direction == "later" else -1
            action.triggered.connect(
                lambda _=False, e=edge, s=step, w=unit == "word": self.move_edge(e, s, w)
            )
        actions.label_tags.toggled.connect(self._on_label_tags_toggled)
        actions.zoom_in.triggered.connect(lambda: self.zoom(ZOOM_STEP))
        actions.zoom_out.triggered.connect(lambda: self.zoom(-ZOOM_STEP))
        actions.zoom_reset.triggered.connect(lambda: self.zoom(0))
        actions.line_spacing.triggered.connect(self.cycle_spacing)
        self._find_bar.label_all_requested.connect(self.label_all)
        self._session.changed.connect(self._on_session_changed)
        self._session.document_opened.connect(self._on_session_changed)
        self._view.set_tag_text(self.tag_text)

    # --- view options ----------------------------------------------------------------------
    def _restore(self) -> None:
        options = preferences.view_options()
        size, spacing = options.get("size"), options.get("spacing")
        self._view.set_view_options(
            tags=bool(options.get("tags", False)),
            spacing=spacing if isinstance(spacing, int) and spacing in SPACINGS else 0,
            size=float(size) if isinstance(size, int | float) else None,
        )
        self._actions.label_tags.setChecked(self._view.tags_shown())

    def _on_label_tags_toggled(self, on: bool) -> None:
        if on != self._view.tags_shown():
            self._view.set_view_options(tags=on)
            preferences.set_view_option("tags", on)
        self._session.notify("Label tags shown" if on else "Colours only")

    def zoom(self, step: float) -> float:
        """Grow (shrink) the article font by `step` points; 0 returns to the normal size."""
        size = self._view.font().pointSizeF() + step if step else self._normal_size
        self._view.set_view_options(size=size)
        size = self._view.font().pointSizeF()
        preferences.set_view_option("size", size if step else None)
        self._session.notify(f"Text size {size:g} pt")
        return size

    def cycle_spacing(self) -> int:
        """Step the extra line spacing through SPACINGS; the new value."""
        current = preferences.view_options().get("spacing", 0)
        index = SPACINGS.index(current) if current in SPACINGS else 0
        spacing = SPACINGS[(index + 1) % len(SPACINGS)]
        self._view.set_view_options(spacing=spacing)
        preferences.set_view_option("spacing", spacing)
        self._session.notify(f"Line spacing: {SPACING_NAMES[spacing]}")
        return spacing

    def set_roles_in_tags(self, on: bool) -> None:
        """Name each span's roles in its tag ("← accuser"), for roles always shown."""
        self._roles_in_tags = on
        self._roles.clear()
        self._view.viewport().update()

    def _on_session_changed(self, *_: object) -> None:
        self._names.clear()
        self._roles.clear()

    def _role_text(self, span: Span) -> str:
        text = self._roles.get(span.id)
        if text is None:
            names = [
                r.label for r in self._session.workspace.roles_of(span.id) if r.child_id == span.id
            ]
            text = self._roles[span.id] = f" ← {', '.join(names)}" if names else ""
        return text

    def tag_text(self, span: Span) -> str:
        """A span's tag: its label, the linked actor's canonical name, "?" when flagged
        unsure and "✎" when it has a note."""
        marks = ("?" if span.unsure else "") + ("✎" if span.note else "")
        roles = self._role_text(span) if self._roles_in_tags else ""
        tag = f"{span.label}{marks}"
        if not span.actor_id:
            return tag + roles
        name = self._names.get(span.actor_id)
        if name is None:
            actor = self._session.workspace.find_actor(span.actor_id)
            name = self._names[span.actor_id] = actor.name if actor is not None else ""
        return (f"{tag} · {name}" if name else tag) + roles

    # --- edits ---------------------------------------------------------------------------------
    def move_edge(self, edge: str, direction: int, by_word: bool) -> bool:
        """Move the selected span's `edge` ("start" or "end") one word or character in
        `direction`; True if the span was resized (one undoable edit)."""
        session, ws = self._session, self._session.workspace
        refusal = self._busy()
        span = ws.find_span(session.selected_span_id)
        if refusal or span is None:
            session.notify(refusal or "Select a span first (J/K or a click)")
            return False
        text = ws.document(span.doc_id).text
        side: Edge = "start" if edge == "start" else "end"
        found = moved(text, span.start, span.end, side, direction, by_word)
        if found is None:
            session.notify(f"The {span.label} cannot be made shorter")
            return False
        if not session.check_writable(span.layer):
            return False
        change = session.edit(lambda: ws.resize_span(span.id, *found, initiator=self))
        if change is None:
            return False
        self._view.select_span(span.id)
        session.notify(f"{span.label} now “{_shorten(text[found[0] : found[1]])}”")
        return True

    def label_all(self, label: str) -> int:
        """Label every find-bar match not already a `label` span; how many were added."""
        session, ws, doc_id = self._session, self._session.workspace, self._session.doc_id
        refusal = self._busy()
        matches = self._find_bar.matches()
        if refusal or doc_id is None or not matches:
            session.notify(refusal or "Nothing found to label")
            return 0
        layer = session.layer
        if not session.check_writable(layer):
            return 0
        fresh = [
            (a, b) for a, b in matches if ws.near_duplicate(doc_id, layer, a, b, label) is None
        ]
        skipped = len(matches) - len(fresh)
        if not fresh:
            session.notify(f"Every match is already a {label}")
            return 0
        change = session.edit(
            lambda: ws.add_spans(doc_id, fresh, label, layer=layer, initiator=self)
        )
        if change is None:
            return 0
        note = f" ({skipped} already labelled)" if skipped else ""
        session.notify(f"Labelled {len(fresh)} match(es) as {label}{note}; Ctrl+Z undoes")
        return len(fresh)


def _shorten(text: str, limit: int = 50) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
