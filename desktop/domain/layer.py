"""Layers (whose annotations) and document statuses."""

from desktop.domain.errors import InvalidLayer

GOLD = "gold"
STATUSES = ("new", "in_progress", "done")
_PATH_CHARACTERS = frozenset("/\\")


def check_layer_name(name: object) -> str:
    """Return `name` if it can name a layer: a non-empty string without control characters."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidLayer(f"layer name must be a non-empty string, got {name!r}")
    if name != name.strip() or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InvalidLayer(f"layer name {name!r} has surrounding spaces or control characters")
    if len(name) > 200:
        raise InvalidLayer(f"layer name {name[:20]!r}... is longer than 200 characters")
    # Layers name folders in exports (brat writes one per layer): no paths, no hidden names.
    if any(c in _PATH_CHARACTERS for c in name) or name.startswith("."):
        raise InvalidLayer(f"layer name {name!r} must not contain / or \\ or start with a dot")
    return name


def check_status(status: object) -> str:
    """Return `status` if it is one of STATUSES."""
    if status not in STATUSES:
        raise InvalidLayer(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    return str(status)
