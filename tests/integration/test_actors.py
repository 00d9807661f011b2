"""The acting person (ADR 0018): every write is carried out by someone of the record.

These tests use the core as it is (`strict_actors`): no test official is picked for them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import UUID, uuid4

import pytest

import nghedan_core as n
from nghedan_core import NgheDan, Vnd
from nghedan_core.audit import audit
from nghedan_core.errors import ActorError, DomainError
from nghedan_core.exchange import export_events, read_events, restore_events
from nghedan_core.serialization import event_hash

from world import COMMUNE, HAMLETS, at

pytestmark = pytest.mark.usefixtures("strict_actors")


class Record:
    """A store started by its administrator, with a commune, its officials and a fund."""

    def __init__(self, app: NgheDan) -> None:
        """Record it in `app`."""
        self.app = app
        self.admin = app.start_record("Nguyễn Văn Quản")
        a = self.admin
        app.handle(
            n.RegisterUnit(code="94", name="Tỉnh Trà Vinh", kind=n.UnitKind.PROVINCE), actor=a
        )
        for code, name in ((COMMUNE, "Xã Ninh Thới"), ("29501", "Xã Hòa Ân")):
            app.handle(
                n.RegisterUnit(code=code, name=name, kind=n.UnitKind.COMMUNE, parent="94"),
                actor=a,
            )
        app.handle(
            n.RegisterUnit(
                code=HAMLETS[0], name="Ấp Ô Rồm", kind=n.UnitKind.HAMLET, parent=COMMUNE
            ),
            actor=a,
        )
        self.chair = self.official(COMMUNE, n.OfficialRole.LEADER, "Trần Văn An")
        self.clerk = self.official(COMMUNE, n.OfficialRole.CLERK, "Ngô Văn Cường")
        self.mttq = self.official(COMMUNE, n.OfficialRole.MTTQ, "Hồ Thị Giang")
        self.other_clerk = self.official("29501", n.OfficialRole.CLERK, "Hứa Văn Phúc")
        self.other_leader = self.official("29501", n.OfficialRole.LEADER, "Châu Văn Đức")
        app.handle(n.OpenFund(unit=COMMUNE, occurred_at=at(1)), actor=self.clerk)
        app.handle(self.receipt(), actor=self.clerk)
        self.household = uuid4()
        app.handle(
            n.RegisterHousehold(
                household_id=self.household,
                unit=COMMUNE,
                hamlet=HAMLETS[0],
                head=n.Person(person_id=uuid4(), full_name="Lâm Thị Én"),
                categories=frozenset({n.HouseholdCategory.POOR}),
                occurred_at=at(1),
            ),
            actor=self.clerk,
        )
        app.handle(
            n.SelectHousehold(
                household_id=self.household,
                month=n.Month(2024, 3),
                selected_by=(self.chair,),
                occurred_at=at(2),
            ),
            actor=self.chair,
        )

    def official(self, unit: str, role: n.OfficialRole, name: str) -> UUID:
        """Register an official (by the administrator); their id."""
        official = uuid4()
        self.app.handle(
            n.RegisterOfficial(
                official_id=official,
                unit=unit,
                full_name=name,
                position="Cán bộ",
                roles=frozenset({role}),
                occurred_at=at(1),
            ),
            actor=self.admin,
        )
        return official

    @staticmethod
    def receipt() -> n.ReceiveContribution:
        """A receipt of the commune's fund."""
        return n.ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            amount=Vnd(2_000_000),
            source=n.ContributionSource.FLAG_CEREMONY,
            occurred_at=at(4),
        )

    def payment(self, approver: UUID) -> n.MakeDisbursement:
        """A one-step gift payment approved by `approver`."""
        return n.MakeDisbursement(
            unit=COMMUNE,
            disbursement_id=uuid4(),
            purpose=n.DisbursementPurpose.GIFT,
            amount=Vnd(500_000),
            household_id=self.household,
            approvers=(approver,),
            occurred_at=at(5),
        )


