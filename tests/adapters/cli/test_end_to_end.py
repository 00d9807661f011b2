"""End to end: the installed ``nghedan`` executable, in a subprocess, on a SQLite file.

``demo`` records the Cầu Kè dataset through the clerk's commands; its report for the first
half of 2024 reproduces the source article's table exactly; the quota view shows the
shortfall with its reasons; the history verifies, survives export → restore with the same
digest; and a second ``demo`` on the same file refuses without writing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pytest

#: the demo alone takes 6–30 s of wall time depending on the machine's load
pytestmark = pytest.mark.slow

NGHEDAN = Path(sys.executable).with_name("nghedan")

#: the article's table: "Nghe dân nói – Làm dân tin" in Cầu Kè district, first half of 2024
ARTICLE = {
    "from": "2024-01-01",
    "to": "2024-06-30",
    "sessions_held": 55,
    "attendees": 1146,
    "units_with_sessions": 11,
    "complaints_received": 252,
    "complaints_resolved": 252,
    "gifts": {"count": 55, "value_vnd": 26_500_000},
    "households_supported": {"count": 288, "value_vnd": 128_500_000},
    "volunteer_km": 46.3,
    "houses_built": {"count": 3, "value_vnd": 132_000_000},
    "houses_repaired": {"count": 3, "value_vnd": 54_300_000},
    "toilets_built": {"count": 2, "value_vnd": 2_900_000},
}


def nghedan(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed executable on the SQLite file `db`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NGHEDAN_")}
    return subprocess.run(
        [str(NGHEDAN), "--db", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=300,
    )


def events(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM stored_events").fetchone()[0])


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A SQLite file holding the demo dataset, and what ``demo`` printed."""
    assert NGHEDAN.exists(), f"the console script is not installed at {NGHEDAN}"
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    return db, nghedan(db, "demo")


def test_demo_prints_the_report_and_a_passing_audit(demo) -> None:
    """``demo`` exits 0 and prints the half-year table and the fund audit, passed."""
    _, result = demo
    out = ok(result)
    assert "BÁO CÁO 6 THÁNG ĐẦU NĂM 2024" in out
    assert "Số buổi đã tổ chức" in out
    assert "55 — 26.500.000 đ" in out
    assert "Kiểm toán quỹ: ĐẠT" in out
    # each check in words, not its code
    assert "✓ Chuỗi băm nguyên vẹn: 3.569 sự kiện" in out
    assert "chain.intact" not in out
    assert "acts.actor_held_role" not in out


def test_demo_report_json_reproduces_the_article_exactly(demo) -> None:
    """``report --from 2024-01-01 --to 2024-06-30 --json`` equals the article's figures."""
    db, _ = demo
    report = json.loads(
        ok(nghedan(db, "report", "--from", "2024-01-01", "--to", "2024-06-30", "--json"))
    )
    assert {key: report[key] for key in ARTICLE} == ARTICLE
    assert report["complaints_answered"] == 252
    assert report["complaints_overdue"] == 0
    assert report["resolution_rate"] == 1.0
    assert report["volunteer_turns"] > 2000


def test_demo_quota_shows_the_shortfall_with_its_reasons(demo) -> None:
    """One visit per session against a target of two, every month with its reason."""
    db, _ = demo
    lines = json.loads(ok(nghedan(db, "quota", "--shortfalls", "--json")))["lines"]
    assert len(lines) == 55
    assert {(line["target"], line["achieved"]) for line in lines} == {(2, 1)}
    assert all(line["shortfall_reason"] for line in lines)
    table = ok(nghedan(db, "quota"))
    assert "đạt 55/110 hộ; 55/55 tháng chưa đạt chỉ tiêu" in table


def test_demo_history_verifies(demo) -> None:
    """``audit verify`` exits 0 on the demo; ``audit`` too."""
    db, _ = demo
    assert ok(nghedan(db, "audit", "verify")).strip() == "Lịch sử nguyên vẹn."
    assert json.loads(ok(nghedan(db, "audit", "--json")))["passed"] is True


def test_demo_reading_commands_work_on_the_dataset(demo) -> None:
    """The board, a dossier and a household listing read the demo without trouble."""
    db, _ = demo
    board = json.loads(ok(nghedan(db, "complaints", "--as-of", "30/06/2024", "--json")))
    assert board["totals"]["resolved"] == 252
    dossier = ok(nghedan(db, "dossier", "29257", "2024-03"))
    assert "Đơn vị: 29257" in dossier
    assert "VIII. KẾT THÚC BUỔI LÀM VIỆC" in dossier
    assert "DANH SÁCH HỘ KHÓ KHĂN" in ok(nghedan(db, "household", "history", "--unit", "29257"))


def test_demo_export_restore_keeps_the_digest(demo, tmp_path: Path) -> None:
    """Export → restore into a new file → the same digest → ``audit verify`` passes."""
    db, _ = demo
    export = tmp_path / "export.jsonl"
    ok(nghedan(db, "export", "--out", str(export)))
    copy = tmp_path / "copy.db"
    restored = json.loads(ok(nghedan(copy, "restore", str(export), "--json")))
    digest = json.loads(ok(nghedan(db, "audit", "--json")))["digest"]
    assert restored["digest"] == digest
    ok(nghedan(copy, "audit", "verify", "--expect", digest))
    assert events(copy) == events(db)


def test_a_second_demo_on_the_same_file_refuses_without_writing(demo) -> None:
    """``demo`` on a non-empty database: exit 2, a clear message, not one event more."""
    db, _ = demo
    before = events(db)
    result = nghedan(db, "demo")
    assert result.returncode == 2
    assert "đã có dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr
    assert events(db) == before


def test_the_executable_refuses_bad_input_with_exit_2(tmp_path: Path) -> None:
    """The console script itself: malformed money → exit 2, one message, nothing written."""
    db = tmp_path / "empty.db"
    result = nghedan(
        db, "fund", "receive", "--unit", "29257", "--amount", "26,500,000", "--source", "session"
    )
    assert result.returncode == 2
    assert result.stderr == "Dữ liệu không hợp lệ:\n  --amount: số tiền phải là số nguyên đồng\n"
    assert result.stdout == ""


def _help(args: Sequence[str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NGHEDAN_")}
    result = subprocess.run(
        [str(NGHEDAN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_executable_help_follows_nghedan_lang() -> None:
    """``nghedan --help`` is Vietnamese; ``--lang en`` makes it English."""
    assert _help(["--help"]).startswith("Cách dùng: nghedan")
    assert _help(["--lang", "en", "report", "--help"]).startswith("Usage: nghedan report")
