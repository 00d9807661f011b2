"""Storage chosen by one URL: ``memory://``, ``sqlite:///path`` (default), ``postgresql://…``.

The URL is turned into the environment that eventsourcing's infrastructure factories read,
so every backend is the library's own recorder (optimistic concurrency on
``(originator_id, originator_version)``, atomic multi-stream inserts, a notification log).
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

from nghedan_core.errors import InvalidInputError, Problem

__all__ = [
    "DEFAULT_DATABASE_URL",
    "ENV_CIPHER_KEY",
    "ENV_CIPHER_KEY_FILE",
    "ENV_DATABASE_URL",
    "cipher_env",
    "database_url",
    "new_cipher_key",
    "storage_env",
]

DEFAULT_DATABASE_URL: Final = "sqlite:///nghedan.db"
ENV_DATABASE_URL: Final = "NGHEDAN_DATABASE_URL"
ENV_CIPHER_KEY: Final = "NGHEDAN_CIPHER_KEY"
ENV_CIPHER_KEY_FILE: Final = "NGHEDAN_CIPHER_KEY_FILE"
#: eventsourcing's AES-GCM cipher on the `cryptography` package
CIPHER_TOPIC: Final = "eventsourcing.cryptography:AESCipher"


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


def new_cipher_key() -> str:
    """A new random key for encryption at rest (AES-256, base64): keep it outside the database."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


def cipher_env(key: str | None = None) -> dict[str, str]:
    """The eventsourcing settings for encryption at rest, or none when no key is configured.

    The key is `key`, else ``$NGHEDAN_CIPHER_KEY``, else the content of the file named by
    ``$NGHEDAN_CIPHER_KEY_FILE``: 16, 24 or 32 bytes in base64 (`new_cipher_key`). It is
    never stored in the database; without it an encrypted store cannot be read.

    >>> cipher_env(None) if not os.environ.get(ENV_CIPHER_KEY) else {}
    {}
    >>> sorted(cipher_env(new_cipher_key()))
    ['CIPHER_KEY', 'CIPHER_TOPIC']
    """
    if key is None:
        key = os.environ.get(ENV_CIPHER_KEY) or None
    if key is None and (path := os.environ.get(ENV_CIPHER_KEY_FILE)):
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise InvalidInputError(
                [
                    Problem(
                        "cipher_key",
                        f"không đọc được tệp khoá {path!r}: {e.strerror}",
                        f"cannot read the key file {path!r}: {e.strerror}",
                    )
                ]
            ) from None
    if not key:
        return {}
    try:
        size = len(base64.b64decode(key.strip(), validate=True))
    except (binascii.Error, ValueError):
        size = -1
    if size not in (16, 24, 32):
        raise InvalidInputError(
            [
                Problem(
                    "cipher_key",
                    "khoá mã hoá phải là 16, 24 hoặc 32 byte viết bằng base64"
                    " (tạo bằng `nghedan key new`)",
                    "the encryption key must be 16, 24 or 32 bytes in base64"
                    " (make one with `nghedan key new`)",
                )
            ]
        )
    return {"CIPHER_TOPIC": CIPHER_TOPIC, "CIPHER_KEY": key.strip()}
