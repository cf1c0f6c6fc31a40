"""Round trips through the formats INCEpTION, QDA software, spaCy and Prodigy read.

Each keeps, exactly, what it can carry over texts with emoji, ZWJ sequences, combining
marks, CRLF and right-to-left scripts, and reports the rest.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from desktop.domain import Actor, AnnotatedDocument, Document
from desktop.formats import prodigy, qdpx, registry, xmi
from desktop.formats.errors import FormatError
from desktop.formats.losses import Losses
from tests.formats.samples import TRICKY, annotated, links, triples

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


#: Document metadata as tricky as the texts: every JSON type, CRLF, controls, RTL, ZWJ.
META = {
    "source": "wire 😀\r\nהצבא",
    "plain": "Reuters",
    "words": 3,
    "score": 1.5,
    "checked": True,
    "missing": None,
    "tags": [1, "cafe\u0301"],
    "by": {"family": "👩‍👩‍👧", "الجيش": "x"},
    "control": "a\x01b\tc",
    "": "an empty key",
}


def _with_state(record: AnnotatedDocument, status: str) -> AnnotatedDocument:
    """`record` with a status and META on its document."""
    return replace(record, status=status, document=replace(record.document, meta=META))


def _rich(name: str) -> AnnotatedDocument:
    """The tricky record with a title, and an attribute, actor link, note and unsure flag on
    its first span."""
    text, pieces = TRICKY[name]
    record = annotated(text, pieces, layer="alice", doc_id=f"doc-{name}")
    first = record.spans[0].with_changes(
        attrs={"kind": "NGO or IGO"}, actor_id="act-1", note="seen 😀\r\nהצבא", unsure=True
    )
    document = replace(record.document, title=f"Title {name}")
    return replace(
        record,
        document=document,
        spans=(first, *record.spans[1:]),
        actors=(Actor("act-1", "Human Rights Watch"),),
    )


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_xmi_round_trip_keeps_everything(tmp_path, name):
    """XMI keeps text, ids, labels, attributes, actor links, notes, unsure flags, roles
    (offsets via UTF-16), each layer's status and the document's meta."""
    record = _with_state(_rich(name), "done")
    other = annotated(*TRICKY[name], layer="bob", relate=False, doc_id=f"doc-{name}")
    other = replace(other, status="in_progress", document=record.document)
    losses = Losses()
    assert xmi.write(tmp_path / "out", [record, other], losses=losses) == 2
    assert not losses
    back = {r.layer: r for r in xmi.read_path(tmp_path / "out", default_layer="x")}
    assert set(back) == {"alice", "bob"}
    assert back["alice"] == replace(record, source=back["alice"].source, line=1)
    assert back["bob"].status == "in_progress" and back["bob"].document == record.document
    assert back["bob"].spans == other.spans


def test_xmi_writes_documents_nobody_annotated(tmp_path):
    """A document with no layer is written too (text and meta), beside the layer folders."""
    alice = annotated(*TRICKY["arabic"], layer="alice", doc_id="doc-a")
    bob = annotated(*TRICKY["emoji"], layer="bob", relate=False, doc_id="doc-a")
    bob = replace(bob, document=alice.document, spans=())
    text = TRICKY["crlf"][0]
    bare = AnnotatedDocument(Document("doc-bare", text, "Bare ש", META))
    assert xmi.write(tmp_path / "out", [alice, bob, bare]) == 3
    assert (tmp_path / "out" / "doc-bare.xmi").is_file()
    back = {(r.document.id, r.layer) for r in xmi.read_path(tmp_path / "out", default_layer="x")}
    assert back == {("doc-a", "alice"), ("doc-a", "bob"), ("doc-bare", "x")}
    (again,) = [r for r in xmi.read_path(tmp_path / "out") if r.document.id == "doc-bare"]
    assert again.document == bare.document and again.layer is None


def test_xmi_without_status_or_meta_writes_no_gloss_document(tmp_path):
    """A record with neither status nor meta adds nothing for INCEpTION to skip."""
    xmi.write(tmp_path / "out", [annotated("HRW said", [("HRW", "ACTOR")], relate=False)])
    (path,) = (tmp_path / "out").glob("*.xmi")
    assert "GlossDocument" not in path.read_text("utf-8")
    (back,) = xmi.read_path(tmp_path / "out", default_layer="alice")
    assert back.status is None and back.document.meta == {}


def test_xmi_bad_gloss_document_meta_is_refused(tmp_path):
    """Meta that is not a JSON object: one line naming the file, nothing imported."""
    xmi.write(tmp_path / "out", [_with_state(_rich("emoji"), "done")])
    (path,) = (tmp_path / "out").glob("*.xmi")
    text = path.read_text("utf-8")
    start = text.index('meta="') + len('meta="')
    path.write_text(text[:start] + "[1]" + text[text.index('"', start) :], "utf-8")
    with pytest.raises(FormatError, match="GlossDocument meta is not a JSON object"):
        list(xmi.read_path(tmp_path / "out", default_layer="alice"))


def test_xmi_offsets_are_utf16_in_the_file(tmp_path):
    """An emoji counts two UTF-16 units in the XMI file, one code point in Gloss."""
    record = annotated("😀 HRW said", [("HRW", "ACTOR")], relate=False)
    xmi.write(tmp_path / "out", [record])
    (path,) = (tmp_path / "out").glob("*.xmi")
    assert 'begin="3" end="6"' in path.read_text("utf-8")
    (back,) = xmi.read_path(tmp_path / "out", default_layer="alice")
    assert triples(back) == [(2, 5, "ACTOR", "HRW")]


def test_xmi_folder_has_type_system_and_inception_readme(tmp_path):
    """The folder holds TypeSystem.xml with the custom layers and a README for INCEpTION."""
    xmi.write(tmp_path / "out", [_rich("emoji")])
    types = (tmp_path / "out" / "TypeSystem.xml").read_text("utf-8")
    assert "webanno.custom.GlossSpan" in types and "webanno.custom.GlossRole" in types
    assert "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity" in types
    readme = (tmp_path / "out" / "README.md").read_text("utf-8")
    assert "INCEpTION" in readme and "`a_kind` = kind" in readme


def test_xmi_reads_dkpro_files_with_emoji():
    """dkpro-core's own XMI: a NamedEntity after an emoji lands on the emoji."""
    records = list(xmi.read_path(FIXTURES / "xmi", default_layer="me"))
    found = {
        r.layer: [(s.label, r.document.text[s.start : s.end]) for s in r.spans] for r in records
    }
    assert found == {
        "emoji": [("NamedEntity", "😊")],
        "multitoken": [("PERSON", "This is a test .")],
    }


