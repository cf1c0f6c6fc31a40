"""Roles always shown, role names in the tags, and overlays that keep clear of the text."""

from __future__ import annotations

from desktop.ui.app.main_window import MainWindow


def frame(window: MainWindow, select, press):
    """An ALLEGATION with an ACTOR as accuser and another as accused, nothing selected."""
    ws = window.session.workspace
    ids = {}
    for needle, key in (
        ("Human Rights Watch", "a"),
        ("Azerbaijani forces", "a"),
        ("brutalizing some", "l"),
    ):
        start, end = select(window, needle)
        press(window, key)
        (ids[needle],) = [s.id for s in ws.spans("d1") if (s.start, s.end) == (start, end)]
    head = ids["brutalizing some"]
    ws.add_relation(head, ids["Human Rights Watch"], "accuser")
    ws.add_relation(head, ids["Azerbaijani forces"], "accused")
    window.session.select_span(None)
    window.article.view.setFocus()
    return ids


def test_roles_always_shown_draws_every_role_without_a_selection(window, select, press):
    """Ctrl+Shift+O: both roles are drawn with nothing selected, pills over the children,
    no jump markers; it is remembered; off again, nothing is drawn."""
    frame(window, select, press)
    arcs = window.arcs
    assert arcs.links() == []
    press(window, "Ctrl+Shift+O")
    assert arcs.all_roles() and {role for _, _, role in arcs.links()} == {"accuser", "accused"}
    scene = arcs.scene()
    assert sorted(text for _, text, _ in scene.pills) == ["accused", "accuser"]
    assert scene.markers == [] and all(rect.top() >= 0 for rect, _, _ in scene.pills)
    from desktop.ui.app import preferences

    assert preferences.view_options()["roles"] is True
    press(window, "Ctrl+Shift+O")
    assert arcs.links() == []


def test_with_tags_the_role_names_go_into_the_tags(qtbot, window, select, press):
    """Tags and roles both on: no pills cover the text; each child's tag names its role."""
    ids = frame(window, select, press)
    press(window, "Ctrl+Shift+G")
    press(window, "Ctrl+Shift+O")
    assert window.arcs.scene().pills == []
    view = window.article.view
    view.viewport().repaint()
    qtbot.waitUntil(lambda: len(view.tag_scene.tags) >= 3)
    tags = {t.span_id: t.text for t in view.tag_scene.tags}
    assert tags[ids["Human Rights Watch"]] in ("ACTOR ← accuser", "A")
    assert tags[ids["Azerbaijani forces"]] in ("ACTOR ← accused", "A")
    assert tags[ids["brutalizing some"]] in ("ALLEGATION", "A")


def test_pills_at_the_top_edge_are_not_clipped(window, select, press):
    """A linked span on the first line shown keeps its pill inside the view."""
    ids = frame(window, select, press)
    window.session.select_span(ids["brutalizing some"])
    view = window.article.view
    text = window.session.workspace.document("d1").text
    view.show_from(text.index("Armenian troops"))
    view.show_from(0)
    pills = window.arcs.scene().pills
    assert pills and all(rect.top() >= 0 for rect, _, _ in pills)


def test_the_link_hint_is_in_the_status_bar_not_over_the_text(window, select, press):
    """In link mode, moving to a target says the role keys that fit in the status bar."""
    ids = frame(window, select, press)
    window.session.select_span(ids["brutalizing some"])
    window.article.view.select_span(ids["brutalizing some"])
    window.article.view.setFocus()
    press(window, "G")
    press(window, "J")
    message = window.statusBar().currentMessage()
    assert message.startswith("Link ALLEGATION to this ACTOR") and "accuser" in message
