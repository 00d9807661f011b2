r"""Personal data: every personal field encrypted with its data subject's own key; erasure.

Vietnam's personal data protection law (in force since 1 January 2026) gives a person the
right to have their data deleted, while the fund's history must stay complete and its hash
chain verifiable. Both hold by **crypto-shredding**:

- Every field marked personal (`nghedan_core.values.PERSONAL`: a citizen's or a head of
  household's name, phone and address, a household's circumstances, a contributor's name,
  an official's relative's name) is **encrypted before the event is hashed**, with a key that
  belongs to the field's *data subject*: the `Person` it describes (its ``person_id``), else
  the household, the relative, the pledge or the receipt the event records (the first of
  ``person_id``, ``household_id``, ``pledge_id``, ``receipt_id`` in the payload). The stored
  payload carries a *token* (``"\ue000pd1:<subject hex>:<ciphertext>"``); the hash chain,
  the digest, exports and materialised views only ever see tokens.
- The keys live **apart from the events**: for a SQLite store, in a file of their own beside
  it by default (``nghedan-keys.db`` beside ``nghedan.db``, both created owner-only, 0600;
  a store made before keeps its table ``nghedan_person_keys``); for PostgreSQL and memory,
  in that table of the same database; or in another database named by
  ``$NGHEDAN_KEYS_URL``. They are never exported with the events, and are wrapped with the
  at-rest key when encryption at rest is on.
- **Erasure** (`PersonalData.erase`, ``nghedan person erase ID``) destroys the subject's key
  and leaves a tombstone. The tokens stay in the log, so every hash, the digest and
  ``audit verify`` are unchanged, but nothing can read them any more: every view, page and
  command shows `ERASED_TEXT` instead. Data recorded about the same subject later gets a new
  key (and can be erased again).

Encryption is AES-SIV (RFC 5297, from the `cryptography` package eventsourcing's own cipher
uses): deterministic, so the same commands recorded with the same keys at the same time give
the same digest (a re-run import can be compared with an uninterrupted one), and
authenticated with the subject, so a token moved to another subject does not decrypt.
Views fold over tokens; `PersonalData.reveal` decrypts them at the edge, in one key lookup
per view, never caching keys, so an erasure made by another process takes effect at once.
"""

from __future__ import annotations

import base64
import functools
import os
import random
import time
import typing
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

import attrs

from nghedan_core.values import Person, is_personal

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV

__all__ = [
    "ENV_KEYS_URL",
    "ERASED_TEXT",
    "KEYS_TABLE",
    "TOKEN_PREFIX",
    "UNREADABLE_TEXT",
    "KeyRow",
    "Keystore",
    "PersonalData",
    "create_private_file",
    "default_keys_url",
    "is_token",
    "keys_beside_events",
    "open_keystore",
    "personal_slots",
    "sqlite_file",
    "token_subject",
]

T = TypeVar("T")

#: a private-use character no typed text starts with, then the format's version
TOKEN_PREFIX: Final = "\ue000pd1:"  # noqa: S105 - not a password
#: what a view shows for personal data whose subject has been erased
ERASED_TEXT: Final = "[đã xoá]"
#: what a view shows for personal data whose key is not in this keystore (e.g. a store
#: restored from an export without its keys)
UNREADABLE_TEXT: Final = "[không đọc được]"
KEYS_TABLE: Final = "nghedan_person_keys"
ENV_KEYS_URL: Final = "NGHEDAN_KEYS_URL"

#: where a personal field that is not part of a `Person` finds its data subject
SUBJECT_FIELDS: Final = ("person_id", "household_id", "pledge_id", "receipt_id")
_PERSON_FIELDS: Final = tuple(f.name for f in attrs.fields(Person) if is_personal(f))
_KEY_BYTES: Final = 64  # AES-256-SIV


def is_token(value: object) -> bool:
    """Whether `value` is an encrypted personal field as stored."""
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def token_subject(token: str) -> str:
    """The data subject (UUID text) a token was encrypted for."""
    return str(UUID(hex=token[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 32]))


# --- which fields of which event are personal --------------------------------------------


