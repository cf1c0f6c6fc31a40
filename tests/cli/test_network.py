"""`gloss network` as a user runs it: every kind and format, ranges, windows, bad input."""

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from desktop.cli import main
from desktop.cli.network import KINDS as CLI_KINDS
from desktop.networks import KINDS
from tests.networks.corpus import A, B, C, E, make_project

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "seeds" / "hrw-azerbaijan-pows.jsonl"


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "corpus.gloss"
    make_project(path)
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def names(graph) -> dict[tuple[str, str], float]:
    label = nx.get_node_attributes(graph, "label")
    result = {}
    for u, v, data in graph.edges(data=True):
        key = (label[u], label[v])
        result[key if graph.is_directed() else tuple(sorted(key))] = data["weight"]
    return result


def test_cli_kinds_match_the_library():
    """The CLI offers exactly the kinds the library builds."""
    assert CLI_KINDS == KINDS


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("accusations", {(A, B): 2, (C, B): 2, (E, A): 1, (A, E): 1}),
        ("responses", {(C, A): 1, (E, C): 1, (E, A): 1, (A, E): 1}),
        ("victims", {(B, "Villagers"): 1}),
        ("co-accusation", {tuple(sorted((A, C))): 4}),
        ("conflict", {tuple(sorted(p)): w for p, w in (((A, C), 1), ((C, E), 1), ((A, E), 2))}),
        (
            "actor-category",
            {
                (A, "torture"): 1,
                (A, "killing"): 1,
                (A, "abuse or mistreatment"): 1,
                (C, "killing"): 1,
                (C, "war crime"): 1,
                (E, "corruption"): 1,
            },
        ),
    ],
)
def test_every_kind_to_graphml_reads_back(project, tmp_path, capsys, kind, expected):
    """Each kind written as GraphML is read back by networkx with the known weights."""
    out = tmp_path / f"{kind}.graphml"
    code, _, err = run(capsys, "network", project, "--kind", kind, "-o", out)
    assert code == 0, err
    graph = nx.read_graphml(out)
    assert names(graph) == expected
    assert f"wrote {kind} network" in err
    assert "left out 1 actor span(s)" in err and "'someone' as victim" in err


def test_graphml_is_plain_and_typed(project, tmp_path, capsys):
    """Keys declare types; provenance lists are JSON strings; counts stay integers."""
    out = tmp_path / "acc.graphml"
    assert run(capsys, "network", project, "--kind", "accusations", "-o", out)[0] == 0
    text = out.read_text(encoding="utf-8")
    assert 'attr.name="weight" attr.type="long"' in text
    assert 'attr.name="mentions" attr.type="long"' in text
    assert "yfiles" not in text
    graph = nx.read_graphml(out)
    (edge,) = [d for u, v, d in graph.edges(data=True) if graph.nodes[u]["label"] == E]
    assert json.loads(edge["documents"]) == ["n3"]
    assert edge["category:corruption"] == 1
    assert json.loads(graph.nodes[next(iter(graph.nodes))]["aliases"])


def test_gexf_reads_back(project, tmp_path, capsys):
    """A static GEXF opens in networkx with its weights and labels."""
    out = tmp_path / "acc.gexf"
    assert run(capsys, "network", project, "--kind", "accusations", "-o", out)[0] == 0
    graph = nx.read_gexf(out)
    assert names(graph) == {(A, B): 2, (C, B): 2, (E, A): 1, (A, E): 1}


def test_csv_edge_list(project, tmp_path, capsys):
    """CSV: source, target, weight, then ids and attribute columns."""
    out = tmp_path / "acc.csv"
    assert run(capsys, "network", project, "--kind", "accusations", "-o", out)[0] == 0
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:5] == ["source", "target", "weight", "source_id", "target_id"]
    assert {(r["source"], r["target"]): int(r["weight"]) for r in rows} == {
        (A, B): 2,
        (C, B): 2,
        (E, A): 1,
        (A, E): 1,
    }
    row = next(r for r in rows if (r["source"], r["target"]) == (A, B))
    assert row["category:torture"] == "1" and row["category:war crime"] == ""
    assert json.loads(row["dates"]) == ["2024-01-05", "2024-01-20"]


def test_json_node_link(project, tmp_path, capsys):
    """JSON is node-link; networkx rebuilds the graph; lists stay lists."""
    out = tmp_path / "co.json"
    args = ("network", project, "--kind", "co-accusation", "--normalize", "cosine", "-o", out)
    assert run(capsys, *args)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="links")
    ((_, _, edge),) = graph.edges(data=True)
    assert edge["weight"] == pytest.approx(4 / 6) and edge["raw_weight"] == 4
    assert edge["targets"] == [B]
    assert data["graph"]["normalize"] == "cosine"


