"""The real bundle: build-linux.sh builds it, and the built and installed program pass
their self-test. Slow (about two minutes): run with `pytest -m slow`; `.ci/run` does."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build script"),
]


def self_test(program: Path, env: dict) -> dict:
    result = subprocess.run(
        [str(program), "--self-test"],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def folder_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())


def test_bundle_builds_installs_and_passes_its_self_test(tmp_path):
    """build-linux.sh makes dist/gloss and an archive; both the built and the installed
    program pass --self-test; the sizes and build time are printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    started = time.perf_counter()
    build = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build-linux.sh")],
        env={**env, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        check=False,
        timeout=1500,
    )
    seconds = time.perf_counter() - started
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    bundle = ROOT / "dist" / "gloss"
    (archive,) = (ROOT / "dist").glob("gloss-*-linux-*.tar.gz")

    summary = self_test(bundle / "gloss", env)
    assert summary["ok"] and summary["charts"] and summary["reopened_spans"] > 0
    internal = bundle / "_internal"
    assert not (internal / "PySide6" / "Qt" / "translations").exists()
    assert not list(internal.rglob("QtNetwork*")) and not list(internal.rglob("libqgtk3*"))
    assert not (internal / "numpy" / "f2py").exists()
    assert not (internal / "scipy").exists()  # Gloss matches spans with networkx
    # Formats load lazily through the registry: every one must still be in the bundle.
    project = tmp_path / "formats.gloss"
    for args in (
        ["import", str(project), str(ROOT / "seeds" / "hrw-azerbaijan-pows.jsonl")],
        ["export", str(project), "--format", "xmi", "-o", str(tmp_path / "xmi")],
        ["export", str(project), "--format", "qdpx", "-o", str(tmp_path / "out.qdpx")],
        ["network", str(project), "--kind", "accusations", "-o", str(tmp_path / "n.graphml")],
    ):
        done = subprocess.run(
            [str(bundle / "gloss"), *args], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr

    home = tmp_path / "home"
    installed = subprocess.run(
        ["bash", str(bundle / "install.sh")],
        env={**env, "HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    summary = self_test(home / ".local" / "bin" / "gloss", {**env, "HOME": str(home)})
    assert summary["ok"]

    print(
        f"\nbundle built in {seconds:.0f} s: folder {folder_bytes(bundle) / 1e6:.1f} MB,"
        f" {archive.name} {archive.stat().st_size / 1e6:.1f} MB"
    )
