"""ArticleView through the real widget: offsets, highlighting, snapping, clicks and updates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.domain import Span
from desktop.ui.article.article_view import ArticleView
from desktop.ui.article.colors import contrast, readable_on, tint

COLORS = {"ACTOR": "#2f7fd8", "ALLEGATION": "#d8452f", "RESPONSE": "#2fa55a"}
BACKGROUND = QTextFormat.Property.BackgroundBrush
MIXED = [
    "Family 👩‍👩‍👧 arrived 😀 today.\r\nNext line",
    "Cafe\u0301 owner said\tno.\r\nThen\rmore",
    "قال مرحبا للجميع\r\nשלום עולם and English",
    "NBSP\xa0here\u2028then U+2028 😀😀 end",
]


def span(span_id: str, start: int, end: int, label: str = "ACTOR") -> Span:
    return Span(span_id, "doc", "me", start, end, label)


def qt_position(text: str, offset: int) -> int:
    """Independent of OffsetMap: UTF-16 length of the prefix with CRLF counted once."""
    prefix = text[:offset].replace("\r\n", "\n")
    return len(prefix.encode("utf-16-le")) // 2


def format_at(view: ArticleView, position: int) -> QTextCharFormat:
    """Character format of the character at a Qt position."""
    for item in view.document().findBlock(position):
        fragment = item.fragment()
        if fragment.position() <= position < fragment.position() + fragment.length():
            return fragment.charFormat()
    return QTextCharFormat()


def background_at(view: ArticleView, text: str, offset: int) -> QColor | None:
    fmt = format_at(view, qt_position(text, offset))
    return fmt.background().color() if fmt.hasProperty(BACKGROUND) else None


def select_qt(view: ArticleView, a: int, b: int) -> None:
    cursor = view.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def words_of(text: str) -> list[tuple[int, int]]:
    """Every run of non-space code points, with its offsets."""
    found, start = [], None
    for i, ch in enumerate([*text, " "]):
        if ch.isspace() and start is not None:
            found.append((start, i))
            start = None
        elif not ch.isspace() and start is None:
            start = i
    return found


@pytest.mark.parametrize("text", MIXED)
def test_a_widget_selection_maps_to_exact_code_points(view, text):
    """Selecting what the user sees gives exactly those code points back (no snapping)."""
    view.set_document(text, [], COLORS)
    for start, end in [*words_of(text), (0, len(text))]:
        select_qt(view, qt_position(text, start), qt_position(text, end))
        assert view.selection_range(snap=False) == (start, end)


@pytest.mark.parametrize("text", MIXED)
@pytest.mark.parametrize("path", ["set_document", "add_span"])
def test_a_span_highlights_exactly_its_characters(view, text, path):
    """Every word as a span: background inside it, none just before or just after."""
    if path == "add_span":
        view.set_document(text, [], COLORS)
    for start, end in words_of(text):
        if path == "set_document":
            view.set_document(text, [span("s", start, end)], COLORS)
        else:
            view.add_span(span("s", start, end))
        expected = tint(COLORS["ACTOR"], dark=False)
        assert background_at(view, text, start) == expected
        assert background_at(view, text, end - 1) == expected
        before, after = qt_position(text, start) - 1, qt_position(text, end)
        if before >= 0:
            assert not format_at(view, before).hasProperty(BACKGROUND)
        if end < len(text):
            assert not format_at(view, after).hasProperty(BACKGROUND)
        if path == "add_span":
            view.remove_span("s")
            assert not format_at(view, qt_position(text, start)).hasProperty(BACKGROUND)


def test_snapping_trims_and_extends_to_whole_words(view):
    """Snap trims spaces and punctuation, completes partial words; no-snap stays exact."""
    text = "HRW said: «Azerbaijan’s forces» brutalized POWs."
    view.set_document(text, [], COLORS)
    start = text.index("«")
    select_qt(view, start - 1, start + 8)  # " «Azerbai"
    assert view.selection_range() == (start + 1, start + 11)
    assert view.selection_range(snap=False) == (start - 1, start + 8)
    select_qt(view, text.index("utalized"), text.index("POWs") + 2)
    assert view.selection_range() == (text.index("brutalized"), len(text) - 1)
    select_qt(view, 8, 11)  # ": «"
    assert view.selection_range() is None
    select_qt(view, 3, 3)
    assert view.selection_range() is None


def test_html_like_text_is_shown_literally(view):
    """Markup in a document is plain text: same length, no rich formatting, offsets unchanged."""
    text = "<b>bold</b> &amp; <img src=x> &lt;"
    amp = text.index("&amp;")
    view.set_document(text, [span("s", amp, amp + 5)], COLORS)
    document = view.document()
    assert document.characterCount() - 1 == len(text)
    cursor = QTextCursor(document)
    cursor.select(QTextCursor.SelectionType.Document)
    assert cursor.selectedText() == text
    for block_item in document.firstBlock():
        fmt = block_item.fragment().charFormat()
        assert not fmt.isImageFormat()
        assert not fmt.fontWeight() > 400
    select_qt(view, amp, amp + 5)
    assert view.selection_range(snap=False) == (amp, amp + 5)
    assert background_at(view, text, amp) is not None
    assert "&lt;b&gt;" in view.tooltip_text(amp) or "&amp;amp;" in view.tooltip_text(amp)


def stacked_view(view):
    text = "Azerbaijan denied the report, officials said."
    spans = [span("inner", 0, 10), span("middle", 0, 17, "RESPONSE")]
    spans.append(span("outer", 0, 28, "ALLEGATION"))
    view.set_document(text, spans, COLORS)
    return text


def test_nested_spans_show_outer_background_and_inner_underline(view):
    """Outermost span tints the background; inner spans add an underline in their colour."""
    text = stacked_view(view)
    inner = format_at(view, 2)
    assert inner.background().color() == tint(COLORS["ALLEGATION"], dark=False)
    assert inner.underlineColor() == QColor(COLORS["ACTOR"])
    assert inner.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    middle = format_at(view, text.index("denied"))
    assert middle.underlineColor() == QColor(COLORS["RESPONSE"])
    assert middle.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    outer_only = format_at(view, text.index("report"))
    assert outer_only.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    assert [s.id for s in view.spans_at(3)] == ["inner", "middle", "outer"]


def test_clicks_cycle_through_stacked_spans_and_deselect(view, qtbot):
    """A click selects the innermost span; clicking again cycles outwards; blank deselects."""
    text = stacked_view(view)
    point = view.offset_to_viewport_rect(3, 4).center()
    seen = []
    for _ in range(4):
        with qtbot.waitSignal(view.span_clicked) as blocker:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        seen.append(blocker.args[0])
        assert view.selected_span_id() == seen[-1]
    assert seen == ["inner", "middle", "outer", "inner"]
    elsewhere = view.offset_to_viewport_rect(text.index("said"), text.index("said") + 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=elsewhere.center())
    assert view.selected_span_id() is None
    assert len(view.extraSelections()) == 0


def test_selected_span_gets_one_extra_selection(view):
    """select_span adds one inverted extra selection over exactly the span."""
    text = stacked_view(view)
    view.select_span("middle")
    (extra,) = view.extraSelections()
    assert (extra.cursor.selectionStart(), extra.cursor.selectionEnd()) == (0, 17)
    assert extra.format.background().color() == QColor(COLORS["RESPONSE"])
    view.select_span("missing")
    assert view.selected_span_id() is None
    assert text


def test_next_span_follows_start_then_end(view):
    """next_span walks spans by start then end, from the caret or the selected span."""
    text = "one two three four five"
    spans = [span("c", 8, 13), span("a", 0, 3), span("b", 0, 7), span("d", 14, 18)]
    view.set_document(text, spans, COLORS)
    assert [view.next_span(1) for _ in range(5)] == ["a", "b", "c", "d", None]
    assert view.selected_span_id() == "d"
    assert [view.next_span(-1) for _ in range(3)] == ["c", "b", "a"]
    view.select_span(None)
    select_qt(view, 5, 5)
    assert view.next_span(1) == "c"
    view.select_span(None)
    assert view.next_span(-1) == "b"


def watch_changes(view):
    changes = []
    view.document().contentsChange.connect(lambda pos, rem, add: changes.append((pos, pos + add)))
    return changes


def test_add_span_reformats_only_its_range(view):
    """add_span touches only the new span's Qt range; a far character keeps its format."""
    text = "😀 Alpha beta gamma.\r\n" * 40
    far = text.rindex("gamma")
    view.set_document(text, [span("far", far, far + 5)], COLORS)
    before = format_at(view, qt_position(text, far))
    changes = watch_changes(view)
    start = text.index("beta", 200)
    view.add_span(span("new", start, start + 4, "RESPONSE"))
    a, b = qt_position(text, start), qt_position(text, start + 4)
    assert changes and all(a <= lo and hi <= b for lo, hi in changes)
    assert format_at(view, qt_position(text, far)) == before
    assert background_at(view, text, start) == tint(COLORS["RESPONSE"], dark=False)


