"""The monthly quota: at least N households visited per commune per month.

Real data does not always meet it (the source article shows one visit per session against a
target of two), so a shortfall is never refused outright: it needs a recorded reason.
"""

from __future__ import annotations

import attrs

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation

__all__ = ["QuotaStatus", "check_quota", "quota_status"]


@attrs.frozen
class QuotaStatus:
    """Target and achievement for one commune-month."""

    required: int
    achieved: int

    @property
    def shortfall(self) -> int:
        """How many visits are missing (0 when the quota is met)."""
        return max(0, self.required - self.achieved)

    @property
    def met(self) -> bool:
        """Whether the quota is met."""
        return self.shortfall == 0


def quota_status(achieved: int, config: PolicyConfig) -> QuotaStatus:
    """The quota status for a month with `achieved` households visited."""
    return QuotaStatus(required=config.monthly_quota, achieved=achieved)


def check_quota(achieved: int, config: PolicyConfig) -> list[Violation]:
    """A shortfall is a soft violation: allowed with a recorded shortfall reason."""
    status = quota_status(achieved, config)
    if status.met:
        return []
    return [
        Violation(
            "quota.shortfall_reason_required",
            {"achieved": status.achieved, "required": status.required},
            soft=True,
        )
    ]
