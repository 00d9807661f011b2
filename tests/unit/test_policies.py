"""The model's rules as pure policy functions, and how `raise_for` turns them into refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import (
    ConflictOfInterestError,
    JustificationRequiredError,
    NotEligibleError,
    RuleViolatedError,
    ShortfallReasonRequiredError,
    Violation,
    error_class,
    raise_for,
)
from nghedan_core.policies import (
    Candidate,
    QuotaStatus,
    Relative,
    check_amount,
    check_appointment,
    check_approvers,
    check_balance,
    check_business_time,
    check_completion,
    check_conflict,
    check_notice,
    check_on_spot_answer,
    check_quota,
    check_rotation,
    check_selection,
    check_session_date,
    check_source,
    earliest_start,
    first_monday,
    is_overdue,
    month_number,
    next_reception_hamlet,
    notice_deadline,
    quota_status,
    selection_covers,
)
from nghedan_core.values import VIETNAM_TZ, ContributionSource, HouseholdCategory, Month, Vnd

DEFAULT = PolicyConfig()
RAISED_AT = datetime(2024, 3, 4, 8, 30, tzinfo=VIETNAM_TZ)


def codes(violations: list[Violation]) -> list[str]:
    """The codes of `violations`, in order."""
    return [v.code for v in violations]


# --- scheduling: first Monday ------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (Month(2024, 1), date(2024, 1, 1)),  # the month starts on a Monday
        (Month(2023, 10), date(2023, 10, 2)),  # starts on a Sunday
        (Month(2024, 9), date(2024, 9, 2)),  # starts on a Sunday
        (Month(2024, 10), date(2024, 10, 7)),  # starts on a Tuesday: the latest case
        (Month(2024, 3), date(2024, 3, 4)),  # starts on a Friday
        (Month(2024, 6), date(2024, 6, 3)),  # starts on a Saturday
        (Month(2025, 7), date(2025, 7, 7)),  # the first month after the 2025 reform
    ],
)
def test_first_monday_of_month(month: Month, expected: date) -> None:
    """The first Monday is found for months starting on every kind of weekday."""
    assert first_monday(month) == expected


@given(st.integers(2000, 2200), st.integers(1, 12))
def test_first_monday_is_a_monday_in_the_first_week(year: int, month: int) -> None:
    """The first Monday is a Monday, in the month, among its first seven days."""
    day = first_monday(Month(year, month))
    assert day.weekday() == 0
    assert Month.of(day) == Month(year, month)
    assert 1 <= day.day <= 7


def test_session_on_first_monday_breaks_no_rule() -> None:
    """A commune session on the first Monday of its month needs no reason."""
    assert check_session_date(date(2024, 3, 4), Month(2024, 3)) == []


def test_session_on_another_day_needs_a_reason() -> None:
    """Another day of the month is a soft violation naming the date and the first Monday."""
    [v] = check_session_date(date(2024, 3, 5), Month(2024, 3))
    assert v.code == "scheduling.reason_required"
    assert v.soft
    assert v.params == {"date": "2024-03-05", "first_monday": "2024-03-04"}


def test_supervisory_session_may_be_on_any_day_of_its_month() -> None:
    """The supervising level holds its sessions at its own time: only the month counts."""
    assert check_session_date(date(2024, 3, 20), Month(2024, 3), supervisory=True) == []


@pytest.mark.parametrize("supervisory", [False, True])
def test_session_date_outside_its_month_is_refused(*, supervisory: bool) -> None:
    """A date outside the session's month is a hard violation, for every level."""
    [v] = check_session_date(date(2024, 4, 1), Month(2024, 3), supervisory=supervisory)
    assert v.code == "scheduling.date_outside_month"
    assert not v.soft
    assert v.params == {"date": "2024-04-01", "month": "2024-03"}


# --- scheduling: hamlet rotation ---------------------------------------------------------

HAMLETS = ("Ấp 1", "Ấp 2", "Ấp 3")


