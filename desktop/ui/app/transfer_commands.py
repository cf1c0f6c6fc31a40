"""Commands that move data in and out: Import, Export (a choice of formats) and Merge.

Export formats are listed in EXPORT_FORMATS: Gloss's own, then every registered format
that can be written; a new one needs only an ExportFormat entry (its `write(workspace,
path, layer, losses)` returns how many records it wrote). Everything runs on the task
runner, off the UI thread. Failures are shown in a plain-text dialog, successes in the
status bar, and what a format could not carry in a report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.ui.app import dialogs, transfer_dialogs
from desktop.ui.app.actions import Actions
from desktop.ui.app.session import Session
from desktop.ui.app.worker import Progress, TaskRunner, Work
from desktop.workspace import (
    ImportReport,
    Losses,
    MergeReport,
    Workspace,
    export_actors,
    export_frames,
    export_jsonl,
    export_path,
    import_paths,
    may_be_too_large_to_undo,
    merge_paths,
    readable_formats,
)


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One choice of File > Export."""

    key: str
    title: str  # what the user reads in the dialog
    suffix: str  # added to the project's name for the suggested file name
    file_filter: str
    # (ws, path, layer or None, losses, progress) -> records written
    write: Callable[[Workspace, Path, str | None, Losses, Progress], int]
    by_layer: bool = True  # False: the layer choice does not apply
    unit: str = "line(s)"
    cancellable: bool = True  # the export stops at Cancel and leaves no file


JSONL_FILTER = "JSON Lines (*.jsonl);;All files (*)"
EXPORT_FORMATS: list[ExportFormat] = [
    ExportFormat(
        "jsonl",
        "Native JSONL: documents with spans and roles (lossless)",
        ".jsonl",
        JSONL_FILTER,
        lambda ws, path, layer, _losses, progress: export_jsonl(
            ws, path, layer=layer, progress=progress
        ),
    ),
    ExportFormat(
        "frames",
        "Claim frames: one allegation a line, with its roles and responses",
        ".frames.jsonl",
        JSONL_FILTER,
        lambda ws, path, layer, _losses, _progress: export_frames(ws, path, layer=layer),
        cancellable=False,
    ),
    ExportFormat(
        "actors",
        "Actors: the registry, one actor a line",
        ".actors.jsonl",
        JSONL_FILTER,
        lambda ws, path, _layer, _losses, _progress: export_actors(ws, path),
        by_layer=False,
        cancellable=False,
    ),
]


#: Other tools' formats: (name, title, suffix, file filter); brat and xmi write folders.
OTHER_FORMATS = [
    ("doccano", "doccano JSONL (no attributes)", ".doccano.jsonl", "JSON Lines (*.jsonl)"),
    ("labelstudio", "Label Studio JSON", ".labelstudio.json", "JSON (*.json)"),
    ("brat", "brat standoff (a folder)", ".brat", "Folder (*)"),
    ("conll", "CoNLL BIO (spans only, no overlaps)", ".conll", "CoNLL (*.conll)"),
    ("prodigy", "Prodigy JSONL (tokens, spans, answer)", ".prodigy.jsonl", "JSON Lines (*.jsonl)"),
    ("xmi", "UIMA CAS XMI for INCEpTION (a folder)", ".xmi", "Folder (*)"),
    ("qdpx", "REFI-QDA project for ATLAS.ti, MAXQDA, NVivo", ".qdpx", "REFI-QDA (*.qdpx)"),
    ("spacy", "spaCy DocBin", ".spacy", "spaCy DocBin (*.spacy)"),
]


def _registry_writer(name: str) -> Callable[[Workspace, Path, str | None, Losses, Progress], int]:
    def write(
        ws: Workspace, path: Path, layer: str | None, losses: Losses, progress: Progress
    ) -> int:
        return export_path(ws, path, name, layer=layer, losses=losses, progress=progress)

    return write


EXPORT_FORMATS += [
    ExportFormat(name, title, suffix, file_filter, _registry_writer(name), unit="record(s)")
    for name, title, suffix, file_filter in OTHER_FORMATS
]


def import_formats() -> list[tuple[str, str]]:
    """(name, title) of every format File > Import can read."""
    return [(name, f"{name}: {description}") for name, description in readable_formats()]


def export_format(key: str) -> ExportFormat:
    """The registered export format called `key`; KeyError if none."""
    for fmt in EXPORT_FORMATS:
        if fmt.key == key:
            return fmt
    raise KeyError(f"no export format {key!r}")


