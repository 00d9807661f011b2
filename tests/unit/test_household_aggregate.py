"""Given/when/then tests of the household decider: registration, assessment, selection."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import attrs
import pytest

from nghedan_core import NgheDan
from nghedan_core.aggregates._base import Command, Event, OfficialInfo, UnitInfo
from nghedan_core.aggregates.household import (
    AssessHousehold,
    DeliverSupport,
    DeregisterHousehold,
    HouseholdAssessed,
    HouseholdDeregistered,
    HouseholdFacts,
    HouseholdRegistered,
    HouseholdSelected,
    RegisterHousehold,
    SelectHousehold,
    State,
    SupportDelivered,
    decide,
    evolve,
    selection_covers,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import DomainError
from nghedan_core.policies.impartiality import Candidate, Relative
from nghedan_core.values import (
    VIETNAM_TZ,
    DeregistrationReason,
    FundingSource,
    HouseholdCategory,
    Month,
    OfficialRole,
    Person,
    SupportKind,
    UnitKind,
    Vnd,
)

from world import COMMUNE as WORLD_COMMUNE
from world import MONTH as WORLD_MONTH
from world import at as world_at
from world import build_world

UNIT = "29500"
AT = datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
MARCH = Month(2024, 3)
HOUSEHOLD = UUID("00000000-0000-4000-8000-000000000001")
HEAD = Person(person_id=UUID("00000000-0000-4000-8000-000000000002"), full_name="Trần Thị Bé")
SELECTOR = UUID("00000000-0000-4000-8000-000000000011")
SECOND_SELECTOR = UUID("00000000-0000-4000-8000-000000000012")
OTHER = UUID("00000000-0000-4000-8000-000000000021")
POOR = frozenset({HouseholdCategory.POOR})
COMMUNE = UnitInfo(
    code=UNIT, name="Xã Tân Phước", kind=UnitKind.COMMUNE.value, hamlets=("Ấp 1", "Ấp 2")
)


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


def refusal(command: Command, state: State | None, facts: HouseholdFacts) -> DomainError:
    """Decide `command` and return the refusal it must raise."""
    with pytest.raises(DomainError) as caught:
        decide(command, state, facts)
    return caught.value


REGISTERED = HouseholdRegistered(
    occurred_at=datetime(2023, 1, 5, 9, tzinfo=VIETNAM_TZ),
    household_id=HOUSEHOLD,
    unit=UNIT,
    hamlet="Ấp 1",
    head=HEAD,
    categories=POOR,
)
DEREGISTERED = HouseholdDeregistered(occurred_at=AT, reason=DeregistrationReason.MOVED)


def assessed(score: int) -> HouseholdAssessed:
    """The household was assessed with `score`."""
    return HouseholdAssessed(
        occurred_at=datetime(2023, 1, 6, tzinfo=VIETNAM_TZ),
        criteria=("thu nhập",),
        score=score,
        assessed_by=SELECTOR,
    )


def supported(at: datetime) -> SupportDelivered:
    """The household received a gift on `at`."""
    return SupportDelivered(
        occurred_at=at, kind=SupportKind.GIFT, value=Vnd(500_000), funded_by=FundingSource.DONOR
    )


def register(hamlet: str | None = "Ấp 1") -> RegisterHousehold:
    """Command: register HOUSEHOLD in UNIT."""
    return RegisterHousehold(
        occurred_at=REGISTERED.occurred_at,
        household_id=HOUSEHOLD,
        unit=UNIT,
        hamlet=hamlet,
        head=HEAD,
        categories=POOR,
    )


def select(
    justification: str | None = None,
    *,
    selected_by: tuple[UUID, ...] = (SELECTOR,),
    month: Month = MARCH,
) -> SelectHousehold:
    """Command: select HOUSEHOLD in March 2024."""
    return SelectHousehold(
        occurred_at=AT,
        household_id=HOUSEHOLD,
        month=month,
        selected_by=selected_by,
        justification=justification,
    )


def selected(justification: str | None = None, *, month: Month = MARCH) -> HouseholdSelected:
    """HOUSEHOLD was selected in March 2024 by SELECTOR."""
    return HouseholdSelected(
        occurred_at=AT, month=month, selected_by=(SELECTOR,), justification=justification
    )


def official(official_id: UUID, *, active: bool = True) -> OfficialInfo:
    """A leader of UNIT (the role that selects and assesses)."""
    return OfficialInfo(
        official_id=official_id, unit=UNIT, roles=frozenset({OfficialRole.LEADER}), active=active
    )


def facts(
    *,
    others: tuple[Candidate, ...] = (),
    relatives: tuple[Relative, ...] = (),
    selector_active: bool = True,
) -> HouseholdFacts:
    """Facts with active officials SELECTOR and SECOND_SELECTOR."""
    return HouseholdFacts(
        unit=COMMUNE,
        others=others,
        relatives=relatives,
        officials={
            SELECTOR: official(SELECTOR, active=selector_active),
            SECOND_SELECTOR: official(SECOND_SELECTOR),
        },
    )


def other(
    score: int,
    *,
    last_supported: datetime | None = None,
    categories: frozenset[HouseholdCategory] = POOR,
    deregistered: bool = False,
    selected_months: tuple[Month, ...] = (),
) -> Candidate:
    """Another household of the unit."""
    return Candidate(
        household_id=OTHER,
        categories=categories,
        hardship_score=score,
        last_supported=last_supported.date() if last_supported else None,
        deregistered=deregistered,
        selected_months=selected_months,
    )


# --- registering --------------------------------------------------------------------------


def test_registering_a_household_records_unit_hamlet_head_and_categories() -> None:
    """A household is registered in a hamlet of its unit."""
    assert decide(register(), None, facts()) == (REGISTERED,)


def test_registering_a_household_without_a_hamlet_is_allowed() -> None:
    """The hamlet is optional."""
    (event,) = decide(register(hamlet=None), None, facts())
    assert isinstance(event, HouseholdRegistered)
    assert event.hamlet is None


def test_registering_a_household_in_an_unknown_unit_is_refused() -> None:
    """The unit must exist."""
    assert refusal(register(), None, HouseholdFacts()).code == "not_found"


def test_registering_a_household_in_a_merged_unit_is_refused() -> None:
    """A unit merged away takes no new households."""
    merged = HouseholdFacts(
        unit=UnitInfo(code=UNIT, name="Xã cũ", kind="commune", merged_into="29501")
    )
    assert refusal(register(), None, merged).code == "unit.merged"


def test_registering_a_household_in_a_hamlet_of_another_unit_is_refused() -> None:
    """The hamlet must be one of the unit's."""
    assert refusal(register(hamlet="Ấp 9"), None, facts()).code == "unit.not_hamlet_of"


