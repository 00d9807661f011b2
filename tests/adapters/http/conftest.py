"""Fixtures of the HTTP adapter's tests (helpers live in `http_world`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from http_world import Setup, make_setup


def pytest_configure(config: pytest.Config) -> None:
    """Starlette's TestClient warns that httpx is deprecated in favour of httpx2."""
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture
def s() -> Iterator[Setup]:
    setup = make_setup()
    with setup.client:
        yield setup
