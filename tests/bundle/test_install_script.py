"""install-linux.sh installs a bundle into the user's own folders and removes it again."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.glossproject.Gloss"


def fake_bundle(folder: Path) -> Path:
    """A bundle laid out as build-linux.sh lays it out, with a stand-in program."""
    bundle = folder / "gloss"
    (bundle / "share" / "icons").mkdir(parents=True)
    program = bundle / "gloss"
    program.write_text('#!/bin/sh\necho "stand-in gloss $*"\n', encoding="utf-8")
    program.chmod(0o755)
    (bundle / "_internal").mkdir()
    (bundle / "_internal" / "lib.so").write_bytes(b"\0" * 10)
    for file in (ROOT / "resources" / "linux").iterdir():
        shutil.copy(file, bundle / "share")
    shutil.copy(ROOT / "resources" / "icons" / "gloss.svg", bundle / "share")
    for png in (ROOT / "resources" / "icons").glob("gloss-*.png"):
        shutil.copy(png, bundle / "share" / "icons")
    shutil.copy(ROOT / "packaging" / "install-linux.sh", bundle / "install.sh")
    return bundle


def run(script: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), PATH="/usr/bin:/bin")
    return subprocess.run(
        ["bash", str(script), *args], env=env, capture_output=True, text=True, check=False
    )


def test_install_then_uninstall_touches_only_its_own_files(tmp_path):
    """Install puts program, command, menu entry, icons and MIME type under ~/.local;
    uninstall removes exactly those and keeps the user's projects."""
    bundle = fake_bundle(tmp_path / "unpacked")
    home = tmp_path / "home"
    project = home / ".local" / "share" / "Gloss" / "sample.gloss"
    project.parent.mkdir(parents=True)
    project.write_bytes(b"project bytes")

    result = run(bundle / "install.sh", home)
    assert result.returncode == 0, result.stderr
    share = home / ".local" / "share"
    app = share / "gloss" / "app"
    assert (app / "_internal" / "lib.so").exists()
    command = home / ".local" / "bin" / "gloss"
    assert subprocess.run([command, "x"], capture_output=True, text=True).stdout == (
        "stand-in gloss x\n"
    )
    entry = (share / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app}/gloss" %f' in entry
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").exists()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").exists()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").exists()
    for size in (16, 48, 256, 512):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").exists()

    again = run(bundle / "install.sh", home)  # an update replaces the program whole
    assert again.returncode == 0 and (app / "gloss").exists()

    removed = run(app / "install.sh", home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not app.exists() and not command.exists()
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
    assert not list((share / "icons").rglob(f"{APP_ID}.*"))
    assert project.read_bytes() == b"project bytes"


def test_install_without_a_bundle_says_so(tmp_path):
    """Run from a checkout with no build, the script exits 1 with one line."""
    checkout = tmp_path / "checkout" / "packaging"
    checkout.mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "install-linux.sh", checkout)
    result = run(checkout / "install-linux.sh", tmp_path / "home")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("(run packaging/build-linux.sh first)")
    assert result.stderr.count("\n") == 1