def test_from_to_and_isolates(project, tmp_path, capsys):
    """--from/--to restrict the documents; --isolates keeps every actor."""
    out = tmp_path / "jan.graphml"
    code, _, err = run(
        capsys,
        "network",
        project,
        "--kind",
        "accusations",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-31",
        "--isolates",
        "-o",
        out,
    )
    assert code == 0, err
    graph = nx.read_graphml(out)
    assert names(graph) == {(A, B): 2, (C, B): 1}
    assert graph.number_of_nodes() == 6
    assert "left out 1 document(s) without a date" in err
    assert "left out 2 document(s) dated outside the range" in err


def test_window_to_dynamic_gexf(project, tmp_path, capsys):
    """--window/--step into one GEXF: spells per window, dynamic window weights."""
    out = tmp_path / "win.gexf"
    code, _, err = run(
        capsys,
        "network",
        project,
        "--kind",
        "accusations",
        "--window",
        "30d",
        "--step",
        "15d",
        "-o",
        out,
    )
    assert code == 0, err
    assert "wrote 4 window(s)" in err
    text = out.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    graph = nx.read_gexf(out)
    label = nx.get_node_attributes(graph, "label")
    spells = {(label[u], label[v]): d["spells"] for u, v, d in graph.edges(data=True)}
    assert spells[(A, B)] == [("2024-01-05", "2024-01-19"), ("2024-01-20", "2024-02-03")]
    assert spells[(E, A)] == [("2024-02-04", "2024-02-18"), ("2024-02-19", "2024-03-19")]
    weights = {(label[u], label[v]): d["window_weight"] for u, v, d in graph.edges(data=True)}
    assert weights[(A, B)] == [(2.0, "2024-01-05", "2024-01-19"), (1.0, "2024-01-20", "2024-02-03")]


def test_window_to_folder(project, tmp_path, capsys):
    """--window into a folder writes one file per window in --format."""
    out = tmp_path / "windows"
    args = ("network", project, "--kind", "victims", "--window", "1m", "-o", out)
    code, _, err = run(capsys, *args, "--format", "csv")
    assert code == 0, err
    files = sorted(p.name for p in out.iterdir())
    assert files == ["2024-01-05_2024-02-04.csv", "2024-02-05_2024-03-04.csv"]
    first = (out / files[0]).read_text(encoding="utf-8").splitlines()
    assert first[1].startswith(f"{B},Villagers,1,")
    assert len((out / files[1]).read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--from", "2024-13-01"), "--from must be a date like 2020-11-25"),
        (("--from", "2024-02-01", "--to", "2024-01-01"), "is before --from"),
        (("--step", "7d"), "--step needs --window"),
        (("--window", "thirty"), "--window must be a positive number"),
        (("--window", "0d"), "--window must be a positive number"),
        (("--normalize", "average"), "--normalize applies to co-accusation and conflict"),
        (("--window", "7d", "-o", "x.csv"), "OUT is a .gexf file or a folder"),
    ],
)
def test_bad_input_is_one_line(project, tmp_path, capsys, extra, message):
    """Bad flags fail with one line and no traceback; nothing is written."""
    out = tmp_path / "net.graphml"
    args = ["network", project, "--kind", "accusations", "-o", out, *extra]
    code, _, err = run(capsys, *args)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_unknown_extension(project, tmp_path, capsys):
    """An output without a known extension names the formats."""
    code, _, err = run(capsys, "network", project, "--kind", "victims", "-o", tmp_path / "x.txt")
    assert code == 1 and ".graphml, .gexf, .csv, .json" in err


def test_sample_gives_hrw_accusing_azerbaijani_forces(tmp_path, capsys):
    """The annotated sample (layer example): Human Rights Watch -> Azerbaijani forces."""
    project = tmp_path / "sample.gloss"
    assert run(capsys, "import", project, SAMPLE)[0] == 0
    out = tmp_path / "sample.graphml"
    code, _, err = run(
        capsys, "network", project, "--kind", "accusations", "--layer", "example", "-o", out
    )
    assert code == 0, err
    graph = nx.read_graphml(out)
    edges = names(graph)
    assert edges[("Human Rights Watch", "Azerbaijani forces")] == 2
    assert edges[("Hugh Williamson", "Azerbaijan")] == 1
    code, _, err = run(capsys, "network", project, "--kind", "accusations", "-o", out)
    assert code == 0 and "has no annotations; other layers: example (--layer)" in err
    out = tmp_path / "sample.gexf"
    args = ("network", project, "--kind", "responses", "--layer", "example", "-o", out)
    assert run(capsys, *args)[0] == 0
    assert names(nx.read_gexf(out))[("Hikmat Hajiyev", "Human Rights Watch")] == 2
