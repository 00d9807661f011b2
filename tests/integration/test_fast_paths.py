"""The fast replay and restore paths give what the careful ones give, and refuse what they refuse.

`NgheDan.records()` on SQLite parses each stored state in place and hands the audit the
payload's stored bytes to hash; `restore_events` takes a line written by `export_line` on a
fast path (one encoding, the hash over the bytes it stores) and writes SQLite in a single
transaction. These tests pin what a user would notice if either cut a corner: a restore
that leaves half a history behind, an export from another tool refused or stored
differently, a planted byte that crashes the audit instead of being named.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from nghedan_core import NgheDan
from nghedan_core.audit import ChainBrokenError, audit, verify
from nghedan_core.exchange import LineError, export_events, restore_events

from world import build_world


@pytest.fixture
def exported(tmp_path: Path) -> list[str]:
    """The export of a small real history (Vietnamese names, so most lines are not ASCII)."""
    app = NgheDan(f"sqlite:///{tmp_path / 'source.db'}")
    build_world(app)
    lines = list(export_events(app.records()))
    app.close()
    assert len(lines) > 10  # several pages of 3
    assert any(not line.isascii() for line in lines)
    return lines


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if "stored_events" not in tables:
            return 0
        (n,) = conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    return int(n)


def _restore(path: Path, lines: list[str], **options: object) -> object:
    app = NgheDan(f"sqlite:///{path}")
    try:
        return restore_events(app, lines, page=3, **options)  # type: ignore[arg-type]
    finally:
        app.close()


def _first_not_ascii(conn: sqlite3.Connection) -> tuple[int, bytes]:
    """The first stored event whose state holds a character beyond ASCII."""
    for rowid, state in conn.execute("SELECT rowid, state FROM stored_events ORDER BY rowid"):
        if not state.isascii():
            return rowid, state
    raise AssertionError


def _export(path: Path) -> list[str]:
    app = NgheDan(f"sqlite:///{path}")
    try:
        return list(export_events(app.records()))
    finally:
        app.close()


def test_a_break_on_the_last_page_leaves_the_sqlite_store_empty(exported, tmp_path) -> None:
    """Many pages already inserted, then an edited event: the whole restore is rolled back."""
    lines = list(exported)
    line = json.loads(lines[-1])
    line["payload"] = {**line["payload"], "forged": True}
    lines[-1] = json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    target = tmp_path / "target.db"
    with pytest.raises(ChainBrokenError) as e:
        _restore(target, lines)
    assert (e.value.brk.position, e.value.brk.reason) == (line["position"], "edited")
    assert _rows(target) == 0
    # the same store then takes the sound export
    _restore(target, exported)
    assert _rows(target) == len(exported)


def test_a_bad_last_line_leaves_the_sqlite_store_empty(exported, tmp_path) -> None:
    """A malformed line after many pages: named with its number, nothing written."""
    lines = [*exported, '{"position": 1}']
    target = tmp_path / "target.db"
    with pytest.raises(LineError) as e:
        _restore(target, lines)
    assert e.value.line == len(lines)
    assert _rows(target) == 0


def test_a_wrong_expected_digest_leaves_the_sqlite_store_empty(exported, tmp_path) -> None:
    """The digest is checked after the last line, before anything is committed."""
    target = tmp_path / "target.db"
    with pytest.raises(ChainBrokenError) as e:
        _restore(target, exported, expected_digest="0" * 64)
    assert e.value.brk.reason == "digest"
    assert _rows(target) == 0


def test_lines_from_another_tool_restore_to_the_same_store(exported, tmp_path) -> None:
    """Spaces, escaped Vietnamese, unsorted keys: the same events, stored canonically."""
    by_python = [json.dumps(json.loads(line)) for line in exported]  # ", " and "\\u1ea1"
    assert all(line.isascii() for line in by_python)
    canonical = tmp_path / "canonical.db"
    other = tmp_path / "other.db"
    first = _restore(canonical, exported)
    second = _restore(other, by_python)
    assert first == second
    assert _export(other) == _export(canonical) == exported


def test_a_payload_with_unsorted_keys_in_a_canonical_line_is_stored_sorted(
    exported, tmp_path
) -> None:
    """A line laid out as the export writes it, except its payload's key order."""
    i = next(n for n, line in enumerate(exported) if len(json.loads(line)["payload"]) > 2)
    line = json.loads(exported[i])
    payload = dict(reversed(list(line["payload"].items())))
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    head, tail = exported[i].split('"payload":', 1)
    end = len(
        json.dumps(line["payload"], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    )
    lines = list(exported)
    lines[i] = head + '"payload":' + text + tail[end:]
    assert lines[i] != exported[i]
    assert json.loads(lines[i]) == line
    target = tmp_path / "target.db"
    _restore(target, lines)
    assert _export(target) == exported


def test_bytes_that_are_not_utf8_planted_in_a_state_are_named(exported, tmp_path) -> None:
    """The reader does not crash on them: the audit names the event as edited."""
    store = tmp_path / "store.db"
    _restore(store, exported)
    with sqlite3.connect(store) as conn:
        rowid, state = _first_not_ascii(conn)
        i = next(i for i, byte in enumerate(state) if byte >= 0x80)
        planted = state[:i] + b"\xff\xfe" + state[i + 2 :]
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (planted, rowid))
    app = NgheDan(f"sqlite:///{store}")
    try:
        broken = verify(app.records())
        assert broken is not None
        assert (broken.position, broken.reason) == (rowid, "edited")
        report = audit(app.records())
        assert not report.check("chain.intact").passed
        assert report.events == len(exported)
    finally:
        app.close()


def test_a_state_rewritten_in_another_json_layout_reads_the_same(exported, tmp_path) -> None:
    """Spaces and escapes around an unchanged content: the careful parser reads it.

    The content still matches its hash: only a change of content is tampering.
    """
    store = tmp_path / "store.db"
    _restore(store, exported)
    with sqlite3.connect(store) as conn:
        rowid, state = _first_not_ascii(conn)
        relaid = json.dumps(json.loads(state), indent=1).encode()  # escaped, spaced, ASCII
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (relaid, rowid))
    app = NgheDan(f"sqlite:///{store}")
    try:
        records = list(app.records())
        relaid_record = records[rowid - 1]
        assert relaid_record.payload_json is None  # not the canonical layout: re-encoded
        assert relaid_record.payload == json.loads(state)["payload"]
        assert verify(records) is None
        assert list(export_events(records)) == exported
    finally:
        app.close()