@attrs.frozen
class Slot:
    """One personal field of an event's payload: ``payload[field]`` or ``payload[field][sub]``."""

    field: str
    #: the `Person` fields, when `field` holds a `Person`
    subs: tuple[str, ...] = ()


_SLOTS: dict[type, tuple[Slot, ...]] = {}


def personal_slots(cls: type) -> tuple[Slot, ...]:
    """The personal fields of an attrs event class (cached; empty when it has none)."""
    try:
        return _SLOTS[cls]
    except KeyError:
        pass
    slots: list[Slot] = []
    if attrs.has(cls):
        hints = typing.get_type_hints(cls)
        for f in attrs.fields(cls):
            if Person in typing.get_args(hints[f.name]) or hints[f.name] is Person:
                slots.append(Slot(f.name, _PERSON_FIELDS))
            elif is_personal(f):
                if not any(s in attrs.fields_dict(cls) for s in SUBJECT_FIELDS):
                    msg = f"{cls.__name__}.{f.name} is personal but the event names no subject"
                    raise TypeError(msg)
                slots.append(Slot(f.name))
    _SLOTS[cls] = result = tuple(slots)
    return result


def _field_subject(payload: Mapping[str, Any]) -> str:
    for name in SUBJECT_FIELDS:
        if payload.get(name):
            return str(payload[name])
    msg = "no data subject in the payload"
    raise ValueError(msg)


# --- the keystore -------------------------------------------------------------------------


@attrs.frozen
class KeyRow:
    """A subject's key (None once erased) and when it was erased (None if never)."""

    key: bytes | None
    erased_at: str | None = None


class Keystore(Protocol):
    """Where the per-subject keys are kept."""

    def fetch(self, subjects: Collection[str]) -> dict[str, KeyRow]:
        """The rows of those of `subjects` that have one."""
        ...

    def ensure(self, subjects: Collection[str]) -> dict[str, bytes]:
        """Each subject's key, creating one (committed) for those without a live key."""
        ...

    def erase(self, subject: str, at: str) -> bool:
        """Destroy `subject`'s key; whether there was a live key to destroy."""
        ...

    def rows(self) -> Iterator[tuple[str, KeyRow]]:
        """Every row (for a backup of the keys)."""
        ...

    def load(self, rows: Iterable[tuple[str, KeyRow]]) -> int:
        """Add rows from a backup (existing subjects are kept); how many were added."""
        ...

    def close(self) -> None:
        """Let go of the keys' own database, if they have one."""
        ...


Wrap = Callable[[bytes], bytes]


