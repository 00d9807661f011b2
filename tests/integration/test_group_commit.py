"""Group commits: an import decided command by command, written a group at a time.

`import_commands` hands up to 500 commands to `NgheDan.handle_many`, which decides each
against the states as the earlier commands left them and writes the group in one
transaction. What it records must be exactly what one `handle` per command records; a
refusal must write exactly the lines before it; a repeat must write nothing; a concurrent
writer must make the group fall back to one `handle` per command, losing nothing.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from nghedan_core import (
    CloseSession,
    ContributionReceived,
    ContributionSource,
    DisbursementPurpose,
    LeaveOffice,
    MakeDisbursement,
    NgheDan,
    Person,
    PublishDisclosure,
    RaiseComplaint,
    ReceiveContribution,
    Vnd,
)
from nghedan_core.audit import audit, verify
from nghedan_core.errors import DomainError
from nghedan_core.exchange import import_commands
from nghedan_core.serialization import unstructure
from nghedan_core.values import VIETNAM_TZ

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from commands import command_lines

#: after the imported histories end (an import's recorded time follows its business times)
T0 = datetime(2030, 1, 1, 8, tzinfo=VIETNAM_TZ)


def counting_clock() -> Callable[[], datetime]:
    """A clock one microsecond later at each call: recorded times pin the order of calls."""
    ticks = itertools.count()
    return lambda: T0 + timedelta(microseconds=next(ticks))


def line(command: object, **extra: object) -> str:
    return json.dumps({"command": type(command).__name__, **unstructure(command), **extra})


def receipt(amount: int, command_id: str | None = None, day: int = 5) -> ReceiveContribution:
    return ReceiveContribution(
        unit=COMMUNE,
        receipt_id=uuid4(),
        amount=Vnd(amount),
        source=ContributionSource.FLAG_CEREMONY,
        occurred_at=at(day),
        command_id=command_id,
    )


def payment(w: World, amount: int, approvers: tuple[UUID, ...] | None = None) -> MakeDisbursement:
    return MakeDisbursement(
        unit=COMMUNE,
        disbursement_id=uuid4(),
        purpose=DisbursementPurpose.HOUSE_REPAIR,
        amount=Vnd(amount),
        household_id=w.household,
        approvers=approvers or (w.chair,),
        occurred_at=at(14),
    )


def count_writes(app: NgheDan) -> list[int]:
    """Spy on the store's writes: one entry (its number of events) per transaction."""
    writes: list[int] = []
    write = app._write_group

    def spy(stored_events: Any, after: int | None) -> Any:
        writes.append(len(stored_events))
        return write(stored_events, after)

    app._write_group = spy  # type: ignore[method-assign,assignment]
    return writes


def groups(lines: list[str], size: int, *, sqlite: bool) -> int:
    """How many group commits an import makes, reading `size` lines at a time.

    Except on SQLite, a group also ends before each disclosure: it carries the digest of
    the history written before it, which only SQLite's group insert can check it follows.
    """
    names = [json.loads(text)["command"] for text in lines]
    starts = {0, *range(size, len(names), size)}
    if not sqlite:
        starts |= {i for i, name in enumerate(names) if name == "PublishDisclosure"}
    return len(starts)


def history(app: NgheDan) -> list[tuple[int, str, int, str, str, object]]:
    """Every event as read back, personal fields decrypted; no hashes.

    Hashes (and the history digests disclosures carry) are left out: personal fields are
    encrypted with each store's own per-person keys, so they differ from store to store
    (`test_the_same_keys_give_the_same_digest` compares them with shared keys).
    """
    return [
        (
            position,
            str(r.originator_id),
            r.originator_version,
            r.topic,
            r.recorded_at.isoformat(),
            {k: v for k, v in unstructure(r.event).items() if k != "digest"},
        )
        for position, r in app.read()
    ]


