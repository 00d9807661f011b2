"""The exchange format: export → restore, audit from a file, and the commands import."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from nghedan_core import (
    ContributionSource,
    DisbursementPurpose,
    MakeDisbursement,
    NgheDan,
    PublishDisclosure,
    ReceiveContribution,
    ReverseDisbursement,
    ReviewMonth,
    SessionLevel,
    Vnd,
    session_id,
)
from nghedan_core.aggregates.session import MonthReviewed
from nghedan_core.audit import ChainBrokenError, audit, verify
from nghedan_core.errors import CommandIdReusedError
from nghedan_core.exchange import (
    LineError,
    StoreNotEmptyError,
    export_events,
    import_commands,
    read_commands,
    read_events,
    restore_events,
)
from nghedan_core.serialization import canonical_json, unstructure, upcast_payload

from world import COMMUNE, MONTH, at, build_world, pay_approved


def record_history(app: NgheDan) -> None:
    """The test commune's month: receipts, payments (one reversed), a disclosure."""
    w = build_world(app, fund_vnd=20_000_000)
    app.handle(
        ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            amount=Vnd(3_000_000),
            source=ContributionSource.LAWFUL_DONATION,
            donor="Công ty Trà Vinh Xanh",
            occurred_at=at(5),
            command_id="receipt-1",
        )
    )
    repair = uuid4()
    for disbursement, amount in ((repair, 6_000_000), (uuid4(), 1_000_000)):
        pay_approved(
            app,
            w,
            amount=amount,
            purpose=DisbursementPurpose.HOUSE_REPAIR,
            disbursement_id=disbursement,
            occurred_at=at(14),
        )
    app.handle(
        ReverseDisbursement(
            unit=COMMUNE, disbursement_id=repair, reason="Ghi nhầm hộ", occurred_at=at(15)
        )
    )
    app.handle(
        PublishDisclosure(
            unit=COMMUNE,
            period_from=date(2024, 3, 1),
            period_to=date(2024, 3, 31),
            occurred_at=at(31),
        )
    )


@pytest.fixture
def source_app() -> NgheDan:
    app = NgheDan("memory://")
    record_history(app)
    return app


def test_a_real_history_passes_the_audit(source_app) -> None:
    """Everything the application accepted satisfies every invariant."""
    report = audit(source_app.records())
    assert report.passed, report.to_json("en")
    (totals,) = report.totals
    assert totals.balance_vnd == 20_000_000 + 3_000_000 - 7_000_000 + 6_000_000
    assert report.ledger is not None
    assert len(report.ledger.disclosures) == 1


def test_export_then_restore_gives_the_same_history(source_app, backend_url) -> None:
    """Same digest, same ledger, same report, same export bytes, on every backend."""
    exported = list(export_events(source_app.records()))
    before = audit(source_app.records())
    target = NgheDan(backend_url)
    try:
        result = restore_events(target, exported, page=7)
        assert result.events == len(exported) == before.events
        assert result.digest == before.digest
        after = audit(target.records())
        assert after.digest == before.digest
        assert after.to_dict() == before.to_dict()
        assert list(export_events(target.records())) == exported
        assert verify(target.records(), expected_digest=before.digest) is None
        # the restored store goes on: the chain continues from the restored heads
        assert target.fund(COMMUNE) == source_app.fund(COMMUNE)
        target.handle(
            ReceiveContribution(
                unit=COMMUNE,
                receipt_id=uuid4(),
                amount=Vnd(1_000),
                source=ContributionSource.SESSION,
                occurred_at=at(2, 9, month=4),  # March is published: April
            )
        )
        assert verify(target.records()) is None
        # the idempotency markers came along: the id is taken in the unit (ADR 0005)
        with pytest.raises(CommandIdReusedError):
            target.handle(
                ReceiveContribution(
                    unit=COMMUNE,
                    receipt_id=uuid4(),
                    amount=Vnd(3_000_000),
                    source=ContributionSource.SESSION,
                    command_id="receipt-1",
                )
            )
    finally:
        target.close()