class _SqlKeystore:
    """The keys in a table of an eventsourcing datastore (SQLite or PostgreSQL)."""

    def __init__(
        self,
        datastore: Any,
        *,
        postgres: bool,
        wrap: Wrap | None,
        unwrap: Wrap | None,
        owned: bool = False,
    ) -> None:
        self._datastore = datastore
        #: a datastore opened for the keys alone (closed with them), not the events' own
        self._owned = owned
        self._wrap = wrap
        self._unwrap = unwrap
        self._postgres = postgres
        self._mark = "%s" if postgres else "?"
        if postgres:
            schema = datastore.schema.replace('"', '""')
            self._table = f'"{schema}".{KEYS_TABLE}'
            create = [
                f'CREATE SCHEMA IF NOT EXISTS "{schema}"',
                f"CREATE TABLE IF NOT EXISTS {self._table} "
                "(subject TEXT PRIMARY KEY, key TEXT, erased_at TEXT)",
            ]
        else:
            self._table = KEYS_TABLE
            create = [
                f"CREATE TABLE IF NOT EXISTS {self._table} "
                "(subject TEXT PRIMARY KEY, key TEXT, erased_at TEXT)"
            ]
        for attempt in range(10):
            try:
                with datastore.transaction(commit=True) as c:
                    for statement in create:
                        c.execute(statement)
                break
            except Exception:  # processes starting together race on the catalog / new file
                if attempt == 9:
                    raise
                time.sleep(0.05 * (attempt + 1) + random.uniform(0, 0.05))  # noqa: S311

    def _encode(self, key: bytes) -> str:
        return base64.b64encode(self._wrap(key) if self._wrap else key).decode()

    def _decode(self, text: str | None) -> bytes | None:
        if text is None:
            return None
        raw = base64.b64decode(text)
        return self._unwrap(raw) if self._unwrap else raw

    def _select(self, c: Any, subjects: list[str]) -> dict[str, KeyRow]:
        found: dict[str, KeyRow] = {}
        for i in range(0, len(subjects), 500):
            chunk = subjects[i : i + 500]
            marks = ", ".join([self._mark] * len(chunk))
            c.execute(
                f"SELECT subject, key, erased_at FROM {self._table} "  # noqa: S608
                f"WHERE subject IN ({marks})",
                chunk,
            )
            for row in c.fetchall():
                found[row["subject"]] = KeyRow(self._decode(row["key"]), row["erased_at"])
        return found

    def fetch(self, subjects: Collection[str]) -> dict[str, KeyRow]:
        if not subjects:
            return {}
        with self._datastore.transaction(commit=False) as c:
            return self._select(c, sorted(set(subjects)))

    def ensure(self, subjects: Collection[str]) -> dict[str, bytes]:
        wanted = sorted(set(subjects))
        if not wanted:
            return {}
        rows = self.fetch(wanted)
        live = {s: r.key for s, r in rows.items() if r.key is not None}
        missing = [s for s in wanted if s not in live]
        if missing:
            m = self._mark
            with self._datastore.transaction(commit=True) as c:
                # a concurrent writer may create the same subject's key first: keep theirs
                c.executemany(
                    f"INSERT INTO {self._table} (subject, key, erased_at) "  # noqa: S608
                    f"VALUES ({m}, {m}, NULL) ON CONFLICT (subject) DO UPDATE "
                    f"SET key = excluded.key WHERE {self._table}.key IS NULL",
                    [
                        (subject, self._encode(_aessiv().generate_key(_KEY_BYTES * 8)))
                        for subject in missing
                    ],
                )
                again = self._select(c, missing)
            live.update({s: r.key for s, r in again.items() if r.key is not None})
        return live

    def erase(self, subject: str, at: str) -> bool:
        if self._postgres:
            return self._erase(subject, at)
        with self._datastore.get_connection(commit=True) as conn:
            # the page that held the key is overwritten with zeros, not left in the file
            conn.cursor().execute("PRAGMA secure_delete = ON")
            had_key = self._erase(subject, at, conn)
            # the write-ahead log still holds the page with the key: copy the new page into
            # the file and empty the log, so that no old key bytes stay in either
            conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return had_key

    def _erase(self, subject: str, at: str, conn: Any = None) -> bool:
        m = self._mark
        transaction = (
            self._datastore.transaction(commit=True)
            if conn is None
            else conn.transaction(commit=True)
        )
        with transaction as c:
            c.execute(
                f"SELECT key FROM {self._table} WHERE subject = {m}",  # noqa: S608
                (subject,),
            )
            row = c.fetchone()
            had_key = row is not None and row["key"] is not None
            c.execute(
                f"INSERT INTO {self._table} (subject, key, erased_at) "  # noqa: S608
                f"VALUES ({m}, NULL, {m}) ON CONFLICT (subject) DO UPDATE "
                "SET key = NULL, erased_at = excluded.erased_at",
                (subject, at),
            )
        return had_key

    def close(self) -> None:
        """Close the keys' own database (its log is checkpointed); the events' is left."""
        if self._owned:
            self._datastore.close()

    def rows(self) -> Iterator[tuple[str, KeyRow]]:
        with self._datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT subject, key, erased_at FROM {self._table} ORDER BY subject"  # noqa: S608
            )
            fetched = c.fetchall()
        for row in fetched:
            yield row["subject"], KeyRow(self._decode(row["key"]), row["erased_at"])

    def load(self, rows: Iterable[tuple[str, KeyRow]]) -> int:
        m = self._mark
        added = 0
        with self._datastore.transaction(commit=True) as c:
            for subject, row in rows:
                c.execute(
                    f"SELECT 1 FROM {self._table} WHERE subject = {m}",  # noqa: S608
                    (subject,),
                )
                if c.fetchone() is not None:
                    continue
                c.execute(
                    f"INSERT INTO {self._table} (subject, key, erased_at) "  # noqa: S608
                    f"VALUES ({m}, {m}, {m}) ON CONFLICT (subject) DO NOTHING",
                    (
                        subject,
                        None if row.key is None else self._encode(row.key),
                        row.erased_at,
                    ),
                )
                added += 1
        return added


