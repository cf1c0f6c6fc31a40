"""Shared helpers for the benchmarks: arguments, timing, cached corpora and projects, output.

Benchmarks are not tests: they print measured seconds and a RATIO against a baseline
measured in the same run, and exit 0 however slow the machine is.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.corpus import DOCS, SEED, cached_corpus  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "gloss-benchmarks"


def parser(description: str) -> argparse.ArgumentParser:
    """The arguments every benchmark takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--docs", type=int, default=DOCS, help=f"corpus size (default {DOCS:,}; smaller is quicker)"
    )
    p.add_argument("--seed", type=int, default=SEED, help="corpus seed")
    p.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help=f"where corpora and projects are kept between runs (default {DEFAULT_WORKDIR})",
    )
    return p


def corpus(args: argparse.Namespace) -> Path:
    """The corpus file for the arguments, generated once and then reused."""
    start = time.perf_counter()
    path = cached_corpus(args.workdir / "corpora", args.docs, args.seed)
    spent = time.perf_counter() - start
    if spent > 1:
        note(f"generated {path} in {spent:.1f} s")
    warm(path)
    return path


def warm(path: Path) -> None:
    """Read a file once so that the first timed reader does not pay for the disk."""
    with path.open("rb") as stream:
        while stream.read(1 << 24):
            pass


def remove_project(path: Path) -> None:
    """Delete a project file with its WAL, journal and backups."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    backups = path.parent / f".{path.name}.backups"
    if backups.exists():
        shutil.rmtree(backups)


def gloss_import(project: Path, source: Path) -> float:
    """Seconds for `gloss import PROJECT SOURCE` (a new project) run as a command."""
    remove_project(project)
    command = [sys.executable, "-m", "desktop", "import", str(project), str(source)]
    return run(command, cwd=ROOT)


def run(command: list[str], cwd: Path | None = None) -> float:
    """Seconds a command takes; its output is shown only if it fails."""
    return run_measured(command, cwd)[0]


def run_measured(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """(seconds, peak RSS in bytes) of a command; its output is shown only if it fails."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak, not the others'
        spent = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            out.seek(0)
            err.seek(0)
            raise RuntimeError(
                f"{' '.join(command)} failed ({process.returncode}):\n{out.read()}\n{err.read()}"
            )
    return spent, usage.ru_maxrss * 1024


def project(args: argparse.Namespace, docs: int | None = None) -> Path:
    """A project holding the corpus of `docs` documents, imported once and then reused."""
    docs = args.docs if docs is None else docs
    from desktop.storage.migrations import LATEST_VERSION

    folder = args.workdir / "projects"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-{docs}-{args.seed}-v{LATEST_VERSION}.gloss"
    if not path.exists():
        source = cached_corpus(args.workdir / "corpora", docs, args.seed)
        partial = folder / f"{path.name}.partial.gloss"
        spent = gloss_import(partial, source)
        partial.replace(path)
        remove_project(partial)
        note(f"imported {docs:,} documents into {path} in {spent:.1f} s")
    return path


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a closed project file (no WAL) at `target`."""
    remove_project(target)
    shutil.copyfile(source, target)
    return target


def timed(action: Callable[[], object]) -> float:
    """Seconds `action()` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


def title(text: str) -> None:
    print(f"\n== {text}", flush=True)


def note(text: str) -> None:
    print(f"   {text}", flush=True)


def figure(name: str, seconds: float, detail: str = "") -> None:
    """One measured time, aligned."""
    extra = f"  ({detail})" if detail else ""
    print(f"   {name:<44} {seconds:12.6f} s{extra}", flush=True)


def ratio(name: str, ours: float, baseline: float, budget: float) -> float:
    """Print `ours / baseline` against its budget; never fails."""
    value = ours / baseline if baseline > 0 else float("inf")
    verdict = "within budget" if value <= budget else "OVER BUDGET"
    print(f"   RATIO {name:<38} {value:12.2f}   (budget <= {budget:g}: {verdict})", flush=True)
    return value
