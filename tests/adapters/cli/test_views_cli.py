"""``nghedan views rebuild`` and ``views check``: the views kept in the store, against a replay."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from cli_world import COMMUNE, Nd


def _keys(nd: Nd) -> int:
    with closing(sqlite3.connect(nd.path)) as db:
        return int(db.execute("SELECT count(*) FROM nghedan_view_keys").fetchone()[0])


def test_a_read_catches_the_views_up_and_check_counts_the_rows_it_compared(world: Nd) -> None:
    """After a read the index holds the history; ``views check`` passes, naming the rows."""
    world.ok("quota", "--unit", COMMUNE)
    assert _keys(world) > 0
    result = world.ok("--json", "views", "check")
    data = json.loads(result.output)
    assert data["ok"] is True
    assert data["position"] == world.events()
    assert data["rows"] >= _keys(world)
    assert "Bảng tra cứu khớp với lịch sử: đã so" in world.ok("views", "check").output


def test_rebuild_indexes_the_whole_history_again(world: Nd) -> None:
    """``views rebuild`` drops the index and indexes every event; a read answers the same."""
    before = world.ok("--json", "ledger", "--unit", COMMUNE).output
    out = world.ok("--lang", "en", "views", "rebuild").output
    assert f"The views were rebuilt up to event {world.events()}." in out
    rows = _keys(world)
    world.ok("views", "rebuild")
    assert _keys(world) == rows
    assert world.ok("--json", "ledger", "--unit", COMMUNE).output == before


def test_a_corrupted_row_fails_the_check_naming_it(world: Nd) -> None:
    """A row of the index changed by hand: exit 1, the table and the row named."""
    world.ok("views", "rebuild")
    with closing(sqlite3.connect(world.path)) as db:
        key, position = db.execute(
            "SELECT key, position FROM nghedan_view_keys WHERE key LIKE 'fund@%' "
            "ORDER BY position LIMIT 1"
        ).fetchone()
        db.execute(
            "UPDATE nghedan_view_keys SET key = 'fund@99999' WHERE key = ? AND position = ?",
            (key, position),
        )
        db.commit()
    result = world("views", "check")
    assert result.exit_code == 1, result.output
    assert "Bảng tra cứu khác lịch sử" in result.output
    assert f"position={position}" in result.output
    assert "nghedan_view_keys" in result.output
    english = world("--lang", "en", "--json", "views", "check")
    assert english.exit_code == 1
    data = json.loads(english.output)
    assert data["ok"] is False
    assert f"key={key}, position={position}" in data["difference"]
    # a rebuild repairs it
    world.ok("views", "rebuild")
    world.ok("views", "check")


def test_a_deleted_stream_row_fails_the_check(world: Nd) -> None:
    """A stream's keys deleted by hand: exit 1 naming the stream."""
    world.ok("views", "rebuild")
    with closing(sqlite3.connect(world.path)) as db:
        (stream,) = db.execute("SELECT stream_id FROM nghedan_view_streams LIMIT 1").fetchone()
        db.execute("DELETE FROM nghedan_view_streams WHERE stream_id = ?", (stream,))
        db.commit()
    result = world("--lang", "en", "views", "check")
    assert result.exit_code == 1, result.output
    assert f"stream_id={stream}" in result.output
    assert "(no row)" in result.output


def test_a_memory_store_keeps_no_views(nd: Nd) -> None:
    """``memory://``: a clear refusal (exit 2), no traceback."""
    result = nd.raw("--db", "memory://", "views", "check")
    assert result.exit_code == 2, result.output
    assert "memory:// không lưu bảng tra cứu" in result.output


def test_a_row_that_is_not_an_event_stops_a_rebuild_clearly(world: Nd) -> None:
    """An event row edited by hand into something else: exit 1 naming where, no traceback."""
    with closing(sqlite3.connect(world.path)) as db:
        db.execute(
            "UPDATE stored_events SET state = CAST('not json' AS BLOB) WHERE rowid = "
            "(SELECT min(rowid) FROM stored_events WHERE topic != 'nghedan.RecordStarted')"
        )
        db.commit()
    result = world("views", "rebuild")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "Không đọc được sự kiện ngay sau vị trí 1" in result.output
