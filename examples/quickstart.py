"""Quick start: record one month of a commune's model in SQLite and print what happened.

Runs on the embedded SQLite default (``sqlite:///nghedan.db``, or ``$NGHEDAN_DATABASE_URL``).
Every step is a command carried out by someone of the record (ADR 0018): the store's
administrator registers the commune and its officials; the clerk records, the chair
selects, the deputy approves the gift. The last steps show three refusals: the
administrator doing the month's business, an unjustified quota shortfall, a payment above
the balance.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from uuid import uuid4

from nghedan_core import (
    Appointment,
    CloseSession,
    Command,
    ConductVisit,
    ContributionSource,
    DomainError,
    HoldReception,
    HouseholdCategory,
    MakeDisbursement,
    Month,
    NgheDan,
    OfficialRole,
    OpenFund,
    Person,
    PlanVisit,
    PolicyConfig,
    RaiseComplaint,
    ReceiveContribution,
    RecordReason,
    RegisterHousehold,
    RegisterOfficial,
    RegisterUnit,
    ScheduleSession,
    SelectHousehold,
    TakeOnRecord,
    UnitKind,
    Vnd,
)
from nghedan_core.aggregates.fund import DisbursementPurpose
from nghedan_core.messages import format_month
from nghedan_core.values import VIETNAM_TZ


def at(day: int, hour: int) -> datetime:
    """A time in January 2024, Vietnam."""
    return datetime(2024, 1, day, hour, tzinfo=VIETNAM_TZ)


def main() -> int:
    """Record the month, print the fund and the refusals."""
    # January 2024, recorded at the end of that month: the clock the time rules read
    # (ADR 0019), in a province that lets a month's acts be entered late
    app = NgheDan(config=PolicyConfig(late_entry_days=31), clock=lambda: at(31, 17))
    started = app.administrator()
    if started is None and app.max_position():
        print(f"{app.database_url} was started before administrators: use another store.")
        return 2
    admin = started.administrator_id if started else app.start_record("Nguyễn Văn Quản")
    code = f"Q{uuid4().hex[:8]}"  # a fresh commune each run, so the example can be re-run
    month = Month(2024, 1)
    chair, deputy, clerk = uuid4(), uuid4(), uuid4()

    def a(command: Command) -> None:  # the administrator sets the record up
        app.handle(command, actor=admin)

    def h(command: Command) -> None:  # the clerk records
        app.handle(command, actor=clerk)

    a(RegisterUnit(code=code, name="Xã Ninh Thới", kind=UnitKind.COMMUNE, occurred_at=at(1, 7)))
    a(RegisterUnit(code=f"{code}-01", name="Ấp Ô Rồm", kind=UnitKind.HAMLET, parent=code))
    for official, name, role in (
        (chair, "Trần Văn An", OfficialRole.LEADER),
        (deputy, "Lê Thị Bình", OfficialRole.LEADER),
        (clerk, "Ngô Văn Cường", OfficialRole.CLERK),
    ):
        a(
            RegisterOfficial(
                official_id=official,
                unit=code,
                full_name=name,
                position="Lãnh đạo UBND xã" if role is OfficialRole.LEADER else "Văn phòng",
                roles=frozenset({role}),
            )
        )
    h(ScheduleSession(unit=code, month=month, date=date(2024, 1, 1), reception_hamlet=f"{code}-01"))
    h(OpenFund(unit=code))
    h(
        ReceiveContribution(
            unit=code,
            receipt_id=uuid4(),
            amount=Vnd(2_350_000),
            source=ContributionSource.FLAG_CEREMONY,
            occurred_at=at(1, 7),
        )
    )
    h(
        HoldReception(
            unit=code, month=month, hamlet=f"{code}-01", attendees=21, occurred_at=at(1, 8)
        )
    )
    complaint = uuid4()
    h(
        RaiseComplaint(
            complaint_id=complaint,
            unit=code,
            month=month,
            citizen=Person(person_id=uuid4(), full_name="Thạch Thị Hoa"),
            content="Đường vào ấp bị sạt lở sau mưa",
            occurred_at=at(1, 9),
        )
    )
    h(
        TakeOnRecord(
            complaint_id=complaint,
            reason=RecordReason.NEEDS_VERIFICATION,
            appointment=Appointment(at=at(15, 8), place="Trụ sở UBND xã"),
            responsible="Công chức Địa chính - Xây dựng",
            occurred_at=at(1, 9),
        )
    )
    household, visit = uuid4(), uuid4()
    h(
        RegisterHousehold(
            household_id=household,
            unit=code,
            hamlet=f"{code}-01",
            head=Person(person_id=uuid4(), full_name="Sơn Văn Lợi"),
            categories=frozenset({HouseholdCategory.POOR, HouseholdCategory.LONELY_ELDERLY}),
        )
    )
    app.handle(
        SelectHousehold(
            household_id=household, month=month, selected_by=(chair,), occurred_at=at(1, 10)
        ),
        actor=chair,
    )
    h(PlanVisit(visit_id=visit, unit=code, month=month, household_id=household, team=(chair,)))
    app.handle(  # the gift is paid from the fund: the deputy approves it, in person
        ConductVisit(
            visit_id=visit, gift_value=Vnd(500_000), approvers=(deputy,), occurred_at=at(1, 14)
        ),
        actor=deputy,
    )

    fund = app.fund(code)
    assert fund is not None
    print(f"Cơ sở dữ liệu: {app.database_url}")
    print(f"Đơn vị {code}: số dư quỹ {fund.balance} (thu 2.350.000 đ, chi quà 500.000 đ)")
    for label, command, actor in (
        (
            "Quản trị viên ghi một khoản thu",
            ReceiveContribution(
                unit=code,
                receipt_id=uuid4(),
                amount=Vnd(100_000),
                source=ContributionSource.FLAG_CEREMONY,
                occurred_at=at(1, 7),
            ),
            admin,
        ),
        (
            "Kết thúc buổi khi mới thăm 1/2 hộ, không ghi lý do",
            CloseSession(unit=code, month=month, minutes="Biên bản buổi làm việc"),
            clerk,
        ),
        (
            "Chi 3.000.000 đ khi quỹ chỉ còn 1.850.000 đ",
            MakeDisbursement(
                unit=code,
                disbursement_id=uuid4(),
                purpose=DisbursementPurpose.HOUSE_REPAIR,
                amount=Vnd(3_000_000),
                household_id=household,
                approvers=(chair,),
                occurred_at=at(1, 15),
            ),
            chair,
        ),
    ):
        try:
            app.handle(command, actor=actor)
        except DomainError as refusal:
            print(f"Từ chối — {label}: {refusal.message()}")
    h(
        CloseSession(
            unit=code,
            month=month,
            minutes="Biên bản buổi làm việc",
            shortfall_reason="Tháng đầu triển khai, chỉ 01 hộ đủ điều kiện được bình xét",
        )
    )
    when = format_month(month)  # 01/2024, as Vietnamese write a month
    print(f"Đã ghi {app.max_position()} sự kiện; buổi làm việc tháng {when} đã kết thúc.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
