"""Every one of the core's commands goes through `NgheDan.handle` and records its events."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

import nghedan_core as n
from nghedan_core import COMMANDS, NgheDan, Vnd
from nghedan_core.values import VIETNAM_TZ

from world import COMMUNE, HAMLETS, MONTH, at, build_world, pay_approved


def test_every_command_is_handled_by_the_application() -> None:
    """A realistic month sends all 48 commands; each one records at least one event."""
    app = NgheDan("memory://")
    w = build_world(app)
    sent: set[type] = {
        n.RegisterUnit,
        n.RegisterOfficial,
        n.ScheduleSession,
        n.HoldReception,
        n.OpenFund,
        n.ReceiveContribution,
        n.RegisterHousehold,
        n.SelectHousehold,
    }

    def h(command: n.Command) -> None:
        assert app.handle(command), type(command).__name__
        sent.add(type(command))

    # units and officials
    h(n.RegisterUnit(code="29501", name="Xã Tân An", kind=n.UnitKind.COMMUNE, parent="94"))
    h(n.RenameUnit(code="29501", name="Xã Tân An Mới"))
    h(n.MergeUnit(code="29501", into=COMMUNE))
    h(
        n.DeclareRelative(
            official_id=w.clerk, relation="anh ruột", person_id=uuid4(), person_name="Ngô Văn Dũng"
        )
    )
    mover, leaver = uuid4(), uuid4()
    for o in (mover, leaver):
        h(
            n.RegisterOfficial(
                official_id=o,
                unit=COMMUNE,
                full_name="Phạm Văn Em",
                position="Công an xã",
                roles=frozenset({n.OfficialRole.CLERK}),
            )
        )
    h(n.TransferOfficial(official_id=mover, to_unit="94", position="Chuyên viên"))
    h(n.LeaveOffice(official_id=leaver, reason="Nghỉ hưu"))
    inspector = uuid4()
    h(
        n.RegisterOfficial(
            official_id=inspector,
            unit="94",
            full_name="Võ Thị Giang",
            position="Ủy viên",
            roles=frozenset({n.OfficialRole.SUPERVISOR}),
        )
    )
    # the session's morning
    key = {"unit": COMMUNE, "month": MONTH}
    h(
        n.RescheduleSession(
            **key, date=date(2024, 3, 11), reason="Trùng lịch tiếp xúc cử tri", occurred_at=at(2)
        )
    )
    h(n.HoldFlagCeremony(**key, attendees=42, occurred_at=at(11, 7)))
    h(
        n.ReviewMonth(
            **key,
            summary="Hoàn thành 9/10 chỉ tiêu",
            next_focus="Giải quyết đơn thư tồn đọng",
            occurred_at=at(11, 7),
        )
    )
    h(
        n.HearProposal(
            **key,
            proposer="Hội Nông dân xã",
            content="Nạo vét kênh nội đồng",
            occurred_at=at(11, 8),
        )
    )
    h(
        n.CommendOfficial(
            **key, official_id=w.clerk, reason="Tiếp dân tận tình", occurred_at=at(11, 8)
        )
    )
    h(
        n.RemindOfficial(
            **key, official_id=w.deputy, reason="Trả lời đơn chậm", occurred_at=at(11, 8)
        )
    )

    # complaints
    def raised(content: str) -> object:
        cid = uuid4()
        h(
            n.RaiseComplaint(
                complaint_id=cid,
                **key,
                hamlet=HAMLETS[0],
                citizen=n.Person(person_id=uuid4(), full_name="Kim Thị Mai"),
                category=n.ComplaintCategory.INFRASTRUCTURE,
                content=content,
                occurred_at=at(11, 9),
            )
        )
        return cid

    spot, recorded, referred, withdrawn = (
        raised(c) for c in ("Cấp giấy CNQSDĐ", "Đường sạt lở", "Tranh chấp đất", "Ồn ào")
    )
    h(
        n.AnswerOnSpot(
            complaint_id=spot,
            answer="Hồ sơ đủ, 15 ngày có kết quả",
            answered_by=w.chair,
            basis="Luật Đất đai 2024, Điều 136",
            occurred_at=at(11, 9),
        )
    )
    h(
        n.ResolveComplaint(
            complaint_id=spot, resolution="Đã cấp giấy", resolved_by=w.chair, occurred_at=at(20)
        )
    )
    h(n.RecordCitizenFeedback(complaint_id=spot, satisfied=True, occurred_at=at(21)))
    appointment = n.Appointment(at=at(25, 8), place="Trụ sở UBND xã")
    h(
        n.TakeOnRecord(
            complaint_id=recorded,
            reason=n.RecordReason.NEEDS_VERIFICATION,
            appointment=appointment,
            responsible="Công chức Địa chính",
            occurred_at=at(11, 10),
        )
    )
    h(
        n.RescheduleAppointment(
            complaint_id=recorded,
            appointment=n.Appointment(at=at(28, 8), place="Thực địa"),
            reason="Chờ đo đạc",
            occurred_at=at(20),
        )
    )
    h(
        n.AnswerComplaint(
            complaint_id=recorded,
            answer="Sẽ gia cố trong quý II",
            answered_by=w.chair,
            occurred_at=at(28, 9),
        )
    )
    h(n.ReopenComplaint(complaint_id=recorded, reason="Người dân chưa đồng ý", occurred_at=at(29)))
    h(
        n.NoteSupervision(
            complaint_id=recorded,
            by=n.SupervisorKind.MTTQ,
            note="Đề nghị trả lời bằng văn bản",
            concern=True,
            occurred_at=at(29),
        )
    )
    h(
        n.ReferComplaint(
            complaint_id=referred,
            to_agency="UBND tỉnh",
            appointment=appointment,
            occurred_at=at(11, 10),
        )
    )
    h(n.WithdrawComplaint(complaint_id=withdrawn, reason="Đã tự hòa giải", occurred_at=at(11, 10)))
    # fund
    pledge, donation = uuid4(), uuid4()
    h(
        n.PledgeContribution(
            unit=COMMUNE,
            pledge_id=pledge,
            amount=Vnd(5_000_000),
            source=n.ContributionSource.LAWFUL_DONATION,
            donor="Công ty TNHH Minh Phát",
            occurred_at=at(11, 8),
        )
    )
    h(
        n.ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            pledge_id=pledge,
            amount=Vnd(5_000_000),
            source=n.ContributionSource.LAWFUL_DONATION,
            donor="Công ty TNHH Minh Phát",
            occurred_at=at(12),
        )
    )
    h(
        n.PledgeContribution(
            unit=COMMUNE,
            pledge_id=donation,
            amount=Vnd(200_000),
            source=n.ContributionSource.SESSION,
            occurred_at=at(11, 8),
        )
    )
    h(
        n.CancelPledge(
            unit=COMMUNE, pledge_id=donation, reason="Người cam kết chuyển đi", occurred_at=at(13)
        )
    )
    repair = uuid4()
    pay_approved(
        app,
        w,
        amount=6_000_000,
        purpose=n.DisbursementPurpose.HOUSE_REPAIR,
        disbursement_id=repair,
        occurred_at=at(14),
    )
    sent |= {n.RequestPayment, n.ApprovePayment}
    h(
        n.MakeDisbursement(
            unit=COMMUNE,
            disbursement_id=uuid4(),
            purpose=n.DisbursementPurpose.OTHER_SUPPORT,
            amount=Vnd(100_000),
            household_id=w.household,
            approvers=(w.chair,),
            occurred_at=at(14),
        )
    )
    refused = uuid4()
    h(
        n.RequestPayment(
            unit=COMMUNE,
            disbursement_id=refused,
            purpose=n.DisbursementPurpose.OTHER_SUPPORT,
            amount=Vnd(100_000),
            household_id=w.household,
            requested_by=w.clerk,
            occurred_at=at(14),
        )
    )
    h(
        n.RejectPayment(
            unit=COMMUNE,
            disbursement_id=refused,
            rejected_by=w.chair,
            reason="Đã hỗ trợ đợt khác",
            occurred_at=at(14),
        )
    )
    h(
        n.ReverseDisbursement(
            unit=COMMUNE, disbursement_id=repair, reason="Ghi nhầm hộ", occurred_at=at(15)
        )
    )
    # households
    h(
        n.AssessHousehold(
            household_id=w.other_household,
            criteria=("thu nhập thấp", "nhà dột"),
            score=70,
            assessed_by=w.clerk,
            occurred_at=at(5),
        )
    )
    h(
        n.DeliverSupport(
            household_id=w.other_household,
            kind=n.SupportKind.TOILET,
            value=Vnd(1_450_000),
            funded_by=n.FundingSource.DONOR,
            occurred_at=at(18),
        )
    )
    # visits
    visit, cancelled = uuid4(), uuid4()
    h(
        n.PlanVisit(
            visit_id=visit, **key, household_id=w.household, team=(w.chair,), occurred_at=at(11, 13)
        )
    )
    h(
        n.ConductVisit(
            visit_id=visit,
            gift_value=Vnd(500_000),
            causes=frozenset({n.HardshipCause.ILLNESS}),
            findings="Chủ hộ bệnh nặng",
            approvers=(w.deputy,),
            occurred_at=at(11, 14),
        )
    )
    h(
        n.PlanVisit(
            visit_id=cancelled,
            **key,
            household_id=w.other_household,
            team=(w.clerk,),
            occurred_at=at(11, 13),
        )
    )
    h(n.CancelVisit(visit_id=cancelled, reason="Chủ hộ vắng nhà", occurred_at=at(11, 15)))
    # volunteer work
    work, called_off = uuid4(), uuid4()
    starts = datetime(2024, 3, 16, 7, tzinfo=VIETNAM_TZ)
    for wid in (work, called_off):
        h(
            n.PlanVolunteerWork(
                work_id=wid,
                unit=COMMUNE,
                kind=n.VolunteerWorkKind.TREE_TRIMMING,
                place="Tuyến đường ấp Ô Rồm",
                starts_at=starts,
                task="Phát quang 2 km",
                occurred_at=at(11),
            )
        )
    h(
        n.NotifyVolunteers(
            work_id=work,
            notified="Đoàn viên, hội viên ấp Ô Rồm",
            channel="Loa ấp",
            occurred_at=at(14, 17),
        )
    )
    h(
        n.CompleteVolunteerWork(
            work_id=work, participants=45, length_m=2_000, occurred_at=at(16, 11)
        )
    )
    h(n.CancelVolunteerWork(work_id=called_off, reason="Mưa lớn", occurred_at=at(15)))
    # closing, inspection, disclosure, deregistration
    h(
        n.CloseSession(
            **key,
            minutes="Biên bản buổi làm việc tháng 3",
            shortfall_reason="Hộ thứ hai vắng nhà",
            occurred_at=at(11, 17),
        )
    )
    h(
        n.InspectSession(
            **key,
            inspector_id=inspector,
            findings="Hồ sơ đầy đủ",
            follow_ups=("Theo dõi ý kiến tồn",),
            occurred_at=at(20),
        )
    )
    h(
        n.ScheduleSession(
            unit=COMMUNE,
            month=n.Month(2024, 4),
            date=date(2024, 4, 1),
            reception_hamlet=HAMLETS[1],
            occurred_at=at(25),
        )
    )
    h(
        n.CancelSession(
            unit=COMMUNE, month=n.Month(2024, 4), reason="Trùng lịch bầu cử", occurred_at=at(26)
        )
    )
    h(
        n.PublishDisclosure(
            unit=COMMUNE,
            period_from=date(2024, 3, 1),
            period_to=date(2024, 3, 31),
            occurred_at=at(31),
        )
    )
    h(
        n.DeregisterHousehold(
            household_id=w.other_household,
            reason=n.DeregistrationReason.ESCAPED_POVERTY,
            occurred_at=at(31),
        )
    )

    assert set(COMMANDS) - sent == set()
    fund = app.fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(10_000_000 + 5_000_000 - 500_000 - 100_000)
    disclosure = app.stream(n.fund_id(COMMUNE))[-1].event
    assert isinstance(disclosure, n.DisclosurePublished)
    assert (disclosure.receipts, disclosure.payments, disclosure.reversals) == (
        Vnd(15_000_000),
        Vnd(6_600_000),
        Vnd(6_000_000),
    )
    assert disclosure.closing == fund.balance
