"""The CLI reads Vietnamese notation with the core's one reader: ``03/2024`` is ``2024-03``."""

from __future__ import annotations

import json

import pytest
from cli_world import COMMUNE, Nd, hold_march_session, refused


@pytest.fixture
def march(world: Nd) -> Nd:
    """The world after its March session."""
    hold_march_session(world)
    return world


@pytest.mark.parametrize(
    "args",
    [
        ("disclosure", "--unit", COMMUNE, "--month", "{m}", "--json"),
        ("dossier", COMMUNE, "{m}", "--json"),
        ("dossier", "--unit", COMMUNE, "--month", "{m}", "--json"),
        ("quota", "--unit", COMMUNE, "--month", "{m}", "--json"),
    ],
    ids=["disclosure", "dossier UNIT MONTH", "dossier --month", "quota"],
)
def test_month_written_day_first_reads_as_the_iso_month(march: Nd, args: tuple[str, ...]) -> None:
    """``--month 03/2024`` prints what ``--month 2024-03`` prints."""
    iso = march.ok(*(a.format(m="2024-03") for a in args)).stdout
    vietnamese = march.ok(*(a.format(m="03/2024") for a in args)).stdout
    assert json.loads(vietnamese) == json.loads(iso)


def test_a_command_takes_its_month_written_day_first(world: Nd) -> None:
    """``session flag-ceremony --month 03/2024`` records for March 2024."""
    out = world.ok(
        "session", "flag-ceremony", "--unit", COMMUNE, "--month", "03/2024", "--attendees", "40"
    ).stdout
    assert "Đã ghi: lễ chào cờ tháng 03/2024 của Xã Ninh Thới (29500)." in out


def test_a_month_that_is_neither_form_names_both(world: Nd) -> None:
    """A month such as ``13/2024`` is refused with both ways to write one."""
    out = refused(world("disclosure", "--unit", COMMUNE, "--month", "13/2024"))
    assert "--month: tháng phải viết dạng YYYY-MM hoặc MM/YYYY" in out


def test_as_of_takes_the_time_before_the_day(march: Nd) -> None:
    """``--as-of "08:00 ngày 20/03/2024"`` is the moment ``20/03/2024 08:00``."""
    before = march.ok("complaints", "--unit", COMMUNE, "--as-of", "20/03/2024 08:00").stdout
    after = march.ok("complaints", "--unit", COMMUNE, "--as-of", "08:00 ngày 20/03/2024").stdout
    assert after == before
