"""Storage backends for the contract suite: memory, a SQLite file, PostgreSQL.

PostgreSQL is the machine's server on 127.0.0.1:5432 (override with
``NGHEDAN_TEST_POSTGRES_URL``). Each test gets a schema of its own, dropped afterwards.
With ``CI=true`` an unreachable server fails the run; elsewhere those tests skip with the
reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get(
    "NGHEDAN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def _postgres_reason() -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    try:
        with psycopg.connect(_conninfo(POSTGRES_URL), connect_timeout=3):
            return None
    except psycopg.Error as e:
        return f"no PostgreSQL server at {POSTGRES_URL}: {e}".strip()


def _conninfo(url: str) -> str:
    return url.split("?", 1)[0]


def _need_postgres() -> None:
    reason = _postgres_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the PostgreSQL tests cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database URL with a fresh schema on the PostgreSQL server."""
    _need_postgres()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(POSTGRES_URL), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{_conninfo(POSTGRES_URL)}?schema={schema}"
    finally:
        with psycopg.connect(_conninfo(POSTGRES_URL), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A database URL for a new SQLite file."""
    return f"sqlite:///{tmp_path / 'nghedan.db'}"


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each backend in turn (the contract suite runs against all three)."""
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nghedan.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", "postgres"])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store that several application instances (or processes) can open at once."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nghedan.db'}"
    return str(request.getfixturevalue("postgres_url"))
