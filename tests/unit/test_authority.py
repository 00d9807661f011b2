"""Authority (ADR 0015): the table against every command, and named officials in their unit."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from nghedan_core import (
    COMMANDS,
    AnswerOnSpot,
    AssessHousehold,
    ComplaintCategory,
    DeclareRelative,
    DeliverSupport,
    DisbursementPurpose,
    FundingSource,
    MakeDisbursement,
    NgheDan,
    OfficialRole,
    Person,
    PlanVisit,
    RaiseComplaint,
    RegisterHousehold,
    RegisterOfficial,
    RegisterUnit,
    ScheduleSession,
    SelectHousehold,
    SupportKind,
    UnitKind,
    Vnd,
)
from nghedan_core.aggregates import Command
from nghedan_core.authority import AUTHORITY, grant_of
from nghedan_core.errors import DomainError, message
from nghedan_core.policies import authority as policy
from nghedan_core.values import HouseholdCategory, SessionLevel

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world

OTHER = "29501"
ROLES = tuple(OfficialRole)


def _covers(scope: str, unit: str) -> bool:
    return scope == unit


# --- the table, against every command ------------------------------------------------------


@pytest.mark.parametrize("command", list(COMMANDS), ids=lambda c: c.__name__)
def test_every_command_has_a_role_that_may_and_one_that_may_not(command: type[Command]) -> None:
    """Each command class has its grant: some role may carry it out, some role may not."""
    grant = AUTHORITY[command]  # a new command without an entry fails here
    allowed = grant.allowed(supervisory_level=True)
    may = next(r for r in ROLES if r in allowed)
    may_not = next(r for r in ROLES if r not in allowed)
    asked = {"action": command.__name__, "scope_unit": COMMUNE, "covers": _covers}
    assert (
        policy.may_act(grant, may, command_units=(COMMUNE,), supervisory_level=True, **asked) == []
    )
    refused = policy.may_act(grant, may_not, command_units=(COMMUNE,), **asked)
    assert [v.code for v in refused] == ["authority.role_forbidden"]


@pytest.mark.parametrize(
    "command",
    [c for c in COMMANDS if grant_of(c).supervisory - grant_of(c).roles],
    ids=lambda c: c.__name__,
)
def test_the_supervising_level_holds_only_its_own_sessions(command: type[Command]) -> None:
    """A supervisory-only grant admits the supervisor at a supervisory session, not a commune's."""
    grant = grant_of(command)
    asked = {"action": command.__name__, "scope_unit": "94", "covers": lambda _s, _u: True}
    at_commune = policy.may_act(grant, OfficialRole.SUPERVISOR, command_units=(COMMUNE,), **asked)
    assert [v.code for v in at_commune] == ["authority.role_forbidden"]
    assert not policy.may_act(
        grant, OfficialRole.SUPERVISOR, command_units=(COMMUNE,), supervisory_level=True, **asked
    )


def test_mttq_notes_supervision_and_neither_pays_nor_answers() -> None:
    """MTTQ may note supervision; paying and answering are not its to do."""
    mttq = OfficialRole.MTTQ
    assert mttq in grant_of(COMMANDS_BY_NAME["NoteSupervision"]).roles
    for name in ("MakeDisbursement", "AnswerOnSpot", "AnswerComplaint", "ResolveComplaint"):
        assert mttq not in grant_of(COMMANDS_BY_NAME[name]).allowed(supervisory_level=True)


def test_a_unit_outside_the_scope_is_refused_naming_it() -> None:
    """A leader of one commune may not act for another: the unit outside the scope is named."""
    grant = grant_of(MakeDisbursement)
    found = policy.may_act(
        grant,
        OfficialRole.LEADER,
        action="MakeDisbursement",
        scope_unit=COMMUNE,
        command_units=(OTHER,),
        covers=_covers,
    )
    assert [(v.code, dict(v.params)) for v in found] == [
        ("authority.out_of_scope", {"unit": OTHER, "scope": COMMUNE})
    ]


COMMANDS_BY_NAME = {c.__name__: c for c in COMMANDS}


# --- named officials, through the application ----------------------------------------------