def test_the_audit_runs_from_an_export_file_without_a_database(source_app, tmp_path) -> None:
    """Write the export to a file, read it back: the same report as from the store."""
    path = tmp_path / "events.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.writelines(export_events(source_app.records()))
    with path.open(encoding="utf-8") as f:
        from_file = audit(read_events(f))
    assert from_file.to_dict() == audit(source_app.records()).to_dict()
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert sorted(first) == [
        "actor",
        "hash",
        "payload",
        "position",
        "prev",
        "recorded_at",
        "stream_id",
        "topic",
        "version",
    ]


def test_restore_refuses_a_store_that_is_not_empty(source_app) -> None:
    """Only into an empty store."""
    exported = list(export_events(source_app.records()))
    with pytest.raises(StoreNotEmptyError) as e:
        restore_events(source_app, exported)
    assert "trống" in e.value.message()
    assert "empty store" in e.value.message("en")


def test_restore_refuses_a_broken_chain_and_writes_nothing(source_app) -> None:
    """An edited amount near the end: refused, naming the event; nothing at all is written."""
    exported = list(export_events(source_app.records()))
    i = max(n for n, text in enumerate(exported) if "fund.DisbursementMade" in text)
    line = json.loads(exported[i])
    line["payload"]["amount"] += 1
    exported[i] = json.dumps(line, ensure_ascii=False)
    target = NgheDan("memory://")
    with pytest.raises(ChainBrokenError) as e:
        restore_events(target, exported, page=2)
    assert e.value.brk.position == line["position"]
    assert e.value.brk.reason == "edited"
    assert target.max_position() == 0


def test_restore_refuses_an_unexpected_digest(source_app) -> None:
    """With the digest published earlier, a truncated export is refused."""
    exported = list(export_events(source_app.records()))
    digest = audit(source_app.records()).digest
    target = NgheDan("memory://")
    with pytest.raises(ChainBrokenError) as e:
        restore_events(target, exported[:-1], expected_digest=digest)
    assert e.value.brk.reason == "digest"
    assert target.max_position() == 0
    assert restore_events(target, exported, expected_digest=digest).events == len(exported)


@pytest.mark.parametrize(
    ("bad", "paths"),
    [
        ("{not json", ["$"]),
        ("[1, 2]", ["$"]),
        (
            '{"position": 0, "stream_id": 5, "version": "1", "topic": "x", "recorded_at": "t",'
            ' "hash": "XYZ", "prev": "0", "payload": [], "extra": 1}',
            [
                "$.extra",
                "$.position",
                "$.version",
                "$.stream_id",
                "$.hash",
                "$.prev",
                "$.payload",
            ],
        ),
    ],
)
def test_a_bad_export_line_is_named_with_every_problem(source_app, bad, paths) -> None:
    """read_events and restore_events name the line number and every problem."""
    exported = list(export_events(source_app.records()))
    lines = [*exported[:3], "\n", bad, *exported[3:]]
    with pytest.raises(LineError) as e:
        list(read_events(lines))
    assert e.value.line == 5
    assert [p.path for p in e.value.problems] == paths
    assert "Dòng 5" in e.value.message()
    target = NgheDan("memory://")
    with pytest.raises(LineError):
        restore_events(target, lines)
    assert target.max_position() == 0


def test_restore_refuses_unknown_topics_and_bad_stream_ids(source_app) -> None:
    """A line the store could not read back is refused before anything is written."""
    exported = list(export_events(source_app.records()))
    line = json.loads(exported[0])
    line["topic"] = "unit.Invented"
    line["stream_id"] = "not-a-uuid"
    target = NgheDan("memory://")
    with pytest.raises(LineError) as e:
        restore_events(target, [json.dumps(line)])
    assert [p.path for p in e.value.problems] == ["$.stream_id", "$.topic"]


# --- commands import ----------------------------------------------------------------------


def command_line(command: object, **extra: object) -> str:
    return json.dumps({"command": type(command).__name__, **unstructure(command), **extra})


def receipt(amount: int, day: int = 5) -> ReceiveContribution:
    return ReceiveContribution(
        unit=COMMUNE,
        receipt_id=uuid4(),
        amount=Vnd(amount),
        source=ContributionSource.FLAG_CEREMONY,
        occurred_at=at(day),
    )


def without_command_id(line: str) -> str:
    data = json.loads(line)
    del data["command_id"]
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture
def world_app() -> NgheDan:
    app = NgheDan("memory://")
    build_world(app)
    return app


