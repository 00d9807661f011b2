"""The session dossier: everything recorded for one session, and nothing of another."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import attrs
import pytest

import nghedan_core as n
from nghedan_core import NgheDan, Vnd
from nghedan_core.projections import SessionDossier, fold
from nghedan_core.projections.dossier import ComplaintEntry, RescheduleEntry
from nghedan_core.serialization import unstructure
from nghedan_core.values import is_personal

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world

KEY: dict[str, Any] = {"unit": COMMUNE, "month": MONTH}
APRIL = n.Month(2024, 4)
MARCH_ID = n.session_id(COMMUNE, MONTH, n.SessionLevel.COMMUNE)


def raise_complaint(app: NgheDan, month: n.Month = MONTH, day: int = 11) -> UUID:
    cid = uuid4()
    app.handle(
        n.RaiseComplaint(
            complaint_id=cid,
            unit=COMMUNE,
            month=month,
            hamlet=HAMLETS[0],
            citizen=n.Person(person_id=uuid4(), full_name="Kim Thị Mai"),
            category=n.ComplaintCategory.INFRASTRUCTURE,
            content="Đường sạt lở",
            occurred_at=at(day, 9, month=month.month),
        )
    )
    return cid


def full_session() -> tuple[NgheDan, World, dict[str, UUID]]:
    """March, rescheduled to the 11th, with every part of the morning and afternoon."""
    app = NgheDan("memory://")
    w = build_world(app)
    h = app.handle
    inspector = uuid4()
    h(
        n.RegisterOfficial(
            official_id=inspector,
            unit="94",
            full_name="Võ Thị Giang",
            position="Ủy viên",
            roles=frozenset({n.OfficialRole.SUPERVISOR}),
            occurred_at=at(1),
        )
    )
    h(
        n.RescheduleSession(
            **KEY, date=date(2024, 3, 11), reason="Trùng lịch tiếp xúc cử tri", occurred_at=at(2)
        )
    )
    h(n.HoldFlagCeremony(**KEY, attendees=42, note="Trời mưa", occurred_at=at(11, 7)))
    h(
        n.ReviewMonth(
            **KEY,
            summary="Hoàn thành 9/10 chỉ tiêu",
            next_focus="Đơn thư tồn",
            occurred_at=at(11, 7),
        )
    )
    h(
        n.HearProposal(
            **KEY, proposer="Hội Nông dân xã", content="Nạo vét kênh", occurred_at=at(11, 8)
        )
    )
    h(
        n.CommendOfficial(
            **KEY, official_id=w.clerk, reason="Tiếp dân tận tình", occurred_at=at(11, 8)
        )
    )
    h(n.RemindOfficial(**KEY, official_id=w.deputy, reason="Trả lời chậm", occurred_at=at(11, 8)))
    spot, recorded = raise_complaint(app), raise_complaint(app)
    h(
        n.AnswerOnSpot(
            complaint_id=spot,
            answer="Hồ sơ đủ",
            answered_by=w.chair,
            basis="Luật Đất đai",
            occurred_at=at(11, 9),
        )
    )
    h(
        n.TakeOnRecord(
            complaint_id=recorded,
            reason=n.RecordReason.NEEDS_VERIFICATION,
            appointment=n.Appointment(at=at(25, 8), place="Trụ sở UBND xã"),
            responsible="Công chức Địa chính",
            occurred_at=at(11, 10),
        )
    )
    gift, cancelled = uuid4(), uuid4()
    h(
        n.PlanVisit(
            visit_id=gift,
            **KEY,
            household_id=w.household,
            team=(w.chair, w.clerk),
            occurred_at=at(11, 13),
        )
    )
    h(
        n.ConductVisit(
            visit_id=gift,
            gift_value=Vnd(500_000),
            gift_description="Gạo và nhu yếu phẩm",
            causes=frozenset({n.HardshipCause.ILLNESS, n.HardshipCause.OLD_AGE}),
            findings="Chủ hộ bệnh nặng",
            support_direction="Vận động sửa nhà",
            approvers=(w.deputy,),
            occurred_at=at(11, 14),
        )
    )
    h(
        n.PlanVisit(
            visit_id=cancelled,
            **KEY,
            household_id=w.other_household,
            team=(w.clerk,),
            occurred_at=at(11, 13),
        )
    )
    h(n.CancelVisit(visit_id=cancelled, reason="Chủ hộ vắng nhà", occurred_at=at(11, 15)))
    h(
        n.CloseSession(
            **KEY,
            minutes="Biên bản tháng 3",
            shortfall_reason="Hộ thứ hai vắng nhà",
            occurred_at=at(11, 17),
        )
    )
    h(
        n.InspectSession(
            **KEY,
            inspector_id=inspector,
            findings="Hồ sơ đầy đủ",
            follow_ups=("Theo dõi ý kiến",),
            occurred_at=at(20),
        )
    )
    h(
        n.ResolveComplaint(
            complaint_id=spot, resolution="Đã cấp giấy", resolved_by=w.chair, occurred_at=at(20)
        )
    )
    # another session's records stay out of this dossier
    h(
        n.ScheduleSession(
            unit=COMMUNE,
            month=APRIL,
            date=date(2024, 4, 1),
            reception_hamlet=HAMLETS[1],
            occurred_at=at(25),
        )
    )
    raise_complaint(app, APRIL, 1)
    h(
        n.PlanVisit(
            visit_id=uuid4(), unit=COMMUNE, month=APRIL, household_id=w.household, team=(w.chair,)
        )
    )
    return (
        app,
        w,
        {
            "spot": spot,
            "recorded": recorded,
            "gift": gift,
            "cancelled": cancelled,
            "inspector": inspector,
        },
    )


def test_the_dossier_holds_the_schedule_and_every_part_of_the_morning() -> None:
    """Schedule, reschedule with its reason, flag ceremony, review, proposals, praise, reminders."""
    app, w, _ = full_session()
    d = fold(SessionDossier(MARCH_ID), app.records()).view()
    assert d.scheduled
    assert (d.unit, d.month, d.level, d.reception_hamlet) == (COMMUNE, MONTH, "commune", HAMLETS[0])
    assert (d.scheduled_date, d.date) == (date(2024, 3, 4), date(2024, 3, 11))
    assert d.reschedules == (
        RescheduleEntry(at=at(2), date=date(2024, 3, 11), reason="Trùng lịch tiếp xúc cử tri"),
    )
    assert [(f["at"], f["attendees"], f["note"]) for f in d.flag_ceremonies] == [
        (at(11, 7), 42, "Trời mưa")
    ]
    assert [(r["summary"], r["next_focus"]) for r in d.reviews] == [
        ("Hoàn thành 9/10 chỉ tiêu", "Đơn thư tồn")
    ]
    assert [(p["proposer"], p["content"]) for p in d.proposals] == [
        ("Hội Nông dân xã", "Nạo vét kênh")
    ]
    assert [(c["official_id"], c["reason"]) for c in d.commendations] == [
        (str(w.clerk), "Tiếp dân tận tình")
    ]
    assert [(c["official_id"], c["reason"]) for c in d.reminders] == [
        (str(w.deputy), "Trả lời chậm")
    ]
    assert [(r["hamlet"], r["attendees"]) for r in d.receptions] == [(HAMLETS[0], 25)]
    assert d.attendees == 25
    assert json.loads(json.dumps(unstructure(d)))["date"] == "2024-03-11"


def test_the_dossier_lists_the_sessions_complaints_with_their_current_outcome() -> None:
    """Both March complaints, not April's; resolved after closing shows as resolved."""
    app, _, ids = full_session()
    d = app.reveal(fold(SessionDossier(MARCH_ID), app.records()).view())
    by_id = {c.complaint_id: c for c in d.complaints}
    assert set(by_id) == {str(ids["spot"]), str(ids["recorded"])}
    spot, recorded = by_id[str(ids["spot"])], by_id[str(ids["recorded"])]
    assert (spot.outcome, spot.answer, spot.basis, spot.appointment) == (
        "resolved",
        "Hồ sơ đủ",
        "Luật Đất đai",
        None,
    )
    assert (
        recorded.outcome,
        recorded.appointment,
        recorded.appointment_place,
        recorded.responsible,
    ) == (
        "taken_on_record",
        at(25, 8),
        "Trụ sở UBND xã",
        "Công chức Địa chính",
    )
    assert recorded.citizen == "Kim Thị Mai"
    assert [f.name for f in attrs.fields(ComplaintEntry) if is_personal(f)] == ["citizen"]


