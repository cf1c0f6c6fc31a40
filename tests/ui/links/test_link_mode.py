"""Linking by keyboard (LinkMode) and by mouse (LinkDragController), checked by the schema."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import QApplication

from desktop.ui.app.session import Session
from desktop.ui.article.article_view import ArticleView
from desktop.ui.links.arc_overlay import ArcOverlay
from desktop.ui.links.link_drag import LinkDragController
from desktop.ui.links.link_mode import LinkMode, role_choices
from tests.ui.picks import PICKS

EVERY_ROLE = {
    ("allegation", "hrw", "accuser"),
    ("allegation", "forces", "accused"),
    ("allegation", "troops", "victim"),
    ("allegation", "video", "supported_by"),
    ("response", "allegation", "responds_to"),
    ("response", "azerbaijan", "respondent"),
}


class Rig:
    """A session on document d1 with the PICKS spans, a view, an overlay and both linkers."""

    def __init__(self, qtbot, session: Session) -> None:
        ws = self.ws = session.workspace
        self.session = session
        text = ws.document("d1").text
        self.ids: dict[str, str] = {}
        for name, (needle, label) in PICKS.items():
            start = text.index(needle)
            end = start + len(needle) - (len(" says") if name == "azerbaijan" else 0)
            (self.ids[name],) = ws.add_span("d1", start, end, label).span_ids
        self.view = ArticleView()
        qtbot.addWidget(self.view)
        colors = {label.name: label.color for label in ws.schema.span_labels}
        self.view.set_document(text, ws.spans("d1"), colors)
        self.view.resize(760, 520)
        self.view.show()
        qtbot.waitExposed(self.view)
        self.view.activateWindow()
        qtbot.waitUntil(self.view.isActiveWindow)
        self.view.setFocus()
        self.overlay = ArcOverlay(self.view, session)
        self.mode = LinkMode(self.view, session, self.overlay)
        # The window's "Link" action, as the main window will add it.
        self.link_key = QShortcut(QKeySequence("G"), self.view, lambda: self.mode.start())
        self.drag = LinkDragController(self.view, session, self.overlay)
        self.messages: list[str] = []
        self.mode.message.connect(self.messages.append)
        self.drag.message.connect(self.messages.append)

    def select(self, name: str) -> None:
        self.view.select_span(self.ids[name])
        self.session.select_span(self.ids[name])

    def links(self) -> set[tuple[str, str, str]]:
        names = {v: k for k, v in self.ids.items()}
        return {(names[r.head_id], names[r.child_id], r.label) for r in self.ws.relations("d1")}

    def centre(self, name: str) -> QPoint:
        span = self.ws.span(self.ids[name])
        end = min(span.end, span.start + 6)  # the first word: inside this span only
        return self.view.offset_to_viewport_rect(span.start, end).center()


@pytest.fixture
def rig(qtbot, session):
    return Rig(qtbot, session)


def keys(qtbot, rig: Rig, *presses) -> None:
    """Type ASCII text or press (key, modifiers) pairs on the view."""
    for press in presses:
        if isinstance(press, str):
            qtbot.keyClicks(rig.view, press)
        else:
            qtbot.keyClick(rig.view, *press)


# --- keyboard --------------------------------------------------------------------------------


def test_every_role_by_keyboard_only(qtbot, rig):
    """Link key G, move or type to the target, role key: all six roles of the schema."""
    g = (Qt.Key.Key_G,)
    rig.select("allegation")
    keys(qtbot, rig, g)
    assert rig.mode.active and rig.mode.head_id == rig.ids["allegation"]
    keys(qtbot, rig, "/human", (Qt.Key.Key_Return,), "c")
    assert not rig.mode.active
    keys(qtbot, rig, g, "/azerbaijani f", (Qt.Key.Key_Return,), "d")
    keys(qtbot, rig, g)
    assert rig.mode.target_id == rig.ids["troops"]  # the first span after the head
    keys(qtbot, rig, "v")
    keys(qtbot, rig, g, (Qt.Key.Key_Tab,), "s")
    rig.select("response")
    keys(qtbot, rig, g, "/brut", (Qt.Key.Key_Return,), "t")
    keys(qtbot, rig, g)
    assert rig.mode.target_id == rig.ids["hrw"]  # wraps round to the start of the text
    keys(qtbot, rig, (Qt.Key.Key_K,), "p")  # previous: back round to the nearest actor
    assert rig.links() == EVERY_ROLE


def test_shift_role_key_links_and_stays_in_the_mode(qtbot, rig):
    """Shift+C links the accuser and keeps linking from the same head."""
    rig.select("allegation")
    rig.mode.start()
    keys(
        qtbot,
        rig,
        "/human",
        (Qt.Key.Key_Return,),
        (Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier),
    )
    assert rig.mode.active and rig.mode.head_id == rig.ids["allegation"]
    keys(qtbot, rig, "/azer", (Qt.Key.Key_Return,), "d")
    assert rig.links() == {("allegation", "hrw", "accuser"), ("allegation", "forces", "accused")}
    assert not rig.mode.active


def test_a_role_the_schema_does_not_allow_is_refused(qtbot, rig):
    """supported_by to an ACTOR is refused with a message; the mode stays, nothing is linked."""
    rig.select("allegation")
    rig.mode.start()
    keys(qtbot, rig, "/human", (Qt.Key.Key_Return,), "s", "t")
    assert rig.links() == set()
    assert rig.mode.active
    assert "supported_by cannot link ALLEGATION to ACTOR" in rig.messages[-2]
    assert "responds_to cannot link ALLEGATION to ACTOR" in rig.messages[-1]


def test_the_allowed_reverse_role_is_made_the_right_way_round(qtbot, rig):
    """From an allegation, `t` on a response creates response -responds_to-> allegation."""
    rig.select("allegation")
    rig.mode.start()
    keys(qtbot, rig, "/it will", (Qt.Key.Key_Return,), "t")
    assert rig.links() == {("response", "allegation", "responds_to")}


def test_start_refuses_a_span_without_roles(rig):
    """An ACTOR heads no role: start() says so and stays inactive."""
    rig.select("hrw")
    assert not rig.mode.start()
    assert not rig.mode.active
    assert "ACTOR spans take no roles" in rig.messages[-1]


def test_escape_cancels_and_typing_edits_the_buffer(qtbot, rig):
    """Backspace edits the jump buffer, Esc leaves typing, a second Esc leaves the mode."""
    finished = []
    rig.mode.finished.connect(finished.append)
    rig.select("allegation")
    rig.mode.start()
    keys(qtbot, rig, "/capx")
    assert rig.mode.typed == "capx"
    assert rig.mode.target_id == rig.ids["video"]  # "cap" matched before the x
    keys(qtbot, rig, (Qt.Key.Key_Backspace,), (Qt.Key.Key_Backspace,), (Qt.Key.Key_Backspace,))
    assert rig.mode.typed == "c"
    keys(qtbot, rig, (Qt.Key.Key_Escape,))
    assert rig.mode.typed is None and rig.mode.active
    keys(qtbot, rig, (Qt.Key.Key_Escape,))
    assert not rig.mode.active and finished == [False]
    assert rig.links() == set()


def test_the_candidate_is_shown_on_the_overlay_with_its_keys(qtbot, rig):
    """The preview names the role keys that fit the candidate."""
    rig.select("allegation")
    rig.mode.start()
    assert rig.overlay.preview() is not None
    head, target, hint = rig.overlay.preview()
    assert (head, target) == (rig.ids["allegation"], rig.ids["troops"])
    assert hint == "c accuser · d accused · v victim"
    rig.mode.cancel()
    assert rig.overlay.preview() is None


def test_keyboard_links_undo_and_redo(qtbot, rig):
    """Undo removes a keyboard link, redo restores it; the overlay follows both."""
    rig.select("allegation")
    rig.mode.start()
    keys(qtbot, rig, "v")
    assert len(rig.overlay.links()) == 1
    rig.ws.undo()
    assert rig.links() == set() and rig.overlay.links() == []
    rig.ws.redo()
    assert rig.links() == {("allegation", "troops", "victim")}
    assert len(rig.overlay.links()) == 1


# --- mouse -----------------------------------------------------------------------------------


def mouse(rig: Rig, kind: QEvent.Type, point: QPoint, modifiers=Qt.KeyboardModifier.NoModifier):
    """Deliver one left-button mouse event to the view's viewport, as the window system does."""
    viewport = rig.view.viewport()
    buttons = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else (Qt.MouseButton.LeftButton)
    )
    event = QMouseEvent(
        kind,
        QPointF(point),
        QPointF(viewport.mapToGlobal(point)),
        Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton,
        buttons,
        modifiers,
    )
    QApplication.sendEvent(viewport, event)


