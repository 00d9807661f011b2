"""The log's readers: every stored event as an `EventRecord`, in global order, page by page.

The SQLite reader reads the rows with a plain cursor and takes canonical states apart by
their layout (`nghedan_core._layout`); any other store goes through the recorder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core._layout import (
    PAYLOAD_AT,
    STATE_TAIL,
    PlainTopics,
    hash_state,
    lenient_state,
    scan_payload,
    stored_class_version,
)
from nghedan_core.audit import ChainVerifier
from nghedan_core.projections._base import EventRecord

__all__ = [
    "PAGE",
    "as_uuid",
    "dashed",
    "generic_records",
    "positions_after",
    "record_of",
    "sqlite_records",
]

#: rows per page of the readers
PAGE: Final = 1_000


def as_uuid(value: UUID | str) -> UUID:
    """`value` as a UUID (the recorders give either)."""
    return value if isinstance(value, UUID) else UUID(value)


def sqlite_records(
    recorder: SQLiteApplicationRecorder,
    start: int,
    stop: int | None,
    page: int,
    chain: ChainVerifier | None = None,
) -> Iterator[EventRecord]:
    """`records` for SQLite, read with one plain cursor per page.

    eventsourcing's ``select_notifications`` builds a row, a UUID and a Notification per
    event; a full replay spends more time there than in SQLite itself. Reading the same
    rows directly keeps replays close to the raw speed of the file.

    A state written by `CattrsMapper` has the layout
    ``{"hash":<64>,"payload":…,"prev":<64>,"recorded_at":"…"}``, after
    ``{"actor":"<uuid>",`` when it names its actor (`_layout.shift_of`). Its payload is parsed
    in place, and every character after it must match the layout's tail (printable
    ASCII, nothing canonical JSON escapes), so no second "payload" key can hide anywhere;
    the record then carries the payload's stored bytes, which the audit hashes as they
    are. Any other state (an escape in the recorded time, another layout) is parsed
    leniently, and the audit encodes its payload again.

    With `chain`, each record is linked into it before it is yielded. For a canonical
    state the stored bytes from ``"payload"`` to the recorded time are the beginning of
    the content the event's hash covers, byte for byte (the keys sort the same way), so
    the reader hashes them with the stream, topic and version as they are.
    """
    statement = (
        "SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
        f"FROM {recorder.events_table_name} WHERE rowid >= ? AND rowid <= ? "
        "ORDER BY rowid LIMIT ?"
    )
    last = stop if stop is not None else 2**62
    tail_of = STATE_TAIL.fullmatch
    linking = chain is not None
    # (a verifier of its own when not linking: never called, it keeps `link` typed)
    link = (chain if chain is not None else ChainVerifier()).link
    plain = PlainTopics()
    position = start
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            # plain tuples: the rows eventsourcing's connection makes are slow to build
            raw = cursor.sqlite_cursor
            raw.row_factory = None
            raw.execute(statement, (position, last, page))
            rows = raw.fetchall()
        for rowid, hexid, version, topic, data in rows:
            # undecodable bytes become U+FFFD: the event then fails its hash check
            text = data.decode("utf-8", "replace") if type(data) is bytes else data
            # (written out, not `dashed`: this runs for every event of a replay)
            stream_id = f"{hexid[:8]}-{hexid[8:12]}-{hexid[12:16]}-{hexid[16:20]}-{hexid[20:]}"
            scanned = scan_payload(text)
            if scanned is not None and tail_of(text, end := scanned[1]) is not None:
                payload, _, shift = scanned
                prev = text[end + 9 : end + 73]
                event_hash = text[9 + shift : 73 + shift]
                # the tail is ASCII: the stored bytes end as the text does
                stored = data if type(data) is bytes else text.encode()
                # linked here from the stored bytes, or by the audit around the payload's
                hashed_here = linking and plain[topic] and type(version) is int and hexid.isalnum()
                record = EventRecord(
                    rowid,
                    stream_id,
                    version,
                    topic,
                    text[end + 90 : -2],
                    payload,
                    prev,
                    event_hash,
                    None
                    if hashed_here
                    else stored[PAYLOAD_AT + shift : end + len(stored) - len(text)],
                    1,
                    text[10:46] if shift else None,
                )
                if hashed_here:
                    link(
                        rowid,
                        stream_id,
                        version,
                        topic,
                        prev,
                        event_hash,
                        hash_state(stored, stream_id, topic, version, shift),
                    )
                elif chain is not None:
                    chain.apply(record)
                yield record
                continue
            state = lenient_state(text)  # not canonical: the audit re-encodes it
            record = EventRecord(
                rowid,
                stream_id,
                version,
                topic,
                state["recorded_at"],
                state["payload"],
                state["prev"],
                state["hash"],
                class_version=state["class_version"],
                actor=state["actor"],
            )
            if chain is not None:
                chain.apply(record)
            yield record
        if len(rows) < page:
            return
        position = rows[-1][0] + 1


def generic_records(
    recorder: ApplicationRecorder,
    decode: Callable[[StoredEvent], dict[str, Any]],
    start: int,
    stop: int | None,
    page: int,
    chain: ChainVerifier | None,
) -> Iterator[EventRecord]:
    """`records` for any store: through the recorder, each state decoded by the mapper."""
    position = start
    while True:
        notifications = recorder.select_notifications(start=position, limit=page, stop=stop)
        for n in notifications:
            record = record_of(n.id, str(n.originator_id), n.originator_version, n.topic, decode(n))
            if chain is not None:
                chain.apply(record)
            yield record
        if len(notifications) < page:
            return
        position = notifications[-1].id + 1


def record_of(
    position: int, stream_id: str, version: int, topic: str, state: dict[str, Any]
) -> EventRecord:
    """The record of a stored event whose state (`CattrsMapper.decode_state`) is `state`."""
    return EventRecord(
        position=position,
        stream_id=stream_id,
        version=version,
        topic=topic,
        recorded_at=state["recorded_at"],
        payload=state["payload"],
        prev=state["prev"],
        hash=state["hash"],
        class_version=stored_class_version(state),
        actor=state.get("actor"),
    )


def dashed(hexid: str) -> str:
    """A stream id as SQLite stores it (32 hex digits) in the usual dashed form."""
    return f"{hexid[:8]}-{hexid[8:12]}-{hexid[12:16]}-{hexid[16:20]}-{hexid[20:]}"


def positions_after(
    recorder: ApplicationRecorder, position: int, page: int = PAGE
) -> Iterator[tuple[int, UUID, int]]:
    """(position, stream, version) of every event after `position`, page by page."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        statement = (
            "SELECT rowid, originator_id, originator_version "  # noqa: S608
            f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )
        while True:
            with recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(statement, (position, page))
                rows = cursor.fetchall()
            for rowid, hexid, version in rows:
                yield rowid, UUID(hex=hexid), version
            if len(rows) < page:
                return
            position = rows[-1][0]
    while True:
        notifications = recorder.select_notifications(start=position + 1, limit=page)
        for n in notifications:
            yield n.id, as_uuid(n.originator_id), n.originator_version
        if len(notifications) < page:
            return
        position = notifications[-1].id
