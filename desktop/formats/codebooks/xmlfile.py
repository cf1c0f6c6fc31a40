"""Reading a codebook's XML file safely: defusedxml, no entities, no DTD."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from desktop.formats.errors import FormatError


def read_bytes(path: Path) -> bytes:
    """The bytes of a codebook file; FormatError when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise FormatError(path, None, f"cannot read ({exc.strerror})") from None


def parse_root(data: bytes | str, source: str) -> Element:
    """The root element of an XML text; FormatError names the line when it can."""
    try:
        root: Element = safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FormatError(source, None, f"refused: {exc}") from None
    except safe_xml.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise FormatError(source, line, f"not XML: {exc.msg}") from None
    return root
