"""Business time the system can trust: not ahead of the clock, not older than the window.

A command's ``occurred_at`` may lie at most `PolicyConfig.clock_skew` ahead of the
system's clock (clocks drift; nothing is recorded before it happens), and at most
`PolicyConfig.late_entry_window` behind it unless it is declared a late entry with its
reason. An import records history from elsewhere: the window does not apply to it
(ADR 0019). The audit applies the same rule to each stored event (`late_by`).
"""

from __future__ import annotations

from datetime import datetime

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation
from nghedan_core.values import VIETNAM_TZ

__all__ = ["check_business_time", "moment_vi", "too_early", "too_far_ahead"]


def moment_vi(moment: datetime) -> str:
    """`moment` as a clerk writes it, in Vietnam's time: ``09/07/2024 08:00``."""
    return moment.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M")


def too_far_ahead(occurred_at: datetime, now: datetime, config: PolicyConfig) -> bool:
    """`occurred_at` lies ahead of the clock's `now` by more than the allowed skew."""
    return occurred_at > now + config.clock_skew


def too_early(occurred_at: datetime, now: datetime, config: PolicyConfig) -> bool:
    """`occurred_at` lies before the late-entry window that ends at `now`."""
    return occurred_at < now - config.late_entry_window


def check_business_time(
    occurred_at: datetime,
    now: datetime,
    config: PolicyConfig,
    *,
    late_entry_reason: str | None = None,
    imported: bool = False,
) -> list[Violation]:
    """The business time of a command about to be recorded at `now`, by the clock.

    Refused when ahead of the clock beyond the skew (``time.in_future``); when older than
    the late-entry window without a reason (``time.too_late``), unless `imported`; and a
    late-entry reason on a command within the window is refused too
    (``time.late_entry_not_needed``): it would mark an ordinary act as late for nothing.
    """
    at, clock = moment_vi(occurred_at), moment_vi(now)
    if too_far_ahead(occurred_at, now, config):
        return [
            Violation(
                "time.in_future",
                {"at": at, "now": clock, "skew": config.clock_skew_minutes},
            )
        ]
    late = too_early(occurred_at, now, config)
    reason = (late_entry_reason or "").strip()
    if late and not reason and not imported:
        return [
            Violation(
                "time.too_late",
                {
                    "at": at,
                    "now": clock,
                    "days": config.late_entry_days,
                    "since": moment_vi(now - config.late_entry_window),
                },
            )
        ]
    if reason and not late:
        return [Violation("time.late_entry_not_needed", {"at": at, "days": config.late_entry_days})]
    return []
