"""Bearer tokens for an official (or a bare role and unit): issued once, stored as hashes.

A token issued for an official (`TokenStore.issue_for`) takes its role and unit from that
official's record, and stops working (401) once the official leaves office or is
transferred: `authenticate` compares the record as it stands with the token's. The
`Principal` then names the official, whose own acts (approvals, ADR 0017) it may carry.

A token is ``ndn_`` followed by 43 URL-safe characters (256 random bits). The server keeps
the SHA-256 of it — never the token — with its role, its unit, when it was issued, when it
expires and whether it was revoked, in the table ``nghedan_tokens`` **of the same database
as the events** (SQLite file, PostgreSQL schema, or beside a ``memory://`` store): one
backup, one access control, one place to look (see ``docs/security.md``).

Because the token carries 256 random bits, a plain SHA-256 is enough (a slow password hash
protects low-entropy secrets; this one cannot be guessed), and it lets the server find the
row with one indexed lookup instead of trying every row.
"""

from __future__ import annotations

import hashlib
import secrets
import weakref
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, Final, Protocol, cast
from uuid import UUID

import attrs
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core import NgheDan
from nghedan_core.aggregates import OfficialInfo
from nghedan_core.values import VIETNAM_TZ

__all__ = [
    "TOKENS_TABLE",
    "Principal",
    "Role",
    "TokenRecord",
    "TokenStore",
    "hash_token",
]

TOKENS_TABLE: Final = "nghedan_tokens"
PREFIX: Final = "ndn_"


class Role(StrEnum):
    """Who a token speaks for."""

    CLERK = "clerk"
    LEADER = "leader"
    SUPERVISOR = "supervisor"
    MTTQ = "mttq"


ROLE_LABELS_VI: Final = {
    Role.CLERK: "văn phòng UBND xã",
    Role.LEADER: "lãnh đạo xã",
    Role.SUPERVISOR: "cấp giám sát",
    Role.MTTQ: "MTTQ / Ban Thanh tra nhân dân",
}


def hash_token(token: str) -> str:
    """The SHA-256 (hex) of a token: what is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@attrs.frozen
class TokenRecord:
    """A stored token: never the secret, only its hash and what it may do."""

    token_id: str
    role: Role
    unit: str
    issued_at: datetime
    #: the token stops working at 00:00 (Vietnam time) on this date
    expires: date | None
    revoked_at: datetime | None
    token_hash: str
    #: the official the token was issued for (None: a bare role-and-unit token)
    official: UUID | None = None

    def valid_at(self, now: datetime) -> bool:
        """Whether the token may be used at `now`."""
        if self.revoked_at is not None:
            return False
        return self.expires is None or now < expiry_moment(self.expires)

    def status(self, now: datetime) -> str:
        """``active``, ``expired`` or ``revoked``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires is not None and now >= expiry_moment(self.expires):
            return "expired"
        return "active"

    def to_dict(self, now: datetime) -> dict[str, Any]:
        """JSON-ready, without the hash."""
        return {
            "id": self.token_id,
            "role": self.role.value,
            "unit": self.unit,
            "issued_at": self.issued_at.isoformat(),
            "expires": None if self.expires is None else self.expires.isoformat(),
            "revoked_at": None if self.revoked_at is None else self.revoked_at.isoformat(),
            "official": None if self.official is None else str(self.official),
            "status": self.status(now),
        }


def expiry_moment(day: date) -> datetime:
    """00:00 in Vietnam on `day`."""
    return datetime.combine(day, time(0, 0), tzinfo=VIETNAM_TZ)


@attrs.frozen
class Principal:
    """The caller behind a valid token."""

    token_id: str
    role: Role
    unit: str
    #: the official the token speaks for (None: a bare role-and-unit token)
    official: UUID | None = None


#: the token role an official's roles give, first match first
_ROLE_OF: Final = (
    ("leader", Role.LEADER),
    ("supervisor", Role.SUPERVISOR),
    ("clerk", Role.CLERK),
    ("mttq", Role.MTTQ),
    ("inspectorate", Role.MTTQ),
)


def role_of(official: OfficialInfo) -> Role | None:
    """The token role of an official: leader, supervisor, clerk, then MTTQ/inspectorate."""
    return next((role for name, role in _ROLE_OF if name in official.roles), None)


_Row = tuple[str, str, str, str, str, str | None, str | None, str | None]
_COLUMNS: Final = "id, hash, role, unit, issued_at, expires, revoked_at, official"


