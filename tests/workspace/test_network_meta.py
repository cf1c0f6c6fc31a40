"""Document metadata (date, source, author, URL) arrives from every format that carries it."""

import json

from desktop.networks import document_date
from desktop.workspace import Workspace, import_paths

TEXT = "Rights group accused the army 👩‍👩‍👧 of abuse.\r\nשלום e\u0301"
META = {"date": "2023-05-04", "source": "Wire", "author": "Ann Lee", "url": "https://x.test/a"}


def test_meta_from_jsonl_doccano_and_labelstudio(tmp_path):
    """Native/Prodigy `meta`, doccano extra keys and Label Studio `data` keys become meta."""
    native = tmp_path / "native.jsonl"
    native.write_text(json.dumps({"text": TEXT, "meta": META}) + "\n", encoding="utf-8")
    doccano = tmp_path / "one.doccano.jsonl"
    doccano.write_text(
        json.dumps({"text": TEXT + " 2", "label": [], **META}) + "\n", encoding="utf-8"
    )
    studio = tmp_path / "tasks.json"
    studio.write_text(
        json.dumps([{"id": 7, "data": {"text": TEXT + " 3", **META}, "annotations": []}]),
        encoding="utf-8",
    )
    ws = Workspace.open(None)
    try:
        report = import_paths(ws, [native, doccano, studio])
        assert report.documents_added == 3
        metas = [ws.document(doc_id).meta for doc_id in ws._project.documents.ids()]
        for meta in metas:
            assert {k: meta[k] for k in META} == META
            assert document_date(meta).isoformat() == "2023-05-04"
    finally:
        ws.close()