def test_an_import_records_every_line_and_a_rerun_records_nothing(world_app) -> None:
    """Idempotent: lines without a command_id get one derived from their content."""
    lines = [without_command_id(command_line(receipt(1_000 * i))) for i in range(1, 4)]
    lines.insert(1, "   ")
    before = world_app.max_position()
    result = import_commands(world_app, lines)
    assert result.ok
    assert (result.lines, result.recorded, result.unchanged) == (3, 3, 0)
    assert result.events == 6  # a receipt and its idempotency marker each
    after = world_app.max_position()
    assert after == before + 6
    again = import_commands(world_app, lines)
    assert (again.recorded, again.unchanged, again.events) == (0, 3, 0)
    assert world_app.max_position() == after
    # a fresh application on the same store agrees (the markers are in the store)
    assert world_app.fund(COMMUNE).balance == Vnd(10_000_000 + 6_000)


def test_an_import_stops_at_the_first_bad_line_with_every_problem(world_app) -> None:
    """Lines before stay recorded, nothing from the bad line on; then the fixed file resumes."""
    good = [command_line(receipt(1_000), command_id=f"r{i}") for i in range(2)]
    bad = json.dumps(
        {
            "command": "ReceiveContribution",
            "unit": COMMUNE,
            "receipt_id": "not-a-uuid",
            "amount": -5,
            "source": "bribe",
        }
    )
    later = command_line(receipt(7_000), command_id="r-later")
    before = world_app.fund(COMMUNE).balance
    result = import_commands(world_app, [*good, bad, later])
    assert not result.ok
    assert result.failure is not None
    assert result.failure.line == 3
    assert (result.lines, result.recorded) == (3, 2)
    assert [p.path for p in result.failure.problems] == ["$.receipt_id", "$.amount", "$.source"]
    assert result.failure.to_dict()["code"] == "input.invalid"
    assert "Dòng 3" in result.failure.message()
    assert "Line 3" in result.failure.message("en")
    assert world_app.fund(COMMUNE).balance == before + Vnd(2_000)
    # fixed: the first two are not recorded twice, the rest goes in
    fixed = command_line(receipt(500), command_id="r-fixed")
    resumed = import_commands(world_app, [*good, fixed, later])
    assert (resumed.recorded, resumed.unchanged) == (2, 2)
    assert world_app.fund(COMMUNE).balance == before + Vnd(9_500)


def test_read_commands_checks_a_file_and_writes_nothing(world_app) -> None:
    """Each command with its line number, blank lines skipped; the first bad line raises."""
    first, second = receipt(1_000), receipt(2_000)
    lines = [command_line(first, command_id="a"), "", command_line(second, command_id="b")]
    before = world_app.max_position()
    read = list(read_commands(lines))
    assert [number for number, _ in read] == [1, 3]
    assert [c.amount for _, c in read] == [Vnd(1_000), Vnd(2_000)]
    assert [c.command_id for _, c in read] == ["a", "b"]
    bad = json.dumps({"command": "ReceiveContribution", "unit": COMMUNE, "amount": -5})
    with pytest.raises(LineError) as caught:
        list(read_commands([lines[0], bad]))
    assert caught.value.line == 2
    assert {p.path for p in caught.value.problems} >= {"$.amount", "$.receipt_id"}
    assert world_app.max_position() == before


def test_an_import_stops_at_malformed_json_and_unknown_commands(world_app) -> None:
    """Not JSON, or no such command: the line is named."""
    result = import_commands(world_app, [command_line(receipt(1)), "{oops"])
    assert result.failure is not None
    assert (result.failure.line, result.recorded) == (2, 1)
    assert "JSON" in result.failure.message("en")
    result = import_commands(world_app, ['{"command": "StealFund"}'])
    assert result.failure is not None
    assert result.failure.problems[0].path == "$.command"


def _leader(app: NgheDan) -> UUID:
    """The first leader of the store's officials."""
    return next(
        o
        for o in app.official_ids()
        if (info := app.official_info(o)) is not None and "leader" in info.roles
    )