def test_no_hamlets_means_no_reception_hamlet_is_due() -> None:
    """A unit without hamlets has no hamlet due."""
    assert next_reception_hamlet([], {}) is None


def test_never_hosted_hamlet_is_due_first_in_list_order() -> None:
    """Hamlets that never hosted come first, the earliest in the list winning."""
    last = {"Ấp 1": date(2024, 1, 1)}
    assert next_reception_hamlet(HAMLETS, last) == "Ấp 2"
    assert next_reception_hamlet(HAMLETS, {}) == "Ấp 1"


def test_least_recently_hosted_hamlet_is_due_once_all_have_hosted() -> None:
    """When every hamlet has hosted, the least recently hosted one is due."""
    last = {"Ấp 1": date(2024, 3, 4), "Ấp 2": date(2024, 1, 1), "Ấp 3": date(2024, 2, 5)}
    assert next_reception_hamlet(HAMLETS, last) == "Ấp 2"


def test_equally_recent_hamlets_are_due_in_list_order() -> None:
    """A tie on the last date is broken by list order."""
    last = {"Ấp 1": date(2024, 3, 4), "Ấp 2": date(2024, 2, 5), "Ấp 3": date(2024, 2, 5)}
    assert next_reception_hamlet(HAMLETS, last) == "Ấp 2"


def test_choosing_the_hamlet_due_breaks_no_rule() -> None:
    """Reception at the hamlet due by rotation needs no reason."""
    last = {"Ấp 1": date(2024, 3, 4), "Ấp 2": date(2024, 1, 1), "Ấp 3": date(2024, 2, 5)}
    assert check_rotation("Ấp 2", HAMLETS, last, DEFAULT) == []


def test_off_rotation_hamlet_needs_a_reason() -> None:
    """A more recently hosted hamlet is a soft violation naming the expected and chosen."""
    last = {"Ấp 1": date(2024, 3, 4), "Ấp 2": date(2024, 1, 1), "Ấp 3": date(2024, 2, 5)}
    [v] = check_rotation("Ấp 1", HAMLETS, last, DEFAULT)
    assert v.code == "scheduling.rotation_reason_required"
    assert v.soft
    assert v.params == {"expected": "Ấp 2", "chosen": "Ấp 1"}


def test_hosted_hamlet_is_off_rotation_while_another_never_hosted() -> None:
    """A hamlet that hosted before is off-rotation while another has never hosted."""
    [v] = check_rotation("Ấp 1", HAMLETS, {"Ấp 1": date(2020, 1, 6)}, DEFAULT)
    assert v.params == {"expected": "Ấp 2", "chosen": "Ấp 1"}


def test_hamlet_tied_with_the_one_due_is_within_rotation() -> None:
    """A hamlet hosted no more recently than the one due is allowed (ties are allowed)."""
    last = {"Ấp 1": date(2024, 3, 4), "Ấp 2": date(2024, 2, 5), "Ấp 3": date(2024, 2, 5)}
    assert check_rotation("Ấp 3", HAMLETS, last, DEFAULT) == []


def test_any_never_hosted_hamlet_is_within_rotation() -> None:
    """Two never-hosted hamlets tie: choosing the later one in the list is allowed."""
    assert check_rotation("Ấp 3", HAMLETS, {"Ấp 1": date(2024, 1, 1)}, DEFAULT) == []


def test_hamlet_of_another_unit_is_refused() -> None:
    """A hamlet that is not the unit's is a hard violation naming the hamlet and unit."""
    [v] = check_rotation("Ấp 9", HAMLETS, {}, DEFAULT, unit="29500")
    assert v.code == "unit.not_hamlet_of"
    assert not v.soft
    assert v.params == {"hamlet": "Ấp 9", "unit": "29500"}