def test_remove_span_restores_default_format_in_its_range_only(view):
    """remove_span clears its characters back to default and leaves others alone."""
    text = "Alpha beta gamma delta epsilon"
    spans = [span("a", 0, 10), span("b", 6, 16, "ALLEGATION"), span("c", 23, 30)]
    view.set_document(text, spans, COLORS)
    far_before = format_at(view, 25)
    changes = watch_changes(view)
    view.remove_span("b")
    assert changes and all(lo >= 6 and hi <= 16 for lo, hi in changes)
    assert background_at(view, text, 12) is None
    assert background_at(view, text, 7) == tint(COLORS["ACTOR"], dark=False)
    assert format_at(view, 7).underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    assert format_at(view, 25) == far_before
    assert [s.id for s in view.spans()] == ["a", "c"]


def test_replace_span_moves_and_relabels(view):
    """replace_span reformats the old and new extent with the new label."""
    text = "Alpha beta gamma delta"
    view.set_document(text, [span("a", 0, 5)], COLORS)
    view.select_span("a")
    view.replace_span(span("a", 6, 10, "ALLEGATION"))
    assert background_at(view, text, 0) is None
    assert background_at(view, text, 6) == tint(COLORS["ALLEGATION"], dark=False)
    (extra,) = view.extraSelections()
    assert extra.cursor.selectionStart() == 6