def test_registering_a_household_twice_is_refused() -> None:
    """A household id is registered once."""
    assert refusal(register(), given(REGISTERED), facts()).code == "already_exists"


def test_registering_a_household_without_a_category_is_refused() -> None:
    """At least one qualifying category is required."""
    with pytest.raises(ValueError, match="categories"):
        RegisterHousehold(
            occurred_at=AT,
            household_id=HOUSEHOLD,
            unit=UNIT,
            head=HEAD,
            categories=frozenset(),
        )


# --- assessing ----------------------------------------------------------------------------


def _assess(score: int) -> AssessHousehold:
    return AssessHousehold(
        occurred_at=AT,
        household_id=HOUSEHOLD,
        criteria=("thu nhập", "nhà ở"),
        score=score,
        assessed_by=SELECTOR,
    )


@pytest.mark.parametrize("score", [0, 100])
def test_assessment_scores_from_0_to_100_are_accepted(score: int) -> None:
    """Both ends of the scale are valid scores."""
    events = decide(_assess(score), given(REGISTERED), facts())
    assert events == (
        HouseholdAssessed(
            occurred_at=AT, criteria=("thu nhập", "nhà ở"), score=score, assessed_by=SELECTOR
        ),
    )


@pytest.mark.parametrize("score", [-1, 101, True])
def test_assessment_score_outside_0_to_100_is_refused(score: int) -> None:
    """Scores are whole numbers from 0 to 100."""
    with pytest.raises(ValueError, match="score"):
        _assess(score)


def test_assessment_sets_the_household_score() -> None:
    """The latest assessment is the household's score."""
    state = given(REGISTERED, assessed(40), assessed(70))
    assert state is not None
    assert state.score == 70


