"""Running the real CLI (in process and as `python -m desktop`), and projects to run it on."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from desktop.cli import main
from desktop.domain import AnnotatedDocument, Document, Relation, Span
from desktop.formats import ids
from desktop.workspace import Workspace, import_records

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: object) -> tuple[int, str, str]:
    """`gloss ARGS` in this process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def gloss(*args: object, **options) -> subprocess.CompletedProcess:
    """`python -m desktop ARGS` as a user runs it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=options.pop("timeout", 120),
        **options,
    )


def record(
    text: str,
    pieces: list[tuple[int, int, str]],
    *,
    layer: str = "alice",
    relate: bool = False,
    doc_id: str | None = None,
) -> AnnotatedDocument:
    """A record of `text` with spans at the given (start, end, label), id from the text;
    with `relate`, an `accuser` role from the first ALLEGATION to the first ACTOR."""
    doc_id = doc_id or ids.document_id(text)
    spans = tuple(
        Span(ids.span_id(doc_id, layer, s, e, label), doc_id, layer, s, e, label)
        for s, e, label in pieces
    )
    relations: tuple[Relation, ...] = ()
    head = next((s for s in spans if s.label == "ALLEGATION"), None)
    child = next((s for s in spans if s.label == "ACTOR"), None)
    if relate and head is not None and child is not None:
        rel_id = ids.relation_id(doc_id, layer, "accuser", head.id, child.id)
        relations = (Relation(rel_id, doc_id, layer, "accuser", head.id, child.id),)
    return AnnotatedDocument(Document(doc_id, text), layer, None, spans, relations)


def make_project(path: Path, records: Iterable[AnnotatedDocument]) -> Path:
    """A closed project file at `path` holding `records`."""
    ws = Workspace.open(path, create=True)
    try:
        import_records(ws, list(records))
    finally:
        ws.close()
    return path


def bare(text: str) -> AnnotatedDocument:
    """A document without annotations."""
    return AnnotatedDocument(Document(ids.document_id(text), text))


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) and the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
