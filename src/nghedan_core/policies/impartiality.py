"""Impartial selection: no favouring relatives, qualifying categories, justified exceptions.

Hard rules: no selector or approver related to the household (they must recuse); the
household has a qualifying category and is still on the list. Soft rules (allowed with a
written justification): the household was supported within the cooldown, or households in
greater hardship (higher assessed score) have not been supported yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from uuid import UUID

import attrs

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation
from nghedan_core.values import HouseholdCategory, Month

__all__ = ["Candidate", "Relative", "check_conflict", "check_selection"]


@attrs.frozen
class Relative:
    """A relation an official declared: to a household, or to a person (e.g. its head)."""

    official_id: UUID
    relation: str
    household_id: UUID | None = None
    person_id: UUID | None = None


@attrs.frozen
class Candidate:
    """What the selection rule needs to know about a household."""

    household_id: UUID
    categories: frozenset[HouseholdCategory]
    head_person_id: UUID | None = None
    hardship_score: int = 0
    last_supported: date | None = None
    deregistered: bool = False

    def eligible(self) -> bool:
        """On the list with at least one qualifying category."""
        return bool(self.categories) and not self.deregistered


def check_conflict(
    officials: Iterable[UUID], household: Candidate, relatives: Iterable[Relative]
) -> list[Violation]:
    """Every official related to the household (or to its head) is a hard violation."""
    deciding = set(officials)
    return [
        Violation(
            "selection.conflict_of_interest",
            {
                "official": str(r.official_id),
                "relation": r.relation,
                "household": str(household.household_id),
            },
        )
        for r in relatives
        if r.official_id in deciding
        and (
            (r.household_id is not None and r.household_id == household.household_id)
            or (r.person_id is not None and r.person_id == household.head_person_id)
        )
    ]


def _recent(last: date | None, on: date, cooldown_months: int) -> bool:
    if last is None or cooldown_months == 0:
        return False
    return Month.of(last).months_until(Month.of(on)) < cooldown_months


def check_selection(
    household: Candidate,
    others: Sequence[Candidate],
    selectors: Iterable[UUID],
    relatives: Iterable[Relative],
    on: date,
    config: PolicyConfig,
) -> list[Violation]:
    """All violations of selecting `household` on `on`, compared with the unit's `others`."""
    found = check_conflict(selectors, household, relatives)
    if household.deregistered:
        found.append(
            Violation("selection.deregistered", {"household": str(household.household_id)})
        )
    elif not household.categories:
        found.append(
            Violation("selection.not_eligible", {"household": str(household.household_id)})
        )
    if _recent(household.last_supported, on, config.reselection_cooldown_months):
        found.append(
            Violation(
                "selection.recently_supported",
                {
                    "household": str(household.household_id),
                    "last_supported": str(household.last_supported),
                    "cooldown_months": config.reselection_cooldown_months,
                },
                soft=True,
            )
        )
    ahead = [
        o
        for o in others
        if o.household_id != household.household_id
        and o.eligible()
        and o.hardship_score > household.hardship_score
        and not _recent(o.last_supported, on, config.reselection_cooldown_months)
    ]
    if ahead:
        found.append(Violation("selection.out_of_rank", {"count": len(ahead)}, soft=True))
    return found
