"""Linking spans with roles by keyboard (LinkMode); the mouse is link_drag.LinkDragController.

link_drag imports this module, never the other way round (its preview shows both).

Both check the schema before writing and create the role through the workspace, so undo
and redo cover every link. Keys of the keyboard mode:

  G (the main window's "Link" action) -> start from the selected ALLEGATION or RESPONSE
  Tab / J / Down, Shift+Tab / K / Up  -> next / previous candidate target
  /  then text                        -> jump to the span whose text starts with (or else
                                         contains) what was typed; Backspace edits,
                                         Enter or Esc ends typing
  role key (c d v s t p)              -> link head -> target and leave the mode;
  Shift + role key                    -> link and stay, for the next role
  Esc                                 -> cancel
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

from desktop.domain import Change, RelationLabel, Schema, Span
from desktop.ui.app.session import Session
from desktop.ui.article.article_view import ArticleView
from desktop.ui.links.arc_overlay import ArcOverlay

Choice = tuple[RelationLabel, bool]  # (role, reversed: the tail is the role's head)
_MOVE_NEXT = {Qt.Key.Key_Tab, Qt.Key.Key_J, Qt.Key.Key_Down}
_MOVE_PREVIOUS = {Qt.Key.Key_Backtab, Qt.Key.Key_K, Qt.Key.Key_Up}
_ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def role_choices(schema: Schema, head: Span, tail: Span) -> list[Choice]:
    """Roles that may join `head` to `tail`, forwards first, then those that only fit the
    other way round (reversed)."""
    forward = schema.roles_between(head.label, tail.label)
    backward = [r for r in schema.roles_between(tail.label, head.label) if r not in forward]
    return [(r, False) for r in forward] + [(r, True) for r in backward]


def create_link(session: Session, head: Span, tail: Span, choice: Choice, initiator: object):
    """Create the chosen role (reversed if needed) through the session; the Change or None."""
    role, flipped = choice
    a, b = (tail, head) if flipped else (head, tail)
    ws = session.workspace
    return session.edit(lambda: ws.add_relation(a.id, b.id, role.name, initiator=initiator))


class LinkMode(QObject):
    """Keyboard linking: a state machine over an ArticleView, installed as its key filter."""

    started = Signal(str)  # head span id
    finished = Signal(bool)  # True when it ended by creating a role
    message = Signal(str)

    def __init__(
        self, view: ArticleView, session: Session, overlay: ArcOverlay | None = None
    ) -> None:
        super().__init__(view)
        self._view, self._session, self._overlay = view, session, overlay
        self._head: Span | None = None
        self._target: Span | None = None
        self._typed: str | None = None  # None: not typing; "" or more: the jump buffer
        self._text = ""
        self._viewport = view.viewport()
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        session.document_opened.connect(self._on_session_document_opened)
        session.project_opened.connect(self.cancel)
        view.document_replaced.connect(self.cancel)  # another layer, review mode, a reload
        session.changed.connect(self._on_session_changed)

    # --- state ------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        """True while linking."""
        return self._head is not None

    @property
    def head_id(self) -> str | None:
        """The span the roles go from."""
        return self._head.id if self._head else None

    @property
    def target_id(self) -> str | None:
        """The candidate target span."""
        return self._target.id if self._target else None

    @property
    def typed(self) -> str | None:
        """The type-to-jump buffer, None when not typing."""
        return self._typed

    def start(self, head_span_id: str | None = None) -> bool:
        """Enter linking mode from a span (the selected one by default); False if it takes
        no roles."""
        span_id = head_span_id or self._session.selected_span_id
        head = self._view.span(span_id)
        if head is None:
            self.message.emit("Select an allegation or response to link from")
            return False
        schema = self._session.workspace.schema
        if not schema.roles_from(head.label):
            self.message.emit(f"{head.label} spans take no roles; link from the other end")
            return False
        if not self._session.check_writable(head.layer):
            return False
        document = self._session.workspace.find_document(head.doc_id)
        self._text = document.text if document else ""
        self._head, self._typed = head, None
        self._target = None
        self._move(1)
        keys = ", ".join(f"{r.hotkey} {r.name}" for r in schema.roles_from(head.label))
        self.message.emit(
            f"Link from {head.label}: Tab/J next, Shift+Tab/K previous, / type to find,"
            f" {keys}; Esc cancels"
        )
        self.started.emit(head.id)
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)  # the keys go to the text
        return True

    def cancel(self) -> None:
        """Leave the mode without linking."""
        self._finish(False)

    def _finish(self, linked: bool) -> None:
        if self._head is None:
            return
        self._head = self._target = None
        self._typed = None
        if self._overlay is not None:
            self._overlay.clear_transient()
        self.finished.emit(linked)

    # --- targets ------------------------------------------------------------------------------
    def candidates(self) -> list[Span]:
        """Spans the head can take a role towards (either way round), in reading order."""
        if self._head is None:
            return []
        schema, head = self._session.workspace.schema, self._head
        return [s for s in self._view.spans() if s.id != head.id and role_choices(schema, head, s)]

    def _candidates_from_head(self) -> list[Span]:
        """Candidates in reading order starting just after the head, wrapping around."""
        spans = self.candidates()
        key = (self._head.start, self._head.end) if self._head else (0, 0)
        after = [s for s in spans if (s.start, s.end) > key]
        return after + [s for s in spans if s not in after]

    def _move(self, step: int) -> None:
        spans = self._candidates_from_head()
        if not spans:
            head = self._head.label if self._head is not None else "this span"
            self.message.emit(f"Nothing in this document can be linked to {head}")
            self._set_target(None)
            return
        if self._target is None or self._target not in spans:
            self._set_target(spans[0] if step > 0 else spans[-1])
            return
        self._set_target(spans[(spans.index(self._target) + step) % len(spans)])

    def _jump(self, step: int = 0) -> None:
        """Move to the next span (from the target, itself included when step is 0) whose
        text starts with the buffer, or else contains it."""
        needle = (self._typed or "").casefold()
        spans = self._candidates_from_head()
        if not needle or not spans:
            return
        i = spans.index(self._target) if self._target in spans else 0
        ring = spans[i + step :] + spans[: i + step]
        texts = [(s, self._text[s.start : s.end].casefold()) for s in ring]
        found = next((s for s, t in texts if t.startswith(needle)), None)
        found = found or next((s for s, t in texts if needle in t), None)
        if found is None:
            self.message.emit(f"No span to link starts with or contains “{self._typed}”")
            return
        self._set_target(found)

    def _set_target(self, span: Span | None) -> None:
        self._target = span
        if self._overlay is None or self._head is None:
            return
        if span is None:
            self._overlay.clear_transient()
            return
        schema = self._session.workspace.schema
        hint = " · ".join(
            f"{r.hotkey} {r.name}{' (reversed)' if flipped else ''}"
            for r, flipped in role_choices(schema, self._head, span)
        )
        if self._typed is not None:
            hint = f"/{self._typed}  " + hint
        self._overlay.set_preview(self._head.id, span.id, hint)
        self.message.emit(f"Link {self._head.label} to this {span.label}: {hint}")
        self._view.scroll_to(span.start, span.end)

    # --- keys ----------------------------------------------------------------------------------
    def link(self, role_name: str, stay: bool = False) -> Change | None:
        """Create `role_name` between the head and the target if the schema allows it (either
        way round); else post a message and stay in the mode."""
        if self._head is None or self._target is None:
            self.message.emit("No target span to link to")
            return None
        head, target, schema = self._head, self._target, self._session.workspace.schema
        choices = [c for c in role_choices(schema, head, target) if c[0].name == role_name]
        choice = choices[0] if choices else None
        if choice is None:
            role = schema.relation_label(role_name)
            allowed = f"it goes {'/'.join(role.heads)} -> {'/'.join(role.tails)}"
            self.message.emit(f"{role_name} cannot link {head.label} to {target.label} ({allowed})")
            return None
        change = create_link(self._session, head, target, choice, self)
        if change is None:
            return None
        self.message.emit(f"Linked {choice[0].name}")
        if stay:
            self._set_target(self._target)
        else:
            self._finish(True)
        return change

    def _role_for_key(self, key: int) -> str | None:
        roles = self._session.workspace.schema.relation_labels
        return next((r.name for r in roles if r.hotkey and key == ord(r.hotkey[0].upper())), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While active: take every plain key (before window shortcuts), cancel on a click."""
        kind = event.type()
        if self._head is not None and kind == QEvent.Type.MouseButtonPress:
            if watched is self._viewport:
                self.cancel()
            return super().eventFilter(watched, event)
        keys = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
        if self._head is None or kind not in keys or watched is self._viewport:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if event.modifiers() & _COMMAND:
            return super().eventFilter(watched, event)  # Ctrl+Z and friends still work
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        self._key(event)
        return True

    def _key(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if self._typed is not None:
            self._typing_key(event, key)
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        elif key in _MOVE_NEXT:
            self._move(1)
        elif key in _MOVE_PREVIOUS:
            self._move(-1)
        elif key == Qt.Key.Key_Slash:
            self._typed = ""
            self._set_target(self._target)
        elif (role := self._role_for_key(int(key))) is not None:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.link(role, stay=shift)
        elif event.text().strip():
            self.message.emit("Not a role key here; press / to type a span's text, Esc cancels")

    def _typing_key(self, event: QKeyEvent, key: Qt.Key) -> None:
        if key in _ENTER or key == Qt.Key.Key_Escape:
            self._typed = None
            self._set_target(self._target)
        elif key == Qt.Key.Key_Backspace:
            self._typed = (self._typed or "")[:-1]
            self._jump()
            self._set_target(self._target)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Down):
            self._jump(1)
        elif key in (Qt.Key.Key_Backtab, Qt.Key.Key_Up):
            self._jump(-1)
        elif event.text() and event.text().isprintable():
            self._typed = (self._typed or "") + event.text()
            self._jump()
            self._set_target(self._target)

    # --- session ----------------------------------------------------------------------------
    def _on_session_document_opened(self, _doc_id: str) -> None:
        self.cancel()

    def _on_session_changed(self, change: Change, _initiator: object) -> None:
        if self._head is None or not (change.spans or change.layers or change.documents):
            return
        ws = self._session.workspace
        if ws.find_span(self._head.id) is None:
            self.cancel()
        elif self._target is not None and ws.find_span(self._target.id) is None:
            self._target = None
            self._move(1)
