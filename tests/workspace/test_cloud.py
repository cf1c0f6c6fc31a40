"""Projects inside cloud-sync folders are recognised on every platform's paths."""

import pytest

from desktop.workspace.cloud import SERVICES, cloud_sync_service, cloud_sync_warning


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/ana/Dropbox/study/news.gloss", "Dropbox"),
        ("/home/ana/Dropbox (Team Lab)/news.gloss", "Dropbox"),
        ("/Users/ana/Library/CloudStorage/Dropbox/news.gloss", "Dropbox"),
        (r"C:\Users\ana\Dropbox\news.gloss", "Dropbox"),
        (r"C:\Users\ana\OneDrive\Documents\news.gloss", "OneDrive"),
        (r"C:\Users\ana\OneDrive - Universität Wien\news.gloss", "OneDrive"),
        ("/Users/ana/Library/CloudStorage/OneDrive-Personal/news.gloss", "OneDrive"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/news.gloss", "iCloud Drive"),
        (r"C:\Users\ana\iCloudDrive\news.gloss", "iCloud Drive"),
        ("/Users/a/Library/CloudStorage/GoogleDrive-a@b.org/My Drive/x.gloss", "Google Drive"),
        (r"G:\My Drive\projects\news.gloss", "Google Drive"),
        ("/home/ana/Google Drive/news.gloss", "Google Drive"),
        ("/home/ana/projects/news.gloss", None),
        ("/home/ana/projects/dropbox.gloss", None),
        ("/home/ana/dropbox-notes.txt/../news.gloss", None),
        (r"C:\Users\ana\Documents\news.gloss", None),
        ("/home/ana/شلوم/👩‍👩‍👧/news.gloss", None),
        ("news.gloss", None),
        ("/Users/ana/Library/CloudStorage/Box-Box/news.gloss", "Box"),
    ],
)
def test_cloud_sync_service(path, service):
    """The service is named from the folders above the file, or None for a local folder."""
    assert cloud_sync_service(path) == service


def test_warning_names_the_service_and_the_risk():
    """The warning says which service, what can go wrong and what to do instead."""
    text = cloud_sync_warning("/home/ana/Dropbox/news.gloss")
    assert text is not None and text.startswith("This project is in a Dropbox folder.")
    assert "damaged" in text and "local folder" in text
    assert cloud_sync_warning("/home/ana/news.gloss") is None
    assert set(SERVICES) == {"Dropbox", "OneDrive", "iCloud Drive", "Google Drive"}