def test_assessment_by_an_official_who_left_is_refused() -> None:
    """The assessor must still be in office."""
    error = refusal(_assess(50), given(REGISTERED), facts(selector_active=False))
    assert error.code == "official.inactive"


# --- selecting: hard rules ----------------------------------------------------------------


def test_selecting_an_eligible_household_is_recorded_without_justification() -> None:
    """Nothing to justify: the selection is recorded as such."""
    assert decide(select(), given(REGISTERED), facts()) == (selected(),)


def test_selecting_an_unregistered_household_is_refused() -> None:
    """The household must be on record."""
    assert refusal(select(), None, facts()).code == "not_found"


def test_selection_by_a_relative_of_the_household_is_refused() -> None:
    """A selector related to the household must recuse."""
    relatives = (Relative(SELECTOR, "em ruột", household_id=HOUSEHOLD),)
    error = refusal(select(), given(REGISTERED), facts(relatives=relatives))
    assert error.code == "selection.conflict_of_interest"


def test_selection_by_a_relative_of_the_household_head_is_refused() -> None:
    """A selector related to the household's head must recuse."""
    relatives = (Relative(SELECTOR, "cháu", person_id=HEAD.person_id),)
    error = refusal(select(), given(REGISTERED), facts(relatives=relatives))
    assert error.code == "selection.conflict_of_interest"


def test_conflict_of_interest_is_not_excused_by_a_justification() -> None:
    """Recusal is a hard rule: a written justification does not lift it."""
    relatives = (Relative(SECOND_SELECTOR, "vợ", household_id=HOUSEHOLD),)
    command = select("rất khó khăn", selected_by=(SELECTOR, SECOND_SELECTOR))
    error = refusal(command, given(REGISTERED), facts(relatives=relatives))
    assert error.code == "selection.conflict_of_interest"


def test_relations_to_other_households_do_not_block_a_selection() -> None:
    """Only relations to this household or its head count."""
    relatives = (
        Relative(SELECTOR, "em ruột", household_id=OTHER),
        Relative(SELECTOR, "cháu", person_id=OTHER),
        Relative(SECOND_SELECTOR, "vợ", household_id=HOUSEHOLD),
    )
    assert decide(select(), given(REGISTERED), facts(relatives=relatives)) == (selected(),)


def test_selection_by_an_official_who_left_is_refused() -> None:
    """Every selector must still be in office."""
    error = refusal(select(), given(REGISTERED), facts(selector_active=False))
    assert error.code == "official.inactive"


def test_selection_by_an_unknown_official_is_refused() -> None:
    """Every selector must be a recorded official."""
    command = select(selected_by=(UUID("00000000-0000-4000-8000-000000000099"),))
    assert refusal(command, given(REGISTERED), facts()).code == "not_found"


def test_selecting_a_household_twice_in_a_month_is_refused() -> None:
    """One selection per household per month."""
    assert refusal(select(), given(REGISTERED, selected()), facts()).code == "state.invalid"


def test_selecting_a_household_again_the_next_month_is_allowed() -> None:
    """A selection does not block the following month by itself."""
    april = Month(2024, 4)
    events = decide(select(month=april), given(REGISTERED, selected()), facts())
    assert events == (selected(month=april),)


def test_selecting_a_deregistered_household_is_refused() -> None:
    """A household off the list cannot be selected."""
    error = refusal(select("lý do"), given(REGISTERED, DEREGISTERED), facts())
    assert error.code == "selection.deregistered"


def test_selecting_a_household_without_a_qualifying_category_is_refused() -> None:
    """Only households with a qualifying category are selected."""
    no_category = HouseholdRegistered(
        occurred_at=AT, household_id=HOUSEHOLD, unit=UNIT, head=HEAD, categories=frozenset()
    )
    assert refusal(select("lý do"), given(no_category), facts()).code == "selection.not_eligible"


# --- selecting: soft rules ----------------------------------------------------------------


RECENTLY = datetime(2023, 4, 10, 9, tzinfo=VIETNAM_TZ)  # 11 months before March 2024
A_YEAR_AGO = datetime(2023, 3, 31, 9, tzinfo=VIETNAM_TZ)  # 12 months before March 2024