def test_an_import_stops_at_a_domain_refusal(world_app) -> None:
    """A command the rules refuse (more than the balance) stops the import there."""
    household = uuid4()
    pay = MakeDisbursement(
        unit=COMMUNE,
        disbursement_id=uuid4(),
        purpose=DisbursementPurpose.GIFT,
        amount=Vnd(1_000),
        household_id=household,
        approvers=(_leader(world_app),),  # a leader of the commune pays (ADR 0018)
        occurred_at=at(6),
    )
    result = import_commands(world_app, [command_line(receipt(1)), command_line(pay)])
    assert result.failure is not None
    assert result.failure.line == 2
    assert result.failure.error.code == "not_found"  # the household was never registered
    assert result.failure.problems[0].path == "$"
    assert result.to_dict()["failure"]["line"] == 2


def test_the_export_is_byte_identical_after_an_sqlite_round_trip(
    source_app, tmp_path: Path
) -> None:
    """Export → restore into a SQLite file → export: the same bytes, positions included."""
    exported = "".join(export_events(source_app.records()))
    target = NgheDan(f"sqlite:///{tmp_path / 'restored.db'}")
    try:
        restore_events(target, exported.splitlines(keepends=True))
        assert "".join(export_events(target.records())) == exported
        # each stored state is canonical JSON, exactly as the application writes it
        db = sqlite3.connect(tmp_path / "restored.db")
        try:
            for (state,) in db.execute("SELECT state FROM stored_events"):
                assert state == canonical_json(json.loads(state))
        finally:
            db.close()
        original = source_app.recorder.select_notifications(start=1, limit=1000)
        restored = target.recorder.select_notifications(start=1, limit=1000)
        assert [n.state for n in restored] == [n.state for n in original]
    finally:
        target.close()


# --- versioned event shapes ---------------------------------------------------------------


def test_a_versioned_event_keeps_its_shape_version_through_export_and_restore(
    backend_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`class_version` is read, exported and restored, so upcasting runs once, on old shapes.

    `MonthReviewed` is moved to version 2 half way, with an upcaster that marks version-1
    summaries: applied to a version-2 payload it would mark it too. Read from every backend
    (the SQLite reader and the generic one), restored into SQLite.
    """
    app = NgheDan(backend_url)
    build_world(app)
    review = {"unit": COMMUNE, "month": MONTH}
    app.handle(ReviewMonth(**review, summary="Tháng ba", occurred_at=at(4, 8)))
    monkeypatch.setattr(MonthReviewed, "class_version", 2)
    monkeypatch.setattr(
        MonthReviewed,
        "upcast_v1_v2",
        staticmethod(lambda p: p.update(summary="[v1] " + p["summary"])),
        raising=False,
    )
    app.handle(ReviewMonth(**review, summary="Lần hai", occurred_at=at(4, 9)))
    sid = session_id(COMMUNE, MONTH, SessionLevel.COMMUNE)

    def summaries(of: NgheDan) -> list[str]:
        return [r.event.summary for r in of.stream(sid) if isinstance(r.event, MonthReviewed)]

    assert summaries(app) == ["[v1] Tháng ba", "Lần hai"]
    reviewed = [r for r in app.records() if r.topic == "session.MonthReviewed"]
    assert [r.class_version for r in reviewed] == [1, 2]
    assert upcast_payload(reviewed[0].topic, 1, reviewed[0].payload)["summary"] == "[v1] Tháng ba"
    assert upcast_payload(reviewed[1].topic, 2, reviewed[1].payload) is reviewed[1].payload

    lines = list(export_events(app.records()))
    versioned = [line for line in lines if '"class_version"' in line]
    assert len(versioned) == 1
    assert versioned[0].startswith('{"actor":"')
    assert versioned[0][47:].startswith(',"class_version":2,"hash":')
    read = [r for r in read_events(lines) if r.topic == "session.MonthReviewed"]
    assert [r.class_version for r in read] == [1, 2]
    assert audit(read_events(lines)).passed

    copy = NgheDan(f"sqlite:///{tmp_path / 'b.db'}")
    restored = restore_events(copy, lines)
    assert restored.digest == app.history_digest()[0]
    assert summaries(copy) == ["[v1] Tháng ba", "Lần hai"]
    assert list(export_events(copy.records())) == lines

    # a shape from a newer system, or no whole number, is refused with its path
    for bad in (3, "2", 0):
        line = versioned[0].replace('"class_version":2', f'"class_version":{json.dumps(bad)}')
        with pytest.raises(LineError) as refused:
            list(read_events([line]))
        assert [p.path for p in refused.value.problems] == ["$.class_version"]
        assert "1 to 2" in refused.value.problems[0].message("en")
