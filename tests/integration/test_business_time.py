"""Time you can trust (issue 14 item 5, ADR 0019): business time bounded by the clock.

A command may be dated at most `PolicyConfig.clock_skew_minutes` ahead of the system's
clock and at most `PolicyConfig.late_entry_days` behind it unless declared a late entry
with its reason; an import keeps its business time, is marked imported and escapes the
window, not the published periods; every fund act — the payment request and each
approval included — is dated into no published period unless declared a correction.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest

from nghedan_core import (
    ApprovePayment,
    ContributionSource,
    DisbursementPurpose,
    NgheDan,
    PledgeContribution,
    PolicyConfig,
    PublishDisclosure,
    ReceiveContribution,
    RegisterUnit,
    RequestPayment,
    UnitKind,
    Vnd,
)
from nghedan_core.errors import DomainError
from nghedan_core.exchange import export_events, import_commands, restore_events
from nghedan_core.serialization import unstructure

from world import COMMUNE, World, at, build_world

#: the system's clock in these tests: 4 March 2024, noon, Vietnam (the world's last act
#: was that morning)
NOW = at(4, 12)


def _app(url: str = "memory://", **config: int) -> tuple[NgheDan, World]:
    app = NgheDan(url, clock=lambda: NOW, config=PolicyConfig(**config))
    return app, build_world(app)


def _receipt(occurred_at: datetime, **kw: object) -> ReceiveContribution:
    return ReceiveContribution(
        unit=COMMUNE,
        receipt_id=uuid4(),
        amount=Vnd(200_000),
        source=ContributionSource.SESSION,
        occurred_at=occurred_at,
        **kw,  # type: ignore[arg-type]
    )


def _refused(app: NgheDan, command: object) -> DomainError:
    before = app.max_position()
    with pytest.raises(DomainError) as refused:
        app.handle(command)  # type: ignore[arg-type]
    assert app.max_position() == before  # nothing written
    return refused.value


def test_a_command_dated_beyond_the_clock_skew_is_refused_naming_both_times() -> None:
    """Six minutes ahead of the clock: refused, both times in Vietnamese notation; five: taken."""
    app, _ = _app()
    error = _refused(app, _receipt(NOW + timedelta(minutes=6)))
    assert error.code == "time.in_future"
    message = error.message("vi")
    assert "04/03/2024 12:06" in message
    assert "04/03/2024 12:00" in message
    assert "5 phút" in message
    assert app.handle(_receipt(NOW + timedelta(minutes=5)))


def test_a_command_older_than_the_late_entry_window_needs_a_late_entry_reason() -> None:
    """Eight days back: refused naming the window; with a reason, recorded and marked late."""
    app, _ = _app()
    old = NOW - timedelta(days=8)
    error = _refused(app, _receipt(old))
    assert error.code == "time.too_late"
    message = error.message("vi")
    assert "25/02/2024 12:00" in message  # the command's time
    assert "7 ngày" in message
    assert "26/02/2024 12:00" in message  # where the window begins
    recorded = app.handle(_receipt(old, late_entry_reason="Phiếu thu nộp muộn từ ấp"))
    assert recorded[0].event.late_entry_reason == "Phiếu thu nộp muộn từ ấp"
    stored = next(r for r in app.records() if r.topic == "fund.ContributionReceived"
                  and r.payload.get("late_entry_reason"))  # fmt: skip
    assert stored.payload["late_entry_reason"] == "Phiếu thu nộp muộn từ ấp"
    assert app.audit().passed


def test_a_late_entry_reason_on_a_recent_act_is_refused() -> None:
    """Within the window there is nothing late to explain: refused, nothing written."""
    app, _ = _app()
    error = _refused(app, _receipt(NOW - timedelta(days=6), late_entry_reason="Nộp muộn"))
    assert error.code == "time.late_entry_not_needed"


def test_the_skew_and_the_window_are_the_provinces_numbers() -> None:
    """`PolicyConfig`: no skew at all, a 30-day window: a minute ahead refused, 20 days back taken."""
    app, _ = _app(clock_skew_minutes=0, late_entry_days=30)
    assert _refused(app, _receipt(NOW + timedelta(minutes=1))).code == "time.in_future"
    assert app.handle(_receipt(NOW - timedelta(days=20)))


def test_an_ordinary_event_stores_no_marker() -> None:
    """No late-entry reason, no import: the stored payload has neither key (older shapes hold)."""
    app, _ = _app()
    for record in app.records():
        assert "late_entry_reason" not in record.payload
        assert "imported" not in record.payload
        assert "correction_reason" not in record.payload


def test_an_act_that_is_not_about_money_is_bounded_by_the_clock_too() -> None:
    """A unit registered tomorrow is refused like a receipt: the rule holds for every command."""
    app, _ = _app()
    unit = RegisterUnit(
        code="29599", name="Xã Mới", kind=UnitKind.COMMUNE, occurred_at=NOW + timedelta(days=1)
    )
    assert _refused(app, unit).code == "time.in_future"


# --- imports ----------------------------------------------------------------------------


def _line(command: object) -> str:
    return json.dumps({"command": type(command).__name__, **unstructure(command)})


def test_an_import_keeps_old_business_time_and_marks_its_events_imported() -> None:
    """A year-old receipt imported: recorded at the import's time, marked, the audit passes."""
    app, _ = _app()
    app.clock = lambda: NOW + timedelta(days=365)
    before = app.max_position()
    result = import_commands(app, [_line(_receipt(at(5, 9)))])
    assert result.ok, result.failure and result.failure.message("en")
    new = [r for r in app.records() if r.position > before]
    assert [r.topic for r in new] == ["fund.ContributionReceived", "nghedan.CommandAccepted"]
    event = new[0]
    assert event.payload["imported"] is True
    assert event.payload["occurred_at"] == at(5, 9).isoformat()
    assert datetime.fromisoformat(event.recorded_at) == NOW + timedelta(days=365)
    assert app.audit().passed


