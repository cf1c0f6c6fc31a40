"""`gloss --self-test`: prove an installed Gloss works, end to end, in a temporary folder.

Creates a project, imports the sample, adds and removes a span, exports, reopens, renders
the window offscreen, loads the dashboard's charts, and prints one line of JSON. Nothing
outside the temporary folder is touched except the log file.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.cli.common import EXIT_FAIL, EXIT_OK


class SelfTestFailure(Exception):
    """A step of the self-test found something wrong; the message names it."""


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def _annotate_and_export(folder: Path, summary: dict[str, Any]) -> Path:
    """Import the sample, add and remove a span, export; returns the project file."""
    from desktop.workspace import Workspace, check, export_jsonl, export_records, import_paths
    from desktop.workspace.project_files import seed_files

    project = folder / "self-test.gloss"
    ws = Workspace.open(project, create=True)
    try:
        seeds = seed_files()
        _expect(bool(seeds), "no sample articles shipped")
        report = import_paths(ws, seeds)
        summary["documents"] = report.documents_added
        summary["spans_imported"] = report.spans_added
        _expect(report.documents_added > 0, "the sample import added no document")

        doc = next(export_records(ws)).document
        first_word_end = len(doc.text.split(" ", 1)[0]) or 1
        before = len(ws.spans(doc.id))
        change = ws.add_span(doc.id, 0, first_word_end, "ACTOR")
        (span_id,) = change.span_ids
        _expect(len(ws.spans(doc.id)) == before + 1, "the added span is not stored")
        ws.remove_span(span_id)
        _expect(len(ws.spans(doc.id)) == before, "the removed span is still stored")
        summary["span_added_and_removed"] = True

        out = folder / "export.jsonl"
        summary["exported_records"] = export_jsonl(ws, out)
        lines = out.read_bytes().splitlines()
        _expect(len(lines) == summary["exported_records"], "export line count differs")
        texts = {json.loads(line)["text"] for line in lines}
        _expect(doc.text in texts, "the exported text differs from the stored text")
        summary["problems"] = len(check(ws))
    finally:
        ws.close()
    return project


def _reopen(project: Path, summary: dict[str, Any]) -> None:
    """Open the closed project again and count what is in it."""
    from desktop.workspace import Workspace, stats

    ws = Workspace.open(project)
    try:
        data = stats(ws)
    finally:
        ws.close()
    spans = sum(n for labels in data["spans"].values() for n in labels.values())
    summary["reopened_documents"] = data["documents"]
    summary["reopened_spans"] = spans
    _expect(data["documents"] == summary["documents"], "documents differ after reopening")
    _expect(spans == summary["spans_imported"], "spans differ after reopening")


def _render_window(project: Path, folder: Path, summary: dict[str, Any]) -> None:
    """Open the window on the project and paint it to a PNG (Qt and its plugins load)."""
    from desktop.cli.window import run_gui

    png = folder / "window.png"
    code = run_gui(project, png)
    _expect(code == 0 and png.exists(), "the window could not be rendered")
    summary["window_png_bytes"] = png.stat().st_size


def _load_charts(summary: dict[str, Any]) -> None:
    """The dashboard's chart stack (numpy, pyqtgraph), loaded only on demand, imports."""
    import desktop.ui.dashboard.dashboard  # noqa: F401

    loaded = [name for name in ("numpy", "pyqtgraph") if name in sys.modules]
    _expect(len(loaded) == 2, "the dashboard's charts did not load numpy and pyqtgraph")
    summary["charts"] = True


def run_self_test(*, window: bool = True) -> dict[str, Any]:
    """Run every step; the summary has "ok" and, on failure, "failed" naming the step."""
    started = time.perf_counter()
    summary: dict[str, Any] = {"ok": False, "version": __version__}
    with tempfile.TemporaryDirectory(prefix="gloss-self-test-") as tmp:
        folder = Path(tmp)
        step = "import"
        try:
            project = _annotate_and_export(folder, summary)
            step = "reopen"
            _reopen(project, summary)
            _expect(summary["problems"] == 0, f"check found {summary['problems']} problem(s)")
            if window:
                step = "window"
                _render_window(project, folder, summary)
                step = "charts"
                _load_charts(summary)
            summary["ok"] = True
        except Exception as exc:
            lines = str(exc).strip().splitlines()
            summary["failed"] = f"{step}: {lines[0] if lines else type(exc).__name__}"
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def main(*, window: bool = True) -> int:
    """Print the one-line JSON summary; 0 when every step passed."""
    from desktop.workspace.logs import setup_logging

    log_file = setup_logging()
    summary = run_self_test(window=window)
    summary["log"] = str(log_file)
    sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return EXIT_OK if summary["ok"] else EXIT_FAIL