@pytest.fixture
def record() -> Record:
    return Record(NgheDan("memory://"))


def refused(record: Record, command: n.Command, actor: UUID | None) -> DomainError:
    before = record.app.max_position()
    with pytest.raises(ActorError) as caught:
        record.app.handle(command, actor=actor)
    assert record.app.max_position() == before
    return caught.value


def test_a_write_without_an_actor_is_refused(record: Record) -> None:
    error = refused(record, record.receipt(), None)
    assert error.code == "actor.required"
    assert "phải do một người được ghi nhận thực hiện" in error.message("vi")
    result = record.app.handle_many([record.receipt()])
    assert result.error is not None
    assert result.error.code == "actor.required"


def test_an_actor_who_is_nobody_of_the_record_is_refused(record: Record) -> None:
    assert refused(record, record.receipt(), uuid4()).code == "actor.unknown"


def test_an_official_of_another_commune_is_refused(record: Record) -> None:
    error = refused(record, record.receipt(), record.other_clerk)
    assert error.code == "actor.out_of_scope"
    assert error.params["unit"] == COMMUNE
    assert error.params["scope"] == "29501"


def test_an_mttq_member_paying_is_refused(record: Record) -> None:
    error = refused(record, record.payment(record.mttq), record.mttq)
    assert error.code == "actor.role_forbidden"


def test_a_clerk_approving_is_refused(record: Record) -> None:
    requested = uuid4()
    record.app.handle(
        n.RequestPayment(
            unit=COMMUNE,
            disbursement_id=requested,
            purpose=n.DisbursementPurpose.GIFT,
            amount=Vnd(500_000),
            household_id=record.household,
            requested_by=record.clerk,
            occurred_at=at(5),
        ),
        actor=record.clerk,
    )
    approval = n.ApprovePayment(unit=COMMUNE, disbursement_id=requested, approver=record.clerk)
    assert refused(record, approval, record.clerk).code == "actor.role_forbidden"


def test_a_leader_approving_for_another_is_refused(record: Record) -> None:
    error = refused(record, record.payment(record.chair), record.other_leader)
    assert error.code == "actor.out_of_scope"
    second = record.official(COMMUNE, n.OfficialRole.LEADER, "Lê Thị Bình")
    assert refused(record, record.payment(record.chair), second).code == "actor.not_own_act"


def test_the_administrator_does_no_business(record: Record) -> None:
    error = refused(record, record.receipt(), record.admin)
    assert error.code == "actor.setup_only"
    assert "chỉ thiết lập hồ sơ" in error.message("vi")


def test_an_official_who_left_acts_no_more(record: Record) -> None:
    record.app.handle(
        n.LeaveOffice(official_id=record.clerk, reason="Nghỉ hưu", occurred_at=at(6)),
        actor=record.admin,
    )
    assert refused(record, record.receipt(), record.clerk).code == "actor.not_serving"


def test_the_audit_forgets_a_role_found_held_once_the_official_left(record: Record) -> None:
    # the clerk's receipt passes (the auditor remembers the act as held); the same act
    # replayed after the clerk left office must be named, not taken from that memory
    app = record.app
    app.handle(
        n.LeaveOffice(official_id=record.clerk, reason="Nghỉ hưu", occurred_at=at(6)),
        actor=record.admin,
    )
    records = list(app.records())
    receipt = next(r for r in records if r.topic == "fund.ContributionReceived")
    again = receipt._replace(position=records[-1].position + 1)
    report = audit([*records, again])
    check = report.check("acts.actor_held_role")
    assert not check.passed
    assert check.violations == 1
    assert f"vị trí {again.position}" in check.detail
    assert audit(records).check("acts.actor_held_role").passed


def test_a_store_is_started_once_and_only_when_empty(record: Record) -> None:
    with pytest.raises(ActorError) as caught:
        record.app.start_record("Người khác")
    assert caught.value.code == "actor.record_started"
    started = record.app.administrator()
    assert started is not None
    assert started.administrator_id == record.admin
    assert started.administrator_name == "Nguyễn Văn Quản"


