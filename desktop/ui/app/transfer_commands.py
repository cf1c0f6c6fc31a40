"""Commands that move data in and out: Import, Export (a choice of formats) and Merge.

Export formats are listed in EXPORT_FORMATS; a new one needs only an ExportFormat entry
(its `write(workspace, path, layer)` returns how many records it wrote). Failures are
shown in a plain-text dialog, successes in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.ui.app import dialogs
from desktop.ui.app.actions import Actions
from desktop.ui.app.session import Session, one_line
from desktop.workspace import (
    MergeReport,
    Workspace,
    export_actors,
    export_frames,
    export_jsonl,
    import_paths,
    merge_paths,
)


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One choice of File > Export."""

    key: str
    title: str  # what the user reads in the dialog
    suffix: str  # added to the project's name for the suggested file name
    file_filter: str
    write: Callable[[Workspace, Path, str | None], int]  # (ws, path, layer or None) -> records
    by_layer: bool = True  # False: the layer choice does not apply
    unit: str = "line(s)"


JSONL_FILTER = "JSON Lines (*.jsonl);;All files (*)"
EXPORT_FORMATS: list[ExportFormat] = [
    ExportFormat(
        "jsonl",
        "Native JSONL: documents with spans and roles (lossless)",
        ".jsonl",
        JSONL_FILTER,
        lambda ws, path, layer: export_jsonl(ws, path, layer=layer),
    ),
    ExportFormat(
        "frames",
        "Claim frames: one allegation a line, with its roles and responses",
        ".frames.jsonl",
        JSONL_FILTER,
        lambda ws, path, layer: export_frames(ws, path, layer=layer),
    ),
    ExportFormat(
        "actors",
        "Actors: the registry, one actor a line",
        ".actors.jsonl",
        JSONL_FILTER,
        lambda ws, path, _layer: export_actors(ws, path),
        by_layer=False,
    ),
]


def export_format(key: str) -> ExportFormat:
    """The registered export format called `key`; KeyError if none."""
    for fmt in EXPORT_FORMATS:
        if fmt.key == key:
            return fmt
    raise KeyError(f"no export format {key!r}")


class TransferCommands(QObject):
    """Import, Export and Merge colleague's work, over the session's workspace."""

    def __init__(self, session: Session, actions: Actions, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._actions = actions
        self._parent = parent
        actions.import_files.triggered.connect(self._on_import_files_triggered)
        actions.export.triggered.connect(self._on_export_triggered)
        actions.merge.triggered.connect(self._on_merge_triggered)

    def import_files(self, paths: list[Path]) -> bool:
        """Import files into the project (all or nothing); reports in the status bar."""
        if not paths:
            return False
        ws = self._session.workspace
        try:
            with dialogs.WaitCursor():
                report = import_paths(ws, paths, initiator=self)
        except Exception as exc:
            dialogs.show_error(self._parent, "Import failed", one_line(exc))
            return False
        self._session.notify(str(report))
        if self._session.doc_id is None:
            self._session.open_document(ws.first_document_id())
        return True

    def export_to(self, path: Path, key: str = "jsonl", layer: str | None = None) -> int | None:
        """Write the export `key` (of `layer`, or every layer) to `path`; the number of
        records written, None on failure."""
        fmt = export_format(key)
        try:
            with dialogs.WaitCursor():
                count = fmt.write(self._session.workspace, Path(path), layer)
        except Exception as exc:
            dialogs.show_error(self._parent, "Export failed", one_line(exc))
            return None
        self._session.notify(f"Exported {count:,} {fmt.unit} to {path}")
        return count

    def merge_files(self, paths: Iterable[Path]) -> MergeReport | None:
        """Merge colleagues' project files or JSONL exports: their layers arrive read-only.
        The report goes to the status bar; refused documents are listed in a dialog."""
        paths = list(paths)
        if not paths:
            return None
        try:
            with dialogs.WaitCursor():
                report = merge_paths(self._session.workspace, paths, initiator=self)
        except Exception as exc:
            dialogs.show_error(self._parent, "Merge failed", one_line(exc))
            return None
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
            self._session.open_document(self._session.workspace.first_document_id())
        return report

    # --- slots ---------------------------------------------------------------------------
    def _on_import_files_triggered(self) -> None:
        self.import_files(dialogs.ask_import_files(self._parent))

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
            self.export_to(path, key, layer)

    def _on_merge_triggered(self) -> None:
        self.merge_files(dialogs.ask_merge_files(self._parent))
