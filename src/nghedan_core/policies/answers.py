"""Answers to citizens: a basis for on-the-spot answers, appointments within the limit."""

from __future__ import annotations

from datetime import datetime, timedelta

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation

__all__ = ["check_appointment", "check_on_spot_answer", "is_overdue"]


def check_on_spot_answer(basis: str | None) -> list[Violation]:
    """An on-the-spot answer must cite a legal or policy basis (else: take it on record)."""
    if basis is None or not basis.strip():
        return [Violation("answers.basis_required")]
    return []


def check_appointment(
    raised_at: datetime,
    appointment_at: datetime,
    config: PolicyConfig,
    *,
    now: datetime | None = None,
) -> list[Violation]:
    """An appointment lies after the complaint and within the configured number of days.

    With `now` (when the appointment is being recorded), it must also not be already past.
    """
    if now is not None and appointment_at <= now and appointment_at > raised_at:
        return [
            Violation(
                "answers.appointment_in_past",
                {"at": appointment_at.isoformat(), "now": now.isoformat()},
            )
        ]
    if appointment_at <= raised_at:
        return [
            Violation(
                "answers.appointment_before_complaint",
                {"at": appointment_at.isoformat(), "raised_at": raised_at.isoformat()},
            )
        ]
    if appointment_at - raised_at > timedelta(days=config.appointment_limit_days):
        return [
            Violation(
                "answers.appointment_beyond_limit",
                {"at": appointment_at.isoformat(), "limit_days": config.appointment_limit_days},
            )
        ]
    return []


def is_overdue(appointment_at: datetime | None, *, answered: bool, now: datetime) -> bool:
    """Overdue: past the appointment without an answer."""
    return appointment_at is not None and not answered and now > appointment_at