class TransferCommands(QObject):
    """Import, Export and Merge colleague's work, over the session's workspace.

    Each runs on the task runner (off the UI thread, with progress and, for import and
    merge, Cancel). Called from code they wait for the result (`wait=True`, the event loop
    keeps running); the menu starts them and returns at once.
    """

    def __init__(
        self,
        session: Session,
        actions: Actions,
        parent: QWidget,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self._parent = parent
        self.runner = runner or TaskRunner(session, self)
        self.last_report: ImportReport | MergeReport | None = None
        self.last_count: int | None = None
        #: What the last import or export could not carry (also shown in a report).
        self.last_losses = Losses()
        actions.import_files.triggered.connect(self._on_import_files_triggered)
        actions.export.triggered.connect(self._on_export_triggered)
        actions.merge.triggered.connect(self._on_merge_triggered)

    def _run(
        self,
        label: str,
        work: Work,
        on_success: Callable[[Any], None],
        error_title: str,
        *,
        wait: bool,
        cancellable: bool = True,
    ) -> bool:
        outcome: list[bool] = []

        def succeeded(result: Any) -> None:
            outcome.append(True)
            on_success(result)

        def failed(reason: str) -> None:
            outcome.append(False)
            dialogs.show_error(self._parent, error_title, reason)

        if not self.runner.run(label, work, succeeded, failed, cancellable=cancellable):
            return False
        if not wait:
            return True
        self.runner.wait_finished()
        return bool(outcome and outcome[0])

    def import_files(
        self,
        paths: list[Path],
        format_name: str | None = None,
        layer: str | None = None,
        column: int | None = None,
        *,
        wait: bool = True,
        ask: bool = True,
    ) -> bool:
        """Import files into the project (all or nothing), in `format_name` (else by
        extension), records without a layer into `layer`; reports in the status bar, and
        what the format could not carry in a dialog.

        Files large enough that the import may not be undoable are confirmed first (`ask`).
        """
        if not paths:
            return False
        ws = self._session.workspace
        if ask and may_be_too_large_to_undo(paths):
            text = (
                "These files are large: importing them cannot be undone with Undo, and the"
                " undo history is cleared (a backup of the project is made first)."
            )
            if not dialogs.ask_confirm(self._parent, "Large import", text, "Import"):
                return False

        def done(report: ImportReport) -> None:
            self.last_report = report
            self.last_losses = report.losses
            summary = report.losses.summary()
            self._session.notify(f"{report}; {summary}" if summary else str(report))
            transfer_dialogs.show_losses(self._parent, "Import: not carried", report.losses)
            if self._session.doc_id is None:
                self._session.open_document(ws.first_document_id())

        return self._run(
            "Importing",
            lambda progress: import_paths(
                ws,
                paths,
                layer=layer or None,
                initiator=self,
                progress=progress,
                format_name=format_name,
                options={"column": column},
            ),
            done,
            "Import failed",
            wait=wait,
        )

    def export_to(
        self, path: Path, key: str = "jsonl", layer: str | None = None, *, wait: bool = True
    ) -> int | None:
        """Write the export `key` (of `layer`, or every layer) to `path`; the number of
        records written, None on failure (or, without `wait`, until it is done)."""
        fmt = export_format(key)
        ws = self._session.workspace
        self.last_count = None
        losses = Losses()

        def done(count: int) -> None:
            self.last_count = count
            self.last_losses = losses
            summary = losses.summary()
            written = f"Exported {count:,} {fmt.unit} to {path}"
            self._session.notify(f"{written}; {summary}" if summary else written)
            transfer_dialogs.show_losses(self._parent, f"Export to {fmt.key}: not carried", losses)

        ok = self._run(
            "Exporting",
            lambda progress: fmt.write(ws, Path(path), layer, losses, progress),
            done,
            "Export failed",
            wait=wait,
            cancellable=fmt.cancellable,
        )
        return self.last_count if ok else None

    def merge_files(self, paths: Iterable[Path], *, wait: bool = True) -> MergeReport | None:
        """Merge colleagues' project files or JSONL exports: their layers arrive read-only.
        The report goes to the status bar; refused documents are listed in a dialog."""
        paths = list(paths)
        if not paths:
            return None
        ws = self._session.workspace
        self.last_report = None

        def done(report: MergeReport) -> None:
            self.last_report = report
            self._session.notify(str(report))
            if report.refused_documents:
                dialogs.show_report(
                    self._parent,
                    "Documents refused",
                    f"{len(report.refused_documents)} document(s) were not merged: their text"
                    " differs from the text in this project, so their offsets would not fit.",
                    "\n".join(report.refused_documents),
                )
            if self._session.doc_id is None:
                self._session.open_document(ws.first_document_id())

        ok = self._run(
            "Merging",
            lambda progress: merge_paths(ws, paths, initiator=self, progress=progress),
            done,
            "Merge failed",
            wait=wait,
        )
        report = self.last_report
        return report if ok and isinstance(report, MergeReport) else None

    # --- slots ---------------------------------------------------------------------------
    def _on_import_files_triggered(self) -> None:
        paths = transfer_dialogs.ask_import_files(self._parent)
        if not paths:
            return
        ws = self._session.workspace
        layers = [info.name for info in ws.layers()]
        dialog = transfer_dialogs.ImportDialog(import_formats(), layers, ws.annotator, self._parent)
        if not dialog.exec():
            return
        format_name, layer, column = dialog.choice()
        self.import_files(paths, format_name, layer, column, wait=False)

    def _on_export_triggered(self) -> None:
        ws = self._session.workspace
        choices = [(f.key, f.title, f.by_layer) for f in EXPORT_FORMATS]
        layers = [info.name for info in ws.layers()]
        dialog = dialogs.ExportDialog(choices, layers, None, self._parent)
        if not dialog.exec():
            return
        key, layer = dialog.choice()
        fmt = export_format(key)
        stem = ws.path.with_suffix("") if ws.path else Path("export")
        suggestion = f"{stem}{'.' + layer if layer else ''}{fmt.suffix}"
        path = dialogs.ask_export_path(self._parent, suggestion, fmt.file_filter)
        if path is not None:
            self.export_to(path, key, layer, wait=False)

    def _on_merge_triggered(self) -> None:
        self.merge_files(dialogs.ask_merge_files(self._parent), wait=False)
