"""Where the shipped resources and sample articles are, in a checkout or an installed wheel."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    """The `resources/` folder (packaged as `desktop/_resources` in a wheel)."""
    packaged = _PACKAGE / "_resources"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "resources"


def seeds_dir() -> Path:
    """The `seeds/` folder of sample articles (packaged as `desktop/_seeds`)."""
    packaged = _PACKAGE / "_seeds"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "seeds"
