"""Layers (whose annotations) and document statuses."""

from desktop.domain.errors import InvalidLayer

GOLD = "gold"
STATUSES = ("new", "in_progress", "done")


def check_layer_name(name: object) -> str:
    """Return `name` if it can name a layer: a non-empty string without control characters."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidLayer(f"layer name must be a non-empty string, got {name!r}")
    if name != name.strip() or any(ord(c) < 32 for c in name) or len(name) > 200:
        raise InvalidLayer(f"layer name {name!r} has surrounding spaces or control characters")
    return name


def check_status(status: object) -> str:
    """Return `status` if it is one of STATUSES."""
    if status not in STATUSES:
        raise InvalidLayer(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    return str(status)
