"""The exchange format: events out and back in (JSONL), commands in (JSONL).

- **Events export** — `export_events`: one event a line, canonical JSON (sorted keys, no
  spaces, UTF-8)::

      {"actor","hash","payload","position","prev","recorded_at","stream_id","topic","version"}

  ``actor`` (who carried the act out: an official's id, or the administrator's) is there
  for every event recorded since events name their actor, and absent from older ones
  (ADR 0013, addendum); ``class_version`` only for a versioned shape.

  `read_events` reads it back as `EventRecord`s, so `nghedan_core.audit` runs from a file
  with no database; `restore_events` loads it into an **empty** store after verifying the
  whole hash chain, storing each event exactly as it was (same stream, version, topic,
  recorded time, payload, hashes), so the restored store has the same digest, the same
  ledger and the same export (positions included, unless the original store had gaps in
  its positions).
- **Commands import** — `import_commands`: one command a line,
  ``{"command": "<CommandClassName>", ...its fields}``, through `NgheDan.handle_many` (group
  commits of up to 500 commands, each command decided as `NgheDan.handle` would). Streaming,
  idempotent through ``command_id`` (a line without one gets ``"import:" + SHA-256`` of its
  canonical JSON, so re-running an import records nothing twice — and two identical lines
  are one command), and stopping at the first invalid line with its number and every
  problem in it; earlier lines stay recorded, nothing from that line on is written.

Blank lines are skipped everywhere; line numbers count them.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, Final
from uuid import UUID

import attrs
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core._layout import PAYLOAD_AT, scan_payload, seal_state
from nghedan_core.aggregates import Command
from nghedan_core.application import GROUP_COMMANDS, NgheDan
from nghedan_core.audit import CANONICAL, ChainBrokenError, ChainVerifier, json_text
from nghedan_core.errors import DomainError, InvalidInputError, Lang, Problem
from nghedan_core.messages import Names, render
from nghedan_core.projections._base import EventRecord
from nghedan_core.serialization import TOPICS, canonical_json, structure_command
from nghedan_core.values import lone_surrogate_paths

__all__ = [
    "EXCHANGE_MESSAGES",
    "EXPORT_KEYS",
    "ImportFailure",
    "ImportResult",
    "LineError",
    "RestoreResult",
    "StoreNotEmptyError",
    "export_events",
    "import_commands",
    "read_commands",
    "read_events",
    "restore_events",
]

#: the keys of an exported event line
EXPORT_KEYS: Final = frozenset(
    {"position", "stream_id", "version", "topic", "recorded_at", "hash", "prev", "payload"}
)
#: keys a line has only sometimes: ``class_version`` ≥ 2 when its payload's shape is
#: versioned (the event class's version when the event was recorded; left out when it is
#: 1), ``actor`` when the event names who carried it out (every event recorded since)
OPTIONAL_EXPORT_KEYS: Final = frozenset({"class_version", "actor"})

#: code -> (Vietnamese, English)
EXCHANGE_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "restore.store_not_empty": (
        "Chỉ khôi phục vào kho dữ liệu trống; kho này đã có {events} sự kiện.",
        "Restore only into an empty store; this one already holds events (up to position"
        " {events}).",
    ),
    "line.not_json": ("không phải JSON hợp lệ: {error}", "not valid JSON: {error}"),
    "line.too_deep": (
        "không phải JSON dùng được: lồng nhau quá sâu hoặc số quá dài",
        "not usable JSON: nested too deeply or a number too long",
    ),
    "line.surrogate": (
        "chứa nửa ký tự Unicode (\\ud800–\\udfff) không ghi được ra UTF-8",
        "holds half a Unicode character (\\ud800–\\udfff) that cannot be written as UTF-8",
    ),
    "line.not_object": ("mỗi dòng phải là một đối tượng JSON", "each line must be a JSON object"),
    "line.missing": ("thiếu trường bắt buộc", "required field missing"),
    "line.unknown": ("trường không được phép", "unknown field"),
    "line.int": ("cần số nguyên ≥ 1", "expected a whole number ≥ 1"),
    "line.text": ("cần chuỗi ký tự", "expected text"),
    "line.hash": ("cần mã băm SHA-256 (64 ký tự hex)", "expected a SHA-256 hash (64 hex digits)"),
    "line.object": ("cần một đối tượng JSON", "expected an object"),
    "line.uuid": ("không phải mã UUID", "not a UUID"),
    "line.actor": (
        "người thực hiện phải là mã UUID (dạng chuẩn, chữ thường)",
        "the actor must be a UUID (canonical form, lowercase)",
    ),
    "line.topic": ("loại sự kiện không tồn tại", "unknown event topic"),
    "line.class_version": (
        "phiên bản cấu trúc phải là số nguyên từ 1 đến {known} (phiên bản hệ thống này biết"
        " của loại sự kiện này)",
        "the shape version must be a whole number from 1 to {known} (the version of this"
        " event type this system knows)",
    ),
}

_HASH: Final = re.compile("[0-9a-f]{64}")


def _problem(path: str, key: str, **params: object) -> Problem:
    vi, en = EXCHANGE_MESSAGES[key]
    return Problem(path, vi.format(**params), en.format(**params))


class LineError(InvalidInputError):
    """An invalid line of a JSONL file: its number, and every problem in it."""

    def __init__(self, line: int, problems: Sequence[Problem]) -> None:
        """Keep the line number with the problems."""
        self.line = line
        super().__init__(problems)

    def message(self, lang: Lang = "vi", names: Names | None = None) -> str:  # noqa: ARG002
        """The line number, then every problem."""
        head = f"Dòng {self.line}:" if lang == "vi" else f"Line {self.line}:"
        return "\n".join([head, *(f"  {p.path}: {p.message(lang)}" for p in self.problems)])

    def to_dict(self, lang: Lang = "vi", names: Names | None = None) -> dict[str, Any]:
        """Code, line, message and problems."""
        return {**super().to_dict(lang, names), "line": self.line, "message": self.message(lang)}


class StoreNotEmptyError(DomainError):
    """A restore was asked into a store that already holds events."""

    code = "restore.store_not_empty"

    def message(self, lang: Lang = "vi", names: Names | None = None) -> str:
        """The refusal in words."""
        return render(self.code, self.params, lang, names, templates=EXCHANGE_MESSAGES)


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """The lines, numbered from 1 (a bare string is refused: pass its lines)."""
    if isinstance(lines, (str, bytes)):
        msg = "pass an iterable of lines (an open file, a list), not one string"
        raise TypeError(msg)
    return enumerate(lines, 1)


def _lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Numbered, stripped, non-blank lines (a bare string is refused: pass its lines)."""
    for number, line in _numbered(lines):
        text = line.strip()
        if text:
            yield number, text


