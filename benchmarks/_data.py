"""Synthetic but realistic event stores for the benchmarks.

`generate(n)` yields `n` stored events: one province, ``n // 1000`` communes (at least one),
each with hamlets, officials, households and a fund, then month after month of what the
model records (a session with its flag ceremony, reception, proposals and complaints; the
complaints' answers, appointments, referrals and resolutions; households assessed and
selected; visits with gifts paid from the fund; pledges and receipts; house building,
repairs and toilets; volunteer work; the monthly disclosure; and, now and then, a
rescheduled or cancelled session, an inspection, a reversal, an official transferred or
leaving, a household deregistered, a hamlet renamed or merged). Every one of the event types
occurs. About 70 events per commune-month, as DESIGN.md §6 expects.

The history is *sound*: per-stream versions count from 1, every event's hash chains to the
previous event of its stream (`nghedan_core.serialization.event_hash`), the fund never goes
below zero, every payment goes to a household selected that month and is approved by two
leaders with no declared relation to it, donations name their donor, and every disclosure
equals the ledger and carries the fund stream's head hash.

Events are built as the domain's own attrs classes (so field validators run), unstructured
once by the converter, hashed and encoded exactly as `CattrsMapper.to_stored_event` does,
and inserted with ``app.recorder.insert_events`` in batches of 10,000 — not through
``handle`` (that is what ``commands.py`` measures). Memory stays flat: only the heads of
streams still in use are kept, and events are written batch by batch.

    python benchmarks/_data.py --events 100000 --db /tmp/store.db
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.persistence import StoredEvent

from nghedan_core import NgheDan
from nghedan_core.aggregates import (
    Event,
    complaint,
    fund,
    household,
    official,
    session,
    unit,
    visit,
    volunteer,
)
from nghedan_core.authority import SETUP_TOPICS, roles_recording
from nghedan_core.config import PolicyConfig
from nghedan_core.serialization import (
    CONVERTER,
    GENESIS,
    RECORD_STREAM,
    TOPICS,
    RecordStarted,
    canonical_json,
    event_hash,
)
from nghedan_core.values import (
    VIETNAM_TZ,
    Appointment,
    ComplaintCategory,
    ContributionSource,
    DeregistrationReason,
    DisbursementPurpose,
    FundingSource,
    HardshipCause,
    HouseholdCategory,
    Month,
    OfficialRole,
    Person,
    RecordReason,
    SessionLevel,
    SupervisorKind,
    SupportKind,
    UnitKind,
    Vnd,
    VolunteerWorkKind,
)

__all__ = ["BATCH", "generate", "raw_insert", "sample_uuid", "write_store"]

BATCH = 10_000
EVENTS_PER_COMMUNE = 1_000
_TOPIC_OF = {cls: topic for topic, cls in TOPICS.items()}
_START = Month(2024, 1)

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Thạch", "Sơn", "Kim", "Huỳnh", "Võ", "Đặng")
_MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc")
_GIVEN = ("An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Lợi", "Mai", "Nam", "Sang", "Tâm")
_COMPLAINTS = (
    (ComplaintCategory.INFRASTRUCTURE, "Đường vào ấp xuống cấp, mùa mưa lầy lội, đề nghị sửa"),
    (ComplaintCategory.LAND, "Đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất cho hộ"),
    (ComplaintCategory.ENVIRONMENT, "Trại nuôi heo xả thải ra kênh gây ô nhiễm"),
    (ComplaintCategory.SOCIAL_POLICY, "Hộ chưa được xét vào danh sách hộ cận nghèo"),
    (ComplaintCategory.SECURITY_ORDER, "Thanh niên tụ tập đua xe ban đêm trên đường liên ấp"),
    (ComplaintCategory.ADMINISTRATIVE, "Thủ tục chứng thực còn chậm, đề nghị rút ngắn"),
    (ComplaintCategory.OTHER, "Đề nghị lắp thêm đèn chiếu sáng ở ngã ba"),
)


_TABLE = (
    "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
    "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
)


def raw_insert(source: Path, target: Path) -> int:
    """The raw baseline: executemany `source`'s rows into a new file, one transaction.

    Returns how many rows the new file holds.
    """
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    try:
        dst.execute("PRAGMA journal_mode=WAL")
        dst.execute(_TABLE)
        rows = src.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid"
        )
        dst.execute("BEGIN")
        dst.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", rows)
        dst.execute("COMMIT")
        (count,) = dst.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    finally:
        src.close()
        dst.close()
    return int(count)


def sample_uuid(rng: random.Random) -> UUID:
    """A random (version 4) UUID from `rng`, so a store is reproducible from its seed."""
    return UUID(int=rng.getrandbits(128), version=4)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _at(month: Month, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(month.year, month.month, day, hour, minute, tzinfo=VIETNAM_TZ)


def _last_day(month: Month) -> date:
    nxt = _next_month(month)
    return date(nxt.year, nxt.month, 1) - timedelta(days=1)


def _next_month(month: Month) -> Month:
    y, m = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    return Month(y, m)


#: the administrator who starts the synthetic store (ADR 0018)
ADMINISTRATOR: Final = UUID("00000000-0000-4000-8000-00000000ad01")


class _Log:
    """Seals events into per-stream chains and encodes them as the mapper does.

    Every event names its actor as the domain would have recorded it (ADR 0018): the
    administrator for units and officials; else the official an act in person names (an
    approver, a requester); else the acting commune's first leader, clerk or MTTQ member,
    the first of them whose role records such an event (`authority.roles_recording`).
    """

    def __init__(self) -> None:
        self.heads: dict[UUID, tuple[int, str]] = {}
        self.out: list[StoredEvent] = []
        #: the commune whose officials act (None: the administrator)
        self.commune: _Commune | None = None

    def actor(self, topic: str, payload: dict[str, Any]) -> str:
        c = self.commune
        if c is None or topic.startswith(SETUP_TOPICS):
            return str(ADMINISTRATOR)
        for key in ("approver", "requested_by", "rejected_by"):
            if payload.get(key):
                return str(payload[key])
        if payload.get("approvers"):
            return str(payload["approvers"][0])
        roles = roles_recording(topic) or frozenset()
        for role, who in (("leader", c.leaders[0]), ("clerk", c.clerk), ("mttq", c.supervisor)):
            if role in roles:
                return str(who)
        return str(c.clerk)

    def emit(self, stream: UUID, event: Event, *, end: bool = False) -> str:
        """Record `event` on `stream`; `end` forgets a stream that will not be written again."""
        version, prev = self.heads.get(stream, (0, GENESIS))
        version += 1
        topic = _TOPIC_OF[type(event)]
        payload = CONVERTER.unstructure(event)
        recorded_at = (event.occurred_at + timedelta(minutes=5)).astimezone(UTC).isoformat()
        actor = self.actor(topic, payload)
        digest = event_hash(stream, version, topic, recorded_at, payload, prev, actor)
        state: dict[str, Any] = {
            "actor": actor,
            "payload": payload,
            "recorded_at": recorded_at,
            "prev": prev,
            "hash": digest,
        }
        class_version = getattr(type(event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        self.out.append(
            StoredEvent(
                originator_id=stream,
                originator_version=version,
                topic=topic,
                state=canonical_json(state),
            )
        )
        if end:
            self.heads.pop(stream, None)
        else:
            self.heads[stream] = (version, digest)
        return digest

    def head(self, stream: UUID) -> str:
        return self.heads.get(stream, (0, GENESIS))[1]


class _Household:
    __slots__ = ("active", "head", "hid")

    def __init__(self, hid: UUID, head: UUID) -> None:
        self.hid = hid
        self.head = head
        self.active = True


class _Commune:
    """One commune's long-lived state: its ids, its fund's figures, its pending work."""

    def __init__(self, index: int, rng: random.Random) -> None:
        self.index = index
        self.code = f"{10000 + index:05d}"
        self.hamlets = [f"{self.code}-{h:02d}" for h in range(1, 6)]
        self.spare_hamlet = f"{self.code}-99"
        self.leaders = [sample_uuid(rng), sample_uuid(rng)]
        self.clerk = sample_uuid(rng)
        self.supervisor = sample_uuid(rng)
        self.households: list[_Household] = []
        self.balance = 0
        self.fund = fund.fund_id(self.code)
        self.month_moves = [0, 0, 0]  # receipts, payments, reversals this month
        self.month_opening = 0
        self.pending: list[tuple[UUID, str]] = []  # complaints awaiting an answer: id, kind
        self.paid: list[tuple[UUID, int]] = []  # this month's payments (for a reversal)
        self.months = 0
        self.merged = False


class _World:
    def __init__(self, communes: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.log = _Log()
        self.communes = [_Commune(i, self.rng) for i in range(communes)]
        self._rejected_once = False

    # --- setup ----------------------------------------------------------------------------

    def province(self) -> None:
        at = _at(_START, 1, 7)
        self.log.emit(
            RECORD_STREAM,
            RecordStarted(
                occurred_at=at,
                administrator_id=ADMINISTRATOR,
                administrator_name="Quản trị viên dữ liệu tổng hợp",
            ),
        )
        self.log.emit(
            unit.unit_id("94"),
            unit.UnitRegistered(
                occurred_at=at, code="94", name="Tỉnh Trà Vinh", kind=UnitKind.PROVINCE
            ),
        )

    def setup(self, c: _Commune, month: Month) -> None:
        rng, emit = self.rng, self.log.emit
        at = _at(month, 1, 7, rng.randrange(60))
        emit(
            unit.unit_id(c.code),
            unit.UnitRegistered(
                occurred_at=at,
                code=c.code,
                name=f"Xã số {c.index + 1}",
                kind=UnitKind.COMMUNE,
                parent="94",
            ),
        )
        for i, code in enumerate([*c.hamlets, c.spare_hamlet], start=1):
            emit(
                unit.unit_id(code),
                unit.UnitRegistered(
                    occurred_at=at,
                    code=code,
                    name=f"Ấp {i}",
                    kind=UnitKind.HAMLET,
                    parent=c.code,
                ),
            )
        for official_id, position, role in (
            (c.leaders[0], "Chủ tịch UBND xã", OfficialRole.LEADER),
            (c.leaders[1], "Phó Chủ tịch UBND xã", OfficialRole.LEADER),
            (c.clerk, "Văn phòng - Thống kê", OfficialRole.CLERK),
            (c.supervisor, "Chủ tịch UBMTTQ xã", OfficialRole.MTTQ),
        ):
            self.register_official(c, official_id, position, role, at)
        emit(c.fund, fund.FundOpened(occurred_at=at, unit=c.code, name=f"Quỹ Xã số {c.index + 1}"))
        for _ in range(40):
            self.register_household(c, at)
        # the clerk is related to one household: declared, and never an approver
        emit(
            c.clerk,
            official.RelativeDeclared(
                occurred_at=at, relation="anh ruột", household_id=c.households[0].hid
            ),
        )
        self.receive(c, month, 1, ContributionSource.LAWFUL_DONATION, 20_000_000)

    def register_official(
        self, c: _Commune, official_id: UUID, position: str, role: OfficialRole, at: datetime
    ) -> None:
        self.log.emit(
            official_id,
            official.OfficialRegistered(
                occurred_at=at,
                official_id=official_id,
                unit=c.code,
                full_name=_name(self.rng),
                position=position,
                roles=frozenset({role}),
            ),
        )

    def register_household(self, c: _Commune, at: datetime) -> None:
        rng = self.rng
        hid, head = sample_uuid(rng), sample_uuid(rng)
        self.log.emit(
            hid,
            household.HouseholdRegistered(
                occurred_at=at,
                household_id=hid,
                unit=c.code,
                hamlet=rng.choice(c.hamlets),
                head=Person(person_id=head, full_name=_name(rng), phone="0901234567"),
                categories=frozenset(
                    rng.sample(
                        [
                            HouseholdCategory.POOR,
                            HouseholdCategory.NEAR_POOR,
                            HouseholdCategory.LONELY_ELDERLY,
                            HouseholdCategory.POLICY_FAMILY,
                            HouseholdCategory.HOUSING_DIFFICULTY,
                        ],
                        rng.randint(1, 2),
                    )
                ),
                circumstances="Hoàn cảnh khó khăn, thu nhập không ổn định",
            ),
        )
        c.households.append(_Household(hid, head))

    # --- fund -----------------------------------------------------------------------------

    def receive(
        self,
        c: _Commune,
        month: Month,
        day: int,
        source: ContributionSource,
        amount: int,
        pledge_id: UUID | None = None,
        donor: str | None = None,
    ) -> None:
        if source is ContributionSource.LAWFUL_DONATION and donor is None:
            donor = "Công ty TNHH Phát Đạt"
        self.log.emit(
            c.fund,
            fund.ContributionReceived(
                occurred_at=_at(month, day, 9),
                receipt_id=sample_uuid(self.rng),
                amount=Vnd(amount),
                source=source,
                pledge_id=pledge_id,
                contributor=_name(self.rng) if source is ContributionSource.SESSION else None,
                donor=donor,
            ),
        )
        c.balance += amount
        c.month_moves[0] += amount

    def _request(
        self,
        c: _Commune,
        at: datetime,
        purpose: DisbursementPurpose,
        amount: int,
        hh: _Household,
        visit_id: UUID | None,
        disbursement_id: UUID,
    ) -> None:
        """The commune's clerk asks for a payment (`fund.PaymentRequested`)."""
        self.log.emit(
            c.fund,
            fund.PaymentRequested(
                occurred_at=at,
                disbursement_id=disbursement_id,
                purpose=purpose,
                amount=Vnd(amount),
                household_id=hh.hid,
                requested_by=c.clerk,
                visit_id=visit_id,
            ),
        )

    def pay(
        self,
        c: _Commune,
        at: datetime,
        purpose: DisbursementPurpose,
        amount: int,
        hh: _Household,
        visit_id: UUID | None,
        disbursement_id: UUID,
    ) -> bool:
        if amount > c.balance:
            return False
        if amount >= PolicyConfig().dual_approval_threshold_vnd:
            if not self._rejected_once:
                # once in a history: a request the chair turns down (it is asked again below)
                self._rejected_once = True
                turned_down = uuid5(disbursement_id, "rejected")
                self._request(c, at, purpose, amount, hh, visit_id, turned_down)
                self.log.emit(
                    c.fund,
                    fund.PaymentRejected(
                        occurred_at=at,
                        disbursement_id=turned_down,
                        rejected_by=c.leaders[0],
                        reason="Hồ sơ chưa đủ, đề nghị lại",
                    ),
                )
            # at the threshold: the clerk requests, each leader approves as themselves
            self._request(c, at, purpose, amount, hh, visit_id, disbursement_id)
            for leader in c.leaders:
                self.log.emit(
                    c.fund,
                    fund.PaymentApproved(
                        occurred_at=at, disbursement_id=disbursement_id, approver=leader
                    ),
                )
        self.log.emit(
            c.fund,
            fund.DisbursementMade(
                occurred_at=at,
                disbursement_id=disbursement_id,
                purpose=purpose,
                amount=Vnd(amount),
                household_id=hh.hid,
                visit_id=visit_id,
                approvers=tuple(c.leaders),
                note=None,
            ),
        )
        c.balance -= amount
        c.month_moves[1] += amount
        c.paid.append((disbursement_id, amount))
        self.log.emit(
            hh.hid,
            household.SupportDelivered(
                occurred_at=at,
                kind=purpose.support_kind,
                value=Vnd(amount),
                funded_by=FundingSource.FUND,
                disbursement_id=disbursement_id,
                visit_id=visit_id,
            ),
        )
        return True

    # --- one commune-month ------------------------------------------------------------------

    def month(self, c: _Commune, month: Month) -> None:
        rng, emit = self.rng, self.log.emit
        forced = c.index == 0 and c.months == 1  # commune 0's second month shows every rarity

        def chance(p: float) -> bool:
            return forced or rng.random() < p

        c.paid = []
        sid = session.session_id(c.code, month, SessionLevel.COMMUNE)
        hamlet = c.hamlets[c.months % len(c.hamlets)]
        day = 5
        emit(
            sid,
            session.SessionScheduled(
                occurred_at=_at(month, 1, 8),
                unit=c.code,
                month=month,
                level=SessionLevel.COMMUNE,
                date=date(month.year, month.month, day),
                reception_hamlet=hamlet,
                hosts=tuple(c.leaders),
            ),
        )
        if chance(0.1):
            day = 6
            emit(
                sid,
                session.SessionRescheduled(
                    occurred_at=_at(month, 2, 8),
                    date=date(month.year, month.month, day),
                    reason="Trùng lịch họp của huyện",
                ),
            )
        emit(
            sid,
            session.FlagCeremonyHeld(
                occurred_at=_at(month, 2, 7), attendees=rng.randint(40, 120), note=None
            ),
        )
        self.receive(c, month, 2, ContributionSource.FLAG_CEREMONY, rng.randint(10, 30) * 100_000)
        emit(
            sid,
            session.ReceptionHeld(
                occurred_at=_at(month, day, 8), hamlet=hamlet, attendees=rng.randint(20, 80)
            ),
        )
        if chance(0.3):
            self.receive(c, month, day, ContributionSource.SESSION, rng.randint(2, 10) * 100_000)
        for _ in range(rng.randint(2, 3)):
            emit(
                sid,
                session.ProposalHeard(
                    occurred_at=_at(month, day, 9),
                    proposer=_name(rng),
                    content="Đề nghị nạo vét kênh thủy lợi nội đồng",
                ),
            )
        self.complaints(c, month, sid, hamlet, day, chance)
        if chance(0.2):
            emit(
                sid,
                session.OfficialCommended(
                    occurred_at=_at(month, day, 11),
                    official_id=c.leaders[1],
                    reason="Giải quyết dứt điểm kiến nghị",
                ),
            )
        if chance(0.1):
            emit(
                sid,
                session.OfficialReminded(
                    occurred_at=_at(month, day, 11),
                    official_id=c.clerk,
                    reason="Trả lời chậm so với lịch hẹn",
                ),
            )
        visits = self.households_and_visits(c, month, sid, day, chance)
        self.donations(c, month, chance)
        self.volunteer(c, month, chance)
        emit(
            sid,
            session.MonthReviewed(
                occurred_at=_at(month, 27, 14),
                summary="Hoàn thành kế hoạch tháng",
                next_focus="Vệ sinh môi trường",
            ),
        )
        if chance(0.1):
            emit(
                sid,
                session.SessionInspected(
                    occurred_at=_at(month, 27, 15),
                    inspector_id=c.supervisor,
                    findings="Thực hiện đúng quy trình",
                    follow_ups=("Bổ sung biên bản",),
                ),
            )
        emit(
            sid,
            session.SessionClosed(
                occurred_at=_at(month, 28, 16),
                minutes="Biên bản buổi tiếp dân",
                visits_made=visits,
                visits_required=3,
                shortfall_reason=None if visits >= 3 else "Hộ đi làm ăn xa",
            ),
            end=True,
        )
        if chance(0.03):
            other = session.session_id(c.code, month, SessionLevel.SUPERVISORY)
            emit(
                other,
                session.SessionScheduled(
                    occurred_at=_at(month, 10, 8),
                    unit=c.code,
                    month=month,
                    level=SessionLevel.SUPERVISORY,
                    date=date(month.year, month.month, 20),
                    reception_hamlet=None,
                    hosts=(c.supervisor,),
                ),
            )
            emit(
                other,
                session.SessionCancelled(occurred_at=_at(month, 15, 8), reason="Bão số 3"),
                end=True,
            )
        self.rarities(c, month, chance)
        self.disclose(c, month)
        c.months += 1

    def complaints(
        self, c: _Commune, month: Month, sid: UUID, hamlet: str, day: int, chance: Any
    ) -> None:
        rng, emit = self.rng, self.log.emit
        leader = c.leaders[0]
        # last month's complaints taken on record or referred are answered now
        for cid, kind in c.pending:
            if kind == "referred" and chance(0.15):
                emit(
                    cid,
                    complaint.ComplaintWithdrawn(
                        occurred_at=_at(month, 3, 10), reason="Công dân rút đơn"
                    ),
                    end=True,
                )
                continue
            if chance(0.1):
                emit(
                    cid,
                    complaint.AppointmentRescheduled(
                        occurred_at=_at(month, 3, 10),
                        appointment=Appointment(at=_at(month, 12, 9), place="Trụ sở UBND xã"),
                        reason="Chờ kết quả đo đạc",
                    ),
                )
            emit(
                cid,
                complaint.ComplaintAnswered(
                    occurred_at=_at(month, 12, 10),
                    answer="Đã kiểm tra và có phương án xử lý",
                    answered_by=leader,
                    basis="Luật Đất đai 2024",
                ),
            )
            if chance(0.1):
                emit(
                    cid,
                    complaint.SupervisionNoted(
                        occurred_at=_at(month, 13, 10),
                        by=SupervisorKind.MTTQ,
                        note="Đã giám sát việc trả lời",
                        concern=False,
                    ),
                )
            if chance(0.05):
                emit(
                    cid,
                    complaint.CitizenFeedbackRecorded(
                        occurred_at=_at(month, 14, 10), satisfied=False, comment="Chưa thỏa đáng"
                    ),
                )
                emit(
                    cid,
                    complaint.ComplaintReopened(
                        occurred_at=_at(month, 14, 11), reason="Công dân chưa đồng ý"
                    ),
                )
                emit(
                    cid,
                    complaint.ComplaintAnswered(
                        occurred_at=_at(month, 18, 10),
                        answer="Trả lời bổ sung",
                        answered_by=leader,
                        basis=None,
                    ),
                )
            emit(
                cid,
                complaint.ComplaintResolved(
                    occurred_at=_at(month, 20, 10), resolution="Đã xử lý xong", resolved_by=leader
                ),
            )
            emit(
                cid,
                complaint.CitizenFeedbackRecorded(
                    occurred_at=_at(month, 21, 10), satisfied=True, comment=None
                ),
                end=True,
            )
        c.pending = []
        for _ in range(rng.randint(6, 9)):
            cid = sample_uuid(rng)
            category, content = rng.choice(_COMPLAINTS)
            raised_at = _at(month, day, 9, rng.randrange(60))
            emit(
                cid,
                complaint.ComplaintRaised(
                    occurred_at=raised_at,
                    complaint_id=cid,
                    session_id=sid,
                    unit=c.code,
                    hamlet=hamlet,
                    citizen=Person(person_id=sample_uuid(rng), full_name=_name(rng)),
                    category=category,
                    content=content,
                ),
            )
            # the session's record of it, saved with the complaint (as the application does)
            emit(sid, session.ComplaintReceived(occurred_at=raised_at, complaint_id=cid))
            roll = rng.random()
            appointment = Appointment(at=_at(_next_month(month), 10, 9), place="Trụ sở UBND xã")
            if roll < 0.5:
                emit(
                    cid,
                    complaint.ComplaintAnsweredOnSpot(
                        occurred_at=_at(month, day, 10),
                        answer="Đã giải thích chính sách tại chỗ",
                        answered_by=leader,
                        basis="Nghị định 07/2021/NĐ-CP",
                    ),
                    end=True,
                )
            elif roll < 0.85:
                emit(
                    cid,
                    complaint.ComplaintTakenOnRecord(
                        occurred_at=_at(month, day, 10),
                        reason=rng.choice(list(RecordReason)),
                        appointment=appointment,
                        responsible="Phòng Tài nguyên",
                    ),
                )
                c.pending.append((cid, "record"))
            else:
                emit(
                    cid,
                    complaint.ComplaintReferred(
                        occurred_at=_at(month, day, 10),
                        to_agency="UBND tỉnh",
                        appointment=appointment,
                    ),
                )
                c.pending.append((cid, "referred"))

    def households_and_visits(
        self, c: _Commune, month: Month, sid: UUID, day: int, chance: Any
    ) -> int:
        rng, emit = self.rng, self.log.emit
        # never the clerk's relative: the clerk is not an approver, but keep it simple
        eligible = [h for h in c.households[1:] if h.active]
        chosen = rng.sample(eligible, min(3, len(eligible)))
        for hh in chosen:
            emit(
                hh.hid,
                household.HouseholdAssessed(
                    occurred_at=_at(month, day - 1, 14),
                    criteria=("thu nhập", "nhà ở"),
                    score=rng.randint(60, 95),
                    assessed_by=c.clerk,
                ),
            )
            emit(
                hh.hid,
                household.HouseholdSelected(
                    occurred_at=_at(month, day, 15),
                    month=month,
                    selected_by=tuple(c.leaders),
                    justification="Hộ nghèo có hoàn cảnh đặc biệt khó khăn",
                ),
            )
        made = 0
        for hh in chosen:
            vid = sample_uuid(rng)
            emit(
                vid,
                visit.VisitPlanned(
                    occurred_at=_at(month, day, 16),
                    visit_id=vid,
                    session_id=sid,
                    unit=c.code,
                    household_id=hh.hid,
                    team=(c.leaders[0], c.supervisor),
                ),
            )
            gift = rng.randint(5, 20) * 100_000
            at = _at(month, day + 3, 9)
            payable = gift <= c.balance
            disbursement = visit.gift_disbursement_id(vid) if payable else None
            emit(
                vid,
                visit.VisitConducted(
                    occurred_at=at,
                    gift_value=Vnd(gift),
                    gift_description="Quà gồm gạo, sữa và tiền mặt",
                    gift_funded_by=FundingSource.FUND if payable else FundingSource.DONOR,
                    causes=frozenset({rng.choice(list(HardshipCause))}),
                    findings="Nhà xuống cấp, thiếu lao động",
                    support_direction="Hỗ trợ sửa nhà",
                    disbursement_id=disbursement,
                ),
                end=True,
            )
            made += 1
            if disbursement is not None:
                self.pay(c, at, DisbursementPurpose.GIFT, gift, hh, vid, disbursement)
            else:
                emit(
                    hh.hid,
                    household.SupportDelivered(
                        occurred_at=at,
                        kind=SupportKind.GIFT,
                        value=Vnd(gift),
                        funded_by=FundingSource.DONOR,
                        description="Quà của nhà hảo tâm",
                        visit_id=vid,
                    ),
                )
        if chance(0.1):
            vid = sample_uuid(rng)
            emit(
                vid,
                visit.VisitPlanned(
                    occurred_at=_at(month, day, 16),
                    visit_id=vid,
                    session_id=sid,
                    unit=c.code,
                    household_id=chosen[0].hid,
                    team=(c.leaders[1],),
                ),
            )
            emit(
                vid,
                visit.VisitCancelled(occurred_at=_at(month, day + 2, 8), reason="Hộ vắng nhà"),
                end=True,
            )
        # a house built, repaired or a toilet, every few months, for a selected household
        if chance(0.35):
            purpose, lo, hi = rng.choice(
                (
                    (DisbursementPurpose.HOUSE_BUILDING, 40, 60),
                    (DisbursementPurpose.HOUSE_REPAIR, 10, 25),
                    (DisbursementPurpose.TOILET, 5, 10),
                )
            )
            amount = rng.randint(lo, hi) * 1_000_000
            hh = chosen[-1]
            if not self.pay(c, _at(month, 22, 9), purpose, amount, hh, None, sample_uuid(rng)):
                emit(
                    hh.hid,
                    household.SupportDelivered(
                        occurred_at=_at(month, 22, 9),
                        kind=purpose.support_kind,
                        value=Vnd(amount),
                        funded_by=FundingSource.BUDGET,
                        description="Ngân sách hỗ trợ",
                    ),
                )
        return made

    def donations(self, c: _Commune, month: Month, chance: Any) -> None:
        rng, emit = self.rng, self.log.emit
        if chance(0.5):
            pid = sample_uuid(rng)
            amount = rng.randint(5, 40) * 1_000_000
            donor = rng.choice(("Công ty CP Thủy sản Trà Vinh", "Ngân hàng Agribank", "Chùa Âng"))
            emit(
                c.fund,
                fund.ContributionPledged(
                    occurred_at=_at(month, 8, 10),
                    pledge_id=pid,
                    amount=Vnd(amount),
                    source=ContributionSource.LAWFUL_DONATION,
                    donor=donor,
                ),
            )
            self.receive(c, month, 15, ContributionSource.LAWFUL_DONATION, amount, pid, donor)
        if chance(0.05):
            pid = sample_uuid(rng)
            emit(
                c.fund,
                fund.ContributionPledged(
                    occurred_at=_at(month, 8, 11),
                    pledge_id=pid,
                    amount=Vnd(5_000_000),
                    source=ContributionSource.LAWFUL_DONATION,
                    donor="Hộ kinh doanh Minh Phát",
                ),
            )
            emit(
                c.fund,
                fund.PledgeCancelled(
                    occurred_at=_at(month, 20, 11), pledge_id=pid, reason="Nhà tài trợ rút lại"
                ),
            )

    def volunteer(self, c: _Commune, month: Month, chance: Any) -> None:
        rng, emit = self.rng, self.log.emit
        for _ in range(2):
            wid = sample_uuid(rng)
            starts = _at(month, rng.randint(7, 25), 6)
            emit(
                wid,
                volunteer.VolunteerWorkPlanned(
                    occurred_at=starts - timedelta(days=3),
                    work_id=wid,
                    unit=c.code,
                    kind=rng.choice(list(VolunteerWorkKind)),
                    place=rng.choice(c.hamlets),
                    starts_at=starts,
                    task="Phát quang bụi rậm, vệ sinh tuyến đường",
                ),
            )
            emit(
                wid,
                volunteer.VolunteersNotified(
                    occurred_at=starts - timedelta(days=2),
                    notified_at=starts - timedelta(days=2),
                    notified="Đoàn thanh niên, Hội phụ nữ",
                    channel="loa phát thanh",
                ),
            )
            if chance(0.1):
                emit(
                    wid,
                    volunteer.VolunteerWorkCancelled(occurred_at=starts, reason="Mưa lớn"),
                    end=True,
                )
            else:
                emit(
                    wid,
                    volunteer.VolunteerWorkCompleted(
                        occurred_at=starts + timedelta(hours=4),
                        participants=rng.randint(10, 60),
                        length_m=rng.randint(200, 3000),
                        value=Vnd(rng.randint(0, 20) * 100_000),
                        note=None,
                    ),
                    end=True,
                )

    def rarities(self, c: _Commune, month: Month, chance: Any) -> None:
        rng, emit = self.rng, self.log.emit
        at = _at(month, 26, 10)
        if c.paid and chance(0.03):
            disbursement_id, amount = c.paid[0]
            emit(
                c.fund,
                fund.DisbursementReversed(
                    occurred_at=at,
                    disbursement_id=disbursement_id,
                    amount=Vnd(amount),
                    reason="Chi trùng, thu hồi",
                ),
            )
            c.balance += amount
            c.month_moves[2] += amount
        if chance(0.02):
            active = [h for h in c.households[1:] if h.active]
            if len(active) > 10:
                hh = rng.choice(active)
                hh.active = False
                emit(
                    hh.hid,
                    household.HouseholdDeregistered(
                        occurred_at=at, reason=DeregistrationReason.ESCAPED_POVERTY, note=None
                    ),
                    end=True,
                )
                self.register_household(c, at)
        if chance(0.01):
            emit(unit.unit_id(c.hamlets[-1]), unit.UnitRenamed(occurred_at=at, name="Ấp Mới"))
        if not c.merged and chance(0.02):
            c.merged = True
            emit(
                unit.unit_id(c.spare_hamlet),
                unit.UnitMerged(occurred_at=at, into=c.hamlets[0]),
                end=True,
            )
        if chance(0.01):
            # the clerk moves to another commune and a new clerk is registered
            target = self.communes[(c.index + 1) % len(self.communes)].code
            if target != c.code:
                emit(
                    c.clerk,
                    official.OfficialTransferred(
                        occurred_at=at, to_unit=target, position="Công chức Văn phòng"
                    ),
                )
            emit(c.clerk, official.OfficialLeft(occurred_at=at, reason="Nghỉ hưu"), end=True)
            c.clerk = sample_uuid(rng)
            self.register_official(c, c.clerk, "Văn phòng - Thống kê", OfficialRole.CLERK, at)

    def disclose(self, c: _Commune, month: Month) -> None:
        receipts, payments, reversals = c.month_moves
        self.log.emit(
            c.fund,
            fund.DisclosurePublished(
                occurred_at=_at(month, 28, 17),
                period_from=date(month.year, month.month, 1),
                period_to=_last_day(month),
                opening=Vnd(c.month_opening),
                receipts=Vnd(receipts),
                payments=Vnd(payments),
                reversals=Vnd(reversals),
                closing=Vnd(c.month_opening + receipts - payments + reversals),
                digest=self.log.head(c.fund),
            ),
        )
        c.month_opening = c.balance
        c.month_moves = [0, 0, 0]