def test_disabled_rotation_allows_any_hamlet_of_the_unit() -> None:
    """With rotation off in the config, any hamlet of the unit is fine, but not a stranger."""
    config = PolicyConfig(hamlet_rotation=False)
    last = {"Ấp 1": date(2024, 3, 4), "Ấp 2": date(2024, 1, 1), "Ấp 3": date(2024, 2, 5)}
    assert check_rotation("Ấp 1", HAMLETS, last, config) == []
    assert codes(check_rotation("Ấp 9", HAMLETS, last, config)) == ["unit.not_hamlet_of"]


# --- answers -----------------------------------------------------------------------------


@pytest.mark.parametrize("basis", [None, "", "   "])
def test_on_spot_answer_without_basis_is_refused(basis: str | None) -> None:
    """An on-the-spot answer with no legal or policy basis is a hard violation."""
    [v] = check_on_spot_answer(basis)
    assert v.code == "answers.basis_required"
    assert not v.soft


def test_on_spot_answer_with_basis_breaks_no_rule() -> None:
    """An on-the-spot answer citing a basis is accepted."""
    assert check_on_spot_answer("Điều 26 Luật Đất đai 2024") == []


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(hours=-1)])
def test_appointment_not_after_the_complaint_is_refused(delta: timedelta) -> None:
    """An appointment at or before the time the complaint was raised is refused."""
    [v] = check_appointment(RAISED_AT, RAISED_AT + delta, DEFAULT)
    assert v.code == "answers.appointment_before_complaint"
    assert v.params == {
        "at": (RAISED_AT + delta).isoformat(),
        "raised_at": RAISED_AT.isoformat(),
    }


def test_appointment_on_the_last_allowed_moment_breaks_no_rule() -> None:
    """An appointment exactly 30 days (the default limit) after the complaint is allowed."""
    assert check_appointment(RAISED_AT, RAISED_AT + timedelta(days=30), DEFAULT) == []


def test_appointment_beyond_the_limit_is_refused() -> None:
    """One second beyond the limit is refused, naming the limit in days."""
    at = RAISED_AT + timedelta(days=30, seconds=1)
    [v] = check_appointment(RAISED_AT, at, DEFAULT)
    assert v.code == "answers.appointment_beyond_limit"
    assert v.params == {"at": at.isoformat(), "limit_days": 30}


def test_appointment_limit_follows_the_config() -> None:
    """A province with a 7-day limit refuses an appointment 8 days out."""
    config = PolicyConfig(appointment_limit_days=7)
    assert check_appointment(RAISED_AT, RAISED_AT + timedelta(days=7), config) == []
    late = check_appointment(RAISED_AT, RAISED_AT + timedelta(days=8), config)
    assert codes(late) == ["answers.appointment_beyond_limit"]


def test_appointment_limit_compares_instants_across_time_zones() -> None:
    """An appointment given in UTC is compared as the same instant as Vietnam time."""
    in_utc = (RAISED_AT + timedelta(days=30)).astimezone(UTC)
    assert check_appointment(RAISED_AT, in_utc, DEFAULT) == []


def test_complaint_past_its_appointment_without_answer_is_overdue() -> None:
    """Overdue means: past the appointment and not answered."""
    at = RAISED_AT + timedelta(days=10)
    assert is_overdue(at, answered=False, now=at + timedelta(seconds=1))
    assert not is_overdue(at, answered=False, now=at)
    assert not is_overdue(at, answered=True, now=at + timedelta(days=1))
    assert not is_overdue(None, answered=False, now=at + timedelta(days=100))


# --- volunteer notice --------------------------------------------------------------------


def test_notice_a_full_day_ahead_breaks_no_rule() -> None:
    """Notifying exactly 24 hours before the start is enough."""
    assert check_notice(RAISED_AT, RAISED_AT + timedelta(hours=24), DEFAULT) == []


def test_notice_less_than_a_day_ahead_is_refused() -> None:
    """Notifying one second too late is refused, naming the hours and both times."""
    starts = RAISED_AT + timedelta(hours=24) - timedelta(seconds=1)
    [v] = check_notice(RAISED_AT, starts, DEFAULT)
    assert v.code == "notice.too_late"
    assert not v.soft
    assert v.params == {
        "hours": 24,
        "notified_at": RAISED_AT.isoformat(),
        "starts_at": starts.isoformat(),
    }