def test_the_dossier_lists_the_visits_with_gifts_and_causes_then_closing_and_inspection() -> None:
    """Conducted and cancelled visits, the minutes, the shortfall reason, the inspection."""
    app, w, ids = full_session()
    d = fold(SessionDossier(str(MARCH_ID)), app.records()).view()
    visits = {v.visit_id: v for v in d.visits}
    assert set(visits) == {str(ids["gift"]), str(ids["cancelled"])}
    gift = visits[str(ids["gift"])]
    assert (gift.status, gift.household_id, gift.team) == (
        "conducted",
        str(w.household),
        (str(w.chair), str(w.clerk)),
    )
    assert (gift.gift_value_vnd, gift.gift_description, gift.gift_funded_by) == (
        500_000,
        "Gạo và nhu yếu phẩm",
        "fund",
    )
    assert gift.causes == ("illness", "old_age")
    assert (gift.findings, gift.support_direction) == ("Chủ hộ bệnh nặng", "Vận động sửa nhà")
    cancelled = visits[str(ids["cancelled"])]
    assert (cancelled.status, cancelled.cancel_reason, cancelled.gift_value_vnd) == (
        "cancelled",
        "Chủ hộ vắng nhà",
        0,
    )
    assert d.gifts_vnd == 500_000
    assert d.closing is not None
    assert (
        d.closing.minutes,
        d.closing.visits_made,
        d.closing.visits_required,
        d.closing.shortfall_reason,
    ) == (
        "Biên bản tháng 3",
        1,
        2,
        "Hộ thứ hai vắng nhà",
    )
    (inspection,) = d.inspections
    assert (inspection.inspector_id, inspection.findings, inspection.follow_ups) == (
        str(ids["inspector"]),
        "Hồ sơ đầy đủ",
        ("Theo dõi ý kiến",),
    )
    assert d.officials[str(ids["inspector"])] == "Võ Thị Giang (Ủy viên)"
    assert d.officials[str(w.chair)] == "Trần Văn An (Chủ tịch UBND xã)"
    assert d.cancellation is None


