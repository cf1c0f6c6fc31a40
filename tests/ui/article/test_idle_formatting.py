"""A long article shows its first screens formatted at once and the rest when idle, and ends
up formatted exactly as if it had been formatted whole (emoji, CRLF, combining marks, RTL)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from desktop.domain import Span
from desktop.ui.article.article_view import ArticleView
from tests.ui.article.test_article_view import COLORS, background_at, format_at, qt_position

PARAGRAPH = (
    "Rebels 👩‍👩‍👧 accused the cafe\u0301 army.\r\nقال مرحبا للجميع שלום and more words here. "
)
TEXT = PARAGRAPH * 2500  # ~150,000 code points
LABELS = list(COLORS)


def spans_over(text: str) -> list[Span]:
    """A span on every 'accused' and a longer one across each line break, overlapping."""
    found, at = [], text.find("accused")
    while at >= 0:
        n = len(found)
        found.append(Span(f"a{n}", "doc", "me", at, at + 7, LABELS[n % 3]))
        found.append(Span(f"b{n}", "doc", "me", at + 12, at + 40, LABELS[(n + 1) % 3]))
        at = text.find("accused", at + 1)
    return found


def every_background(view: ArticleView, text: str, offsets: list[int]) -> list[QColor | None]:
    return [background_at(view, text, o) for o in offsets]


def test_the_rest_of_a_long_article_is_formatted_when_idle_exactly_as_whole(view, qtbot):
    """Before the first idle step a far span is still plain; once idle formatting ends
    every character carries the format a whole-article build gives it."""
    spans = spans_over(TEXT)
    far = spans[-2]  # an 'accused' near the end
    probes = [*range(0, len(TEXT), 997), far.start, far.start + 3, spans[-1].end - 1]
    reference = ArticleView()
    qtbot.addWidget(reference)
    reference.FIRST_FORMAT = len(TEXT)  # type: ignore[misc]  # all of it before the paint
    reference.set_document(TEXT, spans, COLORS)
    assert not reference.formatting_pending()
    expected = every_background(reference, TEXT, probes)
    assert expected[-3] is not None

    view.set_document(TEXT, spans, COLORS)
    assert view.formatting_pending()
    assert background_at(view, TEXT, spans[0].start) is not None  # the first screen: at once
    assert background_at(view, TEXT, far.start) is None  # far away: not yet
    qtbot.waitUntil(lambda: not view.formatting_pending(), timeout=10_000)
    assert every_background(view, TEXT, probes) == expected


def test_scrolling_ahead_of_idle_formatting_formats_what_comes_into_view(view, qtbot):
    """Jumping to the end before idle time reaches it shows that part formatted at once."""
    spans = spans_over(TEXT)
    view.set_document(TEXT, spans, COLORS)
    view._format_timer.stop()  # idle time never comes: only the scroll can format it
    bar = view.verticalScrollBar()
    view._finish_layout()  # lay out all and size the scroll bar, as a jump to the end does
    bar.setValue(bar.maximum())
    last = spans[-2]
    assert background_at(view, TEXT, last.start) is not None
    assert view.formatting_pending()  # the middle still waits for idle time
    view.finish_formatting()
    assert not view.formatting_pending()
    middle = spans[len(spans) // 2]
    assert background_at(view, TEXT, middle.start) is not None


def test_an_edit_in_the_unformatted_part_and_a_new_document_stay_consistent(view, qtbot):
    """An edit far ahead of idle formatting shows at once; opening another document stops
    the old one's idle steps from formatting the new text."""
    spans = spans_over(TEXT)
    view.set_document(TEXT, spans, COLORS)
    added = Span("new", "doc", "me", len(TEXT) - 30, len(TEXT) - 20, "RESPONSE")
    view.add_span(added)
    assert background_at(view, TEXT, added.start) is not None
    short = "A short text 😀 with one span."
    view.set_document(short, [Span("s", "doc", "me", 2, 7, "ACTOR")], COLORS)
    assert not view.formatting_pending()
    qtbot.wait(50)  # any idle step left over from the long text would run here
    assert background_at(view, short, 2) is not None
    assert background_at(view, short, 10) is None
    assert format_at(view, qt_position(short, len(short) - 1)).hasProperty(0x820) is False