def _record(row: Sequence[Any]) -> TokenRecord:
    token_id, token_hash, role, unit, issued_at, expires, revoked_at, official = row
    return TokenRecord(
        token_id=token_id,
        role=Role(role),
        unit=unit,
        issued_at=datetime.fromisoformat(issued_at),
        expires=None if expires is None else date.fromisoformat(expires),
        revoked_at=None if revoked_at is None else datetime.fromisoformat(revoked_at),
        token_hash=token_hash,
        official=None if official is None else UUID(official),
    )


class _Backend(Protocol):
    def insert(self, row: _Row) -> None: ...

    def by_hash(self, token_hash: str) -> _Row | None: ...

    def all(self) -> list[_Row]: ...

    def revoke(self, token_id: str, at: str) -> bool: ...


class _SQLiteBackend:
    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self._datastore = recorder.datastore
        with self._datastore.transaction(commit=True) as c:
            c.execute(
                f"CREATE TABLE IF NOT EXISTS {TOKENS_TABLE} (id TEXT PRIMARY KEY, "
                "hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, unit TEXT NOT NULL, "
                "issued_at TEXT NOT NULL, expires TEXT, revoked_at TEXT, official TEXT)"
            )
            c.execute(f"PRAGMA table_info({TOKENS_TABLE})")
            if "official" not in {r[1] for r in c.fetchall()}:  # a table made before it
                c.execute(f"ALTER TABLE {TOKENS_TABLE} ADD COLUMN official TEXT")

    def insert(self, row: _Row) -> None:
        with self._datastore.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {TOKENS_TABLE} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                row,
            )

    def by_hash(self, token_hash: str) -> _Row | None:
        with self._datastore.transaction(commit=False) as c:
            c.execute(f"SELECT {_COLUMNS} FROM {TOKENS_TABLE} WHERE hash = ?", (token_hash,))  # noqa: S608
            row = c.fetchone()
        return None if row is None else cast("_Row", tuple(row))

    def all(self) -> list[_Row]:
        with self._datastore.transaction(commit=False) as c:
            c.execute(f"SELECT {_COLUMNS} FROM {TOKENS_TABLE} ORDER BY issued_at, id")  # noqa: S608
            return [cast("_Row", tuple(r)) for r in c.fetchall()]

    def revoke(self, token_id: str, at: str) -> bool:
        with self._datastore.transaction(commit=True) as c:
            c.execute(
                f"SELECT id FROM {TOKENS_TABLE} WHERE id = ? AND revoked_at IS NULL",  # noqa: S608
                (token_id,),
            )
            if c.fetchone() is None:
                return False
            c.execute(
                f"UPDATE {TOKENS_TABLE} SET revoked_at = ? WHERE id = ?",  # noqa: S608
                (at, token_id),
            )
            return True