@pytest.mark.parametrize("group", [500, 37])
def test_a_grouped_import_records_exactly_what_one_handle_per_command_records(
    backend_url: str, tmp_path: Path, group: int
) -> None:
    """Same events, versions, positions, recorded times and chains; the audit passes on both.

    1,200 commands of a realistic history (registrations, sessions, complaints, selections
    that read every household of the commune, visits paying gifts from the fund, closings
    that count the session's complaints and visits, disclosures carrying the fund's head
    hash), so many decisions depend on commands earlier in the same group.
    """
    lines = list(command_lines(1_200))
    one_by_one = NgheDan("memory://", clock=counting_clock())
    reference = import_commands(one_by_one, lines, batch=1)
    assert reference.ok, reference.failure and reference.failure.message("en")

    grouped = NgheDan(backend_url, clock=counting_clock())
    writes = count_writes(grouped)
    try:
        result = import_commands(grouped, lines, batch=group)
        assert result == reference
        sqlite = backend_url.startswith("sqlite")
        assert len(writes) == groups(lines, group, sqlite=sqlite)  # one transaction a group
        assert sum(writes) == result.events
        assert (result.lines, result.recorded, result.unchanged) == (1_200, 1_200, 0)
        assert history(grouped) == history(one_by_one)
        report = audit(grouped.records())
        assert report.passed, report.to_json("en")
        # and the store's start, by its administrator
        assert report.events == audit(one_by_one.records()).events == result.events + 1
        assert verify(grouped.records()) is None
        assert grouped.fund("20000") == one_by_one.fund("20000")
        if backend_url != "memory://":  # a fresh application on the store agrees
            fresh = NgheDan(backend_url)
            try:
                assert fresh.fund("20000") == one_by_one.fund("20000")
            finally:
                fresh.close()
    finally:
        grouped.close()


def test_the_same_keys_give_the_same_digest(tmp_path: Path) -> None:
    """With the per-person keys shared, grouped and one-by-one stores have one digest."""
    lines = list(command_lines(600))
    digests = []
    for batch in (1, 500):
        app = NgheDan(
            f"sqlite:///{tmp_path / f'{batch}.db'}",
            clock=counting_clock(),
            keys_url=f"sqlite:///{tmp_path / 'keys.db'}",
        )
        try:
            assert import_commands(app, lines, batch=batch).ok
            digests.append(audit(app.records()).digest)
        finally:
            app.close()
    assert digests[0] == digests[1]


def test_a_refusal_in_the_middle_of_a_group_writes_exactly_the_lines_before_it(
    sqlite_url: str,
) -> None:
    """Line 2 pays with the money line 1 brought in the same group; line 3 cannot be paid.

    Lines 1–2 are recorded, line 3 is named with its refusal, lines 4–5 are not written.
    """
    app = NgheDan(sqlite_url)
    w = build_world(app, fund_vnd=0)
    before = app.max_position()
    lines = [
        line(receipt(5_000_000)),
        line(payment(w, 3_000_000)),
        line(payment(w, 3_000_000)),
        line(receipt(1_000)),
        line(receipt(2_000)),
    ]
    writes = count_writes(app)
    result = import_commands(app, lines)
    assert writes == [5]  # lines 1–2, in one transaction
    assert result.failure is not None
    assert result.failure.line == 3
    assert result.failure.error.code == "fund.insufficient_balance"
    assert (result.lines, result.recorded, result.unchanged) == (3, 2, 0)
    # a receipt and its marker; a payment, the household's support and the marker
    assert result.events == 2 + 3
    assert app.max_position() == before + 5
    fund = app.fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(2_000_000)
    # another process sees the same: the refused line and those after it are absent
    other = NgheDan(sqlite_url)
    assert other.fund(COMMUNE) == fund
    assert other.max_position() == before + 5
    # the fixed file resumes: lines 1–2 unchanged, the rest recorded
    lines[2] = line(payment(w, 1_500_000))
    resumed = import_commands(app, lines)
    assert resumed.ok
    assert (resumed.recorded, resumed.unchanged) == (3, 2)
    assert other.fund(COMMUNE).balance == Vnd(500_000 + 3_000)  # type: ignore[union-attr]


def test_an_invalid_line_after_a_partial_group_keeps_the_lines_before_it(
    sqlite_url: str,
) -> None:
    """Lines read ahead into a group are written before the invalid line is reported."""
    app = NgheDan(sqlite_url)
    build_world(app)
    before = app.max_position()
    lines = [line(receipt(1_000 * i)) for i in range(1, 4)]
    lines.append('{"command": "ReceiveContribution", "unit": 5}')
    lines.append(line(receipt(9_000)))
    result = import_commands(app, lines)
    assert result.failure is not None
    assert (result.failure.line, result.lines, result.recorded) == (4, 4, 3)
    assert app.max_position() == before + 6
    assert NgheDan(sqlite_url).fund(COMMUNE).balance == Vnd(10_000_000 + 6_000)  # type: ignore[union-attr]


