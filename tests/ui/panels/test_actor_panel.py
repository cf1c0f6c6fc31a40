"""ActorLinkBox (link, new actor from span, unlink) and ActorRegistryPanel (edit, propagate)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.domain import Document
from desktop.ui.panels.actor_link_box import ActorLinkBox, find_actor
from desktop.ui.panels.actor_panel import ActorRegistryPanel

TEXT = "HRW said the army lied. Human Rights Watch asked again; hrw and HRWatch differ."


@pytest.fixture
def ws(session):
    ws = session.workspace
    ws.add_documents([Document("a1", TEXT, "Actors")])
    session.open_document("a1")
    ws.add_actor("Human Rights Watch", "NGO or IGO", ("HRW",))
    return ws


def span(ws, needle: str, label: str = "ACTOR", nth: int = 0, **attrs) -> str:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    (span_id,) = ws.add_span("a1", start, start + len(needle), label, attrs=attrs).span_ids
    return span_id


@pytest.fixture
def box(qtbot, session, ws):
    widget = ActorLinkBox(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def registry(qtbot, session, ws):
    widget = ActorRegistryPanel(session)
    qtbot.addWidget(widget)
    widget.resize(500, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def hrw(ws):
    return next(a for a in ws.actors() if a.name == "Human Rights Watch")


def test_find_actor_by_name_or_alias_ignoring_case():
    """Names win over aliases; spacing and case do not matter."""
    from desktop.domain import Actor

    actors = [Actor("1", "Human Rights Watch", aliases=("HRW",)), Actor("2", "HRW")]
    assert find_actor(actors, " hrw ").id == "2"
    assert find_actor(actors, "human  rights watch").id == "1"
    assert find_actor(actors, "nobody") is None


def test_link_with_the_completer_then_unlink_and_undo(qtbot, session, ws, box):
    """Typing an alias and pressing Enter links the span; Unlink and undo work."""
    span_id = span(ws, "HRW")
    box.set_span(span_id)
    assert box.current.text() == "Not linked to a registry actor."
    assert "HRW" in box.names.stringList() and "Human Rights Watch" in box.names.stringList()
    box.completer.setCompletionPrefix("rights")
    assert box.completer.currentCompletion() == "Human Rights Watch"
    qtbot.keyClicks(box.name, "hrw")
    qtbot.keyClick(box.name, Qt.Key.Key_Return)
    assert ws.span(span_id).actor_id == hrw(ws).id
    assert box.current.text() == "Linked to Human Rights Watch (NGO or IGO; also HRW)"
    assert box.unlink_button.isEnabled()
    qtbot.mouseClick(box.unlink_button, Qt.MouseButton.LeftButton)
    assert ws.span(span_id).actor_id is None
    ws.undo()
    assert ws.span(span_id).actor_id == hrw(ws).id
    assert box.current.text().startswith("Linked to Human Rights Watch")


def test_an_unknown_name_is_not_linked(qtbot, session, ws, box):
    """No actor of that name: a message, nothing saved."""
    notes = []
    session.message_posted.connect(notes.append)
    span_id = span(ws, "army")
    box.set_span(span_id)
    box.name.setText("The army")
    assert box.link() is None
    assert ws.span(span_id).actor_id is None
    assert notes == ["No actor called “The army”; use New actor to add one"]


def test_new_actor_from_span_text_and_kind(qtbot, session, ws, box):
    """The span's text becomes a new actor of the span's kind, linked at once."""
    span_id = span(ws, "the army", kind="armed forces")
    box.set_span(span_id)
    qtbot.mouseClick(box.new_button, Qt.MouseButton.LeftButton)
    actor = next(a for a in ws.actors() if a.name == "the army")
    assert actor.kind == "armed forces"
    assert ws.span(span_id).actor_id == actor.id
    ws.undo()  # the link
    ws.undo()  # the actor
    assert all(a.name != "the army" for a in ws.actors())


def test_new_actor_reuses_an_existing_name(qtbot, session, ws, box):
    """A span reading like an alias is linked to that actor, not duplicated."""
    span_id = span(ws, "HRW")
    box.set_span(span_id)
    box.new_from_span()
    assert len(ws.actors()) == 1 and ws.span(span_id).actor_id == hrw(ws).id


def test_link_box_is_only_for_actor_spans(session, ws, box):
    """A non-ACTOR span or no span disables the controls."""
    box.set_span(span(ws, "the army lied", "ALLEGATION"))
    assert not box.link_button.isEnabled() and not box.new_button.isEnabled()
    assert box.current.text() == "Only ACTOR spans link to the registry."
    box.set_span(None)
    assert not box.name.isEnabled()


def test_registry_lists_and_edits_actors(qtbot, session, ws, registry):
    """Name, kind, aliases and mention count; Save stores the edit (undoable)."""
    ws.link_actor(span(ws, "HRW"), hrw(ws).id)
    item = registry.actors.topLevelItem(0)
    assert [item.text(c) for c in range(4)] == ["Human Rights Watch", "NGO or IGO", "HRW", "1"]
    registry.select_actor(hrw(ws).id)
    registry.aliases.setText("HRW; the rights group")
    registry.kind.setCurrentText("group")
    qtbot.mouseClick(registry.save_button, Qt.MouseButton.LeftButton)
    assert hrw(ws).aliases == ("HRW", "the rights group") and hrw(ws).kind == "group"
    assert registry.actors.topLevelItem(0).text(2) == "HRW; the rights group"
    ws.undo()
    assert hrw(ws).aliases == ("HRW",)
    assert registry.aliases.text() == "HRW"


def test_find_mentions_accept_and_reject_with_one_key(qtbot, session, ws, registry):
    """Whole-word mentions of name and aliases are proposed; y accepts, n rejects."""
    shown = []
    registry.suggestions_changed.connect(shown.append)
    registry.select_actor(hrw(ws).id)
    mentions = registry.find_mentions(whole_corpus=False)
    assert [m.name for m in mentions] == ["HRW", "Human Rights Watch", "hrw"]  # not HRWatch
    assert registry.ranges_for("a1") == [(m.start, m.end) for m in mentions]
    assert shown[-1] == mentions
    assert registry.suggestions.count() == 3
    assert "[HRW] said the army lied." in registry.suggestions.item(0).text()
    registry.suggestions.setFocus()
    qtbot.keyClick(registry.suggestions, Qt.Key.Key_Y)
    accepted = [s for s in ws.spans("a1") if s.actor_id == hrw(ws).id]
    assert [(s.start, s.end, s.label, s.attrs) for s in accepted] == [
        (0, 3, "ACTOR", {"kind": "NGO or IGO"})
    ]
    assert [m.name for m in registry.mentions()] == ["Human Rights Watch", "hrw"]
    qtbot.keyClick(registry.suggestions, Qt.Key.Key_Down)
    qtbot.keyClick(registry.suggestions, Qt.Key.Key_N)
    assert [m.name for m in registry.mentions()] == ["Human Rights Watch"]
    assert len(ws.spans("a1")) == 1  # a rejection saves nothing
    qtbot.keyClick(registry.suggestions, Qt.Key.Key_Return)
    assert registry.mentions() == [] and shown[-1] == []
    assert registry.actors.topLevelItem(0).text(3) == "2"
    ws.undo()  # the suggestion comes back; the rejected one stays rejected
    assert [m.name for m in registry.mentions()] == ["Human Rights Watch"]


def test_find_mentions_across_the_corpus(session, ws, registry):
    """The whole corpus includes other documents (here the sample article's HRW)."""
    registry.select_actor(hrw(ws).id)
    mentions = registry.find_mentions(whole_corpus=True)
    assert {m.doc_id for m in mentions} == {"a1", "d1"}
    assert registry.ranges_for("d1") == [(m.start, m.end) for m in mentions if m.doc_id == "d1"]
    assert registry.suggestions.item(0).text().startswith(f"{mentions[0].doc_id}: ")


def test_delete_rejects_before_the_window_shortcut(qtbot, session, ws, registry):
    """Delete in the list rejects a suggestion even with a window-wide Delete shortcut."""
    from PySide6.QtGui import QAction, QKeySequence

    fired = []
    action = QAction("Delete span", registry)
    action.setShortcut(QKeySequence("Del"))
    action.triggered.connect(lambda: fired.append(True))
    registry.addAction(action)
    registry.activateWindow()
    qtbot.waitUntil(registry.isActiveWindow)
    registry.select_actor(hrw(ws).id)
    registry.find_mentions(whole_corpus=False)
    qtbot.keyClick(registry.suggestions, Qt.Key.Key_Delete)
    assert fired == [] and len(registry.mentions()) == 2


def test_suggestion_selected_names_the_place(qtbot, session, ws, registry):
    """Moving in the list reports the mention's document and range."""
    registry.select_actor(hrw(ws).id)
    registry.find_mentions(whole_corpus=False)
    with qtbot.waitSignal(registry.suggestion_selected) as signal:
        registry.suggestions.setCurrentRow(1)
    m = registry.mentions()[1]
    assert signal.args == ["a1", m.start, m.end]
