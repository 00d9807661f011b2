"""Volunteer notice: time, place and task told at least a day before the start."""

from __future__ import annotations

from datetime import datetime, timedelta

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation

__all__ = ["check_completion", "check_notice"]


def check_notice(
    notified_at: datetime, starts_at: datetime, config: PolicyConfig
) -> list[Violation]:
    """Volunteers must be notified at least ``volunteer_notice_hours`` before the start."""
    if starts_at - notified_at < timedelta(hours=config.volunteer_notice_hours):
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
