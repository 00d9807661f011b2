"""The fund: positive đồng, a balance that never goes negative, lawful sources, dual approval."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation
from nghedan_core.values import ContributionSource, Vnd

__all__ = ["check_amount", "check_approvers", "check_balance", "check_source"]


def check_amount(amount: Vnd) -> list[Violation]:
    """Amounts moved through the fund are whole đồng greater than zero."""
    if amount.amount <= 0:
        return [Violation("fund.non_positive_amount", {"amount": str(amount)})]
    return []


def check_source(source: ContributionSource, donor_name: str | None) -> list[Violation]:
    """Only the flag ceremony, the session, or a *named* lawful donor may contribute."""
    if source is ContributionSource.LAWFUL_DONATION and not (donor_name and donor_name.strip()):
        return [
            Violation(
                "fund.unlawful_source",
                {"reason": "donor_unnamed"},
            )
        ]
    return []


def check_balance(balance: Vnd, amount: Vnd) -> list[Violation]:
    """A payment never takes the balance below zero."""
    if amount.amount > balance.amount:
        return [
            Violation("fund.insufficient_balance", {"balance": str(balance), "amount": str(amount)})
        ]
    return []


def check_approvers(
    amount: Vnd, approvers: Sequence[UUID], config: PolicyConfig
) -> list[Violation]:
    """A payment has an approver; at or above the threshold, two different approvers."""
    distinct = set(approvers)
    if not distinct:
        return [Violation("fund.approval_required")]
    if amount >= config.dual_approval_threshold and len(distinct) < 2:
        return [
            Violation(
                "fund.dual_approval_required",
                {"amount": str(amount), "threshold": str(config.dual_approval_threshold)},
            )
        ]
    return []
