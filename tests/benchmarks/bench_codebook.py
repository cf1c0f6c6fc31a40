"""A 60-label codebook against the default 4-label one: opening the window, labeling, renaming.

Two projects hold the same documents and spans (a 60,000-character article with 2,000
spans, and the sample article); in one the spans use the 4 default labels, in the other
60 labels (the default 4 and 56 more, with keys while keys last). Each measurement runs on
both, alternating, and prints the 60-label time over the 4-label time:

- open: a MainWindow on the project, shown, its first paint processed (budget 1.5, as
  the window's start budget in issue 3);
- label: select a word, trigger a label action (a span added, saved, repainted)
  (budget 1.5, as one span edit in issue 3);
- rename: `gloss schema --rename-label` as a use case on one label used by 30 spans,
  with the window following (label bar, actions and article rebuilt) (budget 3).

    python tests/benchmarks/bench_codebook.py [--codebook-rounds 5]
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported: no display needed

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import common

OPEN_BUDGET = 1.5
LABEL_BUDGET = 1.5
RENAME_BUDGET = 3.0
LABELS = 60
SPANS = 2_000
TEXT_CHARS = 60_000


def sixty_label_schema():
    from desktop.domain import Schema
    from desktop.domain.codebook import free_hotkey, new_color
    from desktop.domain.schema import SpanLabel

    base = Schema.default()
    labels = list(base.span_labels)
    for number in range(LABELS - len(labels)):
        name = f"TOPIC_{number:02d}"
        keys = [label.hotkey for label in labels]
        colours = [label.color for label in labels]
        labels.append(
            SpanLabel(name, free_hotkey(name, keys), new_color(len(labels), colours), name)
        )
    return replace(base, span_labels=tuple(labels))


def make_project(path: Path, schema) -> None:
    """A project with one long article whose spans cycle through the codebook's labels."""
    import re

    from desktop.domain import Document
    from desktop.workspace import Workspace, set_codebook
    from tests.benchmarks.bench_ui import long_text

    text = long_text(TEXT_CHARS, 7)
    ws = Workspace.open(path, create=True)
    ws.set_annotator("bench")
    if schema is not None:
        set_codebook(ws, schema, source="bench")
    ws.add_documents([Document("doc", text, "Long article")])
    words = [m.span() for m in re.finditer(r"\w+", text)]
    names = ws.schema.label_names
    from desktop.domain import Span
    from desktop.workspace.ops import AddSpan

    step = max(1, len(words) // SPANS)
    ops = [
        AddSpan(Span(f"s{i}", "doc", "bench", *words[i * step], names[i % len(names)]))
        for i in range(SPANS)
    ]
    ws.commit(ops, "bench spans", layers=("bench",), undoable=False)
    ws.close()


def add_arguments(p) -> None:
    """This benchmark's options (also offered by run_all)."""
    p.add_argument("--codebook-rounds", type=int, default=5, help="windows opened per codebook")


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    add_arguments(p)
    measure(p.parse_args(argv))
    return 0


def measure(args) -> list[tuple[str, float, float | None]]:
    """Print the figures and ratios; return (name, ratio, budget) of each."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app.main_window import MainWindow
    from desktop.ui.app.session import Session
    from desktop.workspace import Workspace, rename_label

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="gloss-codebook-bench-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    projects = {4: folder / "four.gloss", LABELS: folder / "sixty.gloss"}
    make_project(projects[4], None)
    make_project(projects[LABELS], sixty_label_schema())
    common.title(f"codebook: {LABELS} labels against 4 ({SPANS:,} spans, {TEXT_CHARS:,} chars)")

    def open_window(count: int):
        ws = Workspace.open(projects[count])
        session = Session(ws)
        window = MainWindow(session, persist=False)
        window.resize(1200, 800)
        session.open_document("doc")
        window.show()
        app.processEvents()
        window.repaint()
        app.processEvents()
        return window, session

    times: dict[str, dict[int, list[float]]] = {"open": {}, "label": {}, "rename": {}}
    for round_number in range(args.codebook_rounds):
        for count in (4, LABELS) if round_number % 2 == 0 else (LABELS, 4):
            holder: list = []
            seconds = common.timed(lambda c=count, h=holder: h.append(open_window(c)))
            times["open"].setdefault(count, []).append(seconds)
            window, session = holder[0]
            ws = session.workspace
            text = ws.document("doc").text
            start = text.index(" ", 1000 + 37 * round_number) + 1
            end = text.index(" ", start)
            last = ws.schema.label_names[-1]

            def label(w=window, a=start, b=end, name=last):
                w.article.select_text(a, b)
                w.gloss_actions.label_actions[name].trigger()
                app.processEvents()
                w.article.view.viewport().repaint()

            times["label"].setdefault(count, []).append(common.timed(label))
            used = ws.schema.label_names[1]

            def rename(s=session, name=used, n=round_number):
                s.edit(lambda: rename_label(s.workspace, name, f"RENAMED_{n}"))
                app.processEvents()

            times["rename"].setdefault(count, []).append(common.timed(rename))
            window.close()
            session.close()
            window.deleteLater()
            app.processEvents()
            for path in (projects[count],):
                _undo_last(path)
    results: list[tuple[str, float, float | None]] = []
    for name, budget in (("open", OPEN_BUDGET), ("label", LABEL_BUDGET), ("rename", RENAME_BUDGET)):
        four, sixty = common.median(times[name][4]), common.median(times[name][LABELS])
        common.figure(f"{name}, 4 labels", four)
        common.figure(f"{name}, {LABELS} labels", sixty)
        value = common.ratio(f"{name}: {LABELS} labels / 4", sixty, four, budget)
        results.append((f"codebook {name}: {LABELS} labels / 4", value, budget))
    return results


def _undo_last(path: Path) -> None:
    """Undo the rename and the label of a round, so every round starts alike."""
    from desktop.workspace import Workspace

    ws = Workspace.open(path)
    try:
        ws.undo()
        ws.undo()
    finally:
        ws.close()


if __name__ == "__main__":
    raise SystemExit(main())
