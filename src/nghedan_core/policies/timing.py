"""Business time the system can trust: not ahead of the clock, not older than the window.

A command's ``occurred_at`` may lie at most `PolicyConfig.clock_skew` ahead of the
system's clock (clocks drift; nothing is recorded before it happens), and at most
`PolicyConfig.late_entry_window` behind it unless it is declared a late entry with its
reason. An import records history from elsewhere: the window does not apply to it
(ADR 0019). The audit applies the same `window` to each stored event's recording time.
"""

from __future__ import annotations

from datetime import datetime

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation
from nghedan_core.values import VIETNAM_TZ

__all__ = ["check_business_time", "moment_vi", "window", "window_seconds"]


def moment_vi(moment: datetime) -> str:
    """`moment` as a clerk writes it, in Vietnam's time: ``09/07/2024 08:00``."""
    return moment.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M")


def window(now: datetime, config: PolicyConfig) -> tuple[datetime, datetime]:
    """The business times the clock vouches for at `now`: (earliest, latest), inclusive.

    Earlier than the first is a late entry; later than the second is in the future.
    """
    return now - config.late_entry_window, now + config.clock_skew


def window_seconds(config: PolicyConfig) -> tuple[float, float]:
    """`window` as seconds behind and ahead of the clock (for times read as numbers)."""
    return config.late_entry_window.total_seconds(), config.clock_skew.total_seconds()


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
    earliest, latest = window(now, config)
    if occurred_at > latest:
        return [
            Violation(
                "time.in_future",
                {
                    "at": moment_vi(occurred_at),
                    "now": moment_vi(now),
                    "skew": config.clock_skew_minutes,
                },
            )
        ]
    late = occurred_at < earliest
    reason = (late_entry_reason or "").strip()
    if late and not reason and not imported:
        return [
            Violation(
                "time.too_late",
                {
                    "at": moment_vi(occurred_at),
                    "now": moment_vi(now),
                    "days": config.late_entry_days,
                    "since": moment_vi(earliest),
                },
            )
        ]
    if reason and not late:
        return [
            Violation(
                "time.late_entry_not_needed",
                {"at": moment_vi(occurred_at), "days": config.late_entry_days},
            )
        ]
    return []
