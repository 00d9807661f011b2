"""The model's rules as pure functions over `PolicyConfig` that return `Violation` values.

A policy never raises and never reads anything but its arguments: the aggregate's ``decide``
calls it and hands the result to `nghedan_core.errors.raise_for`.
"""

from nghedan_core.policies.answers import check_appointment, check_on_spot_answer, is_overdue
from nghedan_core.policies.fund import (
    check_amount,
    check_approvers,
    check_balance,
    check_source,
)
from nghedan_core.policies.impartiality import (
    Candidate,
    Relative,
    check_conflict,
    check_selection,
    month_number,
    selection_covers,
    selection_covers_month,
    selection_window,
)
from nghedan_core.policies.notice import (
    check_completion,
    check_notice,
    earliest_start,
    notice_deadline,
)
from nghedan_core.policies.quota import QuotaStatus, check_quota, quota_status
from nghedan_core.policies.scheduling import (
    check_rotation,
    check_session_date,
    first_monday,
    next_reception_hamlet,
)
from nghedan_core.policies.timing import check_business_time

__all__ = [
    "Candidate",
    "QuotaStatus",
    "Relative",
    "check_amount",
    "check_appointment",
    "check_approvers",
    "check_balance",
    "check_business_time",
    "check_completion",
    "check_conflict",
    "check_notice",
    "check_on_spot_answer",
    "check_quota",
    "check_rotation",
    "check_selection",
    "check_session_date",
    "check_source",
    "earliest_start",
    "first_monday",
    "is_overdue",
    "month_number",
    "next_reception_hamlet",
    "notice_deadline",
    "quota_status",
    "selection_covers",
    "selection_covers_month",
    "selection_window",
]
