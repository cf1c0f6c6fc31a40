"""Colours as other tools write them (`#abc`, `#aabbcc`, CSS names) turned into `#rrggbb`."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
#: The CSS colour names labeling configs use most (Label Studio's templates, brat's).
CSS_NAMES = {
    "aqua": "#00ffff",
    "aquamarine": "#7fffd4",
    "black": "#000000",
    "blue": "#0000ff",
    "brown": "#a52a2a",
    "coral": "#ff7f50",
    "crimson": "#dc143c",
    "cyan": "#00ffff",
    "darkblue": "#00008b",
    "darkgreen": "#006400",
    "darkorange": "#ff8c00",
    "darkred": "#8b0000",
    "gold": "#ffd700",
    "gray": "#808080",
    "green": "#008000",
    "grey": "#808080",
    "indigo": "#4b0082",
    "lightblue": "#add8e6",
    "lightgreen": "#90ee90",
    "lime": "#00ff00",
    "magenta": "#ff00ff",
    "maroon": "#800000",
    "navy": "#000080",
    "olive": "#808000",
    "orange": "#ffa500",
    "pink": "#ffc0cb",
    "purple": "#800080",
    "red": "#ff0000",
    "salmon": "#fa8072",
    "teal": "#008080",
    "tomato": "#ff6347",
    "violet": "#ee82ee",
    "white": "#ffffff",
    "yellow": "#ffff00",
}


def hex_color(value: str) -> str:
    """`value` as `#rrggbb` (lower case), or '' when it is no colour this knows."""
    value = value.strip()
    match = _HEX.match(value)
    if match:
        digits = match.group(1).lower()
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return f"#{digits}"
    return CSS_NAMES.get(value.lower(), "")
