"""Fixtures for the ``nghedan`` command line: a SQLite file per test, a small world in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_world import WORLD, Nd


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No database URL or language leaks in from the developer's shell."""
    for name in (
        "NGHEDAN_DATABASE_URL",
        "NGHEDAN_LANG",
        "NGHEDAN_DEBUG",
        "NGHEDAN_CIPHER_KEY",
        "NGHEDAN_CIPHER_KEY_FILE",
        "NGHEDAN_KEYS_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small world, recorded once per session through the CLI."""
    path = tmp_path_factory.mktemp("world") / "world.db"
    nd = Nd(path)
    for args in WORLD:
        nd.ok(*args)
    return path


@pytest.fixture
def nd(tmp_path: Path) -> Nd:
    """The CLI on an empty SQLite file of this test."""
    return Nd(tmp_path / "nghedan.db")


@pytest.fixture
def world(tmp_path: Path, world_template: Path) -> Nd:
    """The CLI on this test's own copy of the small world."""
    path = tmp_path / "world.db"
    shutil.copyfile(world_template, path)
    # the personal-data keys live in their own file beside the store
    shutil.copyfile(world_template.with_name("world-keys.db"), tmp_path / "world-keys.db")
    return Nd(path)