def test_notice_after_the_start_is_refused_even_with_no_required_hours() -> None:
    """With a zero-hour notice rule, notifying after the start is still refused."""
    config = PolicyConfig(volunteer_notice_hours=0)
    assert check_notice(RAISED_AT, RAISED_AT, config) == []
    late = check_notice(RAISED_AT, RAISED_AT - timedelta(minutes=1), config)
    assert codes(late) == ["notice.too_late"]


def test_the_notice_deadline_and_earliest_start_are_the_rule_check_notice_applies() -> None:
    """What the pages show before the rule is broken is the very boundary it refuses at."""
    config = PolicyConfig(volunteer_notice_hours=48)
    deadline = notice_deadline(RAISED_AT, config)
    assert deadline == RAISED_AT - timedelta(hours=48)
    assert check_notice(deadline, RAISED_AT, config) == []
    assert codes(check_notice(deadline + timedelta(seconds=1), RAISED_AT, config)) == [
        "notice.too_late"
    ]
    start = earliest_start(RAISED_AT, config)
    assert start == RAISED_AT + timedelta(hours=48)
    assert check_notice(RAISED_AT, start, config) == []
    assert codes(check_notice(RAISED_AT, start - timedelta(seconds=1), config)) == [
        "notice.too_late"
    ]


def test_work_cannot_be_completed_without_valid_notice() -> None:
    """Completion requires a valid notice."""
    assert codes(check_completion(validly_notified=False)) == ["notice.missing"]
    assert check_completion(validly_notified=True) == []


# --- fund --------------------------------------------------------------------------------


def test_zero_amount_is_refused_and_one_dong_is_accepted() -> None:
    """Amounts moved through the fund are greater than zero."""
    [v] = check_amount(Vnd(0))
    assert v.code == "fund.non_positive_amount"
    assert not v.soft
    assert check_amount(Vnd(1)) == []


@pytest.mark.parametrize("donor", [None, "", "  "])
def test_lawful_donation_without_donor_name_is_refused(donor: str | None) -> None:
    """A lawful donation must name its donor."""
    [v] = check_source(ContributionSource.LAWFUL_DONATION, donor)
    assert v.code == "fund.unlawful_source"
    assert v.params["reason"]


@pytest.mark.parametrize(
    ("source", "donor"),
    [
        (ContributionSource.LAWFUL_DONATION, "Công ty TNHH Minh Phát"),
        (ContributionSource.FLAG_CEREMONY, None),
        (ContributionSource.SESSION, None),
    ],
)
def test_lawful_sources_are_accepted(source: ContributionSource, donor: str | None) -> None:
    """The flag ceremony, the session and a named donor are lawful sources."""
    assert check_source(source, donor) == []


def test_payment_up_to_the_balance_is_allowed() -> None:
    """Paying the whole balance leaves zero, which is allowed."""
    assert check_balance(Vnd(1_000_000), Vnd(1_000_000)) == []


def test_payment_above_the_balance_is_refused() -> None:
    """A payment larger than the balance is refused, both amounts formatted in đồng."""
    [v] = check_balance(Vnd(1_000_000), Vnd(1_000_001))
    assert v.code == "fund.insufficient_balance"
    assert v.params == {"balance": "1.000.000 đ", "amount": "1.000.001 đ"}


def test_payment_without_approver_is_refused() -> None:
    """Every payment has an approver."""
    assert codes(check_approvers(Vnd(1), [], DEFAULT)) == ["fund.approval_required"]


def test_payment_below_threshold_needs_one_approver() -> None:
    """Below 5.000.000 đ, one approver suffices."""
    assert check_approvers(Vnd(4_999_999), [uuid4()], DEFAULT) == []


