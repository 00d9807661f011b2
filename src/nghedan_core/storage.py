"""Storage chosen by one URL: ``memory://``, ``sqlite:///path`` (default), ``postgresql://…``.

The URL is turned into the environment that eventsourcing's infrastructure factories read,
so every backend is the library's own recorder (optimistic concurrency on
``(originator_id, originator_version)``, atomic multi-stream inserts, a notification log).
"""

from __future__ import annotations

import os
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

from nghedan_core.errors import InvalidInputError, Problem

__all__ = ["DEFAULT_DATABASE_URL", "ENV_DATABASE_URL", "database_url", "storage_env"]

DEFAULT_DATABASE_URL: Final = "sqlite:///nghedan.db"
ENV_DATABASE_URL: Final = "NGHEDAN_DATABASE_URL"


def database_url(url: str | None = None) -> str:
    """The URL to use: `url`, else ``$NGHEDAN_DATABASE_URL``, else the SQLite default."""
    return url or os.environ.get(ENV_DATABASE_URL) or DEFAULT_DATABASE_URL


def _bad(url: str, en: str, vi: str) -> InvalidInputError:
    return InvalidInputError([Problem("database_url", f"{vi} ({url!r})", f"{en} ({url!r})")])


def storage_env(url: str) -> dict[str, str]:
    """The eventsourcing environment for a database URL.

    >>> storage_env("memory://")
    {'PERSISTENCE_MODULE': 'eventsourcing.popo'}
    >>> storage_env("sqlite:///data/nghedan.db")["SQLITE_DBNAME"]
    'data/nghedan.db'
    >>> storage_env("postgresql://postgres@127.0.0.1:5432/test")["POSTGRES_DBNAME"]
    'test'
    """
    parts = urlsplit(url)
    if parts.scheme == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if parts.scheme == "sqlite":
        if parts.netloc:
            raise _bad(
                url,
                "write sqlite:///relative/path or sqlite:////absolute/path",
                "hãy viết sqlite:///duong/dan hoặc sqlite:////duong/dan/tuyet/doi",
            )
        path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if not path:
            raise _bad(url, "the SQLite URL names no file", "URL SQLite chưa có tên tệp")
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    if parts.scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise _bad(
                url, "the PostgreSQL URL names no database", "URL PostgreSQL chưa có tên CSDL"
            )
        query = parse_qs(parts.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": os.environ.get("POSTGRES_CONNECT_TIMEOUT", "10"),
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env
    raise _bad(
        url,
        "unknown database URL; use memory://, sqlite:///path or postgresql://user@host:port/db",
        "URL cơ sở dữ liệu không hợp lệ; dùng memory://, sqlite:///duong/dan hoặc"
        " postgresql://user@host:port/db",
    )