def test_webanno_tsv_reads_dkpro_files():
    """WebAnno TSV 3.3: UTF-16 offsets past an emoji, multi-token spans."""
    emoji, _ = _read("webanno", FIXTURES / "webanno" / "emoji.tsv")
    assert emoji.document.text == "I like it 😊 ."
    assert [(s.label, emoji.document.text[s.start : s.end]) for s in emoji.spans] == [
        ("Span", "😊")
    ]
    multi, _ = _read("webanno", FIXTURES / "webanno" / "multitoken.tsv")
    assert [(s.label, multi.document.text[s.start : s.end]) for s in multi.spans] == [
        ("PERSON", "This is a test .")
    ]


def test_webanno_tsv_relations_and_chains(tmp_path):
    """A relation row links two annotations; a chain layer is reported as not carried."""
    path = tmp_path / "rel.tsv"
    path.write_text(
        "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n"
        "#T_RL=webanno.custom.Relation|value|BT_webanno.custom.Span\n"
        "#T_CH=webanno.custom.Link|referenceRelation|referenceType\n\n\n"
        "#Text=HRW 😀 accused הצבא .\n"
        "1-1\t0-3\tHRW\tACTOR[1]\t_\t_\t*->1-1\t*[1]\n"
        "1-2\t4-6\t😀\t_\t_\t_\t_\t_\n"
        "1-3\t7-14\taccused\tALLEGATION\taccuser\t1-1[1_0]\t_\t_\n"
        "1-4\t15-19\tהצבא\t_\t_\t_\t_\t_\n"
        "1-5\t20-21\t.\t_\t_\t_\t_\t_\n",
        "utf-8",
    )
    record, losses = _read("webanno", path)
    assert triples(record) == [(0, 3, "ACTOR", "HRW"), (6, 13, "ALLEGATION", "accused")]
    assert links(record) == [("accuser", (0, 3), (6, 13))]
    assert losses.counts() == {"chain layer": 1}