#: a surrogate code point (half a character), as a text may hold it
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _parse(number: int, text: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        error = f"{e.msg} (cột/column {e.colno})"
        raise LineError(number, [_problem("$", "line.not_json", error=error)]) from None
    except (ValueError, RecursionError):  # over 4300 digits; nesting beyond the stack
        raise LineError(number, [_problem("$", "line.too_deep")]) from None
    # half a character arrives escaped ("\\ud800") or, from a stream read with
    # surrogateescape, as it is; a line with neither needs no walk of its document
    if ("\\" in text and "\\u" in text) or _SURROGATE.search(text) is not None:
        halves = lone_surrogate_paths(data)
        if halves:
            raise LineError(number, [_problem(p, "line.surrogate") for p in halves])
    return data


# --- events out ---------------------------------------------------------------------------


def export_line(record: EventRecord) -> str:
    """One event as its export line (`canonical_json`, as text, with the newline)."""
    line = {
        "position": record.position,
        "stream_id": record.stream_id,
        "version": record.version,
        "topic": record.topic,
        "recorded_at": record.recorded_at,
        "hash": record.hash,
        "prev": record.prev,
        "payload": record.payload,
    }
    if record.class_version > 1:
        line["class_version"] = record.class_version
    if record.actor is not None:
        line["actor"] = record.actor
    return CANONICAL.encode(line) + "\n"


def export_events(records: Iterable[EventRecord]) -> Iterator[str]:
    """The export, a line at a time (each ends with a newline): ``f.writelines(...)``."""
    for record in records:
        yield export_line(record)


_ACTOR_KEY: Final = frozenset({"actor"})
_UUID: Final = re.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _is_actor(value: object) -> bool:
    """An actor as lines carry it: a UUID's canonical text (what the layout expects)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


def _well_formed(data: dict[str, Any]) -> bool:
    """The fast path of `_event_problems`: True when there is none."""
    position, version = data.get("position"), data.get("version")
    keys = data.keys()
    return (
        (keys == EXPORT_KEYS or (keys - _ACTOR_KEY == EXPORT_KEYS and _is_actor(data["actor"])))
        and type(position) is int
        and position >= 1
        and type(version) is int
        and version >= 1
        and type(data["stream_id"]) is str
        and type(data["topic"]) is str
        and type(data["recorded_at"]) is str
        and type(data["payload"]) is dict
        and _is_hash(data["hash"])
        and _is_hash(data["prev"])
    )


def _event_problems(data: dict[str, Any]) -> list[Problem]:
    if _well_formed(data):
        return []
    problems = [_problem(f"$.{k}", "line.missing") for k in sorted(EXPORT_KEYS - data.keys())]
    problems += [
        _problem(f"$.{k}", "line.unknown")
        for k in sorted(data.keys() - EXPORT_KEYS - OPTIONAL_EXPORT_KEYS)
    ]
    if "class_version" in data:
        topic = data.get("topic")
        known = getattr(TOPICS.get(topic) if isinstance(topic, str) else None, "class_version", 1)
        version = data["class_version"]
        if type(version) is not int or not 1 <= version <= known:
            problems.append(_problem("$.class_version", "line.class_version", known=known))
    for key in ("position", "version"):
        value = data.get(key)
        if key in data and (type(value) is not int or value < 1):
            problems.append(_problem(f"$.{key}", "line.int"))
    for key in ("stream_id", "topic", "recorded_at"):
        if key in data and not isinstance(data[key], str):
            problems.append(_problem(f"$.{key}", "line.text"))
    for key in ("hash", "prev"):
        if key in data and not _is_hash(data[key]):
            problems.append(_problem(f"$.{key}", "line.hash"))
    if "payload" in data and not isinstance(data["payload"], dict):
        problems.append(_problem("$.payload", "line.object"))
    if "actor" in data and not _is_actor(data["actor"]):
        problems.append(_problem("$.actor", "line.actor"))
    return problems


def _record(number: int, text: str) -> EventRecord:
    data = _parse(number, text)
    if type(data) is not dict:
        raise LineError(number, [_problem("$", "line.not_object")])
    problems = _event_problems(data)
    if problems:
        raise LineError(number, problems)
    return EventRecord(
        position=data["position"],
        stream_id=data["stream_id"],
        version=data["version"],
        topic=data["topic"],
        recorded_at=data["recorded_at"],
        payload=data["payload"],
        prev=data["prev"],
        hash=data["hash"],
        class_version=data.get("class_version", 1),
        actor=data.get("actor"),
    )


def read_events(lines: Iterable[str]) -> Iterator[EventRecord]:
    """The events of an export, as `EventRecord`s; a bad line raises `LineError`."""
    for number, text in _lines(lines):
        yield _record(number, text)


# --- events back in -----------------------------------------------------------------------


@attrs.frozen
class RestoreResult:
    """What a restore wrote: how many events, and the history digest they carry."""

    events: int
    digest: str
    last_position: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return attrs.asdict(self)


#: an export line as `export_line` writes it, after its payload: every field checked here
#: (hashes lowercase hex, counts whole numbers from 1, the stream a canonical UUID, texts
#: with nothing to escape), so a line that matches needs no further validation
_LINE_TAIL: Final = re.compile(
    r',"position":([1-9][0-9]{0,17}),"prev":"([0-9a-f]{64})",'
    r'"recorded_at":"([^"\\\x00-\x1f]*)",'
    r'"stream_id":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",'
    r'"topic":"([^"\\\x00-\x1f]*)","version":([1-9][0-9]{0,17})\}\n?'
)
#: events per page of the spool (and per insert when no page size is given)
_PAGE: Final = 5_000
#: SQLite's page cache while restoring (negative: KiB), 64 MiB
_RESTORE_CACHE_KIB: Final = -65_536

#: a spooled event: stream (hex), version, topic, stored state
_Row = tuple[str, int, str, bytes]


def _fast_line(text: str, chain: ChainVerifier) -> _Row | None:
    """Verify and encode a line exactly as `export_line` writes it; None for any other line.

    The payload is parsed in place and its text is used as it is: the stored state is built
    around it and encoded to UTF-8 once, and the hash is checked over those very bytes (from
    "payload" to the recorded time they are the hashed content's beginning), so no event is
    encoded twice. A line this path does not take (a
    backslash-u escape in the payload, other spacing or key order, a bad field, content that
    does not match its hash) goes through `_slow_line`, which names every problem. The hash
    needs no check of its own here: it is taken only when it equals the content's SHA-256.
    """
    scanned = scan_payload(text)
    if scanned is None:
        return None
    _, end, shift = scanned
    tail = _LINE_TAIL.fullmatch(text, end)
    if tail is None:
        return None
    payload_text = text[PAYLOAD_AT + shift : end]
    if "\\" in payload_text and "\\u" in payload_text:
        # lone surrogates hide behind escapes: left to the full check (looking for a
        # backslash first is ten times cheaper, and most payloads have none)
        return None
    position, prev, recorded_at, stream_id, topic, version_text = tail.groups()
    if topic not in TOPICS:
        return None
    event_hash = text[9 + shift : 73 + shift]
    version = int(version_text)
    # the stored state, as `CattrsMapper` writes it (`nghedan_core._layout`)
    sealed, state = seal_state(
        payload_text.encode(),
        prev,
        recorded_at,
        stream_id,
        topic,
        version,
        text[10:46] if shift else None,
    )
    if sealed != event_hash:
        return None  # not canonical, or broken: `_slow_line` re-encodes it, or names it
    brk = chain.link(int(position), stream_id, version, topic, prev, event_hash, event_hash)
    if brk is not None:
        raise ChainBrokenError(brk)
    return stream_id.replace("-", ""), version, topic, state


def _slow_line(number: int, text: str, chain: ChainVerifier) -> _Row:
    """Verify and encode any line: every problem named, the payload encoded canonically."""
    record = _record(number, text)
    problems = []
    stream = ""
    try:
        stream = UUID(record.stream_id).hex
    except ValueError:
        problems.append(_problem("$.stream_id", "line.uuid"))
    if record.topic not in TOPICS:
        problems.append(_problem("$.topic", "line.topic"))
    if problems:
        raise LineError(number, problems)
    payload_json = CANONICAL.encode(record.payload)
    brk = chain.apply(record, payload_json)
    if brk is not None:
        raise ChainBrokenError(brk)
    # canonical_json({"actor"?, "class_version"?, "payload", "recorded_at", "prev", "hash"}),
    # keys in sorted order (the shape's version only when versioned, as `CattrsMapper`
    # writes it); hash and prev are checked hex, so they need no escaping
    versioned = f'"class_version":{record.class_version},' if record.class_version > 1 else ""
    if record.actor is not None:  # checked a UUID's text: nothing to escape
        versioned = f'"actor":"{record.actor}",' + versioned
    state = (
        f'{{{versioned}"hash":"{record.hash}","payload":{payload_json},"prev":"{record.prev}",'
        f'"recorded_at":{json_text(record.recorded_at)}}}'
    ).encode()
    return stream, record.version, record.topic, state


def _verified_pages(lines: Iterable[str], chain: ChainVerifier, size: int) -> Iterator[list[_Row]]:
    """Read, verify (into `chain`) and encode the lines; their stored rows, `size` a page.

    Raises `LineError` at the first bad line and `ChainBrokenError` at the first break.
    """
    rows: list[_Row] = []
    for number, line in _numbered(lines):
        row = _fast_line(line, chain)  # most lines, as read (newline and all)
        if row is None:
            text = line.strip()
            if not text:
                continue
            row = _slow_line(number, text, chain)
        rows.append(row)
        if len(rows) >= size:
            yield rows
            rows = []
    if rows:
        yield rows


def _check_digest(chain: ChainVerifier, expected_digest: str | None) -> None:
    if expected_digest is not None:
        brk = chain.check_digest(expected_digest)
        if brk is not None:
            raise ChainBrokenError(brk)


def _spool_page(spool: IO[bytes], rows: list[_Row]) -> None:
    """Append one page: its size, then its rows (`marshal`: fast, read back by this process)."""
    data = marshal.dumps(rows)
    spool.write(len(data).to_bytes(8, "big") + data)


def _spooled(spool: IO[bytes]) -> Iterator[list[_Row]]:
    """The spooled pages, in order."""
    spool.seek(0)
    while size := spool.read(8):
        data = spool.read(int.from_bytes(size, "big"))
        yield marshal.loads(data)  # noqa: S302 - our own temporary file, written above


def _stored(mapper: Mapper[UUID], rows: list[_Row]) -> list[_Row]:
    """`rows` with their states compressed and encrypted as the app's mapper stores them."""
    if not (mapper.compressor or mapper.cipher):
        return rows
    out = []
    for stream, version, topic, state in rows:
        data = state
        if mapper.compressor:
            data = mapper.compressor.compress(data)
        if mapper.cipher:
            data = mapper.cipher.encrypt(data)
        out.append((stream, version, topic, data))
    return out


def restore_events(
    app: NgheDan,
    lines: Iterable[str],
    *,
    page: int = _PAGE,
    expected_digest: str | None = None,
) -> RestoreResult:
    """Load an events export into `app`'s store, which must be empty.

    Every line must be well formed, every topic known, every stream's chain intact, and the
    history digest equal to `expected_digest` when one is given; a broken or tampered file
    writes **nothing**. The events are stored exactly as exported (the app's compressor and
    cipher, if any, apply as usual), in the recorder's own table, which numbers them.

    On SQLite the lines are verified and written as they are read, one ``executemany`` per
    `page` of events, all in **one** transaction: committed once the whole file and the
    digest have been verified, rolled back at the first problem — so the restored history
    appears all at once or not at all. Elsewhere the whole file is verified first (its rows
    spooled to a temporary file), then written with one `insert_events` per page.

    Raises `StoreNotEmptyError`, `LineError` or `ChainBrokenError`.
    """
    recorder = app.recorder
    existing = recorder.max_notification_id()
    if existing:
        raise StoreNotEmptyError(events=existing)
    mapper = app.mapper
    chain = ChainVerifier()
    if isinstance(recorder, SQLiteApplicationRecorder):
        insert = recorder.insert_events_statement
        with recorder.datastore.transaction(commit=True) as cursor:
            # one big transaction: a page cache it need not spill (random keys in the
            # primary key's index), given back afterwards
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {_RESTORE_CACHE_KIB}")
            try:
                for rows in _verified_pages(lines, chain, page):
                    cursor.executemany(insert, _stored(mapper, rows))
                _check_digest(chain, expected_digest)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
    else:
        with tempfile.TemporaryFile("w+b") as spool:
            for rows in _verified_pages(lines, chain, page):
                _spool_page(spool, rows)
            _check_digest(chain, expected_digest)
            for rows in _spooled(spool):
                recorder.insert_events(
                    [StoredEvent(UUID(hex=s), v, t, d) for s, v, t, d in _stored(mapper, rows)]
                )
    return RestoreResult(
        events=chain.events,
        digest=chain.digest,
        last_position=recorder.max_notification_id() or 0,
    )


# --- commands in --------------------------------------------------------------------------


@attrs.frozen
class ImportFailure:
    """The first invalid line of an import: its number, the refusal, every problem."""

    line: int
    error: DomainError

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of the line (a domain refusal is one problem at ``$``)."""
        if isinstance(self.error, InvalidInputError):
            return self.error.problems
        return (Problem("$", self.error.message("vi"), self.error.message("en")),)

    def message(self, lang: Lang = "vi") -> str:
        """The line number, then every problem."""
        head = f"Dòng {self.line}:" if lang == "vi" else f"Line {self.line}:"
        return "\n".join([head, *(f"  {p.path}: {p.message(lang)}" for p in self.problems)])

    def to_dict(self, lang: Lang = "vi") -> dict[str, Any]:
        """JSON-ready: line, error code, message and problems."""
        return {
            "line": self.line,
            "code": self.error.code,
            "message": self.message(lang),
            "problems": [{"path": p.path, "message": p.message(lang)} for p in self.problems],
        }


@attrs.frozen
class ImportResult:
    """What an import did: lines read, commands recorded or already recorded, the failure."""

    #: non-blank lines read (the failed line included)
    lines: int
    #: commands that recorded events now
    recorded: int
    #: commands already recorded by an earlier run (same command_id): nothing written
    unchanged: int
    #: events written (idempotency markers included)
    events: int
    failure: ImportFailure | None = None

    @property
    def ok(self) -> bool:
        """Whether every line was imported."""
        return self.failure is None

    def to_dict(self, lang: Lang = "vi") -> dict[str, Any]:
        """JSON-ready."""
        return {
            "ok": self.ok,
            "lines": self.lines,
            "recorded": self.recorded,
            "unchanged": self.unchanged,
            "events": self.events,
            "failure": None if self.failure is None else self.failure.to_dict(lang),
        }


def import_command_id(data: dict[str, Any]) -> str:
    """The command id of an import line without one: ``import:`` + SHA-256 of its JSON.

    The line's ``command_id`` key, if present but null or empty, is left out first, so a
    line means the same command however its absent id is written.
    """
    content = {k: v for k, v in data.items() if k != "command_id"}
    return "import:" + hashlib.sha256(canonical_json(content)).hexdigest()


def _import_command(number: int, text: str) -> Command:
    """The command of one import line, or `LineError` with every problem in it."""
    data = _parse(number, text)
    if isinstance(data, dict) and data.get("command_id") in (None, ""):
        data = {**data, "command_id": import_command_id(data)}
    try:
        return structure_command(data)
    except InvalidInputError as e:
        raise LineError(number, e.problems) from None


def read_commands(lines: Iterable[str]) -> Iterator[tuple[int, Command]]:
    """Each non-blank line's command with its line number, read as an import reads it.

    Writes nothing and consults no store: a file can be checked before it is imported.
    Raises `LineError` at the first bad line (not JSON, an unknown command, invalid
    fields), naming every problem in it.
    """
    for number, text in _lines(lines):
        yield number, _import_command(number, text)


@attrs.define
class _Importer:
    """Counts of an import, and the commands read but not yet handled (line, ordinal)."""

    app: NgheDan
    group: bool
    actor: UUID | Callable[[Command], UUID | None] | None = None
    read: int = 0
    recorded: int = 0
    unchanged: int = 0
    events: int = 0
    pending: list[tuple[int, int, Command]] = attrs.field(factory=list)

    def flush(self) -> ImportFailure | None:
        """Handle the pending commands (group commits); the first refusal, if any."""
        if not self.pending:
            return None
        pending, self.pending = self.pending, []
        commands = [c for _, _, c in pending]
        if callable(self.actor):
            result = self.app.handle_many(
                commands,
                actors=[self.actor(c) for c in commands],
                group=self.group,
                imported=True,
            )
        else:
            result = self.app.handle_many(
                commands, actor=self.actor, group=self.group, imported=True
            )
        for written in result.recorded:
            if written:
                self.recorded += 1
                self.events += len(written)
            else:
                self.unchanged += 1
        if result.error is None:
            return None
        number, self.read, _ = pending[len(result.recorded)]
        return ImportFailure(number, result.error)

    def result(self, failure: ImportFailure | None = None) -> ImportResult:
        return ImportResult(self.read, self.recorded, self.unchanged, self.events, failure)


def import_commands(
    app: NgheDan,
    lines: Iterable[str],
    *,
    actor: UUID | Callable[[Command], UUID | None] | None = None,
    batch: int = GROUP_COMMANDS,
) -> ImportResult:
    """`actor`, the official who runs the import, carries out each line's command in order.

    It stops at the first bad line; every event names the actor, and each command is
    checked as theirs. A function for `actor` names who carries out each command instead
    (a history of several officials, loaded by a program that knows who did what).

    A line is bad when it is not JSON, when its command or fields are invalid (every problem
    is reported), or when the domain refuses it. Lines before it stay recorded; nothing from
    it on is written. Up to `batch` commands are read ahead and handled as group commits
    (`NgheDan.handle_many`: one transaction each, the same events as one `handle` per
    command); ``batch=1`` sends each command to `NgheDan.handle` on its own.
    """
    importer = _Importer(app, group=batch > 1, actor=actor)
    commands = read_commands(lines)
    while True:
        try:
            item = next(commands, None)
        except LineError as e:
            read = importer.read + 1
            failure = importer.flush()
            if failure is None:
                importer.read = read
                failure = ImportFailure(e.line, e)
            return importer.result(failure)
        if item is None:
            return importer.result(importer.flush())
        importer.read += 1
        importer.pending.append((item[0], importer.read, item[1]))
        if len(importer.pending) >= max(batch, 1):
            failure = importer.flush()
            if failure is not None:
                return importer.result(failure)
