"""Fixtures of the fuzz tests: the CLI's and the HTTP adapter's test worlds, shared."""

from __future__ import annotations

import sys
from pathlib import Path

# the worlds of the adapters' own tests (unique module names: `cli_world`, `http_world`)
_TESTS = Path(__file__).resolve().parents[1]
for folder in ("adapters/cli", "adapters/http"):
    path = str(_TESTS / folder)
    if path not in sys.path:
        sys.path.append(path)


def pytest_configure(config) -> None:
    """Starlette's TestClient warns that httpx is deprecated in favour of httpx2."""
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")