def generate(events: int, *, seed: int = 2024) -> Iterator[StoredEvent]:
    """Yield `events` stored events of a sound synthetic history, in global order."""
    world = _World(max(1, events // EVENTS_PER_COMMUNE), seed)

    def unbounded() -> Iterator[StoredEvent]:
        log = world.log
        world.province()
        month = _START
        for c in world.communes:
            log.commune = c  # the administrator registers it, its officials record
            world.setup(c, month)
            yield from log.out
            log.out.clear()
        while True:
            for c in world.communes:
                log.commune = c
                world.month(c, month)
                yield from log.out
                log.out.clear()
            month = _next_month(month)

    def cut() -> Iterator[StoredEvent]:
        """The first `events`, never ending between a payment and the support saved with it.

        The domain saves a fund payment and the household's support together (ADR 0006), and
        the audit checks that each has the other; a last event that would be a payment
        without its support is a hamlet registered instead (a sound history of that length).
        """
        for n, stored in enumerate(itertools.islice(unbounded(), events), 1):
            if n == events and stored.topic == "fund.DisbursementMade":
                code = "94-pad"
                world.log.emit(
                    unit.unit_id(code),
                    unit.UnitRegistered(
                        occurred_at=_at(_START, 1, 7),
                        code=code,
                        name="Ấp dự phòng",
                        kind=UnitKind.HAMLET,
                        parent=world.communes[0].code,
                    ),
                )
                yield world.log.out.pop()
                return
            yield stored

    return cut()


def write_store(app: NgheDan, events: int, *, seed: int = 2024, batch: int = BATCH) -> int:
    """Insert `events` synthetic events into `app`'s (empty) store; return how many."""
    mapper = app.mapper
    if mapper.compressor is not None or mapper.cipher is not None:
        raise ValueError("the synthetic store is written without compression or encryption")
    insert = app.recorder.insert_events
    it = generate(events, seed=seed)
    written = 0
    while chunk := list(itertools.islice(it, batch)):
        insert(chunk)
        written += len(chunk)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", required=True, help="SQLite file to create (must not exist)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    path = Path(args.db)
    if path.exists():
        sys.exit(f"{path} exists; the synthetic store is written into a new file")
    started = time.perf_counter()
    app = NgheDan(f"sqlite:///{path}")
    written = write_store(app, args.events, seed=args.seed)
    app.close()
    seconds = time.perf_counter() - started
    print(json.dumps({"events": written, "seconds": round(seconds, 2), "db": str(path)}))


if __name__ == "__main__":
    main()