def test_reselecting_within_the_cooldown_without_justification_is_refused() -> None:
    """A household supported within 12 months needs a written justification."""
    error = refusal(select(), given(REGISTERED, supported(RECENTLY)), facts())
    assert error.code == "selection.justification_required"
    assert error.params["codes"] == ["selection.recently_supported"]


def test_reselecting_within_the_cooldown_with_a_justification_records_it() -> None:
    """The justification makes the re-support allowed and is kept on the event."""
    events = decide(select("nhà bị sập do bão"), given(REGISTERED, supported(RECENTLY)), facts())
    assert events == (selected("nhà bị sập do bão"),)


def test_reselecting_after_the_cooldown_needs_no_justification() -> None:
    """Twelve months after the last support the household is like any other."""
    assert decide(select(), given(REGISTERED, supported(A_YEAR_AGO)), facts()) == (selected(),)


def test_cooldown_follows_the_policy_config() -> None:
    """A province may shorten the cooldown."""
    short = attrs.evolve(facts(), config=PolicyConfig(reselection_cooldown_months=6))
    state = given(REGISTERED, supported(RECENTLY))
    assert decide(select(), state, short) == (selected(),)


def test_passing_over_a_household_in_greater_hardship_without_justification_is_refused() -> None:
    """An eligible, unsupported household with a higher score ranks first."""
    error = refusal(select(), given(REGISTERED, assessed(50)), facts(others=(other(51),)))
    assert error.code == "selection.justification_required"
    assert error.params["codes"] == ["selection.out_of_rank"]


def test_passing_over_a_household_in_greater_hardship_with_justification_is_recorded() -> None:
    """Out-of-rank selection is allowed with a justification, which is recorded."""
    events = decide(
        select("hộ kia đã nhận hỗ trợ khác"),
        given(REGISTERED, assessed(50)),
        facts(others=(other(80),)),
    )
    assert events == (selected("hộ kia đã nhận hỗ trợ khác"),)


@pytest.mark.parametrize(
    "candidate",
    [
        pytest.param(other(50), id="equal score"),
        pytest.param(other(20), id="lower score"),
        pytest.param(other(80, last_supported=RECENTLY), id="recently supported"),
        pytest.param(other(80, deregistered=True), id="deregistered"),
        pytest.param(other(80, categories=frozenset()), id="not eligible"),
        pytest.param(other(80, selected_months=(MARCH,)), id="selected for the month"),
        pytest.param(other(80, selected_months=(Month(2023, 9),)), id="selected in the cooldown"),
    ],
)
def test_households_not_ranking_ahead_need_no_justification(candidate: Candidate) -> None:
    """Only eligible, not recently supported households with a higher score rank ahead."""
    events = decide(select(), given(REGISTERED, assessed(50)), facts(others=(candidate,)))
    assert events == (selected(),)


def test_a_household_selected_for_a_later_month_still_ranks_ahead() -> None:
    """A selection for April does not make a household supported in March."""
    harder = other(80, selected_months=(Month(2024, 4),))
    error = refusal(select(), given(REGISTERED, assessed(50)), facts(others=(harder,)))
    assert error.params["codes"] == ["selection.out_of_rank"]


def test_the_candidate_carries_the_months_the_household_was_selected_for() -> None:
    """The ranking sees a household's selections through its candidate."""
    state = given(REGISTERED, selected(), selected(month=Month(2024, 4)))
    assert state is not None
    assert state.candidate().selected_months == (MARCH, Month(2024, 4))


@pytest.mark.parametrize("grouped", [False, True], ids=["one by one", "in one group"])
def test_a_second_household_selected_at_the_same_meeting_needs_no_justification(
    *, grouped: bool
) -> None:
    """A (score 5) selected for 03/2024, then B (score 3) for 03/2024: no justification needed."""
    app = NgheDan("memory://")
    w = build_world(app)  # its household is selected for March 2024 already
    first, second = uuid4(), uuid4()
    for household, name, score in ((first, "Kim Văn A", 5), (second, "Lâm Thị B", 3)):
        app.handle(
            RegisterHousehold(
                household_id=household,
                unit=WORLD_COMMUNE,
                head=Person(person_id=uuid4(), full_name=name),
                categories=POOR,
                occurred_at=world_at(2),
            )
        )
        app.handle(
            AssessHousehold(
                household_id=household,
                criteria=("thu nhập",),
                score=score,
                assessed_by=w.clerk,
                occurred_at=world_at(2, 9),
            )
        )
    meeting = [
        SelectHousehold(
            household_id=household,
            month=WORLD_MONTH,
            selected_by=(w.chair, w.deputy),
            occurred_at=world_at(11, 9),
        )
        for household in (first, second)
    ]
    if grouped:
        result = app.handle_many(meeting)
        assert result.error is None
        assert len(result.recorded) == len(meeting)
    else:
        for command in meeting:
            (recorded,) = app.handle(command)
            assert isinstance(recorded.event, HouseholdSelected)


