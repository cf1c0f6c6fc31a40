"""Claim frames in the whole window: roles by keyboard and by mouse, the inspector's roles,
the frames dock, dimming, and the actor registry tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.app.main_window import MainWindow
from tests.ui.picks import PICKS


class Framed:
    """The window on document d1 with the PICKS spans in the annotator's layer."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.ws = ws = window.session.workspace
        text = ws.document("d1").text
        self.ids: dict[str, str] = {}
        for name, (needle, label) in PICKS.items():
            start = text.index(needle)
            end = start + len(needle) - (len(" says") if name == "azerbaijan" else 0)
            (self.ids[name],) = ws.add_span("d1", start, end, label).span_ids
        self.view = window.article.view

    def links(self) -> set[tuple[str, str, str]]:
        names = {v: k for k, v in self.ids.items()}
        return {(names[r.head_id], names[r.child_id], r.label) for r in self.ws.relations("d1")}

    def link(self, head: str, child: str, role: str) -> None:
        self.ws.add_relation(self.ids[head], self.ids[child], role)

    def select(self, name: str) -> None:
        self.session.select_span(self.ids[name])

    def centre(self, name: str) -> QPoint:
        span = self.ws.span(self.ids[name])
        return self.view.offset_to_viewport_rect(span.start, min(span.end, span.start + 6)).center()


@pytest.fixture
def framed(window) -> Framed:
    return Framed(window)


