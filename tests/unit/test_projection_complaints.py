"""The complaint board: statuses at a given time, grouped by unit and responsible party."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

import attrs
import pytest

import nghedan_core as n
from nghedan_core import NgheDan
from nghedan_core.projections import (
    BoardCounts,
    BoardEntry,
    ComplaintBoard,
    ComplaintStatus,
    fold,
)
from nghedan_core.serialization import unstructure
from nghedan_core.values import is_personal

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world

S = ComplaintStatus
CADASTRAL = "Công chức Địa chính"


def raise_complaint(app: NgheDan, name: str = "Kim Thị Mai") -> UUID:
    cid = uuid4()
    app.handle(
        n.RaiseComplaint(
            complaint_id=cid,
            unit=COMMUNE,
            month=MONTH,
            hamlet=HAMLETS[1],
            citizen=n.Person(person_id=uuid4(), full_name=name),
            category=n.ComplaintCategory.LAND,
            content="Tranh chấp ranh đất",
            occurred_at=at(4, 9),
        )
    )
    return cid


def take_on_record(app: NgheDan, cid: UUID, day: int) -> None:
    app.handle(
        n.TakeOnRecord(
            complaint_id=cid,
            reason=n.RecordReason.NEEDS_VERIFICATION,
            appointment=n.Appointment(at=at(day, 8), place="Trụ sở UBND xã"),
            responsible=CADASTRAL,
            occurred_at=at(4, 10),
        )
    )


def month_of_complaints() -> tuple[NgheDan, World, dict[str, UUID]]:
    """One complaint in each status as at 20 March noon."""
    app = NgheDan("memory://")
    w = build_world(app)
    c = {
        s: raise_complaint(app)
        for s in ("open", "due", "overdue", "answered", "resolved", "withdrawn")
    }
    take_on_record(app, c["due"], 25)
    take_on_record(app, c["overdue"], 15)
    app.handle(
        n.ReferComplaint(
            complaint_id=c["answered"],
            to_agency="UBND tỉnh",
            appointment=n.Appointment(at=at(20, 8), place="Sở TN-MT"),
            occurred_at=at(4, 10),
        )
    )
    app.handle(
        n.AnswerComplaint(
            complaint_id=c["answered"],
            answer="Đã đo đạc lại",
            answered_by=w.chair,
            occurred_at=at(18),
        )
    )
    app.handle(
        n.AnswerOnSpot(
            complaint_id=c["resolved"],
            answer="Đủ điều kiện",
            answered_by=w.chair,
            basis="Luật Đất đai 2024",
            occurred_at=at(4, 10),
        )
    )
    app.handle(
        n.ResolveComplaint(
            complaint_id=c["resolved"], resolution="Đã cấp", resolved_by=w.chair, occurred_at=at(10)
        )
    )
    app.handle(
        n.WithdrawComplaint(complaint_id=c["withdrawn"], reason="Hòa giải", occurred_at=at(5))
    )
    return app, w, c


def status_of(board: Any, cid: UUID) -> ComplaintStatus:
    return next(e.status for e in board.entries if e.complaint_id == str(cid))


def test_each_complaint_has_its_status_as_at_the_time_given() -> None:
    """Open, due, overdue, answered, resolved and withdrawn, each counted once."""
    app, _, c = month_of_complaints()
    board = fold(ComplaintBoard(), app.records()).view(at(20, 12))
    assert {name: status_of(board, cid).value for name, cid in c.items()} == {
        name: name for name in c
    }
    assert board.totals == BoardCounts(1, 1, 1, 1, 1, 1)
    assert board.totals.total == 6
    assert board.by_unit == {COMMUNE: BoardCounts(1, 1, 1, 1, 1, 1)}
    assert [e.complaint_id for e in board.with_status(S.OVERDUE)] == [str(c["overdue"])]
    assert json.loads(json.dumps(unstructure(board)))["totals"]["overdue"] == 1


def test_complaints_are_grouped_by_unit_and_responsible_party() -> None:
    """The office taken on record, the agency referred to, or unassigned ("")."""
    app, _, _ = month_of_complaints()
    board = fold(ComplaintBoard(), app.records()).view(at(20, 12))
    groups = {(g.unit, g.responsible): g.counts for g in board.groups}
    assert groups == {
        (COMMUNE, ""): BoardCounts(open=1, resolved=1, withdrawn=1),
        (COMMUNE, CADASTRAL): BoardCounts(due=1, overdue=1),
        (COMMUNE, "UBND tỉnh"): BoardCounts(answered=1),
    }
    cadastral = next(g for g in board.groups if g.responsible == CADASTRAL)
    assert [e.status for e in cadastral.with_status(S.DUE)] == [S.DUE]


def test_an_entry_lists_the_complaint_and_keeps_the_citizen_only_in_a_personal_field() -> None:
    """Id, unit, hamlet, category, raised_at, appointment, responsible; public() drops the name."""
    app, _, c = month_of_complaints()
    board = fold(ComplaintBoard(), app.records()).view(at(20, 12))
    due = next(e for e in board.entries if e.complaint_id == str(c["due"]))
    # the fold keeps the name encrypted as stored; revealing decrypts it
    assert due.citizen is not None
    assert "Kim" not in due.citizen
    due = app.reveal(due)
    assert (due.unit, due.hamlet, due.category, due.raised_at) == (
        COMMUNE,
        HAMLETS[1],
        "land",
        at(4, 9),
    )
    assert (due.appointment, due.appointment_place, due.responsible) == (
        at(25, 8),
        "Trụ sở UBND xã",
        CADASTRAL,
    )
    assert due.citizen == "Kim Thị Mai"
    personal = [f.name for f in attrs.fields(BoardEntry) if is_personal(f)]
    assert personal == ["citizen"]
    public = board.public()
    assert all(e.citizen is None for e in public.entries)
    assert all(e.citizen is None for g in public.groups for e in g.entries)
    assert public.totals == board.totals


def test_a_due_complaint_becomes_overdue_once_its_appointment_has_passed() -> None:
    """The same fold judged before and after the appointment of 25 March, 08:00."""
    app, _, c = month_of_complaints()
    board = fold(ComplaintBoard(), app.records())
    assert status_of(board.view(at(25, 8)), c["due"]) is S.DUE
    assert status_of(board.view(at(25, 9)), c["due"]) is S.OVERDUE


def test_without_a_time_the_board_is_judged_at_the_latest_recorded_complaint_event() -> None:
    """No clock: `now` defaults to the latest occurred_at of a complaint event (18 March)."""
    app, _, c = month_of_complaints()
    board = fold(ComplaintBoard(), app.records()).view()
    assert board.now == at(18)
    assert status_of(board, c["overdue"]) is S.OVERDUE
    assert status_of(board, c["due"]) is S.DUE


def test_a_board_as_at_a_past_time_ignores_what_happened_after_it() -> None:
    """As at 9 March: the complaint resolved on the 10th is still only answered."""
    app, _, c = month_of_complaints()
    board = fold(ComplaintBoard(as_of=at(9)), app.records()).view()
    assert board.now == at(9)
    assert status_of(board, c["resolved"]) is S.ANSWERED
    assert status_of(board, c["answered"]) is S.DUE
    assert status_of(board, c["overdue"]) is S.DUE
    assert status_of(board, c["withdrawn"]) is S.WITHDRAWN


def test_a_reopened_complaint_goes_back_to_its_appointment_or_to_open() -> None:
    """Reopened: with an appointment it is due or overdue again; without one it is open."""
    app, _, c = month_of_complaints()
    app.handle(
        n.ReopenComplaint(complaint_id=c["answered"], reason="Chưa thỏa đáng", occurred_at=at(21))
    )
    app.handle(
        n.ReopenComplaint(complaint_id=c["resolved"], reason="Chưa thỏa đáng", occurred_at=at(21))
    )
    board = fold(ComplaintBoard(), app.records()).view(at(22))
    assert status_of(board, c["answered"]) is S.OVERDUE
    assert status_of(board, c["resolved"]) is S.OPEN


def test_a_rescheduled_appointment_makes_an_overdue_complaint_due_again() -> None:
    """Moved from 15 to 30 March: due at 20 March."""
    app, _, c = month_of_complaints()
    app.handle(
        n.RescheduleAppointment(
            complaint_id=c["overdue"],
            appointment=n.Appointment(at=at(30, 8), place="Thực địa"),
            reason="Chờ đo đạc",
            occurred_at=at(14),
        )
    )
    entry = next(
        e
        for e in fold(ComplaintBoard(), app.records()).view(at(20, 12)).entries
        if e.complaint_id == str(c["overdue"])
    )
    assert (entry.status, entry.appointment, entry.appointment_place) == (
        S.DUE,
        at(30, 8),
        "Thực địa",
    )


def test_a_board_resumed_from_its_snapshot_equals_one_folded_in_one_go() -> None:
    """Snapshot half-way through JSON, restore, finish: the same board."""
    app, _, _ = month_of_complaints()
    records = list(app.records())
    half = len(records) // 2
    first = fold(ComplaintBoard(), records[:half])
    resumed = ComplaintBoard()
    resumed.restore(json.loads(json.dumps(first.snapshot())))
    fold(resumed, records[half:])
    assert resumed.view(at(20)) == fold(ComplaintBoard(), records).view(at(20))
    assert ComplaintBoard.name == "complaint_board"
    with pytest.raises(ValueError, match="as at"):
        ComplaintBoard(as_of=at(9)).restore(first.snapshot())


def test_a_naive_as_of_time_is_refused() -> None:
    """as_of must carry its time zone."""
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        ComplaintBoard(as_of=datetime(2024, 3, 9))  # noqa: DTZ001
