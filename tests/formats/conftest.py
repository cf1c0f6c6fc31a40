"""Fixtures shared by the format tests."""

import pytest

from desktop.domain import Schema


@pytest.fixture(scope="session")
def schema() -> Schema:
    """The shipped default schema."""
    return Schema.default()
