"""The stored byte layout of an event, shared by the sealer, the reader, exchange and audit.

A state written by `serialization.CattrsMapper` (and an export line, which starts alike) is
canonical JSON laid out as::

    {"hash":"<64 hex>","payload":{…},"prev":"<64 hex>","recorded_at":"…"}

and the event's hash is SHA-256 over the canonical JSON of its content, whose keys sort as
``payload, prev, recorded_at, stream, topic, version``. So from ``"payload"`` to the
recorded time the stored bytes **are** the beginning of the hashed content, byte for byte:
``SHA-256("{" + state[BODY_AT:-1] + content_tail(stream, topic, version))``. The sealer
writes the bytes it hashed, the reader and the exchange hash the bytes they read, and a
payload is never encoded twice.

An event recorded with its acting official (ADR 0013, addendum: envelope version 2) begins
with ``"actor":"<36-character UUID>",`` — its key sorts first, in the state, the export
line and the hashed content alike — so every offset after it moves by `ACTOR_SHIFT`::

    {"actor":"<uuid>","hash":"<64 hex>","payload":{…},"prev":"<64 hex>","recorded_at":"…"}

and the hashed content is ``state[:ACTOR_SHIFT + 1] + state[BODY_AT + ACTOR_SHIFT:-1] +
content_tail(…)``. `shift_of` tells the two layouts apart; an event without ``actor``
(recorded before it existed) keeps its first layout, its bytes and its hash.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

__all__ = [
    "ACTOR_SHIFT",
    "BODY_AT",
    "JSON_ESCAPED",
    "PAYLOAD_AT",
    "STATE_TAIL",
    "PlainTopics",
    "content_tail",
    "hash_state",
    "lenient_state",
    "scan_payload",
    "seal_state",
    "shift_of",
    "stored_class_version",
]

#: what canonical JSON escapes in a text (`json.encoder.ESCAPE`, with ensure_ascii off)
JSON_ESCAPED: Final = re.compile(r'[\x00-\x1f\\"]')

#: a canonical state (or export line) begins with its hash ...
_HEAD: Final = '{"hash":"'
#: ... then its payload
_PAYLOAD_KEY: Final = '","payload":'
#: where the payload's JSON starts, in a canonical state or an export line
PAYLOAD_AT: Final = 85
#: where the hashed body (``"payload":…`` to the recorded time) starts in a canonical state
BODY_AT: Final = 75
#: what follows a canonical state's payload: prev (64 characters) and the recorded time,
#: printable ASCII holding nothing canonical JSON escapes
STATE_TAIL: Final = re.compile(r',"prev":"[ !#-\[\]-~]{64}","recorded_at":"[ !#-\[\]-~]*"\}')
#: how far an acting official's key moves the layout: ``"actor":"<36>",``
ACTOR_SHIFT: Final = 47
#: a state (or export line) naming its actor begins so ...
_ACTOR_HEAD: Final = '{"actor":"'
#: ... and, 36 characters on, goes on to its hash
_AFTER_ACTOR: Final = '","hash":"'
#: the characters of a UUID's canonical text
_UUID_TEXT: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: the JSON decoder's C scanner: (value, end) of the JSON value at an index
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_sha256: Final = hashlib.sha256


def content_tail(stream: str, topic: str, version: int) -> str:
    """The hashed content after the recorded time, for a stream and topic with no escapes."""
    return f',"stream":"{stream}","topic":"{topic}","version":{version}}}'


def seal_state(
    payload_json: bytes,
    prev: str,
    recorded_at: str,
    stream: str,
    topic: str,
    version: int,
    actor: str | None = None,
) -> tuple[str, bytes]:
    """The hash and the canonical stored state of an event, its payload encoded once.

    For `prev`, `recorded_at`, `stream` and `topic` holding nothing canonical JSON escapes,
    and `actor` (when given) a UUID's canonical text.
    """
    body = b'"payload":' + payload_json + f',"prev":"{prev}","recorded_at":"{recorded_at}"'.encode()
    head = b"{" if actor is None else f'{{"actor":"{actor}",'.encode()
    digest = _sha256(head + body + content_tail(stream, topic, version).encode()).hexdigest()
    return digest, head + b'"hash":"' + digest.encode() + b'",' + body + b"}"


def hash_state(state: bytes, stream: str, topic: str, version: int, shift: int = 0) -> str:
    """The hash a canonical stored state's content gives, from its bytes as they are.

    `shift`: `shift_of` the state (`ACTOR_SHIFT` when it names its actor).
    """
    tail = content_tail(stream, topic, version).encode()
    if shift:
        return _sha256(state[: shift + 1] + state[BODY_AT + shift : -1] + tail).hexdigest()
    return _sha256(b"{" + state[BODY_AT:-1] + tail).hexdigest()


def shift_of(text: str) -> int:
    """How far `text`'s layout is moved: 0, `ACTOR_SHIFT` (it names its actor), or -1 (neither)."""
    if text.startswith(_HEAD):
        return 0
    if (
        text.startswith(_ACTOR_HEAD)
        and text.startswith(_AFTER_ACTOR, 46)
        and _UUID_TEXT.fullmatch(text, 10, 46) is not None
    ):
        return ACTOR_SHIFT
    return -1


#: the beginning of a canonical state or export line up to its payload, in one expression
#: (`shift_of`'s two layouts, the hash's 64 characters, the last not a backslash, then
#: ``","payload":``): one match instead of a handful of calls, for every event of a replay
_BEFORE_PAYLOAD: Final = re.compile(
    r'\{(?:"actor":"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",)?'
    r'"hash":".{63}[^\\]","payload":',
    re.DOTALL,
)
_before_payload: Final = _BEFORE_PAYLOAD.match


def scan_payload(text: str) -> tuple[dict[str, Any], int, int] | None:
    """The payload of a canonical state or export line, where it ends, and its shift.

    The payload is parsed in place; the shift is `shift_of` the text.

    None when the text does not begin as the layout does (another layout, or broken).
    """
    head = _before_payload(text)
    if head is None:
        return None
    start = head.end()
    try:
        payload, end = _SCAN(text, start)
    except (StopIteration, ValueError, RecursionError):
        return None
    return (payload, end, start - PAYLOAD_AT) if type(payload) is dict else None


class PlainTopics(dict[str, bool]):
    """``plain[topic]``: whether a topic has nothing canonical JSON escapes (cached)."""

    def __missing__(self, topic: str) -> bool:
        self[topic] = found = type(topic) is str and JSON_ESCAPED.search(topic) is None
        return found


def stored_class_version(state: Mapping[str, Any]) -> int:
    """The shape version a stored state declares: its ``class_version``, else 1.

    Anything but a whole number from 1 (a damaged or hand-edited state) reads as 1.
    """
    version = state.get("class_version", 1)
    return version if type(version) is int and version >= 1 else 1


def lenient_state(text: str) -> dict[str, Any]:
    """Parse a stored state that is not in the canonical layout.

    Unreadable text yields a record the audit reports as broken (empty hash) instead of
    stopping the replay.
    """
    try:
        state = json.loads(text)
    except (ValueError, RecursionError):
        state = None
    if not isinstance(state, dict):
        return {
            "recorded_at": "",
            "payload": {},
            "prev": "",
            "hash": "",
            "class_version": 1,
            "actor": None,
        }
    return {
        "actor": state.get("actor"),
        "recorded_at": state.get("recorded_at", ""),
        "payload": state.get("payload", {}),
        "prev": state.get("prev", ""),
        "hash": state.get("hash", ""),
        "class_version": stored_class_version(state),
    }