#: memory:// keystores live beside their recorder (or under their URL), like the views
_MEMORY: weakref.WeakKeyDictionary[Any, dict[str, KeyRow]] = weakref.WeakKeyDictionary()
_NAMED: dict[str, dict[str, KeyRow]] = {}


class _MemoryKeystore:
    def __init__(self, rows: dict[str, KeyRow]) -> None:
        self._rows = rows

    def close(self) -> None:
        return

    def fetch(self, subjects: Collection[str]) -> dict[str, KeyRow]:
        return {s: self._rows[s] for s in subjects if s in self._rows}

    def ensure(self, subjects: Collection[str]) -> dict[str, bytes]:
        keys: dict[str, bytes] = {}
        for subject in subjects:
            row = self._rows.get(subject)
            if row is None or row.key is None:
                row = KeyRow(
                    _aessiv().generate_key(_KEY_BYTES * 8), None if row is None else row.erased_at
                )
                self._rows[subject] = row
            assert row.key is not None
            keys[subject] = row.key
        return keys

    def erase(self, subject: str, at: str) -> bool:
        row = self._rows.get(subject)
        self._rows[subject] = KeyRow(None, at)
        return row is not None and row.key is not None

    def rows(self) -> Iterator[tuple[str, KeyRow]]:
        yield from sorted(self._rows.items())

    def load(self, rows: Iterable[tuple[str, KeyRow]]) -> int:
        added = 0
        for subject, row in rows:
            if subject not in self._rows:
                self._rows[subject] = row
                added += 1
        return added


def open_keystore(
    url: str | None,
    *,
    recorder: Any,
    wrap: Wrap | None = None,
    unwrap: Wrap | None = None,
) -> Keystore:
    """The keystore at `url`, or (None) a table beside the events in `recorder`'s database."""
    if url is None:
        datastore = getattr(recorder, "datastore", None)
        if datastore is None:  # memory://
            return _MemoryKeystore(_MEMORY.setdefault(recorder, {}))
        postgres = type(datastore).__module__.endswith("postgres")
        return _SqlKeystore(datastore, postgres=postgres, wrap=wrap, unwrap=unwrap)
    parts = urlsplit(url)
    if parts.scheme == "memory":
        return _MemoryKeystore(_NAMED.setdefault(url, {}))
    if parts.scheme == "sqlite":
        from eventsourcing.sqlite import SQLiteDatastore  # noqa: PLC0415

        path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if sqlite_file(url) is not None:
            create_private_file(path)
        return _SqlKeystore(
            SQLiteDatastore(path, lock_timeout=30),
            postgres=False,
            wrap=wrap,
            unwrap=unwrap,
            owned=True,
        )
    if parts.scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        from eventsourcing.postgres import PostgresDatastore  # noqa: PLC0415

        query = parse_qs(parts.query)
        datastore = PostgresDatastore(
            unquote(parts.path.lstrip("/")),
            parts.hostname or "127.0.0.1",
            parts.port or 5432,
            unquote(parts.username or "postgres"),
            unquote(parts.password or ""),
            schema=query.get("schema", [""])[0],
        )
        return _SqlKeystore(datastore, postgres=True, wrap=wrap, unwrap=unwrap, owned=True)
    msg = f"unknown keystore URL {url!r}"
    raise ValueError(msg)


def keys_url() -> str | None:
    """``$NGHEDAN_KEYS_URL`` if set (else `default_keys_url` of the store)."""
    return os.environ.get(ENV_KEYS_URL) or None


