"""Commands benchmark: a JSONL command import through the domain, against raw inserts.

    python benchmarks/commands.py --commands 20000

1. N valid commands are written as a JSONL import file (not timed): communes registered
   with their hamlets, officials, fund and households, then month after month each commune's
   session (scheduled on the first Monday, rotating hamlets), flag ceremony and its receipt,
   reception, complaints answered on the spot or taken on record and later answered and
   resolved, households registered and selected, visits with gifts paid from the fund,
   volunteer work planned, notified and completed, the session closed and the fund's
   disclosure published.
2. *ours*: `nghedan_core.exchange.import_commands` of that file into a new SQLite store
   (its events marked imported, recorded on the day after the file's last act: ADR 0019):
   per line, parse, structure and validate the command; then ``NgheDan.handle_many`` in
   group commits — per command the idempotency check, the facts, the pure ``decide``, the
   policies and the hash chain, against the states the earlier commands of the group left;
   one transaction per group of up to 500 commands (a disclosure's digest covers the
   group's earlier events; the group's insert checks it follows what the digest read).
   ``--one-by-one`` measures one ``NgheDan.handle`` (one transaction) per command instead.
3. *raw*: ``sqlite3`` ``executemany`` of the rows our import stored (the same number of
   events, markers included) into a new file with the same table, in one transaction.
4. *read only*: `nghedan_core.exchange.read_commands` of the same file — parse, structure
   and validate every line, as the import does first, and nothing else.
5. Ours, raw and read-only alternate, ``--runs`` times each (default 3); the fastest of
   each counts.

The last line printed is one JSON object: ``commands``, ``commands_per_s`` (ours),
``raw_events_per_s``, ``ratio`` (commands per second over raw events per second), plus
``events`` (how many events the commands recorded), the timings, and ``ceiling_ratio``:
the ratio an import would reach if only reading the file and writing its rows cost
anything — read-only time plus the raw insert of the same rows, with deciding, the
policies, sealing and the hash chain free. No import of these commands can do better.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import nghedan_core as n
from nghedan_core import NgheDan
from nghedan_core.authority import OWN_ACTS, grant_of
from nghedan_core.exchange import import_commands, read_commands
from nghedan_core.policies.scheduling import first_monday
from nghedan_core.serialization import unstructure
from nghedan_core.values import VIETNAM_TZ

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import raw_insert, sample_uuid

#: communes per 1,000 commands (about 45 commands a commune-month)
COMMANDS_PER_COMMUNE = 1_000


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM_TZ)


def _last_day(month: n.Month) -> date:
    y, m = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    return date(y, m, 1) - timedelta(days=1)


class _Commune:
    def __init__(self, index: int, rng: random.Random) -> None:
        self.code = f"{20000 + index:05d}"
        self.hamlets = (f"{self.code}-01", f"{self.code}-02")
        self.chair, self.deputy, self.clerk = (sample_uuid(rng) for _ in range(3))
        self.on_record: list[n.RaiseComplaint] = []
        self.months = 0


def _commands(commands: int, seed: int) -> Iterator[n.Command]:
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    communes = [_Commune(i, rng) for i in range(max(1, commands // COMMANDS_PER_COMMUNE))]
    start = n.Month(2024, 1)
    day0 = date(2024, 1, 1)
    yield n.RegisterUnit(
        code="94", name="Tỉnh Trà Vinh", kind=n.UnitKind.PROVINCE, occurred_at=_at(day0, 7)
    )
    for c in communes:
        yield from _setup(c, day0)
    month = start
    while True:
        for c in communes:
            yield from _month(c, month, rng)
        month = (
            n.Month(month.year + 1, 1)
            if month.month == 12
            else n.Month(month.year, month.month + 1)
        )


def _setup(c: _Commune, day: date) -> Iterator[n.Command]:
    at = _at(day, 7, 30)
    yield n.RegisterUnit(
        code=c.code, name=f"Xã {c.code}", kind=n.UnitKind.COMMUNE, parent="94", occurred_at=at
    )
    for i, code in enumerate(c.hamlets, 1):
        yield n.RegisterUnit(
            code=code, name=f"Ấp {i}", kind=n.UnitKind.HAMLET, parent=c.code, occurred_at=at
        )
    for official, position, role in (
        (c.chair, "Chủ tịch UBND xã", n.OfficialRole.LEADER),
        (c.deputy, "Phó Chủ tịch UBND xã", n.OfficialRole.LEADER),
        (c.clerk, "Văn phòng - Thống kê", n.OfficialRole.CLERK),
    ):
        yield n.RegisterOfficial(
            official_id=official,
            unit=c.code,
            full_name="Trần Văn An",
            position=position,
            roles=frozenset({role}),
            occurred_at=at,
        )
    yield n.OpenFund(unit=c.code, occurred_at=at)


def _month(c: _Commune, month: n.Month, rng: random.Random) -> Iterator[n.Command]:
    monday = first_monday(month)
    first = month.first_day()
    key: dict[str, Any] = {"unit": c.code, "month": month}
    hamlet = c.hamlets[c.months % 2]  # the rotation: never hosted first, then alternate
    c.months += 1
    # last month's complaints taken on record are answered and resolved
    for raised in c.on_record:
        yield n.AnswerComplaint(
            complaint_id=raised.complaint_id,
            answer="Đã kiểm tra thực địa, có phương án xử lý",
            answered_by=c.chair,
            occurred_at=_at(first, 9),
        )
        yield n.ResolveComplaint(
            complaint_id=raised.complaint_id,
            resolution="Đã xử lý xong",
            resolved_by=c.chair,
            occurred_at=_at(first, 10),
        )
    c.on_record = []
    households = [sample_uuid(rng) for _ in range(2)]
    for hid in households:
        yield n.RegisterHousehold(
            household_id=hid,
            unit=c.code,
            hamlet=hamlet,
            head=n.Person(person_id=sample_uuid(rng), full_name="Thạch Thị Hoa"),
            categories=frozenset({n.HouseholdCategory.POOR}),
            occurred_at=_at(first, 8),
        )
    yield n.ScheduleSession(**key, date=monday, reception_hamlet=hamlet, occurred_at=_at(first, 8))
    yield n.HoldFlagCeremony(**key, attendees=rng.randint(40, 120), occurred_at=_at(monday, 7))
    yield n.ReceiveContribution(
        unit=c.code,
        receipt_id=sample_uuid(rng),
        amount=n.Vnd(rng.randint(20, 40) * 100_000),
        source=n.ContributionSource.FLAG_CEREMONY,
        occurred_at=_at(monday, 7, 30),
    )
    yield n.HoldReception(
        **key, hamlet=hamlet, attendees=rng.randint(20, 80), occurred_at=_at(monday, 8)
    )
    yield n.HearProposal(
        **key,
        proposer="Hội Nông dân",
        content="Nạo vét kênh nội đồng",
        occurred_at=_at(monday, 8, 30),
    )
    for i in range(3):
        raised = n.RaiseComplaint(
            complaint_id=sample_uuid(rng),
            **key,
            hamlet=hamlet,
            citizen=n.Person(person_id=sample_uuid(rng), full_name="Kim Thị Mai"),
            category=n.ComplaintCategory.INFRASTRUCTURE,
            content="Đường vào ấp xuống cấp",
            occurred_at=_at(monday, 9, i),
        )
        yield raised
        if i < 2:
            yield n.AnswerOnSpot(
                complaint_id=raised.complaint_id,
                answer="Đã có kế hoạch sửa trong quý",
                answered_by=c.chair,
                basis="Kế hoạch đầu tư công 2024",
                occurred_at=_at(monday, 10, i),
            )
        else:
            yield n.TakeOnRecord(
                complaint_id=raised.complaint_id,
                reason=n.RecordReason.NEEDS_VERIFICATION,
                appointment=n.Appointment(
                    at=_at(monday + timedelta(days=14), 9), place="Trụ sở UBND xã"
                ),
                responsible="Công chức Địa chính",
                occurred_at=_at(monday, 10, i),
            )
            c.on_record.append(raised)
    for i, hid in enumerate(households):
        yield n.SelectHousehold(
            household_id=hid, month=month, selected_by=(c.chair,), occurred_at=_at(monday, 11)
        )
        visit_id = sample_uuid(rng)
        yield n.PlanVisit(
            visit_id=visit_id,
            **key,
            household_id=hid,
            team=(c.chair, c.clerk),
            occurred_at=_at(monday, 13, i),
        )
        yield n.ConductVisit(
            visit_id=visit_id,
            gift_value=n.Vnd(500_000),
            gift_description="Gạo và nhu yếu phẩm",
            causes=frozenset({n.HardshipCause.ILLNESS}),
            approvers=(c.deputy,),
            occurred_at=_at(monday, 14, i),
        )
    work = sample_uuid(rng)
    starts = _at(monday + timedelta(days=5), 7)
    yield n.PlanVolunteerWork(
        work_id=work,
        unit=c.code,
        kind=n.VolunteerWorkKind.CLEANING,
        place="Tuyến đường liên ấp",
        starts_at=starts,
        task="Dọn vệ sinh 1 km",
        occurred_at=_at(monday, 15),
    )
    yield n.NotifyVolunteers(
        work_id=work,
        notified="Đoàn viên thanh niên",
        channel="Loa ấp",
        occurred_at=_at(monday + timedelta(days=1), 8),
    )
    yield n.ReviewMonth(**key, summary="Hoàn thành kế hoạch", occurred_at=_at(monday, 16))
    yield n.CloseSession(**key, minutes="Biên bản buổi tiếp dân", occurred_at=_at(monday, 17))
    yield n.CompleteVolunteerWork(
        work_id=work, participants=30, length_m=1_000, occurred_at=starts + timedelta(hours=4)
    )
    yield n.PublishDisclosure(
        unit=c.code,
        period_from=first,
        period_to=_last_day(month),
        occurred_at=_at(_last_day(month), 17),
    )


def command_lines(commands: int, *, seed: int = 2024) -> Iterator[str]:
    """`commands` JSONL lines, ``{"command": "<Name>", ...fields}``, of a valid history."""
    for command in itertools.islice(_commands(commands, seed), commands):
        data = unstructure(command)
        yield json.dumps({"command": type(command).__name__, **data}, ensure_ascii=False) + "\n"


def recorded_after(path: Path) -> datetime:
    """When the file is imported: the day after its last act, or now if that is later.

    The synthetic history runs month after month from January 2024, years past today for
    a small district: an import (its events marked imported, no late-entry window: ADR
    0019) may not record what has not happened yet, so it is run "on" that day.
    """
    last = datetime.now(UTC)
    with path.open(encoding="utf-8") as f:
        for line in f:
            moment = json.loads(line).get("occurred_at")
            if moment is not None:
                last = max(last, datetime.fromisoformat(moment) + timedelta(days=1))
    return last


class Acting:
    """Who carries out each command of the file (ADR 0018), as the generator knows it.

    The administrator registers units and officials; an act in person is its own
    official's; anything else of a commune is its clerk's when a clerk may send it, else its
    chair's. Cheap on purpose: the benchmark measures the import, not a search for actors.
    """

    def __init__(self, commands: int, seed: int, administrator: UUID) -> None:
        """The communes of a file of `commands` commands drawn with `seed`."""
        rng = random.Random(seed)  # noqa: S311 - the generator's communes, drawn again
        count = max(1, commands // COMMANDS_PER_COMMUNE)
        self.communes = {c.code: c for c in (_Commune(i, rng) for i in range(count))}
        self.administrator = administrator
        self.unit_of: dict[UUID, str] = {}

    def __call__(self, command: n.Command) -> UUID:
        """Who carries out `command`."""
        field = OWN_ACTS.get(type(command))
        named = getattr(command, field) if field is not None else None
        if named:
            return named[0] if isinstance(named, tuple) else named  # type: ignore[no-any-return]
        if isinstance(command, (n.RegisterUnit, n.RegisterOfficial)):
            return self.administrator
        unit = getattr(command, "unit", None)
        ids = [getattr(command, f) for f in _ID_FIELDS if hasattr(command, f)]
        if isinstance(unit, str):
            for i in ids:
                self.unit_of[i] = unit
        else:
            unit = next((self.unit_of[i] for i in ids if i in self.unit_of), None)
        c = self.communes.get(unit[:5]) if isinstance(unit, str) else None
        if c is None:
            return self.administrator
        roles = grant_of(type(command)).allowed(supervisory_level=True)
        return c.clerk if n.OfficialRole.CLERK in roles else c.chair


_ID_FIELDS = ("complaint_id", "household_id", "work_id", "visit_id")


def import_file(
    path: Path,
    store: Path,
    *,
    batch: int = 500,
    commands: int = 0,
    seed: int = 2024,
    recorded_at: datetime | None = None,
) -> tuple[int, int]:
    """Import the command file into a new store; return (commands recorded, events).

    The store is started by its administrator; each command is carried out by its official
    (`Acting`, for a file of `commands` commands drawn with `seed`).
    """
    moment = recorded_at or recorded_after(path)
    app = NgheDan(f"sqlite:///{store}", clock=lambda: moment)
    try:
        acting = Acting(commands, seed, app.start_record("Quản trị viên đo hiệu năng"))
        with path.open(encoding="utf-8") as f:
            result = import_commands(app, f, actor=acting, batch=batch)
    finally:
        app.close()
    if result.failure is not None:
        sys.exit(f"the import stopped: {result.failure.message('en')}")
    return result.recorded, result.events


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=20_000)
    parser.add_argument(
        "--one-by-one", action="store_true", help="one handle (transaction) per command"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each side (best counts)")
    args = parser.parse_args(argv)
    batch = 1 if args.one_by_one else 500

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        jsonl = work / "commands.jsonl"
        with jsonl.open("w", encoding="utf-8") as f:
            f.writelines(command_lines(args.commands))
        recorded_at = recorded_after(jsonl)  # not timed: the import's clock

        # ours and raw alternate, best of `--runs` each, each into a new file
        ours_s = raw_s = read_s = float("inf")
        for run in range(args.runs):
            t = time.perf_counter()
            recorded, events = import_file(
                jsonl,
                work / f"ours-{run}.db",
                batch=batch,
                commands=args.commands,
                recorded_at=recorded_at,
            )
            ours_s = min(ours_s, time.perf_counter() - t)

            t = time.perf_counter()
            raw_n = raw_insert(work / f"ours-{run}.db", work / f"raw-{run}.db")
            raw_s = min(raw_s, time.perf_counter() - t)

            t = time.perf_counter()
            with jsonl.open(encoding="utf-8") as f:
                read = sum(1 for _ in read_commands(f))
            read_s = min(read_s, time.perf_counter() - t)
    if read != recorded:
        sys.exit(f"counts differ: read {read} commands, recorded {recorded}")

    commands_per_s = recorded / ours_s
    raw_events_per_s = raw_n / raw_s
    print(
        json.dumps(
            {
                "commands": recorded,
                "commands_per_s": round(commands_per_s),
                "raw_events_per_s": round(raw_events_per_s),
                "ratio": round(commands_per_s / raw_events_per_s, 4),
                "events": events,
                "events_per_s": round(events / ours_s),
                "ours_s": round(ours_s, 2),
                "raw_s": round(raw_s, 3),
                "read_s": round(read_s, 3),
                # reading the file + writing its rows at raw speed; the rest free
                "ceiling_ratio": round(recorded / (read_s + raw_s) / raw_events_per_s, 4),
                "path": "exchange.import_commands",
                "group_commit": batch > 1,
            }
        )
    )


if __name__ == "__main__":
    main()