class _PostgresBackend:
    def __init__(self, recorder: Any) -> None:
        from psycopg.sql import SQL, Identifier  # noqa: PLC0415 - optional dependency

        self._datastore = recorder.datastore
        table = SQL("{}.{}").format(Identifier(self._datastore.schema), Identifier(TOKENS_TABLE))
        cols = SQL(_COLUMNS)
        self._insert = SQL("INSERT INTO {} ({}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)").format(
            table, cols
        )
        self._by_hash = SQL("SELECT {} FROM {} WHERE hash = %s").format(cols, table)
        self._all = SQL("SELECT {} FROM {} ORDER BY issued_at, id").format(cols, table)
        self._revoke = SQL(
            "UPDATE {} SET revoked_at = %s WHERE id = %s AND revoked_at IS NULL"
        ).format(table)
        with self._datastore.transaction(commit=True) as c:
            c.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} (id TEXT PRIMARY KEY, "
                    "hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, unit TEXT NOT NULL, "
                    "issued_at TEXT NOT NULL, expires TEXT, revoked_at TEXT, official TEXT)"
                ).format(table)
            )
            c.execute(SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS official TEXT").format(table))

    @staticmethod
    def _tuple(row: Any) -> _Row:
        return cast("_Row", tuple(row[k] for k in _COLUMNS.split(", ")))

    def insert(self, row: _Row) -> None:
        with self._datastore.transaction(commit=True) as c:
            c.execute(self._insert, row)

    def by_hash(self, token_hash: str) -> _Row | None:
        with self._datastore.transaction(commit=False) as c:
            c.execute(self._by_hash, (token_hash,))
            row = c.fetchone()
        return None if row is None else self._tuple(row)

    def all(self) -> list[_Row]:
        with self._datastore.transaction(commit=False) as c:
            c.execute(self._all)
            return [self._tuple(r) for r in c.fetchall()]

    def revoke(self, token_id: str, at: str) -> bool:
        with self._datastore.transaction(commit=True) as c:
            c.execute(self._revoke, (at, token_id))
            return bool(c.rowcount)


#: memory:// stores keep their tokens beside the recorder
_MEMORY: weakref.WeakKeyDictionary[Any, dict[str, _Row]] = weakref.WeakKeyDictionary()


class _MemoryBackend:
    def __init__(self, recorder: POPOApplicationRecorder) -> None:
        self._rows = _MEMORY.setdefault(recorder, {})

    def insert(self, row: _Row) -> None:
        if row[0] in self._rows or any(r[1] == row[1] for r in self._rows.values()):
            msg = "token already stored"
            raise ValueError(msg)
        self._rows[row[0]] = row

    def by_hash(self, token_hash: str) -> _Row | None:
        return next((r for r in self._rows.values() if r[1] == token_hash), None)

    def all(self) -> list[_Row]:
        return sorted(self._rows.values(), key=lambda r: (r[4], r[0]))

    def revoke(self, token_id: str, at: str) -> bool:
        row = self._rows.get(token_id)
        if row is None or row[6] is not None:
            return False
        self._rows[token_id] = (*row[:6], at, row[7])
        return True


def _backend_for(recorder: Any) -> _Backend:
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _SQLiteBackend(recorder)
    if isinstance(recorder, POPOApplicationRecorder):
        return _MemoryBackend(recorder)
    if type(recorder).__module__ == "eventsourcing.postgres":
        return _PostgresBackend(recorder)
    msg = f"tokens cannot be kept in a {type(recorder).__name__}"
    raise TypeError(msg)


class TokenStore:
    """Issue, look up, list and revoke tokens in `app`'s database."""

    def __init__(self, app: NgheDan) -> None:
        """Open (or create) the tokens table of `app`'s store."""
        self.app = app
        self._backend = _backend_for(app.recorder)

    def _now(self) -> datetime:
        return self.app.clock().astimezone(UTC)

    def issue_for(
        self, official_id: UUID, expires: date | None = None
    ) -> tuple[str, TokenRecord] | None:
        """A token for an official in office, its role and unit from the record; None if none.

        None also when the official holds no role a token can carry.
        """
        official = self.app.official_info(official_id)
        if official is None or not official.active:
            return None
        role = role_of(official)
        if role is None:
            return None
        return self.issue(role, official.unit, expires, official=official_id)

    def issue(
        self, role: Role, unit: str, expires: date | None = None, *, official: UUID | None = None
    ) -> tuple[str, TokenRecord]:
        """Make a new token; return the secret (to show once) and what is stored."""
        secret = PREFIX + secrets.token_urlsafe(32)
        record = TokenRecord(
            token_id=secrets.token_hex(6),
            role=role,
            unit=unit,
            issued_at=self._now(),
            expires=expires,
            revoked_at=None,
            token_hash=hash_token(secret),
            official=official,
        )
        self._backend.insert(
            (
                record.token_id,
                record.token_hash,
                role.value,
                unit,
                record.issued_at.isoformat(),
                None if expires is None else expires.isoformat(),
                None,
                None if official is None else str(official),
            )
        )
        return secret, record

    def authenticate(self, secret: str) -> Principal | None:
        """The principal of a valid (known, unexpired, unrevoked) token, else None."""
        if not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        row = self._backend.by_hash(hash_token(secret))
        if row is None:
            return None
        record = _record(row)
        # the lookup is by hash already; compare again in constant time for good measure
        if not secrets.compare_digest(record.token_hash, hash_token(secret)):
            return None
        if not record.valid_at(self._now()):
            return None
        if record.official is not None and not self._still_holds(record, record.official):
            return None
        return Principal(
            token_id=record.token_id, role=record.role, unit=record.unit, official=record.official
        )

    def _still_holds(self, record: TokenRecord, official_id: UUID) -> bool:
        """The official is in office, in the token's unit, with the token's role."""
        official = self.app.official_info(official_id)
        return (
            official is not None
            and official.active
            and official.unit == record.unit
            and role_of(official) == record.role
        )

    def list(self) -> list[TokenRecord]:
        """Every token ever issued (hashes included; never the secrets)."""
        return [_record(r) for r in self._backend.all()]

    def revoke(self, token_id: str) -> bool:
        """Revoke a token; False if there is no such active token."""
        return self._backend.revoke(token_id, self._now().isoformat())
