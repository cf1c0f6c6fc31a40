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
