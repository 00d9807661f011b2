"""Policy parameters (`PolicyConfig`), one object per province, loadable from TOML.

Defaults follow DESIGN.md §3.3 and the source article. Another province embeds the library
with its own numbers, read by `nghedan_core.serialization.load_policy_config`::

    # policy.toml
    monthly_quota = 3
    dual_approval_threshold_vnd = 10_000_000
    supervisory_level = "province"
    clock_skew_minutes = 5
    late_entry_days = 7
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

import attrs

from nghedan_core.values import Vnd

__all__ = ["PolicyConfig"]


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{attribute.name}: must be a whole number of at least 1"
        raise ValueError(msg)


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{attribute.name}: must be a whole number of at least 0"
        raise ValueError(msg)


_LEVELS = ("province", "district", "commune")


def _level(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in _LEVELS:
        msg = f"{attribute.name}: one of: {', '.join(_LEVELS)}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class PolicyConfig:
    """Every number the policies use, with the model's defaults."""

    #: households to visit per commune per month (chỉ tiêu 02 trường hợp/xã/tháng)
    monthly_quota: int = attrs.field(default=2, validator=_non_negative)
    #: a household supported within this many months needs a written justification
    reselection_cooldown_months: int = attrs.field(default=12, validator=_non_negative)
    #: an appointment must fall within this many days after the complaint
    appointment_limit_days: int = attrs.field(default=30, validator=_positive)
    #: volunteers are notified at least this many hours before the start
    volunteer_notice_hours: int = attrs.field(default=24, validator=_non_negative)
    #: payments of at least this many đồng need two different approvers
    dual_approval_threshold_vnd: int = attrs.field(default=5_000_000, validator=_non_negative)
    #: name of the supervising level: "province" since 1 July 2025, "district" before
    supervisory_level: str = attrs.field(default="province", validator=_level)
    #: whether the reception hamlet must rotate (least recently hosted first)
    hamlet_rotation: bool = True
    #: how many times a command is re-decided after a concurrent write to the same record
    max_retries: int = attrs.field(default=100, validator=_non_negative)
    #: how many minutes a command's time may lie ahead of the system's clock (clocks drift)
    clock_skew_minutes: int = attrs.field(default=5, validator=_non_negative)
    #: how many days back a command may be dated without a late-entry reason (imports aside)
    late_entry_days: int = attrs.field(default=7, validator=_non_negative)

    @property
    def dual_approval_threshold(self) -> Vnd:
        """The dual-approval threshold as money."""
        return Vnd(self.dual_approval_threshold_vnd)

    @functools.cached_property
    def clock_skew(self) -> timedelta:
        """How far ahead of the clock a command may be dated."""
        return timedelta(minutes=self.clock_skew_minutes)

    @functools.cached_property
    def late_entry_window(self) -> timedelta:
        """How far back a command may be dated without a late-entry reason."""
        return timedelta(days=self.late_entry_days)