def test_every_event_names_its_actor_in_the_store_and_the_export(record: Record) -> None:
    paid = record.app.handle(record.payment(record.chair), actor=record.chair)
    assert {r.actor for r in paid} == {record.chair}
    lines = list(export_events(record.app.records()))
    rows = [json.loads(line) for line in lines]
    assert all("actor" in row and "recorded_at" in row for row in rows)
    assert rows[0]["actor"] == str(record.admin)
    assert rows[-1]["actor"] == str(record.chair)
    assert record.app.audit().passed
    # the restore keeps each event's actor and recorded time: the same hashes, line for line
    restored = NgheDan("memory://")
    restore_events(restored, lines)
    assert list(export_events(restored.records())) == lines
    # an export line's actor is covered by its hash
    edited = {**rows[-1], "actor": str(record.clerk)}
    broken = [*lines[:-1], json.dumps(edited) + "\n"]
    assert not n.audit.audit(read_events(broken)).check("chain.intact").passed


def test_an_event_without_an_actor_still_reads_and_verifies(record: Record) -> None:
    lines = list(export_events(record.app.records()))
    first = json.loads(lines[0])
    del first["actor"]
    first["hash"] = event_hash(
        UUID(first["stream_id"]),
        first["version"],
        first["topic"],
        first["recorded_at"],
        first["payload"],
        first["prev"],
    )
    old = [json.dumps(first) + "\n"]
    assert n.audit.audit(read_events(old)).check("chain.intact").passed


def test_the_audit_names_an_act_written_in_by_someone_without_the_role(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    record = Record(NgheDan(f"sqlite:///{path}"))
    record.app.close()
    # the MTTQ member "receives" money: a row written straight into the database, its hash
    # recomputed so the chain holds
    position = forge(path, "fund.ContributionReceived", record.mttq, receipt_id=str(uuid4()))
    report = audit_of(path)
    assert report.check("chain.intact").passed
    check = report.check("acts.actor_held_role")
    assert not check.passed
    assert f"vị trí {position}" in check.detail


# --- erasure has an actor (ADR 0018, addendum) ------------------------------------------------


def head_key(record: Record) -> list[object]:
    """The key rows of the household's data and its head's (empty once erased)."""
    _known, subjects = n.erasure.subjects_of(str(record.household), record.app.records())
    rows = record.app.personal.keystore.fetch(subjects)
    return [s for s, row in rows.items() if row.key is not None]


def test_an_erasure_is_carried_out_by_a_leader_or_the_administrator(record: Record) -> None:
    """No actor, a clerk, an MTTQ member, a leader of another commune: nothing erased."""
    app, subject = record.app, str(record.household)
    before = app.max_position()
    for actor, code in (
        (None, "actor.required"),
        (uuid4(), "actor.unknown"),
        (record.clerk, "actor.role_forbidden"),
        (record.mttq, "actor.role_forbidden"),
        (record.other_leader, "actor.out_of_scope"),
    ):
        with pytest.raises(ActorError) as caught:
            n.erasure.erase_person(app, subject, actor=actor)
        assert caught.value.code == code
        assert head_key(record)  # the key is still there
    assert app.max_position() == before
    message = n.messages.render("actor.role_forbidden", caught_params(app, record), "vi")
    assert "xoá dữ liệu cá nhân" in message
    erasure = n.erasure.erase_person(app, subject, actor=record.chair)
    assert erasure.destroyed
    assert not head_key(record)
    last = list(app.records())[-1]
    assert (last.topic, last.actor) == ("nghedan.PersonalDataErased", str(record.chair))
    assert app.audit().check("acts.actor_held_role").passed


def caught_params(app: NgheDan, record: Record) -> dict[str, object]:
    """The parameters of a clerk's refused erasure."""
    with pytest.raises(ActorError) as caught:
        n.erasure.erase_person(app, str(record.household), actor=record.clerk)
    return caught.value.params


def test_the_administrator_may_erase(record: Record) -> None:
    n.erasure.erase_person(record.app, str(record.household), actor=record.admin)
    assert not head_key(record)
    last = list(record.app.records())[-1]
    assert last.actor == str(record.admin)
    assert record.app.audit().check("acts.actor_held_role").passed


# --- imports on behalf of their operator (ADR 0018, addendum) ---------------------------------


def history(record: Record, deputy: UUID, *, approver: UUID | None = None) -> list[str]:
    """A commune's history kept elsewhere: a receipt, a clerk's request, two approvals."""
    paid = uuid4()
    commands: list[n.Command] = [
        n.ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            amount=Vnd(8_000_000),
            source=n.ContributionSource.FLAG_CEREMONY,
            occurred_at=at(5, 7),
        ),
        n.RequestPayment(
            unit=COMMUNE,
            disbursement_id=paid,
            purpose=n.DisbursementPurpose.OTHER_SUPPORT,
            amount=Vnd(6_000_000),
            household_id=record.household,
            requested_by=record.clerk,
            occurred_at=at(5, 8),
        ),
        n.ApprovePayment(
            unit=COMMUNE, disbursement_id=paid, approver=record.chair, occurred_at=at(5, 9)
        ),
        n.ApprovePayment(
            unit=COMMUNE,
            disbursement_id=paid,
            approver=approver or deputy,
            occurred_at=at(5, 10),
        ),
    ]
    return [
        json.dumps({"command": type(c).__name__, **n.serialization.unstructure(c)})
        for c in commands
    ]


