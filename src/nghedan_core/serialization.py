"""The one cattrs converter, and the eventsourcing `Mapper` built on it.

Every boundary goes through `CONVERTER`: the HTTP body, the CLI's ``--json``, the JSONL
import, the policy TOML and the stored event. It is strict — no silent coercion: ``"5"`` is
not an int, ``5.0`` is not a whole đồng, a string is not a list, a naive datetime is not a
time — and `structure` reports **every** problem with its JSON path, in Vietnamese and in
English (`nghedan_core.errors.InvalidInputError`).

Stored events (`Recorded`) carry a hash chained to the previous event of their stream,
computed over canonical JSON; see `event_hash`.
"""

from __future__ import annotations

import enum
import hashlib
import json
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast
from uuid import UUID

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_unstructure_fn, override
from eventsourcing.persistence import Mapper, StoredEvent

from nghedan_core._layout import JSON_ESCAPED, seal_state, stored_class_version
from nghedan_core.aggregates import COMMANDS, EVENT_TOPICS, Command, Event
from nghedan_core.aggregates._base import COMMAND_ID_DESCRIPTION, EVENT_MARKERS
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import InvalidInputError, Problem
from nghedan_core.messages import word
from nghedan_core.values import DESCRIPTION, Month, Person, Vnd, stable_id, text_validator

if TYPE_CHECKING:
    from nghedan_core.personal import PersonalData

__all__ = [
    "CONVERTER",
    "GENESIS",
    "TOPICS",
    "CattrsMapper",
    "Recorded",
    "canonical_json",
    "command_by_name",
    "event_hash",
    "stored_class_version",
    "structure",
    "structure_command",
    "unstructure",
    "upcast_payload",
]

T = TypeVar("T")

CONVERTER: Final = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

#: stable topic -> event class, for every event of every aggregate (and the command marker)
TOPICS: Final[dict[str, type[Any]]] = dict(EVENT_TOPICS)
_TOPIC_OF: Final[dict[type[Any], str]] = {cls: topic for topic, cls in TOPICS.items()}

#: the "previous hash" of the first event of a stream
GENESIS: Final = "0" * 64


# --- strict scalar hooks ------------------------------------------------------------------