def mouse(view, kind: QEvent.Type, point: QPoint) -> None:
    """One left-button mouse event on the view's viewport, as the window system sends it."""
    viewport = view.viewport()
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    buttons = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind,
        QPointF(point),
        QPointF(viewport.mapToGlobal(point)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def test_a_role_by_keyboard_only_through_the_window(framed, press):
    """Select the allegation (K from the response), G, J to the target, C: an accuser."""
    window = framed.window
    framed.select("response")
    for _ in range(4):  # azerbaijan, video, troops, allegation
        press(window, "K")
    assert framed.session.selected_span_id == framed.ids["allegation"]
    press(window, "G")
    assert window.link_mode.active and window.link_mode.target_id == framed.ids["troops"]
    press(window, "J")
    press(window, "J")
    assert window.link_mode.target_id == framed.ids["azerbaijan"]
    press(window, "C")
    assert framed.links() == {("allegation", "azerbaijan", "accuser")}
    assert not window.link_mode.active
    assert window.status.indicator.text() == "Saved"
    assert [(h.id, c.id, r) for h, c, r in window.arcs.links()] == [
        (framed.ids["allegation"], framed.ids["azerbaijan"], "accuser")
    ]
    assert window.inspector.roles.row_texts() == ["accuser → Azerbaijan"]


def test_link_keys_are_ctrl_l_too_and_need_a_head(framed, press):
    """Ctrl+L starts linking like G; with nothing selected it says what to do."""
    window = framed.window
    framed.session.select_span(None)
    press(window, "Ctrl+L")
    assert not window.link_mode.active
    assert "Select an allegation or response" in window.status.currentMessage()
    framed.select("allegation")
    press(window, "Ctrl+L")
    assert window.link_mode.active
    press(window, "Esc")
    assert not window.link_mode.active and framed.links() == set()


def test_a_role_by_mouse_only_on_the_real_view(framed, qtbot):
    """Drag from the selected allegation's handle to an actor, pick accused from the menu."""
    window = framed.window
    framed.select("allegation")
    handle = window.arcs.handle_rect()
    assert handle is not None
    start, end = handle.center(), framed.centre("forces")
    mouse(framed.view, QEvent.Type.MouseButtonPress, start)
    mouse(framed.view, QEvent.Type.MouseMove, (start + end) / 2)
    mouse(framed.view, QEvent.Type.MouseMove, end)
    mouse(framed.view, QEvent.Type.MouseButtonRelease, end)
    menu = window.link_drag.menu
    assert menu is not None and menu.isVisible()
    assert [a.data() for a in menu.actions()] == ["accuser", "accused", "victim"]
    next(a for a in menu.actions() if a.data() == "accused").trigger()
    assert framed.links() == {("allegation", "forces", "accused")}
    assert not framed.view.textCursor().hasSelection()


def test_inspector_lists_roles_both_ways_jumps_and_removes(framed, qtbot, press):
    """The allegation's roles out and in; Go selects the other span; ✕ removes; undo restores."""
    window = framed.window
    framed.link("allegation", "hrw", "accuser")
    framed.link("allegation", "troops", "victim")
    framed.link("response", "allegation", "responds_to")
    framed.select("allegation")
    roles = window.inspector.roles
    assert roles.row_texts() == [
        "accuser → Human Rights Watch",
        "victim → Armenian troops",
        "← responds_to: it will investigate",
    ]
    go = roles.grid.itemAtPosition(2, 1).widget()
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    assert framed.session.selected_span_id == framed.ids["response"]
    assert framed.view.selected_span_id() == framed.ids["response"]
    assert roles.row_texts() == ["responds_to → brutalizing some… in the conflict"]
    framed.select("allegation")
    remove = roles.grid.itemAtPosition(0, 2).widget()
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert ("allegation", "hrw", "accuser") not in framed.links()
    assert roles.row_texts()[0] == "victim → Armenian troops"
    assert window.gloss_actions.undo.text() == "&Undo Unlink accuser"
    press(window, "Ctrl+Z")
    assert roles.row_texts()[0] == "accuser → Human Rights Watch"
    assert len(window.arcs.links()) == 3


def test_add_role_button_starts_linking_from_the_span(framed, qtbot):
    """ "Add role…" enters linking mode from the inspected span, keys going to the text."""
    window = framed.window
    framed.select("response")
    button = window.inspector.roles.add_button
    assert button.isVisibleTo(window) and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.link_mode.active and window.link_mode.head_id == framed.ids["response"]
    assert framed.view.hasFocus()
    framed.select("hrw")
    assert not window.inspector.roles.add_button.isVisibleTo(window)  # actors head no roles


def test_actor_spans_get_the_registry_link_box(framed):
    """The inspector shows the actor link box for ACTOR spans only."""
    inspector = framed.window.inspector
    framed.select("hrw")
    assert inspector.actor_box.isVisibleTo(inspector)
    assert inspector.actor_box.new_button.isEnabled()
    framed.select("allegation")
    assert not inspector.actor_box.isVisibleTo(inspector)


def test_frames_dock_toggles_and_opens_an_allegation(framed, press):
    """Ctrl+Shift+T shows the frames table; activating a row selects its allegation."""
    window = framed.window
    framed.link("allegation", "hrw", "accuser")
    assert not window.frames_dock.isVisible()
    press(window, "Ctrl+Shift+T")
    assert window.frames_dock.isVisible() and window.gloss_actions.show_frames.isChecked()
    panel = window.frames
    assert panel.model.rowCount() == 1
    panel.table.clicked.emit(panel.proxy.index(0, 0))
    assert framed.session.selected_span_id == framed.ids["allegation"]
    assert window.inspector.label_name.text() == "ALLEGATION"
    panel.table.clearSelection()
    framed.select("hrw")
    framed.select("allegation")  # the table follows the text
    assert panel.selected_allegation_id() == framed.ids["allegation"]
    press(window, "Ctrl+Shift+T")
    assert not window.frames_dock.isVisible()


def test_dim_unrelated_fades_spans_outside_the_frame(framed, press):
    """Ctrl+Shift+D keeps only the selected span's frame at full colour."""
    window = framed.window
    framed.link("allegation", "hrw", "accuser")
    framed.select("allegation")
    press(window, "Ctrl+Shift+D")
    assert window.gloss_actions.dim_unrelated.isChecked()
    assert window.article.view._styler.keep == {framed.ids["allegation"], framed.ids["hrw"]}
    press(window, "Ctrl+Shift+D")
    assert window.article.view._styler.keep is None


def test_actor_tab_and_suggestions_survive_a_reload(framed, press):
    """Ctrl+Shift+A raises the actor registry; its suggestions show in the text and come back
    after the view reloads."""
    window = framed.window
    ws = framed.ws
    ws.add_actor("Human Rights Watch", "NGO or IGO", ("HRW",))
    press(window, "Ctrl+Shift+A")
    assert window.side.currentWidget() is window.actors
    assert window.gloss_actions.show_actors.isChecked()
    window.actors.select_actor(ws.last_actor_id)
    found = window.actors.find_mentions()
    assert found and framed.view._suggestions
    window.article.load()
    assert framed.view._suggestions == window.actors.ranges_for("d1")
    window.actors.suggestions.setCurrentRow(1)
    second = window.actors.current_mention()
    assert framed.view.revealed() == (second.start, second.end)
    press(window, "Ctrl+Shift+A")
    assert window.side.currentWidget() is window.inspector