def test_payment_at_threshold_needs_two_different_approvers() -> None:
    """At the threshold, one approver (even named twice) is not enough; two are."""
    leader = uuid4()
    [v] = check_approvers(Vnd(5_000_000), [leader, leader], DEFAULT)
    assert v.code == "fund.dual_approval_required"
    assert v.params == {"amount": "5.000.000 đ", "threshold": "5.000.000 đ"}
    assert check_approvers(Vnd(5_000_000), [leader, uuid4()], DEFAULT) == []


def test_dual_approval_threshold_follows_the_config() -> None:
    """A province with a 10.000.000 đ threshold accepts one approver for 9.999.999 đ."""
    config = PolicyConfig(dual_approval_threshold_vnd=10_000_000)
    assert check_approvers(Vnd(9_999_999), [uuid4()], config) == []
    assert codes(check_approvers(Vnd(10_000_000), [uuid4()], config)) == [
        "fund.dual_approval_required"
    ]


# --- quota -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("achieved", "shortfall", "met"), [(0, 2, False), (1, 1, False), (2, 0, True), (5, 0, True)]
)
def test_quota_status_counts_the_shortfall(achieved: int, shortfall: int, *, met: bool) -> None:
    """The shortfall is what is missing to the quota of 2, never negative."""
    status = quota_status(achieved, DEFAULT)
    assert status == QuotaStatus(required=2, achieved=achieved)
    assert status.shortfall == shortfall
    assert status.met is met


def test_quota_shortfall_is_a_soft_violation() -> None:
    """One visit against a quota of two needs a recorded reason, not a refusal."""
    [v] = check_quota(1, DEFAULT)
    assert v.code == "quota.shortfall_reason_required"
    assert v.soft
    assert v.params == {"achieved": 1, "required": 2}


def test_met_quota_breaks_no_rule() -> None:
    """Meeting or exceeding the quota needs no reason; a zero quota is always met."""
    assert check_quota(2, DEFAULT) == []
    assert check_quota(3, DEFAULT) == []
    assert check_quota(0, PolicyConfig(monthly_quota=0)) == []


# --- impartiality ------------------------------------------------------------------------

SELECTOR = UUID("00000000-0000-4000-8000-000000000001")
OTHER_OFFICIAL = UUID("00000000-0000-4000-8000-000000000002")
HEAD = UUID("00000000-0000-4000-8000-0000000000aa")
POOR = frozenset({HouseholdCategory.POOR})
ON = date(2024, 12, 2)


def household(score: int = 50, **changes: object) -> Candidate:
    """A qualifying household candidate with a fresh id."""
    fields: dict[str, object] = {
        "household_id": uuid4(),
        "categories": POOR,
        "head_person_id": HEAD,
        "hardship_score": score,
    }
    fields.update(changes)
    return Candidate(**fields)  # type: ignore[arg-type]


def test_official_related_to_the_household_must_recuse() -> None:
    """A relation declared to the household itself is a hard conflict of interest."""
    target = household()
    relatives = [Relative(SELECTOR, "con", household_id=target.household_id)]
    [v] = check_conflict([SELECTOR], target, relatives)
    assert v.code == "selection.conflict_of_interest"
    assert not v.soft
    assert v.params == {
        "official": str(SELECTOR),
        "relation": "con",
        "household": str(target.household_id),
    }


def test_official_related_to_the_household_head_must_recuse() -> None:
    """A relation declared to the household's head is a conflict too."""
    relatives = [Relative(SELECTOR, "anh ruột", person_id=HEAD)]
    assert codes(check_conflict([SELECTOR], household(), relatives)) == [
        "selection.conflict_of_interest"
    ]


def test_relatives_of_officials_not_deciding_are_no_conflict() -> None:
    """Only the officials who select or approve must recuse."""
    target = household()
    relatives = [Relative(OTHER_OFFICIAL, "vợ", household_id=target.household_id)]
    assert check_conflict([SELECTOR], target, relatives) == []