def test_a_repeated_group_writes_nothing(sqlite_url: str) -> None:
    """A line twice in one group is one command; the whole file again records nothing."""
    app = NgheDan(sqlite_url)
    build_world(app)
    lines = [line(receipt(1_000 + i)) for i in range(20)]
    lines.insert(10, lines[3])  # the same line again, in the same group
    named = line(receipt(5), command_id="named")
    lines.append(named)
    lines.append(named)  # the same command under its id: already recorded
    writes = count_writes(app)
    first = import_commands(app, lines)
    assert first.ok
    assert (first.lines, first.recorded, first.unchanged) == (23, 21, 2)
    assert writes == [42]  # one transaction: 21 receipts and their markers
    after = app.max_position()
    rerun = NgheDan(sqlite_url)
    writes = count_writes(rerun)
    again = import_commands(rerun, lines)
    assert writes == []
    assert (again.recorded, again.unchanged, again.events) == (0, 23, 0)
    assert app.max_position() == after
    expected = 10_000_000 + sum(1_000 + i for i in range(20)) + 5
    assert NgheDan(sqlite_url).fund(COMMUNE).balance == Vnd(expected)  # type: ignore[union-attr]


def test_a_group_decides_against_what_its_earlier_commands_recorded(sqlite_url: str) -> None:
    """A complaint raised earlier in the group keeps the session from closing."""
    app = NgheDan(sqlite_url)
    build_world(app)
    raised = RaiseComplaint(
        complaint_id=uuid4(),
        unit=COMMUNE,
        month=MONTH,
        hamlet=HAMLETS[0],
        citizen=Person(person_id=uuid4(), full_name="Kim Thị Mai"),
        content="Đường vào ấp xuống cấp",
        occurred_at=at(4, 9),
    )
    close = CloseSession(
        unit=COMMUNE,
        month=MONTH,
        minutes="Biên bản",
        shortfall_reason="Mưa bão, chưa thăm được hộ nào",
        occurred_at=at(4, 17),
    )
    writes = count_writes(app)
    result = import_commands(app, [line(receipt(1_000)), line(raised), line(close)])
    assert result.failure is not None
    assert (result.failure.line, result.failure.error.code) == (3, "session.open_complaints")
    assert writes == [5]  # the receipt, the complaint and its session record, two markers
    assert result.recorded == 2


def test_a_concurrent_writer_makes_the_group_fall_back_to_one_command_at_a_time(
    shared_url: str,
) -> None:
    """Another process records a receipt on the same fund while the group is being decided.

    The group's write collides (same fund versions) and writes nothing; its commands are
    then handled one by one, re-decided against the other writer's receipt: every receipt
    is recorded once, the balance is exact and the fund's chain is whole.
    """
    setup = NgheDan(shared_url)
    build_world(setup, fund_vnd=0)
    setup.close()
    other = NgheDan(shared_url)
    intruder = receipt(777, command_id="intruder")
    calls = itertools.count()

    def clock() -> datetime:
        if next(calls) == 5:  # while the group's sixth command is being decided
            assert other.handle(intruder)
        return T0

    app = NgheDan(shared_url, clock=clock)
    try:
        receipts = [receipt(1_000 + i, command_id=f"r{i}") for i in range(12)]
        result = import_commands(app, [line(r) for r in receipts])
        assert result.ok
        assert (result.recorded, result.unchanged, result.events) == (12, 0, 24)
        received = [r for _, r in app.read() if isinstance(r.event, ContributionReceived)]
        assert [r.event.receipt_id for r in received] == [  # type: ignore[attr-defined]
            intruder.receipt_id,
            *(r.receipt_id for r in receipts),
        ]
        fund = NgheDan(shared_url).fund(COMMUNE)
        assert fund is not None
        assert fund.balance == Vnd(777 + sum(1_000 + i for i in range(12)))
        versions = [r.originator_version for r in app.stream(received[0].originator_id)]
        assert versions == list(range(1, len(versions) + 1))
        assert verify(app.records()) is None
    finally:
        app.close()
        other.close()


