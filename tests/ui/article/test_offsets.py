"""OffsetMap against a brute-force reference and a real QPlainTextEdit; word snapping."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from desktop.ui.article.offsets import OffsetMap, break_long_lines
from desktop.ui.article.snapping import snap_to_words

PIECES = [
    "a",
    "Z",
    "7",
    " ",
    ".",
    "😀",
    "👩‍👩‍👧",
    "e\u0301",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "مرحبا",
    "שלום",
    "\xa0",
    "\u2028",
    "\u2029",
    "<b>",
    "&amp;",
]
ALPHABET = sorted(set("".join(PIECES)))
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.text(alphabet=ALPHABET, max_size=40),
)
BREAKS = {"\n", "\r", "\u2028", "\u2029"}


def reference(text: str) -> tuple[list[int], list[int], set[int]]:
    """Per code point: Qt position rounded down and up; offsets that sit inside `\\r\\n`."""
    floor, ceil, inside = [], [], set()
    q, i = 0, 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1 : i + 2] == "\n":
            floor += [q, q]
            ceil += [q, q + 1]
            inside.add(i + 1)
            q, i = q + 1, i + 2
            continue
        floor.append(q)
        ceil.append(q)
        q += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return [*floor, q], [*ceil, q], inside


def expected_selected_text(text: str) -> str:
    """What QTextCursor.selectedText returns for `text`: each line break is U+2029."""
    out = text.replace("\r\n", "\n")
    return "".join("\u2029" if ch in BREAKS else ch for ch in out)


@given(texts)
def test_to_qt_matches_the_reference(text):
    """to_qt rounds down inside CRLF and counts astral characters as two units."""
    floor, ceil, _ = reference(text)
    omap = OffsetMap(text)
    assert [omap.to_qt(i) for i in range(len(text) + 1)] == floor
    assert omap.qt_length == floor[-1] == len(omap.display_text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        assert omap.to_qt_range(i, i)[1] == ceil[i]


@given(texts)
def test_from_qt_matches_the_reference(text):
    """from_qt rounds down inside a surrogate pair and never lands between CR and LF."""
    floor, ceil, inside = reference(text)
    omap = OffsetMap(text)
    boundaries = [i for i in range(len(text) + 1) if i not in inside]
    for q in range(omap.qt_length + 1):
        down = max(i for i in boundaries if floor[i] <= q)
        up = min(i for i in boundaries if ceil[i] >= q)
        assert omap.from_qt(q) == down
        assert omap.from_qt_range(q, q) == (down, up)
    assert omap.from_qt(-5) == 0
    assert omap.from_qt(omap.qt_length + 5) == len(text)


@given(texts)
def test_round_trip_at_every_code_point_boundary(text):
    """from_qt(to_qt(i)) == i for every offset not between CR and LF."""
    _, _, inside = reference(text)
    omap = OffsetMap(text)
    for i in range(len(text) + 1):
        if i not in inside:
            assert omap.from_qt(omap.to_qt(i)) == i
            assert omap.from_qt_range(*omap.to_qt_range(i, len(text))) == (i, len(text))


@given(texts)
def test_display_text_replaces_only_line_breaks(text):
    """Each line break sequence becomes one \\n; every other code point is kept."""
    display = OffsetMap(text).display_text
    assert display.count("\n") == sum(text.replace("\r\n", "\n").count(b) for b in BREAKS)
    assert [c for c in display if c != "\n"] == [c for c in text if c not in BREAKS]


def test_offsets_outside_the_text_are_rejected():
    """to_qt refuses offsets past either end; ranges must not be reversed."""
    omap = OffsetMap("abc")
    with pytest.raises(ValueError):
        omap.to_qt(4)
    with pytest.raises(ValueError):
        omap.to_qt(-1)
    with pytest.raises(ValueError):
        omap.to_qt_range(2, 1)


@settings(max_examples=60, deadline=None)
@given(text=texts, data=st.data())
def test_ranges_select_the_right_characters_in_a_real_widget(qapp, text, data):
    """A QTextCursor over to_qt_range(start, end) selects exactly text[start:end]."""
    omap = OffsetMap(text)
    edit = QPlainTextEdit()
    edit.setPlainText(omap.display_text)
    document = edit.document()
    assert document.characterCount() - 1 == omap.qt_length
    _, _, inside = reference(text)
    boundaries = [i for i in range(len(text) + 1) if i not in inside]
    pairs = list(pairwise(boundaries))
    if len(boundaries) > 1:
        for _ in range(10):
            i, j = sorted(data.draw(st.lists(st.sampled_from(boundaries), min_size=2, max_size=2)))
            pairs.append((i, j))
    cursor = QTextCursor(document)
    for start, end in pairs:
        a, b = omap.to_qt_range(start, end)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == expected_selected_text(text[start:end])
        assert omap.from_qt_range(cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
    edit.deleteLater()


def test_a_long_text_maps_both_ways():
    """A 200,000-character mixed text maps its last offset to Qt's length and back."""
    text = ("Word 😀 e\u0301 مرحبا\r\n" * 12_000)[:200_000]
    omap = OffsetMap(text)
    assert omap.to_qt(len(text)) == omap.qt_length
    assert omap.from_qt(omap.qt_length) == len(text)
    assert omap.from_qt(omap.to_qt(123_457)) == 123_457


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("Hello, world!", 5, 13, (7, 12)),  # trims ", " and "!"
        ("Hello world", 2, 8, (0, 11)),  # both ends inside words
        ("Hello world", 0, 6, (0, 5)),  # trailing space only
        ("  ...  ", 0, 7, None),  # nothing but punctuation
        ("Azerbaijan’s president", 0, 11, (0, 10)),  # apostrophe trimmed
        ("a cafe\u0301 here", 3, 5, (2, 7)),  # e + combining acute kept whole
        ("x 👩‍👩‍👧 y", 2, 3, (2, 7)),  # ZWJ sequence never cut
        ("قال مرحبا اليوم", 5, 7, (4, 9)),  # Arabic word
        ("«	שלום»", 1, 7, (2, 6)),  # tab and a lone closing guillemet trimmed
        ("«	שלום»", 0, 7, (0, 7)),  # both guillemets selected: kept as a pair
        ("say “kiss the flag,” now", 4, 20, (4, 20)),  # a quoted phrase keeps both quotes
        ("say “kiss the flag,” now", 4, 18, (5, 18)),  # its closing quote not selected
        ("(in Baku) and", 0, 9, (0, 9)),  # brackets too
        ("(in Baku) and", 0, 8, (1, 8)),
    ],
)
def test_snap_to_words(text, start, end, expected):
    """Snapping trims spaces and punctuation and grows partial words to whole words."""
    assert snap_to_words(text, start, end) == expected


@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join), st.integers(5, 40))
def test_break_long_lines_only_turns_spaces_into_breaks(text, limit):
    """Cutting long lines keeps every position: only spaces become \\n, and only when needed."""
    display = OffsetMap(text).display_text
    cut = break_long_lines(display, limit)
    assert len(cut) == len(display)
    changed = [i for i, (a, b) in enumerate(zip(display, cut, strict=True)) if a != b]
    assert all(display[i] == " " and cut[i] == "\n" for i in changed)
    for line in cut.split("\n"):
        assert len(line) <= limit or " " not in line[1:limit]


def test_break_long_lines_prefers_sentence_ends():
    """A long paragraph is cut after a full stop when one is near the end of the window."""
    text = "One two three. Four five six seven eight nine ten eleven. " * 4
    lines = break_long_lines(text, 60).split("\n")
    assert all(line.endswith(".") for line in lines[:-1])
    assert break_long_lines("short\nlines", 5) == "short\nlines"
