"""`gloss actors` as a user runs it: the actor table as CSV."""

import csv
import io

from desktop.cli import main
from desktop.networks import COLUMNS
from tests.networks.corpus import A, B, F, make_project


def test_actor_table_csv_to_file(tmp_path, capsys):
    """-o writes one row per registry actor with the issue's columns."""
    project = tmp_path / "p.gloss"
    make_project(project)
    out = tmp_path / "actors.csv"
    assert main(["actors", str(project), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "wrote 6 actor(s)" in err
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == COLUMNS
    by_name = {r["name"]: r for r in rows}
    assert by_name[A]["accusations_made"] == "3"
    assert by_name[A]["responses_given"] == "1"
    assert (by_name[A]["first_date"], by_name[A]["last_date"]) == ("2024-01-05", "2024-03-01")
    assert by_name[B]["accusations_received"] == "4"
    assert by_name[F]["first_date"] == ""


def test_actor_table_to_stdout_with_range(tmp_path, capfdbinary):
    """Without -o the CSV goes to stdout; --from/--to restrict the counts."""
    project = tmp_path / "p.gloss"
    make_project(project)
    code = main(["actors", str(project), "--from", "2024-01-10", "--to", "2024-01-31"])
    assert code == 0
    out = capfdbinary.readouterr().out.decode("utf-8")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows[A]["accusations_made"] == "1"
    assert rows[B]["accusations_received"] == "2"


def test_actor_table_bad_date(tmp_path, capsys):
    """A bad --to is one line, exit 1."""
    project = tmp_path / "p.gloss"
    make_project(project)
    assert main(["actors", str(project), "--to", "yesterday"]) == 1
    assert "--to must be a date" in capsys.readouterr().err


def test_merge_and_split_back_by_name(tmp_path, capsys):
    """--merge A B relinks B's mentions to A; --split A B brings B back; counts add up."""
    from desktop.workspace import Workspace
    from tests.networks.corpus import C

    project = tmp_path / "p.gloss"
    make_project(project)
    assert main(["actors", str(project), "--merge", A, C]) == 0
    out = capsys.readouterr().out
    assert f"merged {C} into {A}: 3 mention(s) relinked (8 in all)" in out
    table = tmp_path / "t.csv"
    assert main(["actors", str(project), "-o", str(table)]) == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8")))}
    assert C not in rows and rows[A]["accusations_made"] == "5"
    assert main(["actors", str(project), "--split", A, C]) == 0
    assert "3 mention(s) moved, 5 stay" in capsys.readouterr().out
    ws = Workspace.open(project)
    try:
        assert {a.name for a in ws.actors()} >= {A, C}
        assert ws.can_undo() == f"Split actor {C} off {A}"
    finally:
        ws.close()


def test_merge_refusals_are_one_line(tmp_path, capsys):
    """Unknown actors and a bare --split fail with one line; the project is unchanged."""
    project = tmp_path / "p.gloss"
    make_project(project)
    capsys.readouterr()
    assert main(["actors", str(project), "--merge", A, "Nobody"]) == 1
    err = capsys.readouterr().err
    assert "no actor 'Nobody'" in err and len(err.strip().splitlines()) == 1
    assert main(["actors", str(project), "--split", A]) == 1
    assert "--split takes" in capsys.readouterr().err
    assert main(["actors", str(project), "--merge", A, A]) == 1
    assert "into itself" in capsys.readouterr().err


def test_actor_table_of_another_layer(tmp_path, capfdbinary):
    """--layer reads that layer: the sample's example layer has HRW accusing 4 times."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "seeds" / "hrw-azerbaijan-pows.jsonl"
    project = tmp_path / "s.gloss"
    assert main(["import", str(project), str(sample)]) == 0
    capfdbinary.readouterr()
    assert main(["actors", str(project), "--layer", "example", "-o", "-"]) == 0
    out = capfdbinary.readouterr().out.decode("utf-8")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["Human Rights Watch"]["accusations_made"] == "4"
    assert rows["Azerbaijani forces"]["accusations_received"] == "2"
    assert main(["actors", str(project), "-o", "-"]) == 0  # the annotator's empty layer
    out = capfdbinary.readouterr().out.decode("utf-8")
    assert all(r["accusations_made"] == "0" for r in csv.DictReader(io.StringIO(out)))
