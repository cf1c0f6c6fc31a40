"""Readers and writers between files and domain records, one module per format."""

from desktop.formats.errors import FormatError
from desktop.formats.registry import Format, by_name, for_path, formats, register

__all__ = ["Format", "FormatError", "by_name", "for_path", "formats", "register"]
