"""The window's house rules: widgets ask the workspace, never the project's stores."""

import re
import tomllib
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"
REACH = re.compile(r"\.project\.|\._project\b|desktop\.storage")


def _offences() -> list[str]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if REACH.search(line):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    return found


def test_the_ui_never_reaches_through_the_workspace_to_the_project():
    """No module under desktop/ui uses `.project.`, `._project` or desktop.storage."""
    assert _offences() == []


def test_the_check_finds_a_reach_through():
    """The pattern matches the ways a widget could reach the stores."""
    samples = [
        "ws._project.documents.first_id()",
        "self._session.workspace._project.spans",
        "from desktop.storage.documents import DocumentSummary",
    ]
    assert all(REACH.search(sample) for sample in samples)
    assert not REACH.search("ws.first_document_id()")


def test_every_ui_package_says_what_it_holds():
    """Each sub-package of desktop/ui has an __init__ docstring naming what it may import."""
    packages = sorted(p for p in UI.iterdir() if (p / "__init__.py").exists())
    assert {p.name for p in packages} >= {
        "app",
        "article",
        "links",
        "panels",
        "review",
        "dashboard",
    }
    for package in packages:
        text = (package / "__init__.py").read_text(encoding="utf-8")
        assert text.startswith('"""') and "import" in text, package.name


# Modules of desktop/ui allowed to skip mypy. Only ever remove names from this set.
MYPY_EXEMPT: set[str] = set()


def test_mypy_checks_the_ui_and_its_exemptions_only_shrink():
    """desktop/ui is in mypy's files; no UI module is exempt beyond MYPY_EXEMPT (empty)."""

    config = tomllib.loads((UI.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    mypy = config["tool"]["mypy"]
    assert "desktop/ui" in mypy["files"]
    exempt = {
        module
        for override in mypy.get("overrides", [])
        if override.get("ignore_errors")
        for module in (
            [override["module"]] if isinstance(override["module"], str) else override["module"]
        )
    }
    assert exempt <= MYPY_EXEMPT
