"""Opening a store: the race of processes creating it, and the encryption checks.

An encrypted store opened without its key, a plain one opened with a key, or a wrong key
is refused with a clear message before anything is read or written.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    Cipher,
    IntegrityError,
    InternalError,
    Mapper,
    OperationalError,
    ProgrammingError,
)

from nghedan_core.errors import InvalidInputError, Problem

__all__ = ["check_encryption", "open_racing"]


def open_racing(open_store: Callable[[], None]) -> None:
    """Run `open_store`, again after a short wait when it lost a race to create the store."""
    for attempt in range(5):
        try:
            open_store()
        except (
            InternalError,
            IntegrityError,
            ProgrammingError,
            OperationalError,
            sqlite3.OperationalError,
        ) as e:
            # Processes starting together race to create the PostgreSQL table, type and
            # function ("tuple concurrently updated", "duplicate key"), or to switch a new
            # SQLite file to WAL ("database is locked"): the loser waits and opens what
            # the winner created. Any other operational error is not a race.
            racing = not isinstance(e, OperationalError | sqlite3.OperationalError) or (
                "locked" in str(e) or "busy" in str(e)
            )
            if attempt == 4 or not racing:
                raise
            time.sleep(0.05 * (attempt + 1) + random.uniform(0, 0.05))  # noqa: S311
        else:
            return


def _looks_plain(data: bytes) -> bool:
    """Whether a stored state is `CattrsMapper`'s plain JSON (an encrypted one is random).

    Its first keys are fixed (``{"class_version":`` or ``{"hash":"``), so random bytes pass
    for it once in 2^72; a state edited by hand usually keeps them.
    """
    return data.startswith((b'{"hash":"', b'{"class_version":', b'{"actor":"'))


def _opens(cipher: Cipher, data: bytes) -> bool:
    try:
        cipher.decrypt(data)
    except ValueError:
        return False
    return True


def check_encryption(recorder: ApplicationRecorder, mapper: Mapper[UUID]) -> None:
    """Refuse, clearly, a key for a plain store or a plain opening of an encrypted one."""
    # a few of the first states: one edited by hand must not pass for the wrong key
    first = recorder.select_notifications(start=1, limit=3)
    if not first:
        return
    encrypted = not any(_looks_plain(n.state) for n in first)
    if encrypted and mapper.cipher is None and mapper.compressor is None:
        raise InvalidInputError(
            [
                Problem(
                    "cipher_key",
                    "cơ sở dữ liệu này được mã hoá: cần khoá (NGHEDAN_CIPHER_KEY hoặc"
                    " NGHEDAN_CIPHER_KEY_FILE)",
                    "this database is encrypted: it needs its key (NGHEDAN_CIPHER_KEY or"
                    " NGHEDAN_CIPHER_KEY_FILE)",
                )
            ]
        )
    if not encrypted and mapper.cipher is not None:
        raise InvalidInputError(
            [
                Problem(
                    "cipher_key",
                    "cơ sở dữ liệu này không mã hoá: bỏ NGHEDAN_CIPHER_KEY, hoặc xuất rồi"
                    " khôi phục vào một cơ sở dữ liệu mới có khoá",
                    "this database is not encrypted: unset NGHEDAN_CIPHER_KEY, or export"
                    " it and restore into a new database with the key",
                )
            ]
        )
    cipher = mapper.cipher
    if encrypted and cipher is not None and not any(_opens(cipher, n.state) for n in first):
        raise InvalidInputError(
            [
                Problem(
                    "cipher_key",
                    "sai khoá mã hoá cho cơ sở dữ liệu này",
                    "wrong encryption key for this database",
                )
            ]
        )
