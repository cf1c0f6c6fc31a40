"""One edit by key in the real window: a 200,000-character document with 8,000 spans.

The window is built on a project holding one 200,000-character corpus text with 8,000
overlapping spans in the annotator's layer. Each round selects a word, presses a label's
hotkey (a key event sent to the article, as a user types it), and measures until the
article's repaint is processed; then presses Delete on the new span and Ctrl+Z (which
brings it back) the same way, each measured alike. Budget: 50 ms from key
to repaint (issue 16). The baseline measured in the same run is one repaint of the same
view with no change (`viewport().update()`), so the ratio says how many repaints an edit
costs.

    python tests/benchmarks/bench_key.py [--key-rounds 15] [--key-spans 8000] [--profile]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported: no display needed

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import bench_ui, common

BUDGET_SECONDS = 0.050
CHARS = 200_000


def add_arguments(p) -> None:
    """This benchmark's options (also offered by run_all)."""
    p.add_argument("--key-rounds", type=int, default=15, help="label + undo presses measured")
    p.add_argument("--key-spans", type=int, default=8_000, help="spans in the document")


def make_project(path: Path, spans: int, seed: int) -> None:
    """One long document with `spans` overlapping spans in layer `bench`."""
    from dataclasses import replace

    from desktop.domain import AnnotatedDocument, Document
    from desktop.formats import jsonl
    from desktop.workspace import Workspace, import_paths

    text = bench_ui.long_text(CHARS, seed)
    made = bench_ui.overlapping_spans(text, spans, seed)
    made = [replace(s, id=f"k{i:05d}") for i, s in enumerate(made)]
    record = AnnotatedDocument(Document("doc", text, "long"), "bench", None, tuple(made))
    source = path.with_suffix(".jsonl")
    jsonl.write_path(source, [record])
    ws = Workspace.open(path, create=True)
    try:
        import_paths(ws, [source], undoable=False)
    finally:
        ws.close()


def press(app, widget, key, modifiers=None) -> None:
    """A key press and release sent to `widget`, through the shortcut map like a user's key."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key, modifiers or Qt.KeyboardModifier.NoModifier)


def measure(args) -> list[tuple[str, float, float]]:
    """Print the figures and ratios; return (name, ratio, budget) of each."""
    from PySide6.QtCore import Qt

    app = bench_ui.qt_app()
    folder = Path(tempfile.mkdtemp(prefix="gloss-key-bench-"))
    bench_ui.isolate_settings(folder / "settings")
    path = folder / "long.gloss"
    make_project(path, args.key_spans, args.seed)
    window, watch = bench_ui.open_window(app, path, "bench")
    window.resize(1200, 800)
    window.activateWindow()
    bench_ui.settle(app)
    ws = window.session.workspace
    view = window.article.view
    view.setFocus()
    bench_ui.settle(app)
    text = ws.document("doc").text
    label = next(lab for lab in ws.schema.span_labels if lab.hotkey)
    key = getattr(Qt.Key, f"Key_{label.hotkey.upper()}")
    before = len(ws.spans("doc", "bench"))
    common.title(
        f"one edit by key: {len(text):,} characters, {before:,} spans, key {label.hotkey!r}"
        f" ({label.name}), Delete and Ctrl+Z, until the repaint"
    )
    labels: list[float] = []
    undos: list[float] = []
    deletes: list[float] = []
    deleted = restored = 0
    repaints: list[float] = []
    made = 0
    for number in range(args.key_rounds):
        start = text.index(" ", 500 + 97 * number) + 1
        end = text.index(" ", start)
        window.article.select_text(start, end)
        bench_ui.settle(app)
        repaints.append(bench_ui.until_painted(app, watch, view.viewport().update))
        bench_ui.settle(app)

        def label_it(v=view, k=key) -> None:
            press(app, v, k)

        if args.profile and number == 0:
            bench_ui.profiled(label_it)
        else:
            labels.append(bench_ui.until_painted(app, watch, label_it))
        bench_ui.settle(app)
        made += len(ws.spans("doc", "bench")) - before
        # the new span is selected: Delete removes it, Ctrl+Z brings it back
        deletes.append(
            bench_ui.until_painted(app, watch, lambda v=view: press(app, v, Qt.Key.Key_Delete))
        )
        bench_ui.settle(app)
        deleted += before + 1 - len(ws.spans("doc", "bench"))
        undo = lambda v=view: press(app, v, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # noqa: E731
        undos.append(bench_ui.until_painted(app, watch, undo))
        bench_ui.settle(app)
        restored += len(ws.spans("doc", "bench")) - before
        undo()  # the label's own step, not measured: the next round starts as this one did
        bench_ui.settle(app)
    after = len(ws.spans("doc", "bench"))
    print(
        f"   spans added by the key, over the rounds: {made} (expected {args.key_rounds}); "
        f"removed by Delete: {deleted} (expected {args.key_rounds}); brought back by Ctrl+Z:"
        f" {restored} (expected {args.key_rounds}); after the rounds: {after} (expected {before})"
    )
    window.close()
    window.session.close()
    results: list[tuple[str, float, float]] = []
    base = common.median(repaints)
    common.figure("one repaint, no change (median)", base)
    for name, values in (("label key", labels), ("Delete", deletes), ("Ctrl+Z", undos)):
        if not values:
            continue
        common.figure(
            f"{name}, key to repaint (median)", common.median(values), f"min {min(values):.4f} s"
        )
        common.figure(f"{name}: budget", BUDGET_SECONDS)
        value = common.ratio(
            f"{name} / budget of 50 ms", common.median(values), BUDGET_SECONDS, 1.0
        )
        common.ratio(f"{name} / one repaint", common.median(values), base, BUDGET_SECONDS / base)
        results.append((f"key {name}: key to repaint / 50 ms", value, 1.0))
    return results


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    add_arguments(p)
    p.add_argument("--profile", action="store_true", help="profile the first label press")
    measure(p.parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