class Other:
    """A second commune: its leader, its hamlet, its household."""

    def __init__(self, app: NgheDan) -> None:
        """Record commune 29501 with a leader, an MTTQ member, a hamlet and a household."""
        app.handle(
            RegisterUnit(
                code=OTHER, name="Xã Hòa Ân", kind=UnitKind.COMMUNE, parent="94", occurred_at=at(1)
            )
        )
        self.hamlet = f"{OTHER}-01"
        app.handle(
            RegisterUnit(
                code=self.hamlet,
                name="Ấp Hòa",
                kind=UnitKind.HAMLET,
                parent=OTHER,
                occurred_at=at(1),
            )
        )
        self.leader = _official(app, OTHER, OfficialRole.LEADER, "Châu Văn Đức")
        self.clerk = _official(app, OTHER, OfficialRole.CLERK, "Hứa Văn Phúc")
        self.household = uuid4()
        app.handle(
            RegisterHousehold(
                household_id=self.household,
                unit=OTHER,
                hamlet=self.hamlet,
                head=Person(person_id=uuid4(), full_name="Lâm Thị Én", phone="0901234568"),
                categories=frozenset({HouseholdCategory.POOR}),
                occurred_at=at(1),
            )
        )


def _official(app: NgheDan, unit: str, role: OfficialRole, name: str) -> UUID:
    official = uuid4()
    app.handle(
        RegisterOfficial(
            official_id=official,
            unit=unit,
            full_name=name,
            position="Cán bộ",
            roles=frozenset({role}),
            occurred_at=at(1),
        )
    )
    return official


@pytest.fixture
def world() -> tuple[NgheDan, World, Other]:
    """The shared test world and a second commune, in memory."""
    app = NgheDan("memory://")
    built = build_world(app)
    return app, built, Other(app)


def refused(app: NgheDan, command: Command) -> DomainError:
    """Handle `command`, expecting a refusal that records nothing."""
    before = len(list(app.records()))
    with pytest.raises(DomainError) as caught:
        app.handle(command)
    assert len(list(app.records())) == before
    return caught.value


def refused_as(app: NgheDan, command: Command, actor: UUID) -> DomainError:
    """`actor` carries out `command`, expecting a refusal that records nothing."""
    before = len(list(app.records()))
    with pytest.raises(DomainError) as caught:
        app.handle(command, actor=actor)
    assert len(list(app.records())) == before
    return caught.value


def _pay(world: World, approvers: tuple[UUID, ...]) -> MakeDisbursement:
    return MakeDisbursement(
        unit=COMMUNE,
        disbursement_id=uuid4(),
        purpose=DisbursementPurpose.GIFT,
        amount=Vnd(500_000),
        household_id=world.household,
        approvers=approvers,
        occurred_at=at(5, 10),
    )


def test_a_leader_of_another_commune_is_refused_as_approver(world) -> None:
    """Given a leader of commune B, when named approver of commune A's payment, it is refused."""
    app, built, other = world
    # paying is the approver's own act: the leader of B acts, outside B's scope
    error = refused(app, _pay(built, (other.leader,)))
    assert error.code == "actor.out_of_scope"
    assert error.params["official"] == str(other.leader)
    assert error.params["unit"] == COMMUNE
    assert "nằm ngoài phạm vi" in error.message("vi")
    # and a leader of A cannot name B's leader as approver: the approval is not theirs
    error = refused_as(app, _pay(built, (other.leader,)), built.chair)
    assert error.code == "actor.not_own_act"


@pytest.mark.parametrize("role", [OfficialRole.MTTQ, OfficialRole.CLERK])
def test_an_mttq_member_or_a_clerk_is_refused_as_approver(world, role: OfficialRole) -> None:
    """Given an MTTQ member or a clerk of the commune, named approver: refused, naming the rule."""
    app, built, _ = world
    official = _official(app, COMMUNE, role, "Hồ Thị Giang")
    error = refused(app, _pay(built, (official,)))
    assert error.code == "actor.role_forbidden"
    assert error.params["official"] == str(official)
    assert "không được chi tiền từ quỹ" in error.message("vi") or "không được" in error.message(
        "vi"
    )


@pytest.mark.parametrize("act", ["assess", "select", "approve"])
def test_an_official_related_to_the_household_is_refused(world, act: str) -> None:
    """Given the deputy related to the household: assessing, selecting, approving it is refused."""
    app, built, _ = world
    app.handle(
        DeclareRelative(
            official_id=built.deputy,
            relation="con",
            household_id=built.household,
            occurred_at=at(2),
        )
    )
    command: Command = {
        "assess": AssessHousehold(
            household_id=built.household,
            criteria=("nhà tạm",),
            score=70,
            assessed_by=built.deputy,
            occurred_at=at(5),
        ),
        "select": SelectHousehold(
            household_id=built.household,
            month=MONTH.next(),
            selected_by=(built.deputy,),
            occurred_at=at(5),
        ),
        "approve": _pay(built, (built.deputy,)),
    }[act]
    error = refused(app, command)
    assert error.code == "selection.conflict_of_interest"
    assert error.params["official"] == str(built.deputy)


