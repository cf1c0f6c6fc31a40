"""The headless CLI: every command, one-line failures, and documentation."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "hrw-azerbaijan-pows.txt"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    """--version prints the package version."""
    code, out, _ = run(capsys, "--version")
    assert code == 0 and __version__ in out


def test_init_import_stats_export_check(tmp_path, capsys):
    """A project made from the sample article exports it back exactly."""
    project = tmp_path / "p.gloss"
    assert run(capsys, "init", project)[0] == 0
    code, out, _ = run(capsys, "import", project, SAMPLE)
    assert code == 0 and "1 new document" in out
    code, out, _ = run(capsys, "stats", project, "--json")
    assert code == 0 and json.loads(out)["documents"] == 1
    out_file = tmp_path / "out.jsonl"
    assert run(capsys, "export", project, "-o", out_file)[0] == 0
    (line,) = out_file.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["text"] == SAMPLE.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "check", project)
    assert code == 0 and out.strip().endswith("ok")


def test_reimport_changes_nothing(tmp_path, capsys):
    """Importing the same file twice adds nothing the second time."""
    project = tmp_path / "p.gloss"
    run(capsys, "import", project, SAMPLE)
    code, out, _ = run(capsys, "import", project, SAMPLE)
    assert code == 0 and "0 new document" in out and "1 already present" in out


def test_export_to_stdout(tmp_path, capfdbinary):
    """-o - writes JSONL to standard output."""
    project = tmp_path / "p.gloss"
    assert main(["import", str(project), str(SAMPLE)]) == 0
    capfdbinary.readouterr()
    assert main(["export", str(project), "-o", "-"]) == 0
    out = capfdbinary.readouterr().out
    assert json.loads(out.splitlines()[0])["title"] == "hrw-azerbaijan-pows"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "{tmp}/missing.gloss"], "no such project file"),
        (["import", "{tmp}/p.gloss", "{tmp}/missing.jsonl"], "no such file"),
        (["check", "{tmp}/notes.txt"], "not a Gloss project"),
        (["init", "{tmp}/notes.txt"], "already exists"),
    ],
)
def test_failures_are_one_line(tmp_path, capsys, args, message):
    """Failures exit non-zero with one line on stderr and no traceback."""
    (tmp_path / "notes.txt").write_text("plain notes")
    code, _, err = run(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == 1
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_bad_jsonl_names_file_and_line_and_changes_nothing(tmp_path, capsys):
    """A bad record aborts the import with file:line and leaves the project as it was."""
    project = tmp_path / "p.gloss"
    run(capsys, "import", project, SAMPLE)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "fine"}\n{"text": "oops", "spans": [{"start": 0, "end": 99, '
        '"label": "ACTOR"}], "layer": "x"}\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", project, bad)
    assert code == 1 and f"{bad}:2:" in err
    code, out, _ = run(capsys, "stats", project, "--json")
    assert json.loads(out)["documents"] == 1


def test_skip_bad_imports_the_good_records(tmp_path, capsys):
    """--skip-bad imports the good lines and lists the bad ones."""
    project = tmp_path / "p.gloss"
    bad = tmp_path / "mixed.jsonl"
    bad.write_text('{"text": "fine"}\n{not json}\n{"text": "also fine"}\n', encoding="utf-8")
    code, out, err = run(capsys, "import", project, bad, "--skip-bad")
    assert code == 0 and "2 new document" in out and f"{bad}:2:" in err


def test_module_entry_point_runs_without_traceback(tmp_path):
    """`python -m desktop` is the same program; errors stay one line."""
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "stats", str(tmp_path / "none.gloss")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("gloss: error:") and "Traceback" not in result.stderr


def test_every_command_is_documented_in_the_readme():
    """Each CLI subcommand appears in the README's command table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"`gloss {name}" in readme, name


SEED = ROOT / "seeds" / "hrw-azerbaijan-pows.jsonl"


@pytest.mark.parametrize(
    ("fmt", "target"),
    [
        ("doccano", "out.doccano.jsonl"),
        ("labelstudio", "out.json"),
        ("brat", "brat-out"),
        ("conll", "out.conll"),
    ],
)
def test_export_then_import_other_formats(tmp_path, capsys, fmt, target):
    """The annotated sample goes out in each format and comes back with the same spans."""
    source = tmp_path / "src.gloss"
    run(capsys, "import", source, SEED)
    out = tmp_path / target
    code, _, err = run(capsys, "export", source, "-o", out, "--format", fmt, "--layer", "example")
    assert code == 0, err
    back = tmp_path / "back.gloss"
    code, _, err = run(capsys, "import", back, out, "--format", fmt, "--layer", "example")
    assert code == 0, err
    from desktop.workspace import Workspace

    original, copy = Workspace.open(source), Workspace.open(back)
    try:
        (doc_id,) = original._project.documents.ids()
        text = original.document(doc_id).text
        (copy_id,) = copy._project.documents.ids()
        assert copy.document(copy_id).text == text
        want = {(s.start, s.end, s.label) for s in original.spans(doc_id, "example")}
        got = {(s.start, s.end, s.label) for s in copy.spans(copy_id, "example")}
        if fmt == "conll":  # BIO keeps only the outermost of nested spans
            assert got <= want and len(got) >= len(want) - 8
        else:
            assert got == want
    finally:
        original.close()
        copy.close()


def test_folder_format_refuses_stdout(tmp_path, capfdbinary):
    """A folder format cannot be written to standard output: one line, non-zero."""
    project = tmp_path / "p.gloss"
    assert main(["import", str(project), str(SEED)]) == 0
    capfdbinary.readouterr()
    assert main(["export", str(project), "-o", "-", "--format", "brat"]) == 1
    assert b"standard output" in capfdbinary.readouterr().err
