"""Named officials and references refused through the HTTP API (issue 14, ADR 0015)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from http_world import OTHER, Setup, given

from nghedan_core import (
    DeclareRelative,
    OfficialRole,
    Person,
    PlanVisit,
    RegisterHousehold,
    RegisterOfficial,
    RegisterUnit,
    UnitKind,
)
from nghedan_core.values import HouseholdCategory

from world import COMMUNE, MONTH, at

API = "/api/v1"


def post(s: Setup, name: str, body: object, who: str):
    """POST one command with the token called `who`."""
    return s.client.post(f"{API}/commands/{name}", json=body, headers=s.auth(who))


def official(s: Setup, unit: str, role: OfficialRole) -> UUID:
    """Record an official of `unit` holding `role`."""
    official_id = uuid4()
    given(
        s.app,
        RegisterOfficial(
            official_id=official_id,
            unit=unit,
            full_name="Hồ Thị Giang",
            position="Cán bộ",
            roles=frozenset({role}),
            occurred_at=at(1),
        ),
    )
    return official_id


def refused(s: Setup, name: str, body: object, who: str, code: str) -> dict[str, object]:
    """The command is refused (4xx) with `code`, a Vietnamese message, and nothing written."""
    before = len(list(s.app.records()))
    r = post(s, name, body, who)
    assert 400 <= r.status_code < 500, r.text
    answer: dict[str, object] = r.json()
    assert answer["code"] == code
    assert r.headers["content-language"] == "vi"
    assert len(list(s.app.records())) == before
    return answer


def payment(s: Setup, approvers: list[UUID]) -> dict[str, object]:
    """A payment of the commune's fund to its selected household."""
    return {
        "unit": COMMUNE,
        "disbursement_id": str(uuid4()),
        "purpose": "gift",
        "amount": 500_000,
        "household_id": str(s.world.household),
        "approvers": [str(a) for a in approvers],
        "occurred_at": "2024-03-18T10:00:00+07:00",
    }


def test_a_leader_of_another_commune_is_refused_as_approver(s: Setup) -> None:
    """A leader of commune B named approver of commune A's payment: refused, nothing written.

    Over HTTP an approver acts with their own token (ADR 0017), so naming another official
    is refused first; the domain's rule (`authority.official_not_of_unit`) is pinned
    through the Python API in tests/unit/test_authority.py.
    """
    other = official(s, OTHER, OfficialRole.LEADER)
    refused(s, "MakeDisbursement", payment(s, [other]), "leader", "auth.not_own_act")


@pytest.mark.parametrize("role", [OfficialRole.MTTQ, OfficialRole.CLERK])
def test_an_mttq_member_or_a_clerk_is_refused_as_approver(s: Setup, role: OfficialRole) -> None:
    """An MTTQ member or a clerk named approver by a leader: refused (an approver acts in person)."""
    approver = official(s, COMMUNE, role)
    refused(s, "MakeDisbursement", payment(s, [approver]), "leader", "auth.not_own_act")


@pytest.mark.parametrize("act", ["AssessHousehold", "SelectHousehold", "MakeDisbursement"])
def test_an_official_related_to_the_household_is_refused(s: Setup, act: str) -> None:
    """The deputy related to the household may not assess, select or approve it."""
    given(
        s.app,
        DeclareRelative(
            official_id=s.world.deputy,
            relation="con",
            household_id=s.world.household,
            occurred_at=at(2),
        ),
    )
    deputy, household = str(s.world.deputy), str(s.world.household)
    body = {
        "AssessHousehold": {
            "household_id": household,
            "criteria": ["nhà tạm"],
            "score": 70,
            "assessed_by": deputy,
        },
        "SelectHousehold": {
            "household_id": household,
            "month": str(MONTH.next()),
            "selected_by": [deputy],
        },
        "MakeDisbursement": payment(s, [s.world.deputy]),
    }[act]
    who = "deputy" if act == "MakeDisbursement" else "leader"  # an approver acts in person
    answer = refused(s, act, body, who, "selection.conflict_of_interest")
    assert "có quan hệ con" in str(answer["message"])


def test_a_clerk_named_as_answerer_is_refused(s: Setup) -> None:
    """Not any official answers a complaint: a clerk named as answerer is refused."""
    body = {
        "complaint_id": str(s.complaint),
        "answer": "Đã sửa.",
        "answered_by": str(s.world.clerk),
    }
    answer = refused(s, "AnswerComplaint", body, "leader", "authority.answerer_role")
    assert "được trả lời, giải quyết ý kiến" in str(answer["message"])


def test_a_hamlet_of_another_commune_is_refused_on_a_complaint(s: Setup) -> None:
    """A complaint of commune A naming a hamlet of commune B is refused."""
    given(
        s.app,
        RegisterUnit(
            code=f"{OTHER}-01", name="Ấp Hòa", kind=UnitKind.HAMLET, parent=OTHER, occurred_at=at(1)
        ),
    )
    body = {
        "complaint_id": str(uuid4()),
        "unit": COMMUNE,
        "month": str(MONTH),
        "hamlet": f"{OTHER}-01",
        "citizen": {"person_id": str(uuid4()), "full_name": "Nguyễn Thị Mười"},
        "content": "Đường ngập.",
        "occurred_at": "2024-03-18T09:30:00+07:00",
    }
    answer = refused(s, "RaiseComplaint", body, "clerk", "unit.not_hamlet_of")
    assert f"{OTHER}-01 không phải ấp/khóm của đơn vị {COMMUNE}" in str(answer["message"])


def test_a_visit_of_one_commune_may_not_write_support_into_another(s: Setup) -> None:
    """Support naming commune A's visit is refused for commune B's household."""
    given(
        s.app,
        RegisterUnit(
            code=f"{OTHER}-01", name="Ấp Hòa", kind=UnitKind.HAMLET, parent=OTHER, occurred_at=at(1)
        ),
    )
    theirs = uuid4()
    given(
        s.app,
        RegisterHousehold(
            household_id=theirs,
            unit=OTHER,
            hamlet=f"{OTHER}-01",
            head=Person(person_id=uuid4(), full_name="Lâm Thị Én"),
            categories=frozenset({HouseholdCategory.POOR}),
            occurred_at=at(1),
        ),
    )
    visit = uuid4()
    given(
        s.app,
        PlanVisit(
            visit_id=visit,
            unit=COMMUNE,
            month=MONTH,
            household_id=s.world.household,
            team=(s.world.clerk,),
            occurred_at=at(5),
        ),
    )
    plan = {
        "visit_id": str(uuid4()),
        "unit": COMMUNE,
        "month": str(MONTH),
        "household_id": str(theirs),
        "team": [str(s.world.clerk)],
    }
    refused(s, "PlanVisit", plan, "clerk", "authority.reference_out_of_unit")
    support = {
        "household_id": str(theirs),
        "kind": "gift",
        "value": 300_000,
        "funded_by": "donor",
        "visit_id": str(visit),
    }
    answer = refused(s, "DeliverSupport", support, "other_clerk", "authority.reference_out_of_unit")
    assert f"thuộc đơn vị {COMMUNE}, không thuộc {OTHER}" in str(answer["message"])