def test_a_clerk_named_as_answerer_is_refused(world) -> None:
    """Given a complaint, when a clerk is named as the one who answered it, it is refused."""
    app, built, _ = world
    complaint = uuid4()
    app.handle(_complaint(complaint, HAMLETS[0]))
    error = refused(
        app,
        AnswerOnSpot(
            complaint_id=complaint,
            answer="Đã giải quyết",
            answered_by=built.clerk,
            basis="Nghị định 20/2021/NĐ-CP",
            occurred_at=at(4, 10),
        ),
    )
    assert error.code == "authority.answerer_role"


def test_a_leader_of_another_commune_is_refused_as_answerer(world) -> None:
    """Any official is not enough: a leader of another commune may not answer here."""
    app, _, other = world
    complaint = uuid4()
    app.handle(_complaint(complaint, HAMLETS[0]))
    error = refused(
        app,
        AnswerOnSpot(
            complaint_id=complaint,
            answer="Đã giải quyết",
            answered_by=other.leader,
            basis="Nghị định 20/2021/NĐ-CP",
            occurred_at=at(4, 10),
        ),
    )
    assert error.code == "authority.official_not_of_unit"


def _complaint(complaint: UUID, hamlet: str) -> RaiseComplaint:
    return RaiseComplaint(
        complaint_id=complaint,
        unit=COMMUNE,
        month=MONTH,
        hamlet=hamlet,
        citizen=Person(person_id=uuid4(), full_name="Nguyễn Thị Mười"),
        category=ComplaintCategory.OTHER,
        content="Đường ngập",
        occurred_at=at(4, 9),
    )


def test_a_hamlet_of_another_commune_is_refused_on_a_complaint(world) -> None:
    """Given commune B's hamlet, when a complaint of commune A names it, it is refused."""
    app, _, other = world
    error = refused(app, _complaint(uuid4(), other.hamlet))
    assert error.code == "unit.not_hamlet_of"
    assert error.params == {"hamlet": other.hamlet, "unit": COMMUNE}


def test_a_visit_of_one_commune_may_not_plan_for_a_household_of_another(world) -> None:
    """Given commune B's household, when commune A plans a visit to it, it is refused."""
    app, built, other = world
    error = refused(
        app,
        PlanVisit(
            visit_id=uuid4(),
            unit=COMMUNE,
            month=MONTH,
            household_id=other.household,
            team=(built.clerk,),
            occurred_at=at(5),
        ),
    )
    assert error.code == "authority.reference_out_of_unit"
    assert error.params["other"] == OTHER


def test_a_visit_of_one_commune_may_not_write_support_into_another(world) -> None:
    """Given a visit of commune A, support naming it for commune B's household is refused."""
    app, built, other = world
    visit = uuid4()
    app.handle(
        PlanVisit(
            visit_id=visit,
            unit=COMMUNE,
            month=MONTH,
            household_id=built.household,
            team=(built.clerk,),
            occurred_at=at(5),
        )
    )
    error = refused(
        app,
        DeliverSupport(
            household_id=other.household,
            kind=SupportKind.GIFT,
            value=Vnd(300_000),
            funded_by=FundingSource.DONOR,
            visit_id=visit,
            occurred_at=at(6),
        ),
    )
    assert error.code == "authority.reference_out_of_unit"
    assert error.params == {
        "kind": "visit",
        "key": str(visit),
        "other": COMMUNE,
        "unit": OTHER,
    }


def test_a_host_of_another_commune_is_refused(world) -> None:
    """A session of commune A may not be hosted by commune B's leader."""
    app, _, other = world
    error = refused(
        app,
        ScheduleSession(
            unit=COMMUNE,
            month=MONTH,
            level=SessionLevel.SUPERVISORY,
            date=date(2024, 3, 11),
            hosts=(other.leader,),
            occurred_at=at(2),
        ),
    )
    assert error.code == "authority.official_not_of_unit"


def test_the_new_refusals_are_catalogued_in_both_languages() -> None:
    """Each authority code has a Vietnamese and an English message naming its rule."""
    params = {"official": "O1", "unit": "29500"}
    assert "duyệt chi quỹ" in message("authority.approver_role", params, "vi")
    assert "approves a payment" in message("authority.approver_role", params, "en")
