"""A small recorded world for application-level tests: one commune, two hamlets, a fund.

Kept beside the tests (not in the library): it builds everything through commands.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

import attrs

from nghedan_core import (
    ApprovePayment,
    ContributionSource,
    DisbursementPurpose,
    HoldReception,
    HouseholdCategory,
    Month,
    NgheDan,
    OfficialRole,
    OpenFund,
    Person,
    ReceiveContribution,
    RegisterHousehold,
    RegisterOfficial,
    RegisterUnit,
    RequestPayment,
    ScheduleSession,
    SelectHousehold,
    UnitKind,
    Vnd,
)
from nghedan_core.values import VIETNAM_TZ

COMMUNE = "29500"
HAMLETS = ("29500-01", "29500-02")
MONTH = Month(2024, 3)


def at(day: int = 4, hour: int = 8, month: int = 3) -> datetime:
    """A time in March 2024, Vietnam (4 March 2024 is the first Monday)."""
    return datetime(2024, month, day, hour, tzinfo=VIETNAM_TZ)


@attrs.frozen
class World:
    """Ids of what `build_world` recorded."""

    chair: UUID
    deputy: UUID
    clerk: UUID
    household: UUID
    other_household: UUID


def build_world(app: NgheDan, *, fund_vnd: int = 10_000_000) -> World:
    """Record a commune with hamlets, officials, a session, a funded fund and households."""
    h = app.handle
    h(RegisterUnit(code="94", name="Tỉnh Trà Vinh", kind=UnitKind.PROVINCE, occurred_at=at(1)))
    h(
        RegisterUnit(
            code=COMMUNE, name="Xã Ninh Thới", kind=UnitKind.COMMUNE, parent="94", occurred_at=at(1)
        )
    )
    for code, name in zip(HAMLETS, ("Ấp Ô Rồm", "Ấp Ngãi Hiệp"), strict=True):
        h(
            RegisterUnit(
                code=code, name=name, kind=UnitKind.HAMLET, parent=COMMUNE, occurred_at=at(1)
            )
        )
    chair, deputy, clerk = uuid4(), uuid4(), uuid4()
    for official, name, position, role in (
        (chair, "Trần Văn An", "Chủ tịch UBND xã", OfficialRole.LEADER),
        (deputy, "Lê Thị Bình", "Phó Chủ tịch UBND xã", OfficialRole.LEADER),
        (clerk, "Ngô Văn Cường", "Văn phòng - Thống kê", OfficialRole.CLERK),
    ):
        h(
            RegisterOfficial(
                official_id=official,
                unit=COMMUNE,
                full_name=name,
                position=position,
                roles=frozenset({role}),
                occurred_at=at(1),
            )
        )
    h(
        ScheduleSession(
            unit=COMMUNE,
            month=MONTH,
            date=date(2024, 3, 4),
            reception_hamlet=HAMLETS[0],
            occurred_at=at(1),
        )
    )
    h(
        HoldReception(
            unit=COMMUNE, month=MONTH, hamlet=HAMLETS[0], attendees=25, occurred_at=at(4, 9)
        )
    )
    h(OpenFund(unit=COMMUNE, occurred_at=at(1)))
    if fund_vnd:
        h(
            ReceiveContribution(
                unit=COMMUNE,
                receipt_id=uuid4(),
                amount=Vnd(fund_vnd),
                source=ContributionSource.FLAG_CEREMONY,
                occurred_at=at(4, 7),
            )
        )
    household, other = uuid4(), uuid4()
    for hid, head in ((household, "Thạch Thị Hoa"), (other, "Sơn Văn Lợi")):
        h(
            RegisterHousehold(
                household_id=hid,
                unit=COMMUNE,
                hamlet=HAMLETS[0],
                head=Person(person_id=uuid4(), full_name=head, phone="0901234567"),
                categories=frozenset({HouseholdCategory.POOR}),
                occurred_at=at(1),
            )
        )
    h(
        SelectHousehold(
            household_id=household, month=MONTH, selected_by=(chair,), occurred_at=at(4, 10)
        )
    )
    return World(
        chair=chair, deputy=deputy, clerk=clerk, household=household, other_household=other
    )


def pay_approved(
    app: NgheDan,
    w: World,
    *,
    amount: int,
    occurred_at: datetime,
    purpose: DisbursementPurpose = DisbursementPurpose.OTHER_SUPPORT,
    household: UUID | None = None,
    disbursement_id: UUID | None = None,
    visit_id: UUID | None = None,
) -> UUID:
    """A payment the clerk requests and both leaders approve, each as themselves (ADR 0017)."""
    paid = disbursement_id or uuid4()
    app.handle(
        RequestPayment(
            unit=COMMUNE,
            disbursement_id=paid,
            purpose=purpose,
            amount=Vnd(amount),
            household_id=household or w.household,
            requested_by=w.clerk,
            visit_id=visit_id,
            occurred_at=occurred_at,
        )
    )
    for leader in (w.chair, w.deputy):
        fund = app.fund(COMMUNE)
        if fund is None or paid not in fund.requests:
            break  # paid (one approval below the threshold)
        app.handle(
            ApprovePayment(
                unit=COMMUNE, disbursement_id=paid, approver=leader, occurred_at=occurred_at
            )
        )
    return paid
