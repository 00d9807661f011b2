"""Accounts of officials for the workspace: a login, an argon2 password hash, the official.

An account is made for an official in office (`AccountStore.create`), with a random initial
password shown once; the first sign-in must replace it. Like a token issued for an official
(`nghedan_http.auth.TokenStore.issue_for`), an account stops working once its official leaves
office, is transferred, or no longer holds the role it was made with: `sign_in` compares the
record as it stands with the account's.

Accounts live in the table ``nghedan_accounts`` **of the same database as the events** (SQLite
file, PostgreSQL schema, or beside a ``memory://`` store), beside the tokens. Passwords are
hashed with argon2id (`argon2-cffi`, its default parameters), never stored.
"""

from __future__ import annotations

import contextlib
import secrets
import unicodedata
import weakref
from datetime import UTC, datetime
from typing import Any, Final, Protocol
from uuid import UUID

import attrs
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core import NgheDan
from nghedan_core.aggregates import OfficialInfo
from nghedan_http.auth import Role, role_of

__all__ = ["ACCOUNTS_TABLE", "Account", "AccountStore", "login_of"]

ACCOUNTS_TABLE: Final = "nghedan_accounts"
_COLUMNS: Final = ("login", "official", "unit", "role", "hash", "created_at", "must_change")
_HASHER: Final = PasswordHasher()
#: a hash made once, verified against when the login is unknown (the same time either way)
_DUMMY: Final = _HASHER.hash("nghedan-no-such-account")

_Row = tuple[str, str, str, str, str, str, int]


@attrs.frozen
class Account:
    """A stored account (the hash, never the password)."""

    login: str
    official: UUID
    unit: str
    role: Role
    password_hash: str
    created_at: datetime
    #: the initial password is still the one shown at creation: it must be changed
    must_change: bool


def _account(row: _Row) -> Account:
    login, official, unit, role, password_hash, created_at, must_change = row
    return Account(
        login=login,
        official=UUID(official),
        unit=unit,
        role=Role(role),
        password_hash=password_hash,
        created_at=datetime.fromisoformat(created_at),
        must_change=bool(must_change),
    )