def test_one_clerk_imports_a_history_of_clerks_and_leaders_and_the_audit_passes(
    record: Record,
) -> None:
    deputy = record.official(COMMUNE, n.OfficialRole.LEADER, "Lê Thị Bình")
    app = record.app
    before = app.max_position()
    result = n.exchange.import_commands(app, history(record, deputy), actor=record.clerk)
    assert result.ok, result.failure
    added = [r for r in app.records() if r.position > before]
    assert {r.actor for r in added} == {str(record.clerk)}
    assert all(
        r.payload.get("imported") is True for r in added if r.topic != "nghedan.CommandAccepted"
    )
    made = [r for r in added if r.topic == "fund.DisbursementMade"]
    assert [p["approvers"] for p in (r.payload for r in made)] == [[str(record.chair), str(deputy)]]
    report = app.audit()
    assert report.check("acts.actor_held_role").passed
    assert report.passed, [c.code for c in report.checks if not c.passed]
    # live, the same clerk still may not approve: the rule is the import's alone
    paid = made[0].payload["disbursement_id"]
    approval = n.ApprovePayment(unit=COMMUNE, disbursement_id=UUID(paid), approver=record.clerk)
    assert refused(record, approval, record.clerk).code == "actor.role_forbidden"


def test_an_operator_of_another_commune_or_without_the_role_imports_nothing(
    record: Record,
) -> None:
    deputy = record.official(COMMUNE, n.OfficialRole.LEADER, "Lê Thị Bình")
    app = record.app
    before = app.max_position()
    for operator, code in (
        (record.other_clerk, "actor.import_out_of_scope"),
        (record.other_leader, "actor.import_out_of_scope"),
        (record.mttq, "actor.import_forbidden"),
    ):
        result = n.exchange.import_commands(app, history(record, deputy), actor=operator)
        assert result.failure is not None
        assert result.failure.error.code == code
        assert result.recorded == 0
    assert app.max_position() == before
    vi = result.failure.message("vi")
    assert "nhập lịch sử" in vi


def test_an_import_still_checks_every_official_it_names(record: Record) -> None:
    """A leader of another commune named as approver is refused, whoever imports."""
    deputy = record.official(COMMUNE, n.OfficialRole.LEADER, "Lê Thị Bình")
    lines = history(record, deputy, approver=record.other_leader)
    result = n.exchange.import_commands(record.app, lines, actor=record.clerk)
    assert result.failure is not None
    assert result.recorded == 3
    assert not result.failure.error.code.startswith("actor.")


