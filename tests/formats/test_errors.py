"""FormatError: one line naming the source, the line and the reason."""

import pickle

from desktop.formats.errors import FormatError


def test_message_names_file_and_line():
    """The message is `source:line: reason`."""
    error = FormatError("data.jsonl", 12, "malformed JSON")
    assert str(error) == "data.jsonl:12: malformed JSON"
    assert (error.source, error.line, error.reason) == ("data.jsonl", 12, "malformed JSON")


def test_message_without_line():
    """Without a line number the message is `source: reason`."""
    assert str(FormatError("notes.txt", None, "empty file")) == "notes.txt: empty file"


def test_message_stays_on_one_line():
    """Line breaks in the source or reason are shown escaped, never printed."""
    message = str(FormatError("a\nb.txt", 3, "bad\r\nvalue"))
    assert "\n" not in message and "\r" not in message
    assert message == "a\\nb.txt:3: bad\\r\\nvalue"


def test_survives_pickling():
    """The error can cross a process boundary (worker pools) unchanged."""
    error = pickle.loads(pickle.dumps(FormatError("x.jsonl", 2, "why")))
    assert str(error) == "x.jsonl:2: why"