def test_a_cancelled_session_and_an_unknown_one() -> None:
    """A cancellation reason is kept; a session never scheduled gives an empty dossier."""
    app, _, _ = full_session()
    app.handle(n.CancelSession(unit=COMMUNE, month=APRIL, reason="Bầu cử", occurred_at=at(26)))
    april = n.session_id(COMMUNE, APRIL, n.SessionLevel.COMMUNE)
    d = fold(SessionDossier(april), app.records()).view()
    assert (d.cancellation, len(d.complaints), len(d.visits), d.closing) == ("Bầu cử", 1, 1, None)
    empty = fold(SessionDossier(uuid4()), app.records()).view()
    assert (empty.scheduled, empty.unit, empty.month, empty.date, empty.complaints) == (
        False,
        None,
        None,
        None,
        (),
    )


def test_a_dossier_resumed_from_its_snapshot_equals_one_folded_in_one_go() -> None:
    """Snapshot half-way through JSON, restore, finish: the same dossier."""
    app, _, _ = full_session()
    records = list(app.records())
    half = len(records) // 2
    first = fold(SessionDossier(MARCH_ID), records[:half])
    resumed = SessionDossier(MARCH_ID)
    resumed.restore(json.loads(json.dumps(first.snapshot())))
    fold(resumed, records[half:])
    assert resumed.view() == fold(SessionDossier(MARCH_ID), records).view()
    with pytest.raises(ValueError, match="snapshot of session"):
        SessionDossier(uuid4()).restore(first.snapshot())