def test_dimming_fades_other_spans(view):
    """set_dimmed fades spans not kept and restores them with None."""
    text = "Alpha beta gamma"
    view.set_document(text, [span("a", 0, 5), span("b", 6, 10)], COLORS)
    normal = background_at(view, text, 6)
    view.set_dimmed({"a"})
    assert background_at(view, text, 0) == normal
    dimmed = background_at(view, text, 6)
    assert dimmed is not None and dimmed.lightness() > normal.lightness()
    view.set_dimmed(None)
    assert background_at(view, text, 6) == normal


def test_suggestions_look_different_from_spans(view):
    """Suggestions are dashed, hatched extra selections, not character formats."""
    text = "Alpha beta gamma"
    view.set_document(text, [span("a", 0, 5)], COLORS)
    view.set_suggestions([(6, 10), (50, 60)])
    (extra,) = view.extraSelections()
    assert extra.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert extra.format.background().style() == Qt.BrushStyle.BDiagPattern
    assert background_at(view, text, 7) is None


def test_selection_signal_reports_code_points(view, qtbot):
    """selection_changed_range reports code points, and (-1, -1) when cleared."""
    text = "😀😀 abc"
    view.set_document(text, [], COLORS)
    with qtbot.waitSignal(view.selection_changed_range) as blocker:
        select_qt(view, qt_position(text, 1), qt_position(text, 6))
    assert blocker.args == [1, 6]
    with qtbot.waitSignal(view.selection_changed_range) as blocker:
        select_qt(view, 0, 0)
    assert blocker.args == [-1, -1]


def test_viewport_rect_and_hit_test_agree_on_rtl_and_emoji(view):
    """offset_at(center of offset_to_viewport_rect(i, i+1)) is i for every visible letter."""
    text = "שלום 😀 world مرحبا"
    view.set_document(text, [], COLORS)
    for i, ch in enumerate(text):
        if not ch.isspace():
            rect = view.offset_to_viewport_rect(i, i + 1)
            assert rect.width() > 0
            assert view.offset_at(rect.center()) == i


def test_tooltip_lists_labels_innermost_first_and_escapes(view):
    """The tooltip names each label at a point, innermost first, with escaped text."""
    text = "<b>HRW</b> said"
    view.set_document(text, [span("a", 0, 10), span("b", 0, 15, "RESPONSE")], COLORS)
    tip = view.tooltip_text(4)
    assert tip.index("ACTOR") < tip.index("RESPONSE")
    assert "&lt;b&gt;HRW&lt;/b&gt;" in tip
    assert view.tooltip_text(12).count("<br>") == 0


def test_spans_past_the_text_are_refused(view):
    """A span ending past the text is a programming error, not silently clipped."""
    with pytest.raises(ValueError):
        view.set_document("short", [span("a", 0, 9)], COLORS)


@pytest.mark.parametrize("dark", [False, True])
def test_tints_keep_the_palette_text_readable(dark):
    """Every label tint keeps at least AA contrast with the palette's text colour."""
    text_color = QColor("white") if dark else QColor("black")
    for hue in ["#ffff00", "#0000ff", "#ff0000", "#00ff00", "#888888", *COLORS.values()]:
        assert contrast(tint(hue, dark), text_color) >= 4.5
    assert readable_on("#ffff00") == QColor("black")
    assert readable_on("#000080") == QColor("white")


def test_dark_palette_switches_tints(view):
    """Changing to a dark palette re-tints spans for a dark background."""
    text = "Alpha beta"
    view.set_document(text, [span("a", 0, 5)], COLORS)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    view.setPalette(palette)
    assert background_at(view, text, 0) == tint(COLORS["ACTOR"], dark=True)


