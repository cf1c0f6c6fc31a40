"""Hostile input through the CLI: one `FILE:LINE: reason` line, nothing written; --debug."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _documents(capsys, project: Path) -> int:
    code, out, _ = run(capsys, "stats", project, "--json")
    assert code == 0
    return json.loads(out)["documents"]


def _deep(depth: int) -> str:
    return '{"id": "a", "text": "x", "meta": {"a": ' + "[" * depth + "]" * depth + "}}\n"


BAD_LINES = {
    "deep.jsonl": (_deep(100_000), ":1: JSON nested too deeply"),
    "deep-valid.jsonl": (_deep(1000), ":1: JSON nested too deeply for Gloss to check"),
    "digits.jsonl": (
        '{"id": "a", "text": "hello", "layer": "bob", "spans": [{"start": '
        + "9" * 5000
        + ', "end": 3, "label": "ACTOR"}]}\n',
        ":1: number at column 66 is too large",
    ),
    "nul.jsonl": (
        json.dumps({"id": "n", "text": "\x00" * 10}) + "\n",
        ":1: document n: text is only NUL characters",
    ),
    "layer.jsonl": (
        json.dumps({"id": "l", "text": "hello", "layer": "../../x"}) + "\n",
        ":1: layer name '../../x' must not contain",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_LINES))
def test_hostile_jsonl_gets_file_line_reason_and_changes_nothing(tmp_path, capsys, name):
    """Deep nesting, a 5,000-digit offset, NUL text and a path-like layer: one line, exit 1."""
    project = tmp_path / "p.gloss"
    run(capsys, "init", project)
    path = tmp_path / name
    text, expected = BAD_LINES[name]
    path.write_text('{"id": "ok", "text": "A good first line."}\n' + text, encoding="utf-8")
    expected = expected.replace(":1:", ":2:")
    code, _, err = run(capsys, "import", project, path)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert f"gloss: error: {path}{expected}" in err
    assert _documents(capsys, project) == 0


def test_a_text_file_of_nul_characters_is_refused(tmp_path, capsys):
    """A .txt of NULs (or big-endian UTF-16) is named and refused, not stored as empty text."""
    project = tmp_path / "p.gloss"
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00" * 10)
    code, _, err = run(capsys, "import", project, path)
    assert code == 1 and f"{path}:1: document" in err and "only NUL characters" in err
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Hello".encode("utf-16-be"))
    code, _, err = run(capsys, "import", project, utf16)
    assert code == 1 and "starts with NUL (a binary or UTF-16 file?)" in err
    assert _documents(capsys, project) == 0


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_a_brat_file_name_that_is_not_utf8_is_named_and_refused(tmp_path, capsys):
    """brat pairs named with Latin-1 bytes: one line naming the file, nothing imported."""
    project = tmp_path / "p.gloss"
    folder = tmp_path / "brat"
    folder.mkdir()
    stem = os.fsencode(folder) + b"/caf\xe9"
    Path(os.fsdecode(stem + b".txt")).write_bytes(b"Hello world")
    Path(os.fsdecode(stem + b".ann")).write_bytes(b"T1\tACTOR 0 5\tHello\n")
    code, _, err = run(capsys, "init", project)
    code, _, err = run(capsys, "import", project, folder)
    assert code == 1 and err.count("\n") == 1 and "caf" in err and "not UTF-8" in err
    assert _documents(capsys, project) == 0


@pytest.mark.parametrize("layer", ["../../x", "a/b", "..", ".hidden", "c:\\x"])
def test_layer_flag_refuses_path_like_names(tmp_path, capsys, layer):
    """`--layer ../../x` is refused before anything is written."""
    project = tmp_path / "p.gloss"
    path = tmp_path / "a.txt"
    path.write_text("Some article.", encoding="utf-8")
    code, _, err = run(capsys, "import", project, path, "--layer", layer)
    assert code == 1 and "layer name" in err and err.count("\n") == 1


def test_debug_prints_the_traceback_and_the_one_line(tmp_path):
    """`gloss --debug` adds the traceback (for bug reports); without it there is none."""
    path = tmp_path / "deep.jsonl"
    path.write_text(_deep(1000), encoding="utf-8")
    command = [sys.executable, "-m", "desktop", "import", str(tmp_path / "p.gloss"), str(path)]
    plain = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    debug = subprocess.run(
        [*command[:3], "--debug", *command[3:]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert plain.returncode == debug.returncode == 1
    assert "Traceback" not in plain.stderr and plain.stderr.count("\n") == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.rstrip().splitlines()[-1] == plain.stderr.rstrip()