def _read(fmt: str, path: Path) -> tuple[AnnotatedDocument, Losses]:
    losses = Losses()
    reader = registry.by_name(fmt).reader
    assert reader is not None
    (record,) = reader(path, default_layer="me", losses=losses)
    return record, losses


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_qdpx_round_trip_keeps_spans_attributes_roles_and_coders(tmp_path, name):
    """REFI-QDA keeps text, document id, title, meta, spans, attributes, roles and status
    per coder."""
    record = _with_state(_rich(name), "done")
    other = annotated(*TRICKY[name], layer="bob", relate=False, doc_id=f"doc-{name}")
    other = replace(other, status="in_progress", document=record.document)
    silent = annotated(*TRICKY[name], layer="carol", relate=False, doc_id=f"doc-{name}")
    silent = replace(silent, spans=(), status="new", document=record.document)
    losses = Losses()
    path = tmp_path / "p.qdpx"
    assert qdpx.write_path(path, [record, other, silent], losses=losses) == 3
    assert losses.counts() == {"actor link": 1, "note": 1, "unsure flag": 1}
    back = {r.layer: r for r in qdpx.read_path(path, default_layer="x")}
    assert set(back) == {"alice", "bob", "carol"}
    assert {layer: r.status for layer, r in back.items()} == {
        "alice": "done",
        "bob": "in_progress",
        "carol": "new",
    }
    assert back["alice"].document == record.document
    assert back["alice"].document.meta == META and not back["carol"].spans
    assert triples(back["alice"]) == triples(record)
    assert links(back["alice"]) == links(record)
    assert [s.attrs for s in back["alice"].spans] == [s.attrs for s in record.spans]
    assert triples(back["bob"]) == triples(other) and not back["bob"].relations


def test_qdpx_project_validates_against_the_refi_qda_schema(tmp_path):
    """project.qde validates against REFI-QDA's Project.xsd (as QualCoder ships it)."""
    etree = pytest.importorskip("lxml.etree")
    records = [_with_state(_rich(name), "done") for name in sorted(TRICKY)]
    qdpx.write_path(tmp_path / "p.qdpx", records)
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        project = etree.fromstring(archive.read("project.qde"))
        assert len([n for n in archive.namelist() if n.startswith("Sources/")]) == len(TRICKY)
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "qdpx" / "Project-mrt2019.xsd")))
    assert schema.validate(project), schema.error_log
    assert len(project.findall(f".//{{{qdpx.NS}}}Link")) == len(TRICKY)
    # One variable per meta key and one for alice's status, a value of each per source.
    assert len(project.findall(f".//{{{qdpx.NS}}}Variable")) == len(META) + 1
    assert len(project.findall(f".//{{{qdpx.NS}}}VariableValue")) == (len(META) + 1) * len(TRICKY)


def test_qdpx_reads_other_programs_document_variables(tmp_path):
    """Typed variables QDA software set on a source join the document's meta."""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{qdpx.NS}" name="p">
 <Variables>
  <Variable guid="00000000-0000-0000-0000-000000000001" name="year" typeOfVariable="Integer"/>
  <Variable guid="00000000-0000-0000-0000-000000000002" name="coded" typeOfVariable="Boolean"/>
  <Variable guid="00000000-0000-0000-0000-000000000003" name="outlet" typeOfVariable="Text"/>
  <Variable guid="00000000-0000-0000-0000-000000000004" name="weight" typeOfVariable="Float"/>
 </Variables>
 <Sources>
  <TextSource guid="00000000-0000-0000-0000-0000000000aa" name="one">
   <PlainTextContent>الجيش 😀 said</PlainTextContent>
   <VariableValue><VariableRef targetGUID="00000000-0000-0000-0000-000000000001"/>
    <IntegerValue>2024</IntegerValue></VariableValue>
   <VariableValue><VariableRef targetGUID="00000000-0000-0000-0000-000000000002"/>
    <BooleanValue>true</BooleanValue></VariableValue>
   <VariableValue><VariableRef targetGUID="00000000-0000-0000-0000-000000000003"/>
    <TextValue>Al Jazeera</TextValue></VariableValue>
   <VariableValue><VariableRef targetGUID="00000000-0000-0000-0000-000000000004"/>
    <FloatValue>0.25</FloatValue></VariableValue>
  </TextSource>
 </Sources>