def test_an_import_by_function_still_names_each_official(record: Record) -> None:
    """`import_commands(..., actor=callable)`: each act by the official it names."""
    deputy = record.official(COMMUNE, n.OfficialRole.LEADER, "Lê Thị Bình")
    acting = {"ApprovePayment": None, "RequestPayment": record.clerk}

    def who(command: n.Command) -> UUID | None:
        return (
            getattr(command, "approver", None) or acting.get(type(command).__name__) or record.clerk
        )

    result = n.exchange.import_commands(record.app, history(record, deputy), actor=who)
    assert result.ok, result.failure
    approvals = [r for r in record.app.records() if r.topic == "fund.PaymentApproved"]
    assert {r.actor for r in approvals} == {str(record.chair), str(deputy)}
    assert record.app.audit().check("acts.actor_held_role").passed


def forge(path: Path, topic: str, actor: UUID, **changes: object) -> int:
    """Write one more event of `topic` straight into the SQLite file, its hash valid."""
    db = sqlite3.connect(path)
    stream, version, state = db.execute(
        "SELECT originator_id, originator_version, state FROM stored_events"
        " WHERE topic = ? ORDER BY rowid DESC LIMIT 1",
        (topic,),
    ).fetchone()
    last = json.loads(bytes(state))
    payload = {k: v for k, v in {**last["payload"], **changes}.items() if v is not None}
    digest = event_hash(
        UUID(hex=stream), version + 1, topic, last["recorded_at"], payload, last["hash"], str(actor)
    )
    forged = {**last, "payload": payload, "prev": last["hash"], "hash": digest, "actor": str(actor)}
    db.execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state)"
        " VALUES (?, ?, ?, ?)",
        (stream, version + 1, topic, n.serialization.canonical_json(forged)),
    )
    db.commit()
    position = db.execute("SELECT max(rowid) FROM stored_events").fetchone()[0]
    db.close()
    return int(position)


def audit_of(path: Path) -> n.audit.AuditReport:
    app = NgheDan(f"sqlite:///{path}")
    try:
        return app.audit()
    finally:
        app.close()


def test_the_audit_names_an_imported_act_of_someone_who_may_not_import(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    record = Record(NgheDan(f"sqlite:///{path}"))
    record.app.close()
    # marked imported, "imported" by the clerk of another commune: a row written in by hand
    position = forge(
        path,
        "fund.ContributionReceived",
        record.other_clerk,
        receipt_id=str(uuid4()),
        imported=True,
    )
    report = audit_of(path)
    assert report.check("chain.intact").passed
    check = report.check("acts.actor_held_role")
    assert not check.passed
    assert f"vị trí {position}" in check.detail


def test_the_audit_takes_an_imported_act_of_an_operator_who_may_import(tmp_path: Path) -> None:
    """The same row imported by the commune's own leader: the import rule admits it."""
    path = tmp_path / "store.db"
    record = Record(NgheDan(f"sqlite:///{path}"))
    record.app.close()
    forge(path, "fund.ContributionReceived", record.chair, receipt_id=str(uuid4()), imported=True)
    assert audit_of(path).check("acts.actor_held_role").passed
    # not marked imported, the leader "receiving" money is named
    forge(path, "fund.ContributionReceived", record.chair, receipt_id=str(uuid4()), imported=None)
    assert not audit_of(path).check("acts.actor_held_role").passed


def test_the_audit_names_an_erasure_by_someone_who_may_not_erase(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    record = Record(NgheDan(f"sqlite:///{path}"))
    n.erasure.erase_person(record.app, str(record.household), actor=record.chair)
    record.app.close()
    assert audit_of(path).check("acts.actor_held_role").passed
    position = forge(path, "nghedan.PersonalDataErased", record.clerk)
    check = audit_of(path).check("acts.actor_held_role")
    assert not check.passed
    assert f"vị trí {position}" in check.detail
