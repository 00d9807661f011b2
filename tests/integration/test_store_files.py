"""The SQLite store's files: owner-only, keys in a file of their own, erasure leaves no key bytes."""

from __future__ import annotations

import base64
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from nghedan_core import NgheDan, RegisterUnit, UnitKind
from nghedan_core.demo import demo_commands
from nghedan_core.erasure import erase_person
from nghedan_core.personal import KEYS_TABLE, UNREADABLE_TEXT, default_keys_url
from nghedan_core.projections import ComplaintBoard, fold
from personal_values import admin_of

AT = datetime(2024, 7, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def commands() -> list[Any]:
    return list(demo_commands())[:400]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fill(path: Path, commands: list[Any]) -> NgheDan:
    app = NgheDan(f"sqlite:///{path}", clock=lambda: AT)
    # the demo's history, recorded in 2024 by an import (ADR 0019)
    assert app.handle_many(commands, imported=True).error is None
    return app


def test_the_store_and_its_keystore_are_created_owner_only(
    tmp_path: Path, commands: list[Any]
) -> None:
    """Whatever the umask, the events, the keys and their write-ahead logs are 0600."""
    app = fill(tmp_path / "xa.db", commands)
    files = sorted(tmp_path.glob("xa*"))
    names = {f.name for f in files}
    assert {"xa.db", "xa-keys.db"} <= names
    assert any(name.endswith("-wal") for name in names)
    for f in files:
        assert mode(f) == 0o600, f"{f.name}: {oct(mode(f))}"
    app.close()


def test_the_keys_live_beside_the_store_not_inside_it(tmp_path: Path, commands: list[Any]) -> None:
    """A copy of the events' file alone reads no name; with the keys file it reads them."""
    app = fill(tmp_path / "xa.db", commands)
    app.close()
    with sqlite3.connect(tmp_path / "xa.db") as c:
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
    assert KEYS_TABLE not in tables
    with sqlite3.connect(tmp_path / "xa-keys.db") as c:
        assert c.execute(f"SELECT count(*) FROM {KEYS_TABLE}").fetchone()[0] > 0  # noqa: S608
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    with sqlite3.connect(tmp_path / "xa.db") as src, sqlite3.connect(stolen / "xa.db") as dst:
        src.backup(dst)
    thief = NgheDan(f"sqlite:///{stolen / 'xa.db'}")
    board = thief.reveal(fold(ComplaintBoard(), thief.records()).view(AT))
    assert board.entries
    assert {e.citizen for e in board.entries} == {UNREADABLE_TEXT}
    owner = NgheDan(f"sqlite:///{tmp_path / 'xa.db'}")
    board = owner.reveal(fold(ComplaintBoard(), owner.records()).view(AT))
    assert UNREADABLE_TEXT not in {e.citizen for e in board.entries}


def test_a_store_made_with_its_keys_inside_keeps_using_them(tmp_path: Path) -> None:
    """Stores made before the keys had their own file still read their names."""
    path = tmp_path / "old.db"
    legacy = NgheDan(f"sqlite:///{path}", keys_url=None, clock=lambda: AT)
    legacy.handle(RegisterUnit(code="29500", name="Xã Ninh Thới", kind=UnitKind.COMMUNE))
    with sqlite3.connect(path) as c:  # as an earlier version left it: the table beside
        c.execute(f"CREATE TABLE {KEYS_TABLE} (subject TEXT PRIMARY KEY, key TEXT, erased_at TEXT)")
        c.execute(f"INSERT INTO {KEYS_TABLE} VALUES ('x', NULL, '2024-01-01')")  # noqa: S608
    reopened = NgheDan(f"sqlite:///{path}")
    assert [s for s, _ in reopened.personal.keystore.rows()] == ["x"]


def test_erasure_leaves_no_bytes_of_the_key_in_the_keystore_files(
    tmp_path: Path, commands: list[Any]
) -> None:
    """Secure delete and a checkpoint: the destroyed key is in neither the file nor its log."""
    app = fill(tmp_path / "xa.db", commands)
    head = next(c.head for c in commands if type(c).__name__ == "RegisterHousehold")
    keys = tmp_path / "xa-keys.db"
    with sqlite3.connect(keys) as c:
        (stored,) = c.execute(
            f"SELECT key FROM {KEYS_TABLE} WHERE subject = ?",  # noqa: S608
            (str(head.person_id),),
        ).fetchone()
    raw_key = base64.b64decode(stored)

    def on_disk() -> bytes:
        return b"".join(f.read_bytes() for f in tmp_path.glob("xa-keys.db*"))

    assert stored.encode() in on_disk()
    erase_person(app, str(head.person_id), actor=admin_of(app))
    disk = on_disk()
    assert stored.encode() not in disk
    assert raw_key not in disk


def test_the_default_keystore_sits_beside_a_sqlite_store_only() -> None:
    """``name.db`` → ``name-keys.db``; PostgreSQL and memory keep a table beside the events."""
    assert default_keys_url("sqlite:///nghedan.db") == "sqlite:///nghedan-keys.db"
    assert default_keys_url("sqlite:////srv/x/tinh.sqlite") == "sqlite:////srv/x/tinh-keys.sqlite"
    assert default_keys_url("memory://") is None
    assert default_keys_url("postgresql://postgres@127.0.0.1:5432/test") is None
    assert default_keys_url(f"sqlite:///:memory:{uuid4()}") is None