def _int(value: object, _t: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("expected a whole number")
    return value


def _str(value: object, _t: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("contains half characters (lone surrogates)") from None
    return value


def _bool(value: object, _t: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _uuid(value: object, _t: object) -> UUID:
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str):
        raise TypeError("expected a UUID")
    try:
        return UUID(value)
    except ValueError:
        raise ValueError("not a UUID") from None


def _date(value: object, _t: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or len(value) != 10:
        raise TypeError("expected a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("no such date") from None


def _datetime(value: object, _t: object) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("not an ISO 8601 date and time") from None
    else:
        raise TypeError("expected an ISO 8601 date and time")
    if moment.tzinfo is None:
        raise ValueError("must be a timezone-aware date and time")
    return moment


def _vnd(value: object, _t: object) -> Vnd:
    if isinstance(value, Vnd):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("money must be a whole number of đồng")
    return Vnd(value)


def _month(value: object, _t: object) -> Month:
    if isinstance(value, Month):
        return value
    if not isinstance(value, str):
        raise TypeError("month must be written YYYY-MM")
    return Month.parse(value)


# exact-type predicates: `str`'s hook must not catch StrEnum subclasses, nor `int`'s bool
CONVERTER.register_structure_hook(int, _int)
CONVERTER.register_structure_hook(str, _str)
CONVERTER.register_structure_hook(bool, _bool)  # more specific than int's for bool


def _enum(value: object, t: type[enum.Enum]) -> Any:
    if isinstance(value, t):
        return value
    if isinstance(value, str):
        try:
            return t(value)
        except ValueError:
            pass
    # the message names every allowed value; built only for a refused one
    allowed = "one of: " + ", ".join(str(m.value) for m in t)
    raise (ValueError if isinstance(value, str) else TypeError)(allowed)


CONVERTER.register_structure_hook(enum.Enum, _enum)
CONVERTER.register_structure_hook(enum.StrEnum, _enum)  # before `str` in the MRO

CONVERTER.register_structure_hook(UUID, _uuid)
CONVERTER.register_structure_hook(date, _date)
CONVERTER.register_structure_hook(datetime, _datetime)
CONVERTER.register_structure_hook(Vnd, _vnd)
CONVERTER.register_structure_hook(Month, _month)

CONVERTER.register_unstructure_hook(UUID, str)
CONVERTER.register_unstructure_hook(date, date.isoformat)
CONVERTER.register_unstructure_hook(datetime, datetime.isoformat)
CONVERTER.register_unstructure_hook(Vnd, lambda v: v.amount)
CONVERTER.register_unstructure_hook(Month, str)


def _is_collection(t: Any) -> bool:
    return typing.get_origin(t) in (tuple, frozenset, set, list)


def _collection_hook(t: Any) -> Callable[[Any, Any], Any]:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    item = args[0] if args else Any
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]

    def hook(value: object, _t: object) -> Any:
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise TypeError("expected a list")
        out = []
        errors: list[Exception] = []
        for i, element in enumerate(value):
            try:
                out.append(CONVERTER.structure(element, item))
            except Exception as e:  # noqa: BLE001 - every element's problem is reported
                e.__notes__ = [*getattr(e, "__notes__", []), _IndexNote(i)]
                errors.append(e)
        if errors:
            raise IterableValidationError("invalid items", errors, t)
        return origin(out) if origin is not list else out

    return hook


class _IndexNote(str):  # noqa: SLOT000
    """A note naming the index of a failed list item (cattrs' own notes are similar)."""

    item: int

    def __new__(cls, item: int) -> _IndexNote:  # noqa: PYI034
        note = super().__new__(cls, f"index {item}")
        note.item = item
        return note


CONVERTER.register_structure_hook_factory(_is_collection, _collection_hook)


class _FieldNote(str):  # noqa: SLOT000
    """A note naming the field a problem was found in (mirrors cattrs' own notes)."""

    name: str
    type: Any

    def __new__(cls, name: str, t: Any) -> _FieldNote:  # noqa: PYI034
        note = super().__new__(cls, f"field {name}")
        note.name = name
        note.type = t
        return note


def _attrs_hook(cls: type[Any]) -> Callable[[Any, Any], Any]:
    """Structure an attrs class field by field, running each field's validator right away.

    cattrs' generated hook lets attrs run validators inside ``__init__``, which stops at the
    first failing one; this hook reports every field's problem at once.
    """
    attrs.resolve_types(cls)
    fields = attrs.fields(cls)
    by_key = {f.alias or f.name: f for f in fields}

    def hook(data: object, _t: object) -> Any:
        if not isinstance(data, Mapping):
            raise TypeError("expected an object")
        errors: list[Exception] = []
        extra = set(data) - set(by_key)
        if extra:
            errors.append(ForbiddenExtraKeysError("", cls, extra))
        kwargs: dict[str, Any] = {}
        for key, f in by_key.items():
            if key not in data:
                if f.default is attrs.NOTHING:
                    e: Exception = KeyError(key)
                    e.__notes__ = [_FieldNote(key, f.type)]
                    errors.append(e)
                continue
            try:
                value = CONVERTER.structure(data[key], f.type)
                if f.validator is not None:
                    f.validator(None, f, value)
                kwargs[key] = value
            except Exception as e:  # noqa: BLE001 - every field's problem is reported
                e.__notes__ = [*getattr(e, "__notes__", []), _FieldNote(key, f.type)]
                errors.append(e)
        if errors:
            raise ClassValidationError(f"invalid {cls.__name__}", errors, cls)
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as e:
            raise ClassValidationError(f"invalid {cls.__name__}", [e], cls) from None

    return hook


CONVERTER.register_structure_hook_factory(attrs.has, _attrs_hook)


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _unstructure_set(value: frozenset[Any] | set[Any]) -> list[Any]:
    return sorted((CONVERTER.unstructure(v) for v in value), key=_sort_key)


def _is_set(t: Any) -> bool:
    return t in (frozenset, set) or typing.get_origin(t) in (frozenset, set)


CONVERTER.register_unstructure_hook_func(_is_set, _unstructure_set)
CONVERTER.register_unstructure_hook(frozenset, _unstructure_set)


def _is_event(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Event)


def _event_unstructure(cls: type[Event]) -> Callable[[Any], Any]:
    """An event's payload, its markers (`EVENT_MARKERS`) left out when unset (None, false).

    Events without a marker keep exactly the shape they had before markers existed, so
    their stored bytes, hashes and export lines do not change (ADR 0016).
    """
    overrides: dict[str, Any] = {name: override(omit_if_default=True) for name in EVENT_MARKERS}
    make: Any = make_dict_unstructure_fn  # typed for its keyword arguments one by one
    return cast("Callable[[Any], Any]", make(cls, CONVERTER, **overrides))


CONVERTER.register_unstructure_hook_factory(_is_event, _event_unstructure)


def unstructure(obj: Any) -> Any:
    """Turn a command, event, view or value into JSON-ready data."""
    return CONVERTER.unstructure(obj)


# --- errors, every one with its path, in two languages ------------------------------------

_VI_PHRASES: Final = {
    "expected a whole number": "cần một số nguyên",
    "expected text": "cần chuỗi ký tự",
    "expected true or false": "cần true hoặc false",
    "expected a UUID": "cần một mã UUID",
    "not a UUID": "không phải mã UUID",
    "expected a date YYYY-MM-DD": "cần ngày dạng YYYY-MM-DD",
    "no such date": "ngày không tồn tại",
    "not an ISO 8601 date and time": "không phải ngày giờ ISO 8601",
    "expected an ISO 8601 date and time": "cần ngày giờ ISO 8601",
    "must be a timezone-aware date and time": "ngày giờ phải có múi giờ (vd +07:00)",
    "money must be a whole number of đồng": "số tiền phải là số nguyên đồng",
    "money must not be negative": "số tiền không được âm",
    "money larger than 1.000.000.000.000.000 đ": "số tiền lớn hơn 1.000.000.000.000.000 đ",
    "month must be written YYYY-MM": "tháng phải viết dạng YYYY-MM",
    "expected a list": "cần một danh sách",
    "expected an object": "cần một đối tượng JSON",
    "required field missing": "thiếu trường bắt buộc",
    "must be text": "phải là chuỗi ký tự",
    "must not be empty": "không được để trống",
    "not in Unicode NFC form": "chưa chuẩn hóa Unicode NFC",
    "contains control characters": "chứa ký tự điều khiển",
    "holds only invisible characters": "chỉ gồm ký tự vô hình",
    "contains bidirectional control characters": "chứa ký tự điều khiển hướng chữ",
    "must be a whole number ≥ 0": "phải là số nguyên ≥ 0",
    "must be a whole number from 0 to 100": "phải là số nguyên từ 0 đến 100",
    "must be a whole number of at least 1": "phải là số nguyên ≥ 1",
    "must be a whole number of at least 0": "phải là số nguyên ≥ 0",
    "at least one role is required": "cần ít nhất một vai trò",
    "at least one qualifying category is required": "cần ít nhất một diện đối tượng",
    "a relative is either a household or a person, exactly one": (
        "người thân phải là một hộ hoặc một người (đúng một)"
    ),
    "not a unit code (letters, digits, '.', '_', '-'; at most 32)": (
        "mã đơn vị không hợp lệ (chữ, số, '.', '_', '-'; tối đa 32 ký tự)"
    ),
    "must be a timezone-aware date and time.": "ngày giờ phải có múi giờ",
    "unknown command": "lệnh không tồn tại",
    "too short": "cần ít nhất một phần tử",
    "must lie in the years 2000 to 2200": "phải trong các năm 2000 đến 2200",
    "larger than 1.000.000.000": "lớn hơn 1.000.000.000",
    "contains half characters (lone surrogates)": "chứa nửa ký tự (surrogate lẻ)",
}


def _vi(english: str) -> str:
    if english in _VI_PHRASES:
        return _VI_PHRASES[english]
    if english.startswith("longer than "):
        return "dài quá " + english.removeprefix("longer than ").replace("characters", "ký tự")
    if english.startswith("one of: "):
        return "phải là một trong: " + english.removeprefix("one of: ")
    if english.startswith("unknown fields: "):
        return "trường không được phép: " + english.removeprefix("unknown fields: ")
    return english


def _explain(exc: BaseException, t: Any) -> str:
    """English words for one leaf exception."""
    if isinstance(exc, ForbiddenExtraKeysError):
        return "unknown fields: " + ", ".join(sorted(exc.extra_fields))
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return "one of: " + ", ".join(str(m.value) for m in t)
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    if isinstance(exc, AttributeError) and "items" in text:
        return "expected an object"
    if text.startswith("Length of '") and "must be >=" in text:
        return text.split("'")[1] + ": too short"
    return text


def _name_note(exc: BaseException) -> str | None:
    for note in reversed(getattr(exc, "__notes__", [])):
        name = getattr(note, "name", None)
        if isinstance(name, str):
            return name
        for attr in ("item", "index"):
            index = getattr(note, attr, None)
            if isinstance(index, int):
                return f"[{index}]"
    return None


def _join(path: str, part: str) -> str:
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def _problems(exc: BaseException, path: str, t: Any, fields: Mapping[str, Any]) -> list[Problem]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        found: list[Problem] = []
        child_fields: Mapping[str, Any] = {}
        for sub in exc.exceptions:
            part = _name_note(sub)
            sub_t = getattr(_first_note(sub), "type", None)
            if part is None:
                found += _problems(sub, path, exc.cl if hasattr(exc, "cl") else t, fields)
            else:
                found += _problems(sub, _join(path, part), sub_t, child_fields)
        return found
    if isinstance(exc, ExceptionGroup):
        return [p for sub in exc.exceptions for p in _problems(sub, path, t, fields)]
    english = _explain(exc, t)
    # attrs validators name their field first: "amount: must not be negative"
    head, sep, rest = english.partition(": ")
    if sep and head.isidentifier():
        english = rest
        if not path.endswith("." + head):
            path = _join(path, head)
    if isinstance(t, type) and issubclass(t, enum.Enum) and english.startswith("one of: "):
        # the codes with their words: what a JSON client sends, what a person reads
        vi = "phải là một trong: " + ", ".join(f"{m.value} ({word(m, 'vi')})" for m in t)
        return [Problem(path=path, message_vi=vi, message_en=english)]
    return [Problem(path=path, message_vi=_vi(english), message_en=english)]


def _first_note(exc: BaseException) -> object:
    notes = getattr(exc, "__notes__", [])
    return notes[-1] if notes else None


def structure(data: object, cls: type[T]) -> T:
    """Build a `cls` from JSON-like data, or raise `InvalidInputError` naming every problem."""
    if attrs.has(cls) and not isinstance(data, dict):
        raise InvalidInputError([Problem("$", _vi("expected an object"), "expected an object")])
    try:
        return CONVERTER.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError, KeyError) as e:
        problems = _problems(e, "$", cls, {})
        raise InvalidInputError(problems or [Problem("$", _vi(str(e)), str(e))]) from None


_COMMANDS_BY_NAME: Final[dict[str, type[Command]]] = {c.__name__: c for c in COMMANDS}


def command_by_name(name: str) -> type[Command] | None:
    """The command class called `name` (e.g. ``"RaiseComplaint"``), if there is one."""
    return _COMMANDS_BY_NAME.get(name)


def structure_command(data: object) -> Command:
    """Build a command from ``{"command": "<CommandClassName>", ...its fields}``."""
    if not isinstance(data, dict):
        raise InvalidInputError([Problem("$", _vi("expected an object"), "expected an object")])
    name = data.get("command")
    cls = command_by_name(name) if isinstance(name, str) else None
    if cls is None:
        known = ", ".join(sorted(_COMMANDS_BY_NAME))
        raise InvalidInputError(
            [
                Problem(
                    "$.command",
                    f"lệnh không tồn tại: {name!r}",
                    f"unknown command {name!r}; one of: {known}",
                )
            ]
        )
    fields = {k: v for k, v in data.items() if k != "command"}
    return structure(fields, cls)


# --- stored events ------------------------------------------------------------------------


#: `canonical_json`'s settings, built once, text out (``json.dumps`` with options builds an
#: encoder per call)
CANONICAL: Final = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(data: object) -> bytes:
    """JSON with sorted keys and no spaces, UTF-8: the form every hash is computed over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(
    stream_id: UUID,
    version: int,
    topic: str,
    recorded_at: str,
    payload: object,
    prev: str,
    actor: str | None = None,
) -> str:
    """SHA-256 over an event's canonical content, chained to the previous event's hash.

    The content names its `actor` when there is one (events recorded before actors were
    recorded have none, and keep their hash).
    """
    content: dict[str, object] = {
        "stream": str(stream_id),
        "version": version,
        "topic": topic,
        "recorded_at": recorded_at,
        "payload": payload,
        "prev": prev,
    }
    if actor is not None:
        content["actor"] = actor
    return hashlib.sha256(canonical_json(content)).hexdigest()


@attrs.frozen
class Recorded:
    """A domain event as stored: its stream, version, time recorded and place in the chain.

    Implements eventsourcing's `DomainEventProtocol` (``originator_id``,
    ``originator_version``), so the library's recorders store it as they are.
    """

    originator_id: UUID
    originator_version: int
    event: Event
    recorded_at: datetime
    prev_hash: str
    hash: str
    #: the payload as stored and hashed (personal fields encrypted); None: unstructure `event`
    payload: dict[str, Any] | None = attrs.field(default=None, eq=False, repr=False)
    #: the stored state's canonical JSON, made with the hash by `seal` (None: encode it; a
    #: copy made with other fields must drop it)
    state: bytes | None = attrs.field(default=None, eq=False, repr=False)
    #: who carried out the act: an official's id, or the administrator's (None: an event
    #: recorded before events named their actor)
    actor: UUID | None = attrs.field(default=None, kw_only=True)

    @property
    def topic(self) -> str:
        """The event's stable topic."""
        return _TOPIC_OF[type(self.event)]

    @classmethod
    def seal(
        cls,
        stream_id: UUID,
        version: int,
        event: Event,
        recorded_at: datetime,
        prev_hash: str,
        protect: Callable[[type, dict[str, Any]], dict[str, Any]] | None = None,
        *,
        actor: UUID | None = None,
    ) -> Recorded:
        """Make the stored form of `event`, computing its chained hash.

        `protect` (`nghedan_core.personal.PersonalData.protect`) encrypts the personal
        fields of the payload first, so the hash covers what is stored, never the plain text.
        `actor`, who carried the act out, is part of the hashed content.
        """
        payload = CONVERTER.unstructure(event)
        if protect is not None:
            payload = protect(type(event), payload)
        topic, at = _TOPIC_OF[type(event)], recorded_at.isoformat()
        who = None if actor is None else str(actor)
        if getattr(type(event), "class_version", 1) > 1 or JSON_ESCAPED.search(
            f"{prev_hash}{at}{topic}"
        ):
            digest = event_hash(stream_id, version, topic, at, payload, prev_hash, who)
            return cls(
                stream_id, version, event, recorded_at, prev_hash, digest, payload, actor=actor
            )
        # the usual case: the payload is encoded once, for the hash and for the stored state
        # (`nghedan_core._layout`; nothing else needs escaping)
        digest, state = seal_state(
            CANONICAL.encode(payload).encode(), prev_hash, at, str(stream_id), topic, version, who
        )
        return cls(
            stream_id, version, event, recorded_at, prev_hash, digest, payload, state, actor=actor
        )


def register_topic(topic: str, cls: type[Any]) -> None:
    """Pin an extra stored type (e.g. the application's command marker) to a stable topic."""
    TOPICS[topic] = cls
    _TOPIC_OF[cls] = topic


class CattrsMapper(Mapper[UUID]):
    """eventsourcing's Mapper, with cattrs in place of ``vars(event)`` and pinned topics.

    The stored state is JSON: ``{"payload", "recorded_at", "prev", "hash"}`` plus
    ``"actor"`` (who carried the act out; events recorded before actors have none) and
    ``"class_version"`` when an event's shape has been versioned. The library's compressor
    and cipher still apply, so encryption at rest is a matter of configuration.

    `personal` (set by `NgheDan`) decrypts personal fields when events are read back into
    aggregates; without it they stay encrypted tokens.
    """

    personal: PersonalData | None = None

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """Encode a `Recorded` for the recorder."""
        recorded = cast("Recorded", domain_event)
        return StoredEvent(
            originator_id=recorded.originator_id,
            originator_version=recorded.originator_version,
            topic=_TOPIC_OF[type(recorded.event)],
            state=self.stored_state(recorded),
        )

    def stored_state(self, recorded: Recorded) -> bytes:
        """The bytes stored for `recorded`: its state's JSON (compressed, encrypted)."""
        event_cls = type(recorded.event)
        data = recorded.state
        if data is None:
            data = self._state_json(recorded, event_cls)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return data

    def _state_json(self, recorded: Recorded, event_cls: type[Any]) -> bytes:
        payload = recorded.payload
        state: dict[str, Any] = {
            "payload": CONVERTER.unstructure(recorded.event) if payload is None else payload,
            "recorded_at": recorded.recorded_at.isoformat(),
            "prev": recorded.prev_hash,
            "hash": recorded.hash,
        }
        if recorded.actor is not None:
            state["actor"] = str(recorded.actor)
        version = getattr(event_cls, "class_version", 1)
        if version > 1:
            state["class_version"] = version
        return canonical_json(state)

    def decode_state(self, stored: StoredEvent) -> dict[str, Any]:
        """The stored JSON of an event, decrypted and decompressed, not yet structured."""
        data = stored.state
        if self.cipher:
            try:
                data = self.cipher.decrypt(data)
            except ValueError:
                msg = (
                    "cannot decrypt a stored event: wrong encryption key"
                    " (NGHEDAN_CIPHER_KEY) or the row was altered"
                )
                raise ValueError(msg) from None
        if self.compressor:
            data = self.compressor.decompress(data)
        if data.lstrip()[:1] != b"{":
            msg = "a stored event is not JSON: the store is encrypted (set NGHEDAN_CIPHER_KEY)"
            raise ValueError(msg)
        return cast("dict[str, Any]", json.loads(data))

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """Decode a stored event into a `Recorded`, upcasting older shapes."""
        cls = TOPICS[stored_event.topic]
        state = self.decode_state(stored_event)
        payload = stored = state["payload"]
        if self.personal is not None:
            payload = self.personal.reveal_payload(cls, payload)
        payload = upcast_payload(stored_event.topic, stored_class_version(state), payload)
        return Recorded(
            originator_id=_as_uuid(stored_event.originator_id),
            originator_version=stored_event.originator_version,
            event=CONVERTER.structure(payload, cls),
            recorded_at=datetime.fromisoformat(state["recorded_at"]),
            prev_hash=state["prev"],
            hash=state["hash"],
            payload=stored,
            actor=None if (actor := state.get("actor")) is None else UUID(actor),
        )


def upcast_payload(topic: str, class_version: int, payload: Mapping[str, Any]) -> Any:
    """`payload`, stored at `class_version`, brought up to its event class's current shape.

    Runs the class's ``upcast_vN_vN+1`` steps in turn on a copy; a payload already at the
    current version (the usual case) is returned as it is. Upcasters see personal fields
    as stored (encrypted tokens on the read side), so they must carry them over untouched.
    """
    cls = TOPICS.get(topic)
    target = getattr(cls, "class_version", 1)
    if cls is None or class_version >= target:
        return payload
    out = dict(payload)
    while class_version < target:
        getattr(cls, f"upcast_v{class_version}_v{class_version + 1}")(out)
        class_version += 1
    return out


def _as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


@attrs.frozen(kw_only=True)
class CommandAccepted(Event):
    """Marker stored once per ``command_id`` and acting unit, so a repeat records nothing.

    The markers of one ``command_id`` share one stream, one event per unit that used the id
    (ADR 0005). `unit` is the unit the command acted in (None: a command of no unit, such
    as registering a unit) and `digest` its content (`command_digest`); both are None in
    markers stored before ids were kept per unit, which match any repeat of their id.
    """

    command: str
    command_id: str = attrs.field(metadata={DESCRIPTION: COMMAND_ID_DESCRIPTION})
    unit: str | None = None
    digest: str | None = None


def _impersonal(value: Any) -> Any:
    """`value` as JSON data with every personal field left out (a person by their id)."""
    if isinstance(value, Person):
        return str(value.person_id)
    if attrs.has(type(value)):
        return {
            f.name: _impersonal(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if not f.metadata.get("personal")
        }
    if isinstance(value, (tuple, list)):
        return [_impersonal(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_impersonal(v) for v in value), key=_sort_key)
    return CONVERTER.unstructure(value)


def command_digest(command: Command) -> str:
    """SHA-256 of a command's content as sent: its kind and fields, but not its id.

    Personal fields are left out (a person counts by their id), so the marker keeps no
    fingerprint of a name that erasure must be able to forget; a time the command did not
    carry (the clock's) is not content either.
    """
    data = _impersonal(command)
    data.pop("command_id", None)
    if data.get("occurred_at") is None:
        data.pop("occurred_at", None)
    data["command"] = type(command).__name__
    return hashlib.sha256(canonical_json(data)).hexdigest()


register_topic("nghedan.CommandAccepted", CommandAccepted)


@attrs.frozen(kw_only=True)
class PersonalDataErased(Event):
    """The keys of these data subjects were destroyed (`nghedan_core.personal`).

    Stored in the subject's own erasure stream; it carries ids only, never the data.
    """

    subject_id: str
    #: every key destroyed: the subject's own and those of the households they head
    erased: tuple[str, ...]


register_topic("nghedan.PersonalDataErased", PersonalDataErased)


@attrs.frozen(kw_only=True)
class RecordStarted(Event):
    """An empty store was started by its administrator (ADR 0018), on `RECORD_STREAM`.

    The administrator is no official: they may set the record up — register units and
    officials — and nothing of the month's business. The event names them as its actor.
    """

    administrator_id: UUID
    administrator_name: str = attrs.field(validator=text_validator)


#: the one stream of `RecordStarted` (its version 1 is unique: a store is started once)
RECORD_STREAM: Final = stable_id("record", "administrator")

register_topic("nghedan.RecordStarted", RecordStarted)
__all__ += [
    "RECORD_STREAM",
    "CommandAccepted",
    "PersonalDataErased",
    "RecordStarted",
    "command_digest",
    "register_topic",
]


def load_policy_config(path: str | Path) -> PolicyConfig:
    """Read a `PolicyConfig` from a TOML file; unknown keys and bad values are refused.

    Raises `InvalidInputError` naming every problem (a file that is not TOML included).
    """
    import tomllib  # noqa: PLC0415 - the TOML reader loads only for a policy file

    try:
        with Path(path).open("rb") as f:
            data: dict[str, Any] = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise InvalidInputError(
            [Problem(str(path), f"tệp TOML không hợp lệ: {e}", f"not valid TOML: {e}")]
        ) from None
    return structure(data, PolicyConfig)


__all__ += ["load_policy_config"]