def test_unrelated_declarations_are_no_conflict() -> None:
    """Relations to other households or persons do not count."""
    relatives = [
        Relative(SELECTOR, "con", household_id=uuid4()),
        Relative(SELECTOR, "cháu", person_id=uuid4()),
    ]
    assert check_conflict([SELECTOR], household(), relatives) == []


def test_household_without_head_is_not_matched_by_person_relations() -> None:
    """A household with no known head is not matched by any person relation."""
    relatives = [Relative(SELECTOR, "cháu", person_id=HEAD)]
    assert check_conflict([SELECTOR], household(head_person_id=None), relatives) == []


def test_every_related_deciding_official_is_reported() -> None:
    """Two related deciders give two conflicts."""
    target = household()
    relatives = [
        Relative(SELECTOR, "con", household_id=target.household_id),
        Relative(OTHER_OFFICIAL, "em", person_id=HEAD),
    ]
    found = check_conflict([SELECTOR, OTHER_OFFICIAL], target, relatives)
    assert [v.params["official"] for v in found] == [str(SELECTOR), str(OTHER_OFFICIAL)]


def test_qualifying_unsupported_household_can_be_selected() -> None:
    """A qualifying household, never supported, with no one ahead, breaks no rule."""
    assert check_selection(household(), [household(score=10)], [SELECTOR], [], ON, DEFAULT) == []


def test_household_without_category_is_not_eligible() -> None:
    """A household with no qualifying category is a hard violation."""
    [v] = check_selection(household(categories=frozenset()), [], [SELECTOR], [], ON, DEFAULT)
    assert v.code == "selection.not_eligible"
    assert not v.soft


def test_deregistered_household_cannot_be_selected() -> None:
    """A household that left the list is a hard violation."""
    [v] = check_selection(household(deregistered=True), [], [SELECTOR], [], ON, DEFAULT)
    assert v.code == "selection.deregistered"
    assert not v.soft


def test_selection_reports_the_conflict_among_other_violations() -> None:
    """A selector related to the household is reported first."""
    target = household(categories=frozenset())
    relatives = [Relative(SELECTOR, "con", household_id=target.household_id)]
    found = check_selection(target, [], [SELECTOR], relatives, ON, DEFAULT)
    assert codes(found) == ["selection.conflict_of_interest", "selection.not_eligible"]


@pytest.mark.parametrize(
    ("last_supported", "on", "recent"),
    [
        (date(2024, 1, 15), date(2024, 12, 31), True),  # 11 months apart: within 12
        (date(2024, 1, 15), date(2025, 1, 1), False),  # 12 months apart: the cooldown is over
        (date(2024, 1, 31), date(2025, 1, 1), False),  # counted in calendar months, not days
        (date(2024, 12, 1), date(2024, 12, 31), True),  # the same month
    ],
)
def test_recently_supported_household_needs_a_justification(
    last_supported: date, on: date, *, recent: bool
) -> None:
    """Support within the 12-month cooldown (by calendar month) is a soft violation."""
    found = check_selection(
        household(last_supported=last_supported), [], [SELECTOR], [], on, DEFAULT
    )
    if recent:
        [v] = found
        assert v.code == "selection.recently_supported"
        assert v.soft
        assert v.params["last_supported"] == str(last_supported)
        assert v.params["cooldown_months"] == 12
    else:
        assert found == []


def test_zero_cooldown_never_flags_recent_support() -> None:
    """With a cooldown of 0 months, support last month is no concern."""
    config = PolicyConfig(reselection_cooldown_months=0)
    target = household(last_supported=date(2024, 11, 4))
    assert check_selection(target, [], [SELECTOR], [], ON, config) == []