def test_one_huge_paragraph_is_cut_into_blocks_with_exact_offsets(view):
    """A paragraph past LONG_PARAGRAPH shows as several blocks; offsets stay exact."""
    text = "Word 😀 e\u0301 שלום said. " * 600  # 13,800 code points, no line break
    needle = len(text) - 40
    view.set_document(text, [span("s", needle, needle + 4)], COLORS)
    assert view.document().blockCount() > 1
    assert view.document().characterCount() - 1 == qt_position(text, len(text))
    assert background_at(view, text, needle) == tint(COLORS["ACTOR"], dark=False)
    assert background_at(view, text, needle - 1) is None
    select_qt(view, qt_position(text, needle), qt_position(text, needle + 4))
    assert view.selection_range(snap=False) == (needle, needle + 4)


def test_the_view_is_read_only_without_undo(view):
    """The text cannot be edited and the document keeps no undo history."""
    view.set_document("Alpha beta", [span("a", 0, 5)], COLORS)
    assert view.isReadOnly()
    assert not view.document().isUndoRedoEnabled()
    assert view.document().availableUndoSteps() == 0


def test_select_span_scrolls_to_a_span_out_of_view(view):
    """Selecting a span far below the fold scrolls until it is visible."""
    text = "".join(f"Paragraph {i} of the article.\n" for i in range(300))
    start = text.index("Paragraph 290")
    view.set_document(text, [span("far", start, start + 13)], COLORS)
    assert view.verticalScrollBar().value() == 0
    view.select_span("far")
    assert view.verticalScrollBar().value() > 0
    assert view.viewport().rect().intersects(view.offset_to_viewport_rect(start, start + 13))


def test_hovering_shows_a_tooltip_with_the_labels(view):
    """A tooltip event over a span shows its label; markup in the text stays escaped."""
    text = "<i>HRW</i> said"
    view.set_document(text, [span("a", 0, 10)], COLORS)
    point = view.offset_to_viewport_rect(4, 5).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    assert "ACTOR" in QToolTip.text()
    assert "<i>" not in QToolTip.text()
    QToolTip.hideText()


def test_lines_are_spaced_and_paragraphs_set_apart(view):
    """Every paragraph gets the proportional line height and a gap after it; empty lines
    and the cut inside a long paragraph do not."""
    text = "First paragraph.\nSecond one.\n\nAfter an empty line."
    view.set_document(text, [span("a", 0, 5)], COLORS)
    formats = []
    block = view.document().firstBlock()
    while block.isValid():
        fmt = block.blockFormat()
        formats.append(
            (block.text(), fmt.lineHeight() if fmt.lineHeightType() else 0, fmt.bottomMargin() > 0)
        )
        block = block.next()
    height = ArticleView.LINE_HEIGHT
    assert formats == [
        ("First paragraph.", height, True),
        ("Second one.", height, True),
        ("", 0, False),
        ("After an empty line.", height, True),
    ]
    second = len("First paragraph.\n")
    gap = view.offset_to_viewport_rect(second, second + 6).top()
    assert gap - view.offset_to_viewport_rect(0, 5).bottom() >= view.line_gap()
    long = "Word said. " * 600
    view.set_document(long, [], COLORS)
    cut = view.document().firstBlock()
    assert cut.next().isValid() and cut.blockFormat().bottomMargin() == 0


def test_reveal_scrolls_and_outlines_without_selecting(view):
    """reveal() brings a far range into view, outlines it, leaves no text selection; a click
    or a new document removes the outline."""
    text = "".join(f"Paragraph {i} of the article.\n" for i in range(300))
    start = text.index("Paragraph 250")
    view.set_document(text, [], COLORS)
    view.reveal(start, start + 13)
    assert view.revealed() == (start, start + 13)
    assert not view.textCursor().hasSelection()
    rect = view.offset_to_viewport_rect(start, start + 13)
    assert view.viewport().rect().contains(rect)
    image = view.viewport().grab().toImage()
    outline = image.pixelColor(rect.left() - 3, rect.center().y())
    assert outline != image.pixelColor(rect.left() - 12, rect.center().y())
    view.set_document(text, [], COLORS)
    assert view.revealed() is None


def test_show_from_restores_the_reading_position_after_a_reload(view):
    """first_visible_offset and show_from keep the same line on top across set_document."""
    text = "".join(f"Paragraph {i} of the article.\n" for i in range(400))
    view.set_document(text, [], COLORS)
    view.show_from(text.index("Paragraph 300"))
    top = view.first_visible_offset()
    assert text.index("Paragraph 299") <= top <= text.index("Paragraph 301")
    view.set_document(text, [span("a", 0, 9)], COLORS)
    view.show_from(top)
    assert view.first_visible_offset() == top