def default_keys_url(database_url: str) -> str | None:
    """Where a store keeps its personal-data keys when no keystore URL is given.

    A SQLite store ``sqlite:///dir/name.db`` keeps them in a file of their own beside it,
    ``sqlite:///dir/name-keys.db``, so that a copy of the events' file alone reads no name.
    Other stores (memory, PostgreSQL, in-memory SQLite) keep them in a table beside the
    events (None).

    >>> default_keys_url("sqlite:///nghedan.db")
    'sqlite:///nghedan-keys.db'
    >>> default_keys_url("sqlite:////var/lib/nghedan/store.sqlite")
    'sqlite:////var/lib/nghedan/store-keys.sqlite'
    >>> default_keys_url("postgresql://postgres@127.0.0.1:5432/test") is None
    True
    """
    path = sqlite_file(database_url)
    if path is None:
        return None
    name = PurePosixPath(path)
    keys = name.with_name(f"{name.stem}-keys{name.suffix or '.db'}")
    return f"sqlite:///{keys}"


def sqlite_file(database_url: str) -> str | None:
    """The file of a SQLite URL (None: not SQLite, or an in-memory SQLite database).

    >>> sqlite_file("sqlite:///data/nghedan.db")
    'data/nghedan.db'
    >>> sqlite_file("sqlite:///:memory:") is None
    True
    """
    parts = urlsplit(database_url)
    if parts.scheme != "sqlite":
        return None
    path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
    if not path or ":memory:" in path or "mode=memory" in path or path.startswith("file:"):
        return None
    return path


def create_private_file(path: str) -> None:
    """Create `path` readable and writable by its owner only (0600), if it does not exist.

    SQLite gives its write-ahead log and shared-memory files the database file's
    permissions, so a store and its keystore created here stay owner-only.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:  # a directory that does not exist: SQLite names the problem itself
        return
    os.close(fd)


def keys_beside_events(recorder: Any) -> bool:
    """Whether `recorder`'s SQLite database already holds personal-data keys in its own table.

    Stores made before the keys moved to their own file keep them there.
    """
    datastore = getattr(recorder, "datastore", None)
    if datastore is None or type(datastore).__module__.endswith("postgres"):
        return False
    with datastore.transaction(commit=False) as c:
        c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (KEYS_TABLE,))
        if c.fetchone() is None:
            return False
        c.execute(f"SELECT 1 FROM {KEYS_TABLE} LIMIT 1")  # noqa: S608
        return c.fetchone() is not None


# --- encrypting and revealing ----------------------------------------------------------------


@functools.cache
def _aessiv() -> type[AESSIV]:
    """The AES-SIV cipher, loaded when a personal field is first sealed, opened or keyed."""
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV  # noqa: PLC0415

    return AESSIV


@functools.cache
def _invalid_tag() -> type[Exception]:
    """The cipher's refusal of a token its key did not seal."""
    from cryptography.exceptions import InvalidTag  # noqa: PLC0415

    return InvalidTag


def _seal(key: bytes, subject: str, text: str) -> str:
    data = _aessiv()(key).encrypt(text.encode(), [UUID(subject).bytes])
    encoded = base64.urlsafe_b64encode(data).decode().rstrip("=")
    return f"{TOKEN_PREFIX}{UUID(subject).hex}:{encoded}"


def _open(row: KeyRow | None, token: str) -> str:
    if row is None:
        return UNREADABLE_TEXT
    if row.key is None:
        return ERASED_TEXT
    subject = UUID(hex=token[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 32])
    encoded = token[len(TOKEN_PREFIX) + 33 :]
    try:
        data = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        return _aessiv()(row.key).decrypt(data, [subject.bytes]).decode()
    except (_invalid_tag(), ValueError):
        # a key made after an erasure does not open what was written before it
        return ERASED_TEXT if row.erased_at else UNREADABLE_TEXT


