"""Scheduling: the first Monday of the month, and reception rotating across hamlets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation
from nghedan_core.values import Month

__all__ = ["check_rotation", "check_session_date", "first_monday", "next_reception_hamlet"]


def first_monday(month: Month) -> date:
    """The first Monday of `month`.

    >>> str(first_monday(Month(2024, 1)))
    '2024-01-01'
    >>> str(first_monday(Month(2024, 3)))
    '2024-03-04'
    """
    first = month.first_day()
    return first + timedelta(days=(7 - first.weekday()) % 7)


def check_session_date(day: date, month: Month, *, supervisory: bool = False) -> list[Violation]:
    """A session falls in its month; a commune session on the first Monday, or a reason.

    Supervisory sessions are held at the supervising level's own time: only the month counts.
    """
    if Month.of(day) != month:
        return [Violation("scheduling.date_outside_month", {"date": str(day), "month": str(month)})]
    expected = first_monday(month)
    if not supervisory and day != expected:
        return [
            Violation(
                "scheduling.reason_required",
                {"date": str(day), "first_monday": str(expected)},
                soft=True,
            )
        ]
    return []


def next_reception_hamlet(hamlets: Sequence[str], last_hosted: Mapping[str, date]) -> str | None:
    """The hamlet due to host: never hosted first (in list order), else least recently hosted."""
    if not hamlets:
        return None
    return min(
        hamlets,
        key=lambda h: (h in last_hosted, last_hosted.get(h, date.min), hamlets.index(h)),
    )


def check_rotation(
    chosen: str,
    hamlets: Sequence[str],
    last_hosted: Mapping[str, date],
    config: PolicyConfig,
    *,
    unit: str = "",
) -> list[Violation]:
    """The reception is at one of the unit's hamlets; off-rotation needs a recorded reason.

    A chosen hamlet that was hosted no more recently than the one due is within the
    rotation (ties are allowed).
    """
    if chosen not in hamlets:
        return [Violation("unit.not_hamlet_of", {"hamlet": chosen, "unit": unit})]
    if not config.hamlet_rotation:
        return []
    expected = next_reception_hamlet(hamlets, last_hosted)
    if expected is None or chosen == expected:
        return []
    chosen_key = (chosen in last_hosted, last_hosted.get(chosen, date.min))
    expected_key = (expected in last_hosted, last_hosted.get(expected, date.min))
    if chosen_key <= expected_key:
        return []
    return [
        Violation(
            "scheduling.rotation_reason_required",
            {"expected": expected, "chosen": chosen},
            soft=True,
        )
    ]
