"""Selection snapping through the real window: CJK, Thai, flags, ZWJ and combining sequences.

Each case selects Qt positions in the article view the way a mouse drag can (between the two
regional indicators of a flag, inside a ZWJ sequence, before a combining mark), presses the
ACTOR key, and reads the span the project holds.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from desktop.domain import Document
from desktop.ui.article.snapping import snap_to_words

TEXT = (
    "中国军队在边境集结。\r\n"
    "ทหารไทยปฏิเสธข้อกล่าวหา\r\n"
    "Flags 🇺🇸🇫🇷 here; family 👩\u200d👩\u200d👧 there; the cafe\u0301 owner 👍🏽 agreed."
)


def qt_position(text: str, offset: int) -> int:
    """Independent of OffsetMap: UTF-16 length of the prefix with CRLF counted once."""
    return len(text[:offset].replace("\r\n", "\n").encode("utf-16-le")) // 2


def _within(needle: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start


@pytest.fixture
def article(window):
    """The window showing TEXT as document `u`."""
    window.session.workspace.add_documents([Document("u", TEXT, "Unicode")])
    window.session.open_document("u")
    return window


def label_qt(window, press, a: int, b: int, key: str = "A") -> str:
    """Select Qt positions [a, b) in the view, press the label key; the new span's text."""
    view = window.article.view
    cursor = view.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    before = {s.id for s in window.session.workspace.spans("u")}
    press(window, key)
    (span,) = [s for s in window.session.workspace.spans("u") if s.id not in before]
    window.session.workspace.remove_span(span.id)
    return TEXT[span.start : span.end]


def cp_range(start: int, end: int) -> tuple[int, int]:
    return qt_position(TEXT, start), qt_position(TEXT, end)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # CJK: each ideograph is a word; "中国" stays "中国", not the whole sentence.
        (*cp_range(0, 2), "中国"),
        (*cp_range(1, 3), "国军"),
        # Thai: dictionary word boundaries; a selection inside words grows to them.
        (*cp_range(_within("หาร"), _within("หาร") + 5), "ทหารไทย"),
        (*cp_range(_within("ปฏิเสธ"), _within("ปฏิเสธ") + 6), "ปฏิเสธ"),
        # Half a flag (the first regional indicator) becomes the whole flag.
        (qt_position(TEXT, _within("🇺")), qt_position(TEXT, _within("🇺")) + 2, "🇺🇸"),
        # From between the two halves of 🇺🇸 to the end of 🇫🇷: both flags, whole.
        (qt_position(TEXT, _within("🇺")) + 2, qt_position(TEXT, _within("🇷")) + 2, "🇺🇸🇫🇷"),
        # The first person of a ZWJ family takes the whole family.
        (qt_position(TEXT, _within("👩")), qt_position(TEXT, _within("👩")) + 2, "👩‍👩‍👧"),
        # "cafe" without its combining acute takes the mark too.
        (*cp_range(_within("cafe"), _within("cafe") + 4), "cafe\u0301"),
        # A thumbs-up without its skin-tone modifier takes the modifier too.
        (qt_position(TEXT, _within("👍")), qt_position(TEXT, _within("👍")) + 2, "👍🏽"),
        # Punctuation and spaces at the ends are trimmed, words completed.
        (*cp_range(_within("here;") - 1, _within("here;") + 7), "here; family"),
    ],
)
def test_snapping_through_the_window(article, press, a, b, expected):
    """A label key on a partial selection labels whole graphemes and words."""
    assert label_qt(article, press, a, b) == expected


def test_exact_labels_keep_characters_but_never_cut_a_grapheme(article, press):
    """Alt+label keeps the selection as it is (no word growth), yet never half a flag."""
    start = qt_position(TEXT, _within("🇺"))
    assert label_qt(article, press, start, start + 2, "Alt+A") == "🇺🇸"
    start = qt_position(TEXT, _within("军队"))
    assert label_qt(article, press, start, start + 1, "Alt+A") == "军"


def test_no_snapped_span_starts_or_ends_inside_a_grapheme():
    """Every selection of TEXT snaps to grapheme boundaries (checked against Qt's own)."""
    from PySide6.QtCore import QTextBoundaryFinder

    from desktop.ui.article.offsets import OffsetMap

    omap = OffsetMap(TEXT)
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, omap.display_text)

    def on_boundary(offset: int) -> bool:
        finder.setPosition(omap.to_qt(offset))
        return finder.isAtBoundary()

    for start in range(len(TEXT)):
        for end in range(start + 1, min(len(TEXT), start + 12) + 1):
            found = snap_to_words(TEXT, start, end)
            if found is not None:
                assert on_boundary(found[0]) and on_boundary(found[1]), (start, end, found)


def test_snapping_in_a_long_text_equals_snapping_in_its_paragraph_alone():
    """Only the lines holding a selection are searched for boundaries: every selection in
    a paragraph snaps the same with the other paragraphs around it (CRLF, flags, ZWJ, Thai)."""
    lines = TEXT.split("\r\n")
    offset = len(lines[0]) + 2 + len(lines[1]) + 2
    paragraph = lines[2]
    for start in range(0, len(paragraph), 3):
        for end in range(start + 1, min(len(paragraph), start + 25) + 1, 2):
            alone = snap_to_words(paragraph, start, end)
            whole = snap_to_words(TEXT, offset + start, offset + end)
            expected = None if alone is None else (alone[0] + offset, alone[1] + offset)
            assert whole == expected, (start, end)
    thai = len(lines[0]) + 2
    alone = snap_to_words(lines[1], 1, 3)
    assert alone is not None
    assert snap_to_words(TEXT, thai + 1, thai + 3) == (alone[0] + thai, alone[1] + thai)