def test_the_household_itself_among_the_others_does_not_rank_ahead_of_itself() -> None:
    """The unit's list may include the household being selected."""
    itself = Candidate(household_id=HOUSEHOLD, categories=POOR, hardship_score=90)
    events = decide(select(), given(REGISTERED, assessed(50)), facts(others=(itself,)))
    assert events == (selected(),)


def test_both_soft_reasons_are_listed_when_justification_is_missing() -> None:
    """Every reason to justify is reported at once."""
    error = refusal(select(), given(REGISTERED, supported(RECENTLY)), facts(others=(other(80),)))
    assert error.code == "selection.justification_required"
    assert error.params["codes"] == ["selection.recently_supported", "selection.out_of_rank"]


# --- support and deregistration -----------------------------------------------------------


def test_delivering_support_is_recorded() -> None:
    """Support paid by a donor is recorded on the household."""
    command = DeliverSupport(
        occurred_at=RECENTLY,
        household_id=HOUSEHOLD,
        kind=SupportKind.GIFT,
        value=Vnd(500_000),
        funded_by=FundingSource.DONOR,
    )
    assert decide(command, given(REGISTERED), facts()) == (supported(RECENTLY),)


def test_support_sets_the_last_supported_business_date() -> None:
    """The last support is remembered for the cooldown."""
    state = given(REGISTERED, supported(RECENTLY))
    assert state is not None
    assert state.last_supported == RECENTLY.date()
    assert state.supports == 1


def test_delivering_support_to_a_deregistered_household_is_refused() -> None:
    """A household off the list receives nothing more."""
    command = DeliverSupport(
        occurred_at=AT,
        household_id=HOUSEHOLD,
        kind=SupportKind.GIFT,
        value=Vnd(500_000),
        funded_by=FundingSource.DONOR,
    )
    error = refusal(command, given(REGISTERED, DEREGISTERED), facts())
    assert error.code == "selection.deregistered"


def test_deregistering_a_household_is_recorded() -> None:
    """A household leaves the list with a reason."""
    command = DeregisterHousehold(
        occurred_at=AT, household_id=HOUSEHOLD, reason=DeregistrationReason.MOVED
    )
    assert decide(command, given(REGISTERED), facts()) == (DEREGISTERED,)


def test_deregistering_a_household_twice_is_refused() -> None:
    """A household leaves the list once."""
    command = DeregisterHousehold(
        occurred_at=AT, household_id=HOUSEHOLD, reason=DeregistrationReason.MOVED
    )
    error = refusal(command, given(REGISTERED, DEREGISTERED), facts())
    assert error.code == "selection.deregistered"


def test_assessing_a_deregistered_household_is_refused() -> None:
    """A household off the list is not assessed."""
    error = refusal(_assess(50), given(REGISTERED, DEREGISTERED), facts())
    assert error.code == "selection.deregistered"


# --- selection coverage (used for payments) -----------------------------------------------


def test_selection_covers_its_month_and_the_cooldown_after_it() -> None:
    """A payment is covered by a selection in its month or up to 11 months before."""
    state = given(REGISTERED, selected())
    assert state is not None
    config = PolicyConfig()
    assert selection_covers(state, MARCH, config)
    assert selection_covers(state, Month(2025, 2), config)
    assert not selection_covers(state, Month(2025, 3), config)
    assert not selection_covers(state, Month(2024, 2), config)


def test_an_unselected_household_is_not_covered() -> None:
    """Without any selection no payment is covered."""
    state = given(REGISTERED)
    assert state is not None
    assert not selection_covers(state, MARCH, PolicyConfig())