def test_a_cached_state_follows_what_another_process_records(shared_url: str) -> None:
    """The in-process cache is not trusted blindly: another writer's events are seen.

    The deputy leaves office through another application: a payment they approve is then
    refused (a fact read from a cached stream the first application never writes), and the
    balance it reads includes the other application's receipt.
    """
    app = NgheDan(shared_url)
    w = build_world(app, fund_vnd=5_000_000)
    assert app.handle(payment(w, 1_000_000, (w.deputy,)))  # the deputy's, fund's states cached
    other = NgheDan(shared_url)
    other.handle(receipt(2_000))
    assert app.fund(COMMUNE).balance == Vnd(4_002_000)  # type: ignore[union-attr]
    other.handle(LeaveOffice(official_id=w.deputy, reason="Nghỉ hưu", occurred_at=at(20)))
    result = import_commands(app, [line(payment(w, 1_000_000, (w.deputy,)))])
    assert result.failure is not None
    assert result.failure.line == 1
    assert app.fund(COMMUNE).balance == Vnd(4_002_000)  # type: ignore[union-attr]
    # the deputy approves in person: once out of office they act no more (ADR 0018)
    assert result.failure.error.code == "actor.not_serving"
    with pytest.raises(DomainError) as refused:
        app.handle(payment(w, 1_000_000, (w.deputy,)))
    assert refused.value.code == "actor.not_serving"
    app.close()
    other.close()


def test_a_disclosure_in_a_group_covers_the_group_and_falls_back_if_another_writer_came_first(
    sqlite_url: str,
) -> None:
    """On SQLite a disclosure does not end its group: its digest covers the group's events.

    The group is written only if its events come right after the history its digest read;
    when another writer appended in between, the group writes nothing and its commands are
    handled one by one, the disclosure's digest read again: both ways, every disclosure is
    anchored to the history before it, and the first run is one transaction.
    """
    setup = NgheDan(sqlite_url)
    build_world(setup, fund_vnd=0)
    setup.close()

    def disclosure(day: int) -> PublishDisclosure:
        return PublishDisclosure(
            unit=COMMUNE,
            period_from=MONTH.first_day(),
            period_to=at(day).date(),
            occurred_at=at(day, 17),
        )

    lines = [line(receipt(1_000, f"a{i}")) for i in range(3)] + [line(disclosure(20))]
    app = NgheDan(sqlite_url)
    writes = count_writes(app)
    try:
        assert import_commands(app, lines).ok
        assert writes == [4 * 2]  # one group: three receipts and the disclosure, with markers
        report = audit(app.records())
        assert report.passed, report.to_json("en")
        assert report.check("fund.disclosure_digest_anchored").passed

        other = NgheDan(sqlite_url)
        write = app._write_group

        def late(stored: Any, after: int | None) -> Any:
            other.handle(receipt(5, "intruder", day=21))  # appended after the digest was read
            return write(stored, after)

        app._write_group = late  # type: ignore[method-assign,assignment]
        # after the first disclosure's period: nothing is dated into a published period
        more = [line(receipt(2_000, f"b{i}", day=21)) for i in range(3)] + [line(disclosure(21))]
        result = import_commands(app, more)
        assert result.ok
        assert (result.recorded, result.unchanged) == (4, 0)
        report = audit(app.records())
        assert report.passed, report.to_json("en")
        assert report.check("fund.disclosure_digest_anchored").passed
        published = [r for r in app.records() if r.topic == "fund.DisclosurePublished"]
        assert len(published) == 2
        # each covers every event before it: in the group, and re-decided after the intruder
        assert [r.payload["digest_events"] for r in published] == [
            r.position - 1 for r in published
        ]
        assert len(writes) == 2  # the second group's write was tried, and dropped
        amounts = [(r.payload.get("amount"), r.position) for r in app.records()]
        intruder = next(p for a, p in amounts if a == 5)
        assert intruder < min(p for a, p in amounts if a == 2_000)  # re-decided after it
        other.close()
    finally:
        app.close()
