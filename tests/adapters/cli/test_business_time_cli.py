"""The clock-bound rules through the command line (ADR 0019): exit 2, the rule in Vietnamese.

The CLI opens its application without a clock, so it reads the system's: here the test
pins the scenario clock (`tests/conftest.py`) to 20 March 2024, 09:00 in Vietnam.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from cli_world import COMMUNE, Nd, refused

from nghedan_core.values import VIETNAM_TZ

NOW = datetime(2024, 3, 20, 9, tzinfo=VIETNAM_TZ)


@pytest.fixture
def pinned(world: Nd, scenario_clock) -> Nd:
    scenario_clock.pin(NOW)
    return world


def _receive(nd: Nd, at: str, *extra: str) -> object:
    return nd(
        "fund", "receive", "--unit", COMMUNE, "--amount", "500.000",
        "--source", "session", "--occurred-at", at, *extra,
    )  # fmt: skip


def test_a_receipt_dated_ahead_of_the_clock_is_refused_naming_both_times(pinned: Nd) -> None:
    """An hour ahead: exit 2, both times in Vietnamese notation, nothing written."""
    before = pinned.events()
    out = refused(_receive(pinned, "20/03/2024 10:00"))
    assert "20/03/2024 10:00" in out
    assert "20/03/2024 09:00" in out
    assert "giờ của hệ thống" in out
    assert pinned.events() == before


def test_a_receipt_older_than_the_window_is_refused_then_taken_as_a_late_entry(
    pinned: Nd,
) -> None:
    """Dated 5 March: exit 2 naming the 7 days; with --late-entry-reason, recorded."""
    before = pinned.events()
    out = refused(_receive(pinned, "05/03/2024 07:30"))
    assert "7 ngày" in out
    assert "lý do ghi muộn" in out
    assert pinned.events() == before
    ok = _receive(pinned, "05/03/2024 07:30", "--late-entry-reason", "Sổ thu của ấp nộp muộn")
    assert ok.exit_code == 0, ok.output  # type: ignore[attr-defined]
    assert pinned.events() > before


def test_a_late_entry_reason_on_a_recent_receipt_is_refused(pinned: Nd) -> None:
    """Dated yesterday there is nothing late to explain: exit 2."""
    out = refused(_receive(pinned, "19/03/2024 07:30", "--late-entry-reason", "Nộp muộn"))
    assert "không cần ghi là ghi muộn" in out