def login_of(full_name: str) -> str:
    """A login from a name, ASCII: ``Trần Văn Ân`` → ``tran.van.an``."""
    text = unicodedata.normalize("NFD", full_name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = ["".join(ch for ch in w if ch.isascii() and ch.isalnum()) for w in plain.split()]
    return ".".join(w for w in words if w) or "can.bo"


class _Backend(Protocol):
    def insert(self, row: _Row) -> None: ...

    def get(self, login: str) -> _Row | None: ...

    def of_official(self, official: str) -> _Row | None: ...

    def set_hash(self, login: str, password_hash: str) -> None: ...


_CREATE: Final = (
    "CREATE TABLE IF NOT EXISTS {table} (login TEXT PRIMARY KEY, official TEXT NOT NULL UNIQUE,"
    " unit TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL,"
    " must_change INTEGER NOT NULL)"
)


class _SqlBackend:
    """SQLite (``?``) or PostgreSQL (``%s``): the same statements, the dialect's placeholder."""

    def __init__(self, datastore: Any, table: str, mark: str) -> None:
        self._datastore = datastore
        cols = ", ".join(_COLUMNS)
        marks = ", ".join([mark] * 7)
        self._insert = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
        self._get = f"SELECT {cols} FROM {table} WHERE login = {mark}"  # noqa: S608
        self._of = f"SELECT {cols} FROM {table} WHERE official = {mark}"  # noqa: S608
        self._set = f"UPDATE {table} SET hash = {mark}, must_change = 0 WHERE login = {mark}"  # noqa: S608
        with datastore.transaction(commit=True) as c:
            c.execute(_CREATE.format(table=table))

    def _one(self, sql: str, key: str) -> _Row | None:
        with self._datastore.transaction(commit=False) as c:
            c.execute(sql, (key,))
            row = c.fetchone()
        if row is None:
            return None
        values = [row[k] for k in _COLUMNS] if isinstance(row, dict) else list(row)
        return (*values[:6], int(values[6]))

    def insert(self, row: _Row) -> None:
        with self._datastore.transaction(commit=True) as c:
            c.execute(self._insert, row)

    def get(self, login: str) -> _Row | None:
        return self._one(self._get, login)

    def of_official(self, official: str) -> _Row | None:
        return self._one(self._of, official)

    def set_hash(self, login: str, password_hash: str) -> None:
        with self._datastore.transaction(commit=True) as c:
            c.execute(self._set, (password_hash, login))


#: memory:// stores keep their accounts beside the recorder
_MEMORY: weakref.WeakKeyDictionary[Any, dict[str, _Row]] = weakref.WeakKeyDictionary()


class _MemoryBackend:
    def __init__(self, recorder: POPOApplicationRecorder) -> None:
        self._rows = _MEMORY.setdefault(recorder, {})

    def insert(self, row: _Row) -> None:
        if row[0] in self._rows or self.of_official(row[1]) is not None:
            msg = "account already stored"
            raise ValueError(msg)
        self._rows[row[0]] = row

    def get(self, login: str) -> _Row | None:
        return self._rows.get(login)

    def of_official(self, official: str) -> _Row | None:
        return next((r for r in self._rows.values() if r[1] == official), None)

    def set_hash(self, login: str, password_hash: str) -> None:
        row = self._rows[login]
        self._rows[login] = (*row[:4], password_hash, row[5], 0)


def _backend_for(recorder: Any) -> _Backend:
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _SqlBackend(recorder.datastore, ACCOUNTS_TABLE, "?")
    if isinstance(recorder, POPOApplicationRecorder):
        return _MemoryBackend(recorder)
    if type(recorder).__module__ == "eventsourcing.postgres":
        schema = recorder.datastore.schema
        table = f'"{schema}"."{ACCOUNTS_TABLE}"' if schema else ACCOUNTS_TABLE
        return _SqlBackend(recorder.datastore, table, "%s")
    msg = f"accounts cannot be kept in a {type(recorder).__name__}"
    raise TypeError(msg)


class AccountStore:
    """Create accounts, sign officials in, change passwords, in `app`'s database."""

    def __init__(self, app: NgheDan, hasher: PasswordHasher | None = None) -> None:
        """Open (or create) the accounts table of `app`'s store.

        `hasher` makes new hashes (default: argon2id with argon2-cffi's parameters); a
        stored hash is verified with the parameters written in it.
        """
        self.app = app
        self._backend = _backend_for(app.recorder)
        self._hasher = hasher or _HASHER

    def create(self, official_id: UUID, login: str | None = None) -> tuple[str, Account] | None:
        """A new account for an official in office; the initial password (show it once).

        None when the official is not in office, holds no role the workspace knows, or
        already has an account. The login defaults to the official's name in ASCII
        (``tran.van.an``), with ``.2``, ``.3``… when it is taken.
        """
        official = self.app.official_info(official_id)
        if official is None or not official.active:
            return None
        role = role_of(official)
        if role is None or self._backend.of_official(str(official_id)) is not None:
            return None
        base = login or login_of(self._name(official_id))
        chosen, n = base, 1
        while self._backend.get(chosen) is not None:
            if login is not None:
                return None
            n += 1
            chosen = f"{base}.{n}"
        password = secrets.token_urlsafe(12)
        row: _Row = (
            chosen,
            str(official_id),
            official.unit,
            role.value,
            self._hasher.hash(password),
            datetime.now(UTC).isoformat(),
            1,
        )
        self._backend.insert(row)
        return password, _account(row)

    def _name(self, official_id: UUID) -> str:
        stream = self.app.stream(official_id)
        return str(getattr(stream[0].event, "full_name", "")) if stream else ""

    def get(self, login: str) -> Account | None:
        """The account `login` (None if there is none)."""
        row = self._backend.get(login)
        return None if row is None else _account(row)

    def sign_in(self, login: str, password: str) -> Account | None:
        """The account, when the password is right and its official still holds it."""
        row = self._backend.get(login) if len(login) <= 200 else None
        if row is None:
            with contextlib.suppress(VerificationError):  # the same work as a wrong password
                _HASHER.verify(_DUMMY, password[:1000])
            return None
        account = _account(row)
        try:
            _HASHER.verify(account.password_hash, password[:1000])
        except (VerificationError, InvalidHashError):
            return None
        return account if self.holds(account) else None

    def holds(self, account: Account) -> bool:
        """The account's official is in office, in its unit, with its role."""
        official: OfficialInfo | None = self.app.official_info(account.official)
        return (
            official is not None
            and official.active
            and official.unit == account.unit
            and role_of(official) == account.role
        )

    def change_password(self, login: str, password: str) -> None:
        """Replace the password (the initial one is then no longer needed)."""
        self._backend.set_hash(login, self._hasher.hash(password))