</Project>"""
    path = tmp_path / "other.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
    (record,) = qdpx.read_path(path, default_layer="me")
    assert record.document.text == "الجيش 😀 said" and record.status is None
    assert record.document.meta == {
        "year": 2024,
        "coded": True,
        "outlet": "Al Jazeera",
        "weight": 0.25,
    }


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_prodigy_round_trip_keeps_spans_roles_and_tokens(name):
    """Prodigy keeps text, id, title, layer, spans and roles; attributes are reported."""
    record = _rich(name)
    stream = io.BytesIO()
    losses = Losses()
    assert prodigy.write(stream, [record], losses=losses) == 1
    assert losses.counts() == {"attribute": 1, "actor link": 1, "note": 1, "unsure flag": 1}
    line = stream.getvalue()
    import orjson

    task = orjson.loads(line)
    assert task["answer"] == "accept"
    text = record.document.text
    for span in task["spans"]:
        tokens = task["tokens"][span["token_start"] : span["token_end"] + 1]
        assert tokens[0]["start"] == span["start"] and tokens[-1]["end"] == span["end"]
        assert text[span["start"] : span["end"]] == span["text"]
    (back,) = prodigy.read(io.BytesIO(line), default_layer="x")
    assert back.document == replace(record.document, meta={})
    assert back.layer == "alice"
    assert triples(back) == triples(record) and links(back) == links(record)


def test_prodigy_reject_and_ignore_are_counted_not_imported():
    """Rejected and ignored answers are skipped and counted; a repeated line collapses."""
    data = (
        b'{"text": "HRW said", "spans": [{"start": 0, "end": 3, "label": "ACTOR"}], '
        b'"answer": "accept"}\n'
        b'{"text": "HRW said", "spans": [{"start": 0, "end": 3, "label": "ACTOR"}], '
        b'"answer": "accept"}\n'
        b'{"text": "HRW said", "spans": [{"start": 4, "end": 8, "label": "X"}], '
        b'"answer": "reject"}\n'
        b'{"text": "other", "answer": "ignore"}\n'
    )
    losses = Losses()
    records = list(prodigy.read(io.BytesIO(data), default_layer="me", losses=losses))
    assert sum(len(r.spans) for r in records) == 1
    assert losses.counts(lost=False) == {
        "reject answer": 1,
        "ignore answer": 1,
        "duplicate span": 1,
    }


def test_label_studio_json_min_and_left_out_results(tmp_path):
    """JSON-MIN rows are read (regions, document choice, annotator); image results counted."""
    text = "HRW 😀 accused הצבא."
    rows = [
        {
            "text": text,
            "id": 7,
            "label": [{"start": 0, "end": 3, "text": "HRW", "labels": ["ACTOR"]}],
            "sentiment": "Negative",
            "annotator": "a@x",
            "annotation_id": 3,
        }
    ]
    path = tmp_path / "min.json"
    path.write_bytes(orjson.dumps(rows))
    record, losses = _read("labelstudio", path)
    assert record.layer == "a@x" and triples(record) == [(0, 3, "ACTOR", "HRW")]
    assert record.document.meta["choices"] == {"a@x": {"sentiment": "Negative"}}
    assert not losses
    full = [
        {
            "data": {"text": text},
            "annotations": [
                {
                    "completed_by": 1,
                    "result": [
                        {"type": "rectanglelabels", "value": {"x": 1, "rectanglelabels": ["C"]}}
                    ],
                }
            ],
            "predictions": [{"model_version": "m1", "result": []}],
        }
    ]
    path.write_bytes(orjson.dumps(full))
    record, losses = _read("labelstudio", path)
    assert record.spans == ()
    assert losses.counts() == {"rectanglelabels result": 1, "prediction": 1}


def test_qdpx_is_written_as_records_pass_and_refuses_scattered_records(tmp_path):
    """The writer streams: it reads the records once, one at a time (a generator that
    checks nothing ran ahead), and a document whose records are not together is refused
    with a one-line reason instead of being written twice."""
    records = [_with_state(_rich(name), "done") for name in sorted(TRICKY)]
    taken: list[int] = []

    def one_by_one():
        for number, record in enumerate(records):
            taken.append(number)
            yield record

    assert qdpx.write_path(tmp_path / "p.qdpx", one_by_one()) == len(records)
    assert taken == list(range(len(records)))
    back = list(qdpx.read_path(tmp_path / "p.qdpx", default_layer="x"))
    assert [r.document.id for r in back] == [r.document.id for r in records]
    scattered = [records[0], records[1], replace(records[0], layer="bob")]
    with pytest.raises(FormatError, match="its records must come together"):
        qdpx.write_path(tmp_path / "q.qdpx", scattered)
    assert not (tmp_path / "q.qdpx").exists()


def test_a_spool_gives_back_every_record_exactly_in_order():
    """Records kept in the temporary file come back equal, in order, as often as asked."""
    from desktop.formats.files import Spool

    records = [_with_state(_rich(name), "done") for name in sorted(TRICKY)]
    with Spool() as spool:
        for record in records:
            spool.add(record)
        assert list(spool.replay()) == records
        assert list(spool.replay()) == records
        assert spool.count == len(records)


def test_xmi_names_documents_apart_in_linear_time(tmp_path):
    """Ids that make the same file name get distinct files (the check is a set lookup)."""
    text = "Rebels 👩‍👩‍👧 accused the army."
    ids = ["a/b", "a_b", "a?b", "a b"]  # all four are a_b once made safe
    records = [annotated(text, [], layer="alice", relate=False, doc_id=i) for i in ids]
    assert xmi.write(tmp_path / "x", records) == 4
    names = sorted(p.name for p in (tmp_path / "x").glob("*.xmi"))
    assert len(names) == 4 and "a_b.xmi" in names
    back = sorted(r.document.id for r in xmi.read_path(tmp_path / "x", default_layer="alice"))
    assert back == sorted(ids)