class PersonalData:
    """Encrypts personal fields for storage and reveals them for the people allowed to see."""

    def __init__(self, keystore: Keystore) -> None:
        """Keep the keys in `keystore`."""
        self.keystore = keystore

    # writing

    def protect(
        self, cls: type, payload: dict[str, Any], keys: Mapping[str, bytes] | None = None
    ) -> dict[str, Any]:
        """`payload` (unstructured `cls`) with every personal field encrypted.

        `keys`, when given, are subjects' keys just ensured (a group commit's): they are used
        when they hold every subject of the payload; else the keystore is asked as usual.
        """
        slots = personal_slots(cls)
        if not slots:
            return payload
        wanted: list[tuple[dict[str, Any], str, str]] = []  # (holder, field, subject)
        out = dict(payload)
        for slot in slots:
            value = out.get(slot.field)
            if value is None:
                continue
            if slot.subs:
                holder = dict(value)
                out[slot.field] = holder
                subject = str(holder["person_id"])
                wanted += [
                    (holder, sub, subject) for sub in slot.subs if isinstance(holder.get(sub), str)
                ]
            elif isinstance(value, str):
                wanted.append((out, slot.field, _field_subject(out)))
        if wanted:
            subjects = {w[2] for w in wanted}
            if keys is None or not subjects <= keys.keys():
                keys = self.keystore.ensure(subjects)
            for holder, field, subject in wanted:
                holder[field] = _seal(keys[subject], subject, holder[field])
        return out

    # reading

    def reveal_payload(self, cls: type, payload: dict[str, Any]) -> dict[str, Any]:
        """`payload` as stored with every token replaced by its text (or a placeholder)."""
        slots = personal_slots(cls)
        if not slots:
            return payload
        places: list[tuple[dict[str, Any], str]] = []  # (holder, field)
        out = dict(payload)
        for slot in slots:
            value = out.get(slot.field)
            if slot.subs and isinstance(value, dict):
                holder = dict(value)
                out[slot.field] = holder
                places += [(holder, s) for s in slot.subs]
            elif not slot.subs:
                places.append((out, slot.field))
        tokens = [(h, f) for h, f in places if is_token(h.get(f))]
        if tokens:
            rows = self.keystore.fetch({token_subject(h[f]) for h, f in tokens})
            for holder, field in tokens:
                token = holder[field]
                holder[field] = _open(rows.get(token_subject(token)), token)
        return out

    def reveal(self, view: T) -> T:
        """`view` (attrs objects, tuples, lists, dicts of them) with personal fields readable.

        Only fields marked personal are touched, so a typed text that happens to look like a
        token elsewhere is left as it is. One key lookup for the whole view.
        """
        found: list[str] = []

        def collect(token: str) -> str:
            found.append(token)
            return token

        _walk(view, collect)
        if not found:
            return view
        rows = self.keystore.fetch({token_subject(t) for t in found})
        revealed: T = _walk(view, lambda token: _open(rows.get(token_subject(token)), token))
        return revealed

    # erasing

    def erase(self, subjects: Collection[str]) -> list[str]:
        """Destroy the keys of `subjects`; the ones that had a live key."""
        at = datetime.now(UTC).isoformat()
        return [s for s in sorted(set(subjects)) if self.keystore.erase(s, at)]


def _walk(obj: Any, on_token: Callable[[str], str]) -> Any:
    if attrs.has(type(obj)):
        changes: dict[str, Any] = {}
        for f in attrs.fields(type(obj)):
            value = getattr(obj, f.name)
            if is_personal(f) and is_token(value):
                changes[f.name] = on_token(value)
            elif type(value) in (tuple, list, dict) or attrs.has(type(value)):
                new = _walk(value, on_token)
                if new is not value:
                    changes[f.name] = new
        return attrs.evolve(obj, **changes) if changes else obj
    if type(obj) in (tuple, list):
        items = [_walk(v, on_token) for v in obj]
        if all(a is b for a, b in zip(items, obj, strict=True)):
            return obj
        return type(obj)(items)
    if type(obj) is dict:
        new_dict = {k: _walk(v, on_token) for k, v in obj.items()}
        if all(new_dict[k] is obj[k] for k in obj):
            return obj
        return new_dict
    return obj