def drag(rig: Rig, start: QPoint, end: QPoint, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    mouse(rig, QEvent.Type.MouseButtonPress, start, modifiers)
    mouse(rig, QEvent.Type.MouseMove, (start + end) / 2, modifiers)
    mouse(rig, QEvent.Type.MouseMove, end, modifiers)
    mouse(rig, QEvent.Type.MouseButtonRelease, end, modifiers)


def menu_pick(rig: Rig, role: str) -> None:
    """Click the menu entry of a role."""
    menu = rig.drag.menu
    assert menu is not None and menu.isVisible()
    action = next(a for a in menu.actions() if a.data() == role)
    action.trigger()


def test_every_role_by_mouse_only(qtbot, rig):
    """Drag from the selected span's handle to another span, pick the role from the menu."""
    for head, child, role in sorted(EVERY_ROLE):
        rig.select(head)
        handle = rig.overlay.handle_rect()
        assert handle is not None
        drag(rig, handle.center(), rig.centre(child))
        menu_pick(rig, role)
        assert (head, child, role) in rig.links()
    assert rig.links() == EVERY_ROLE
    assert not rig.view.textCursor().hasSelection()  # the drag did not select text


def test_menu_offers_only_allowed_roles_and_reverses(qtbot, rig):
    """From an actor to an allegation the menu offers the three actor roles, reversed."""
    drag(rig, rig.centre("hrw"), rig.centre("allegation"), Qt.KeyboardModifier.ControlModifier)
    names = [role.name for role, flipped in rig.drag.choices() if flipped]
    assert names == ["accuser", "accused", "victim"]
    assert [a.data() for a in rig.drag.menu.actions()] == names
    assert rig.drag.choose_role("accuser") is not None
    assert rig.links() == {("allegation", "hrw", "accuser")}


def test_mouse_drop_on_a_span_without_roles_says_so(qtbot, rig):
    """Ctrl+drag from an actor to an actor: no menu, a message, no relation."""
    drag(rig, rig.centre("hrw"), rig.centre("forces"), Qt.KeyboardModifier.ControlModifier)
    assert rig.messages[-1] == "No role links ACTOR to ACTOR"
    assert rig.drag.choices() == []
    assert rig.links() == set()


def test_a_ctrl_click_without_dragging_links_nothing(qtbot, rig):
    """Pressing and releasing in place on nested spans offers no menu."""
    point = rig.centre("troops")  # inside the allegation too
    drag(rig, point, point, Qt.KeyboardModifier.ControlModifier)
    assert rig.drag.choices() == [] and rig.links() == set()


def test_mouse_links_undo_and_redo(qtbot, rig):
    """A role made with the mouse is undone and redone like any edit."""
    rig.select("response")
    drag(rig, rig.overlay.handle_rect().center(), rig.centre("azerbaijan"))
    menu_pick(rig, "respondent")
    assert rig.ws.can_undo() == "Link respondent"
    rig.ws.undo()
    assert rig.links() == set()
    rig.ws.redo()
    assert rig.links() == {("response", "azerbaijan", "respondent")}


def test_role_choices_follow_the_schema(rig):
    """ALLEGATION -> EVIDENCE: supported_by only; EVIDENCE -> ALLEGATION: the same, reversed."""
    schema, span = rig.ws.schema, rig.ws.span
    allegation, video = span(rig.ids["allegation"]), span(rig.ids["video"])
    assert [(r.name, f) for r, f in role_choices(schema, allegation, video)] == [
        ("supported_by", False)
    ]
    assert [(r.name, f) for r, f in role_choices(schema, video, allegation)] == [
        ("supported_by", True)
    ]


def test_link_mode_keys_win_over_window_shortcuts(qtbot, rig):
    """With a window-wide J shortcut (next span), J in the mode moves the target instead."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    host = QWidget()
    qtbot.addWidget(host)
    QVBoxLayout(host).addWidget(rig.view)
    fired = []
    action = QAction("Next span", host)
    action.setShortcut(QKeySequence("J"))
    action.triggered.connect(lambda: fired.append(True))
    host.addAction(action)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    rig.view.setFocus()
    rig.select("allegation")
    rig.mode.start()
    keys(qtbot, rig, (Qt.Key.Key_J,))
    assert fired == [] and rig.mode.target_id == rig.ids["video"]
    rig.mode.cancel()
    keys(qtbot, rig, (Qt.Key.Key_J,))
    assert fired == [True]
    rig.view.setParent(None)  # the rig closes the view itself
