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
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

__all__ = [
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
#: the JSON decoder's C scanner: (value, end) of the JSON value at an index
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_sha256: Final = hashlib.sha256


def content_tail(stream: str, topic: str, version: int) -> str:
    """The hashed content after the recorded time, for a stream and topic with no escapes."""
    return f',"stream":"{stream}","topic":"{topic}","version":{version}}}'


def seal_state(
    payload_json: bytes, prev: str, recorded_at: str, stream: str, topic: str, version: int
) -> tuple[str, bytes]:
    """The hash and the canonical stored state of an event, its payload encoded once.

    For `prev`, `recorded_at`, `stream` and `topic` holding nothing canonical JSON escapes.
    """
    body = b'"payload":' + payload_json + f',"prev":"{prev}","recorded_at":"{recorded_at}"'.encode()
    digest = _sha256(b"{" + body + content_tail(stream, topic, version).encode()).hexdigest()
    return digest, b'{"hash":"' + digest.encode() + b'",' + body + b"}"


def hash_state(state: bytes, stream: str, topic: str, version: int) -> str:
    """The hash a canonical stored state's content gives, from its bytes as they are."""
    return _sha256(
        b"{" + state[BODY_AT:-1] + content_tail(stream, topic, version).encode()
    ).hexdigest()


def scan_payload(text: str) -> tuple[dict[str, Any], int] | None:
    """The payload of a canonical state or export line, parsed in place, and where it ends.

    None when the text does not begin as the layout does (another layout, or broken).
    """
    if not text.startswith(_HEAD) or not text.startswith(_PAYLOAD_KEY, 73) or text[72] == "\\":
        return None
    try:
        payload, end = _SCAN(text, PAYLOAD_AT)
    except (StopIteration, ValueError, RecursionError):
        return None
    return (payload, end) if type(payload) is dict else None


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
        return {"recorded_at": "", "payload": {}, "prev": "", "hash": "", "class_version": 1}
    return {
        "recorded_at": state.get("recorded_at", ""),
        "payload": state.get("payload", {}),
        "prev": state.get("prev", ""),
        "hash": state.get("hash", ""),
        "class_version": stored_class_version(state),
    }