def test_household_ranked_below_unsupported_ones_needs_a_justification() -> None:
    """Eligible households in greater hardship, not recently supported, are counted ahead."""
    target = household(score=50)
    others = [
        target,  # the household itself is never ahead of itself
        household(score=80),  # ahead
        household(score=90, last_supported=date(2023, 1, 2)),  # ahead: cooldown over
        household(score=90, last_supported=date(2024, 6, 3)),  # recently supported: not ahead
        household(score=50),  # equal score: not ahead
        household(score=95, categories=frozenset()),  # not eligible: not ahead
        household(score=95, deregistered=True),  # deregistered: not ahead
    ]
    [v] = check_selection(target, others, [SELECTOR], [], ON, DEFAULT)
    assert v.code == "selection.out_of_rank"
    assert v.soft
    assert v.params == {"count": 2}


def test_recent_support_and_rank_are_both_reported() -> None:
    """Both soft violations are listed together."""
    target = household(score=10, last_supported=date(2024, 10, 7))
    found = check_selection(target, [household(score=60)], [SELECTOR], [], ON, DEFAULT)
    assert codes(found) == ["selection.recently_supported", "selection.out_of_rank"]
    assert all(v.soft for v in found)


def test_a_household_selected_for_the_month_is_not_ranked_ahead() -> None:
    """Selected at the same meeting for the same month, a harder household counts as supported."""
    march = Month(2024, 3)
    first = household(score=80, selected_months=(march,))
    found = check_selection(household(score=60), [first], [SELECTOR], [], ON, DEFAULT, month=march)
    assert found == []


@pytest.mark.parametrize(
    ("selected", "ahead"),
    [
        (Month(2024, 3), False),  # selected for the month itself
        (Month(2023, 10), False),  # selected 5 months before: within the 6-month cooldown
        (Month(2023, 9), True),  # selected 6 months before: its selection no longer covers
        (Month(2024, 4), True),  # selected for a later month only
    ],
)
def test_a_household_whose_selection_covers_the_month_is_not_ranked_ahead(
    selected: Month, *, ahead: bool
) -> None:
    """The ranking counts as supported exactly the households whose selection covers the month."""
    config = PolicyConfig(reselection_cooldown_months=6)
    harder = household(score=80, selected_months=(selected,))
    found = check_selection(
        household(score=60), [harder], [SELECTOR], [], ON, config, month=Month(2024, 3)
    )
    assert codes(found) == (["selection.out_of_rank"] if ahead else [])


# --- the selection window ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cooldown", "covered_back"),
    [(0, 0), (1, 0), (6, 5), (12, 11), (24, 23)],
)
def test_a_selection_covers_its_month_and_the_cooldown_after_it(
    cooldown: int, covered_back: int
) -> None:
    """A selection covers its month and the cooldown's months after it, at least its own."""
    config = PolicyConfig(reselection_cooldown_months=cooldown)
    paid = month_number(2025, 6)
    assert selection_covers([paid - covered_back], paid, config)
    assert not selection_covers([paid - covered_back - 1], paid, config)
    assert not selection_covers([paid + 1], paid, config)  # a later month covers nothing before
    assert not selection_covers([], paid, config)


def test_any_one_of_several_selections_covers_a_month() -> None:
    """A household selected a few times is covered when any one selection covers the month."""
    config = PolicyConfig(reselection_cooldown_months=6)
    paid = month_number(2024, 12)
    assert selection_covers([month_number(2023, 1), month_number(2024, 8)], paid, config)


def test_month_numbers_count_months_across_years() -> None:
    """December and the next January are one month apart."""
    assert month_number(2025, 1) - month_number(2024, 12) == 1
    assert month_number(2025, 3) - month_number(2024, 3) == 12


# --- raise_for ---------------------------------------------------------------------------

HARD = Violation("selection.not_eligible", {"household": "H1"})
SOFT_RANK = Violation("selection.out_of_rank", {"count": 2}, soft=True)
SOFT_QUOTA = Violation("quota.shortfall_reason_required", {"achieved": 1, "required": 2}, soft=True)


def test_no_violation_raises_nothing() -> None:
    """Nothing found, nothing raised."""
    raise_for([])


