"""The freedesktop files agree with each other and with the project file format."""

import configparser
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.storage.migrations import APPLICATION_ID
from desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"
ICONS = ROOT / "resources" / "icons"
APP_ID = "org.glossproject.Gloss"
MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def mime_type() -> ET.Element:
    return ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot().find(f"{MIME}mime-type")


def test_desktop_entry_opens_gloss_files_with_the_icon():
    """The menu entry runs gloss on a file, shows the icon and claims the project MIME type."""
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Gloss"
    assert entry["Exec"] == "gloss %f" and entry["Icon"] == APP_ID
    assert entry["MimeType"].rstrip(";").split(";") == [mime_type().get("type")]


def test_mime_type_matches_a_real_project_file(tmp_path):
    """The MIME glob is *.gloss and its magic matches the header of a project Gloss wrote."""
    node = mime_type()
    assert [g.get("pattern") for g in node.iter(f"{MIME}glob")] == ["*.gloss"]
    outer = node.find(f"{MIME}magic/{MIME}match")
    inner = outer.find(f"{MIME}match")
    assert int(inner.get("value"), 16) == APPLICATION_ID
    path = tmp_path / "any-name.gloss"
    Workspace.open(path, create=True).close()
    header = path.read_bytes()[:100]
    offset = int(outer.get("offset"))
    assert header[offset:].startswith(outer.get("value").encode("ascii"))
    (app_id,) = struct.unpack_from(">I", header, int(inner.get("offset")))
    assert app_id == APPLICATION_ID


def test_metainfo_names_the_desktop_entry_and_the_mime_type():
    """The AppStream component id, launchable, binary and media type fit the other files."""
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == "gloss"
    assert root.findtext("provides/mediatype") == mime_type().get("type")
    from desktop import __version__

    assert root.find("releases/release").get("version") == __version__


@pytest.mark.parametrize("size", SIZES)
def test_icon_pngs_have_their_size(size):
    """Each PNG icon is square and exactly the size its name says."""
    data = (ICONS / f"gloss-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (size, size)


def test_svg_icon_is_square():
    """The scalable icon parses as SVG with a square view box."""
    root = ET.parse(ICONS / "gloss.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = root.get("viewBox").split()
    assert width == height
