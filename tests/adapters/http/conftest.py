"""Fixtures of the HTTP adapter's tests (helpers live in `http_world`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium; installed with apt-get under CI=true, else the test is skipped."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None and os.environ.get("CI") == "true":
        subprocess.run(["apt-get", "install", "-y", "chromium"], check=True, timeout=900)
        found = shutil.which("chromium")
    if found is None:
        pytest.skip(
            "Debian's chromium is not installed (apt-get install -y chromium; CI installs it)"
        )
    return found