def test_hard_violation_raises_its_own_error_even_when_justified() -> None:
    """A hard violation is refused whatever the justification, before any soft one."""
    with pytest.raises(NotEligibleError) as caught:
        raise_for([SOFT_RANK, HARD], "hoàn cảnh đặc biệt")
    assert caught.value.params == {"household": "H1"}
    assert caught.value.code == "selection.not_eligible"


def test_first_hard_violation_wins() -> None:
    """With several hard violations, the first one is raised."""
    conflict = Violation("selection.conflict_of_interest", {"official": "O", "relation": "con"})
    with pytest.raises(ConflictOfInterestError):
        raise_for([conflict, HARD])


@pytest.mark.parametrize("justification", [None, "", "   "])
def test_soft_violations_without_justification_are_refused_together(
    justification: str | None,
) -> None:
    """Unjustified soft violations raise one error listing every reason and code."""
    with pytest.raises(JustificationRequiredError) as caught:
        raise_for([SOFT_RANK, SOFT_QUOTA], justification)
    params = caught.value.params
    assert params["codes"] == ["selection.out_of_rank", "quota.shortfall_reason_required"]
    assert params["reasons"] == [SOFT_RANK.message("vi"), SOFT_QUOTA.message("vi")]
    assert SOFT_RANK.message("vi") in caught.value.message("vi")


def test_justified_soft_violations_are_allowed() -> None:
    """A written justification lets soft violations through."""
    raise_for([SOFT_RANK, SOFT_QUOTA], "Hộ bị thiên tai, cần hỗ trợ gấp")


def test_unjustified_none_raises_the_first_soft_violation_itself() -> None:
    """With ``unjustified=None``, the first soft violation's own code is raised."""
    with pytest.raises(ShortfallReasonRequiredError) as caught:
        raise_for([SOFT_QUOTA, SOFT_RANK], None, unjustified=None)
    assert caught.value.params == {"achieved": 1, "required": 2}


def test_unjustified_code_can_be_chosen() -> None:
    """A caller may name the code raised for unjustified soft violations."""
    with pytest.raises(RuleViolatedError) as caught:
        raise_for([SOFT_RANK], unjustified="scheduling.reason_required")
    assert type(caught.value) is error_class("scheduling.reason_required")


# --- business time (ADR 0019) -------------------------------------------------------------


def test_business_time_at_the_edges_of_the_skew_and_the_window_is_taken() -> None:
    """Exactly five minutes ahead, exactly seven days back: both taken; one second more: not."""
    now = datetime(2024, 3, 20, 9, tzinfo=VIETNAM_TZ)
    config = PolicyConfig()
    assert check_business_time(now + timedelta(minutes=5), now, config) == []
    assert check_business_time(now - timedelta(days=7), now, config) == []
    ahead = check_business_time(now + timedelta(minutes=5, seconds=1), now, config)
    assert [v.code for v in ahead] == ["time.in_future"]
    late = check_business_time(now - timedelta(days=7, seconds=1), now, config)
    assert [v.code for v in late] == ["time.too_late"]
    assert late[0].params["since"] == "13/03/2024 09:00"


def test_an_import_escapes_the_window_but_not_the_skew() -> None:
    """Imported: a year back is taken, an hour ahead is still refused."""
    now = datetime(2024, 3, 20, 9, tzinfo=VIETNAM_TZ)
    config = PolicyConfig()
    assert check_business_time(now - timedelta(days=365), now, config, imported=True) == []
    ahead = check_business_time(now + timedelta(hours=1), now, config, imported=True)
    assert [v.code for v in ahead] == ["time.in_future"]


def test_a_blank_late_entry_reason_is_no_reason() -> None:
    """Spaces do not declare a late entry."""
    now = datetime(2024, 3, 20, 9, tzinfo=VIETNAM_TZ)
    late = check_business_time(now - timedelta(days=8), now, PolicyConfig(), late_entry_reason=" ")
    assert [v.code for v in late] == ["time.too_late"]
