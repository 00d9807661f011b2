"""Volunteer notice: time, place and task told at least a day before the start."""

from __future__ import annotations

from datetime import datetime, timedelta

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation

__all__ = ["check_completion", "check_notice", "earliest_start", "notice_deadline"]


def notice_deadline(starts_at: datetime, config: PolicyConfig) -> datetime:
    """The last moment volunteers may be told of work starting at `starts_at`."""
    return starts_at - timedelta(hours=config.volunteer_notice_hours)


def earliest_start(notified_at: datetime, config: PolicyConfig) -> datetime:
    """The earliest start of work whose volunteers are told at `notified_at`."""
    return notified_at + timedelta(hours=config.volunteer_notice_hours)


def check_notice(
    notified_at: datetime, starts_at: datetime, config: PolicyConfig
) -> list[Violation]:
    """Volunteers must be notified at least ``volunteer_notice_hours`` before the start."""
    if notified_at > notice_deadline(starts_at, config):
        return [
            Violation(
                "notice.too_late",
                {
                    "hours": config.volunteer_notice_hours,
                    "notified_at": notified_at.isoformat(),
                    "starts_at": starts_at.isoformat(),
                },
            )
        ]
    return []


def check_completion(*, validly_notified: bool) -> list[Violation]:
    """Work cannot be recorded as completed without a valid notice."""
    return [] if validly_notified else [Violation("notice.missing")]
