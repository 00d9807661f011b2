"""Impartial selection: no favouring relatives, qualifying categories, justified exceptions.

Hard rules: no selector or approver related to the household (they must recuse); the
household has a qualifying category and is still on the list. Soft rules (allowed with a
written justification): the household was supported within the cooldown, or households in
greater hardship (higher assessed score) have not been supported yet.

The selection window (`selection_covers`) is the one rule, read by the fund's payments and
by the audit alike, of which months a selection covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from uuid import UUID

import attrs

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import Violation
from nghedan_core.values import HouseholdCategory, Month

__all__ = [
    "Candidate",
    "Relative",
    "check_conflict",
    "check_selection",
    "month_number",
    "ranking",
    "selection_covers",
    "selection_covers_month",
    "selection_window",
    "waiting",
]


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
    #: the months it was selected for (for the ranking: a selection counts as support)
    selected_months: tuple[Month, ...] = ()

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


def month_number(year: int, month: int) -> int:
    """The month as a count of months (``year * 12 + month``): windows are differences."""
    return year * 12 + month


def selection_window(config: PolicyConfig) -> int:
    """How many months a selection covers: its own and the rest of the cooldown (at least 1)."""
    return max(config.reselection_cooldown_months, 1)


def selection_covers(selected_months: Iterable[int], month: int, config: PolicyConfig) -> bool:
    """Whether a household selected for `selected_months` counts as selected in `month`.

    All months are `month_number` values. A selection for month ``s`` covers month ``m``
    exactly when ``0 <= m - s < selection_window(config)``: its own month and the months
    after it up to the end of the reselection cooldown (with the default 12, a selection for
    March 2024 covers March 2024 to February 2025; with a cooldown of 0 or 1, its own month
    only). A selection for a later month covers nothing before it. This one rule decides
    whether a payment in `month` goes to a selected household (the fund's decider and the
    audit) and whether a selected household counts as supported (the ranking of
    `check_selection`).
    """
    window = selection_window(config)
    # a loop, not any() over a generator: the audit calls this for every payment
    for selected in selected_months:  # noqa: SIM110
        if 0 <= month - selected < window:
            return True
    return False


def selection_covers_month(
    selected_months: Iterable[Month], month: Month, config: PolicyConfig
) -> bool:
    """`selection_covers` for `Month` values (the aggregates' form; the audit's is numbers)."""
    return selection_covers(
        (month_number(m.year, m.month) for m in selected_months),
        month_number(month.year, month.month),
        config,
    )


def check_selection(
    household: Candidate,
    others: Sequence[Candidate],
    selectors: Iterable[UUID],
    relatives: Iterable[Relative],
    on: date,
    config: PolicyConfig,
    *,
    month: Month | None = None,
) -> list[Violation]:
    """All violations of selecting `household` on `on` for `month`, against the unit's `others`.

    Hard: a selector related to the household or its head (`check_conflict`); a household off
    the list or with no qualifying category. Soft (allowed with a written justification): the
    household was supported within the reselection cooldown before `on`; some of `others` rank
    ahead of it. Another household ranks ahead when it is eligible, has a higher hardship
    score, and counts as not yet supported: not supported within the cooldown before `on`,
    and no selection of it covers `month` (`selection_covers` — so a household already
    selected for `month`, e.g. earlier at the same meeting, is not ahead). `month` defaults
    to the month of `on`.
    """
    found = check_conflict(selectors, household, relatives)
    if household.deregistered:
        found.append(
            Violation("selection.deregistered", {"household": str(household.household_id)})
        )
    elif not household.categories:
        found.append(
            Violation("selection.not_eligible", {"household": str(household.household_id)})
        )
    cooldown = config.reselection_cooldown_months
    if _recent(household.last_supported, on, cooldown):
        found.append(
            Violation(
                "selection.recently_supported",
                {
                    "household": str(household.household_id),
                    "last_supported": str(household.last_supported),
                    "cooldown_months": cooldown,
                },
                soft=True,
            )
        )
    target = month or Month.of(on)
    ahead = [
        o
        for o in others
        if o.household_id != household.household_id
        and o.hardship_score > household.hardship_score
        and waiting(o, on, target, config)
    ]
    if ahead:
        found.append(Violation("selection.out_of_rank", {"count": len(ahead)}, soft=True))
    return found


def waiting(candidate: Candidate, on: date, month: Month, config: PolicyConfig) -> bool:
    """Eligible and counted as not yet supported on `on` for `month` (may rank ahead)."""
    return (
        candidate.eligible()
        and not _recent(candidate.last_supported, on, config.reselection_cooldown_months)
        and not selection_covers_month(candidate.selected_months, month, config)
    )


def ranking(
    candidates: Iterable[Candidate], on: date, month: Month, config: PolicyConfig
) -> list[tuple[Candidate, tuple[str, ...]]]:
    """The households in the order the selection rule weighs them, each with its reasons.

    Waiting households first (eligible, not supported within the cooldown, not selected
    for `month`), by hardship score, highest first; then the others, by score. The
    reasons are codes: ``not_eligible``, ``deregistered``, ``recently_supported``,
    ``selected_for_month`` — the soft and hard rules of `check_selection` a choice would meet.
    """
    rows: list[tuple[Candidate, tuple[str, ...]]] = []
    for c in candidates:
        reasons: list[str] = []
        if c.deregistered:
            reasons.append("deregistered")
        elif not c.categories:
            reasons.append("not_eligible")
        if _recent(c.last_supported, on, config.reselection_cooldown_months):
            reasons.append("recently_supported")
        if selection_covers_month(c.selected_months, month, config):
            reasons.append("selected_for_month")
        rows.append((c, tuple(reasons)))
    return sorted(rows, key=lambda r: (bool(r[1]), -r[0].hardship_score))
