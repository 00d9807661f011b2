"""The fast SQLite reader gives the same records as the generic one, and cannot be fooled."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import UUID

from nghedan_core import NgheDan
from nghedan_core.audit import ChainVerifier, audit, record_hash, verify
from nghedan_core.projections import EventRecord
from nghedan_core.serialization import canonical_json, event_hash

from world import build_world


def _via_notifications(app: NgheDan) -> list[EventRecord]:
    decode = app.cattrs_mapper.decode_state
    out = []
    for n in app.recorder.select_notifications(start=1, limit=100_000):
        state = decode(n)
        out.append(
            EventRecord(
                position=n.id,
                stream_id=str(n.originator_id),
                version=n.originator_version,
                topic=n.topic,
                recorded_at=state["recorded_at"],
                payload=state["payload"],
                prev=state["prev"],
                hash=state["hash"],
                actor=state.get("actor"),
            )
        )
    return out


def test_fast_reader_returns_what_the_library_reader_returns(tmp_path: Path) -> None:
    """Positions, streams, versions, topics, payloads and hashes are the same either way."""
    app = NgheDan(f"sqlite:///{tmp_path / 'r.db'}")
    build_world(app)
    fast = list(app.records())
    slow = _via_notifications(app)
    strip = [
        (
            r.position,
            r.stream_id,
            r.version,
            r.topic,
            r.recorded_at,
            dict(r.payload),
            r.prev,
            r.hash,
            r.actor,
        )
        for r in fast
    ]
    assert strip == [
        (
            r.position,
            r.stream_id,
            r.version,
            r.topic,
            r.recorded_at,
            dict(r.payload),
            r.prev,
            r.hash,
            r.actor,
        )
        for r in slow
    ]
    assert all(r.actor is not None for r in fast)  # every event names its actor
    assert all(r.payload_json for r in fast)
    assert all(record_hash(r) == r.hash for r in fast)
    # linking while reading (the reader hashes the stored bytes) finds what the audit finds
    # linking the library reader's records itself: an intact chain, the same digest
    linked = ChainVerifier()
    assert [r.position for r in app.records(chain=linked)] == [r.position for r in slow]
    own = ChainVerifier()
    for r in slow:
        assert own.apply(r) is None
    assert (linked.breaks, linked.events, linked.digest) == (0, own.events, own.digest)
    assert app.audit().digest == audit(slow).digest == own.digest


def test_a_duplicated_payload_key_planted_in_the_database_is_detected(tmp_path: Path) -> None:
    """A second "payload" key (JSON parsers keep the last) cannot smuggle a new payload past the hash."""
    db = tmp_path / "r.db"
    app = NgheDan(f"sqlite:///{db}")
    build_world(app)
    with sqlite3.connect(db) as conn:
        rowid, state = conn.execute(
            "SELECT rowid, state FROM stored_events WHERE topic = 'fund.ContributionReceived'"
        ).fetchone()
        text = state.decode() if isinstance(state, bytes) else state
        forged = text[:-1] + ',"payload":{"amount":999999999}}'
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (forged.encode(), rowid))
    reopened = NgheDan(f"sqlite:///{db}")
    broken = verify(reopened.records())
    assert broken is not None
    assert broken.position == rowid
    assert not audit(reopened.records()).passed


def test_every_stored_state_is_canonical_json_and_hashed_as_the_reference_says(
    tmp_path: Path,
) -> None:
    """`Recorded.seal` encodes each payload once for hash and state: both as the reference.

    The stored bytes are exactly `canonical_json` of the state they hold, and each hash is
    `event_hash` over the event's content (the reference, key by key).
    """
    db = tmp_path / "r.db"
    app = NgheDan(f"sqlite:///{db}")
    build_world(app)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events"
        ).fetchall()
    assert len(rows) >= 10
    for hexid, version, topic, state in rows:
        data = json.loads(state)
        assert state == canonical_json(data)
        assert data["hash"] == event_hash(
            UUID(hex=hexid),
            version,
            topic,
            data["recorded_at"],
            data["payload"],
            data["prev"],
            data["actor"],
        )