def test_an_import_dated_after_its_recording_time_is_refused() -> None:
    """An import cannot record what has not happened yet: the skew holds for it, line named."""
    app, _ = _app()
    result = import_commands(app, [_line(_receipt(NOW + timedelta(hours=1)))])
    assert result.failure is not None
    assert result.failure.line == 1
    assert result.failure.error.code == "time.in_future"  # type: ignore[union-attr]


def test_an_import_into_a_published_period_is_refused_old_or_not() -> None:
    """The window does not apply to an import, the published periods do."""
    app, _ = _app()
    app.clock = lambda: at(2, 9, month=4)
    app.handle(
        PublishDisclosure(
            unit=COMMUNE,
            period_from=date(2024, 3, 1),
            period_to=date(2024, 3, 31),
            occurred_at=at(1, 9, month=4),
        )
    )
    app.clock = lambda: NOW + timedelta(days=365)
    result = import_commands(app, [_line(_receipt(at(18, 7)))])
    assert result.failure is not None
    assert result.failure.error.code == "period.published"  # type: ignore[union-attr]


def test_a_restore_reproduces_imported_and_late_events_byte_for_byte(tmp_path) -> None:
    """Restore decides nothing and marks nothing: the export of the copy is the same lines."""
    app, _ = _app()
    app.handle(_receipt(NOW - timedelta(days=9), late_entry_reason="Sổ thu nộp muộn"))
    app.clock = lambda: NOW + timedelta(days=30)
    assert import_commands(app, [_line(_receipt(at(5, 9)))]).ok
    exported = list(export_events(app.records()))
    copy = NgheDan(f"sqlite:///{tmp_path / 'copy.db'}", clock=lambda: NOW + timedelta(days=900))
    restore_events(copy, exported)
    assert list(export_events(copy.records())) == exported
    assert any('"imported":true' in line for line in exported)
    assert any('"late_entry_reason":"Sổ thu nộp muộn"' in line for line in exported)
    assert copy.audit().passed


# --- published periods: every fund act --------------------------------------------------


def _published_march(app: NgheDan) -> None:
    app.clock = lambda: at(1, 9, month=4)
    app.handle(
        PublishDisclosure(
            unit=COMMUNE,
            period_from=date(2024, 3, 1),
            period_to=date(2024, 3, 31),
            occurred_at=at(1, 9, month=4),
        )
    )


def _request(w: World, **kw: object) -> RequestPayment:
    return RequestPayment(
        unit=COMMUNE,
        disbursement_id=uuid4(),
        purpose=DisbursementPurpose.OTHER_SUPPORT,
        amount=Vnd(6_000_000),
        household_id=w.household,
        requested_by=w.clerk,
        occurred_at=at(28, 9),
        **kw,  # type: ignore[arg-type]
    )


def test_a_payment_request_dated_into_a_published_month_is_refused_when_requested() -> None:
    """Requested on 28/03 after March's disclosure: refused at once, not at the last approval."""
    app, w = _app()
    _published_march(app)
    error = _refused(app, _request(w))
    assert error.code == "period.published"
    assert "28/03/2024" in error.message("vi")


def test_a_declared_correction_carries_its_reason_through_request_and_approvals() -> None:
    """Declared a correction, the request and each approval record it; the payment too."""
    app, w = _app()
    _published_march(app)
    request = _request(w, correction_reason="Chi bổ sung tháng 3")
    recorded = list(app.handle(request))
    for leader in (w.chair, w.deputy):
        recorded += app.handle(
            ApprovePayment(
                unit=COMMUNE,
                disbursement_id=request.disbursement_id,
                approver=leader,
                occurred_at=at(28, 10),
                correction_reason="Chi bổ sung tháng 3",
            )
        )
    topics = {r.topic: r.event.correction_reason for r in recorded if r.topic[:5] == "fund."}
    assert topics == {
        "fund.PaymentRequested": "Chi bổ sung tháng 3",
        "fund.PaymentApproved": "Chi bổ sung tháng 3",
        "fund.DisbursementMade": "Chi bổ sung tháng 3",
    }
    assert app.audit().passed


def test_an_approval_dated_into_a_published_month_is_refused() -> None:
    """A request made in March before the disclosure, approved dated March after it: refused."""
    app, w = _app()
    app.clock = lambda: at(28, 12)
    request = _request(w)
    app.handle(request)
    _published_march(app)
    approval = ApprovePayment(
        unit=COMMUNE,
        disbursement_id=request.disbursement_id,
        approver=w.chair,
        occurred_at=at(29, 9),
    )
    assert _refused(app, approval).code == "period.published"


def test_a_pledge_dated_into_a_published_month_is_refused() -> None:
    """A pledge moves no money yet, but it is an act of the fund in that month: refused."""
    app, _ = _app()
    _published_march(app)
    pledge = PledgeContribution(
        unit=COMMUNE,
        pledge_id=uuid4(),
        amount=Vnd(1_000_000),
        source=ContributionSource.FLAG_CEREMONY,
        occurred_at=at(30, 9),
    )
    assert _refused(app, pledge).code == "period.published"
