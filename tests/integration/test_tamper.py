"""Tampering made directly in the database is detected by `verify`, naming the event.

Each test records a real history through the application, then edits, deletes, inserts or
reorders rows with the database's own driver (``sqlite3`` on the SQLite file, ``psycopg``
on the PostgreSQL table) — as someone with database access would — and expects `verify`
to name the first broken event (position, stream, version).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID, uuid4

import pytest

from nghedan_core import ContributionSource, NgheDan, PublishDisclosure, ReceiveContribution, Vnd
from nghedan_core.aggregates.fund import fund_id
from nghedan_core.audit import audit, verify
from nghedan_core.serialization import canonical_json, event_hash

from world import COMMUNE, at, build_world

FUND = fund_id(COMMUNE)


class Rows:
    """The events table of one store, reached around the application with its own driver.

    SQLite: ``stored_events``, the rowid is the position and ids are stored as hex.
    PostgreSQL: ``<schema>.nghedan_events``, ``notification_id`` is the position.
    """

    def __init__(self, url: str) -> None:
        """Connect to the store at `url` (autocommit)."""
        parts = urlsplit(url)
        self.sqlite = parts.scheme == "sqlite"
        if self.sqlite:
            self.db: Any = sqlite3.connect(parts.path[1:], isolation_level=None)
            self.table, self.pos = "stored_events", "rowid"
        else:
            import psycopg

            self.db = psycopg.connect(url.split("?", 1)[0], autocommit=True)
            self.table = f'"{parse_qs(parts.query)["schema"][0]}".nghedan_events'
            self.pos = "notification_id"

    def _sql(self, statement: str, params: tuple[Any, ...]) -> Any:
        statement = statement.format(table=self.table, pos=self.pos)
        if not self.sqlite:
            statement = statement.replace("?", "%s")
        return self.db.execute(statement, params)

    def _id(self, stream: UUID) -> Any:
        return stream.hex if self.sqlite else stream

    def rows(self, stream: UUID) -> list[tuple[int, int, str, dict[str, Any]]]:
        """(position, version, topic, state) of each event of `stream`, by version."""
        cur = self._sql(
            "SELECT {pos}, originator_version, topic, state FROM {table}"
            " WHERE originator_id = ? ORDER BY originator_version",
            (self._id(stream),),
        )
        return [(p, v, t, json.loads(bytes(s))) for p, v, t, s in cur.fetchall()]

    def set_state(self, position: int, state: dict[str, Any]) -> None:
        """Overwrite the stored state of the event at `position`."""
        self._sql("UPDATE {table} SET state = ? WHERE {pos} = ?", (canonical_json(state), position))

    def delete(self, position: int) -> None:
        """Delete the event at `position`."""
        self._sql("DELETE FROM {table} WHERE {pos} = ?", (position,))

    def insert(self, stream: UUID, version: int, topic: str, state: dict[str, Any]) -> None:
        """Insert an event row (it takes the next position)."""
        self._sql(
            "INSERT INTO {table} (originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?)",
            (self._id(stream), version, topic, canonical_json(state)),
        )

    def set_version(self, position: int, version: int) -> None:
        """Change the version of the event at `position`."""
        self._sql("UPDATE {table} SET originator_version = ? WHERE {pos} = ?", (version, position))

    def swap(self, a: int, b: int) -> None:
        """Swap the positions of two events, in one transaction."""
        self._sql("BEGIN", ())
        for old, new in ((a, -1), (b, a), (-1, b)):
            self._sql("UPDATE {table} SET {pos} = ? WHERE {pos} = ?", (new, old))
        self._sql("COMMIT", ())

    def close(self) -> None:
        """Release the connection."""
        self.db.close()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[tuple[str, Rows]]:
    """A real store holding a recorded history, and its events table."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'nghedan.db'}"
    else:
        url = str(request.getfixturevalue("postgres_url"))
    app = NgheDan(url)
    build_world(app)
    for amount in (200_000, 300_000, 400_000):
        app.handle(
            ReceiveContribution(
                unit=COMMUNE,
                receipt_id=uuid4(),
                amount=Vnd(amount),
                source=ContributionSource.SESSION,
                occurred_at=at(4, 11),
            )
        )
    app.close()
    rows = Rows(url)
    try:
        yield url, rows
    finally:
        rows.close()


def records_of(url: str) -> list[Any]:
    app = NgheDan(url)
    try:
        return list(app.records())
    finally:
        app.close()


def linked_while_reading(url: str) -> Any:
    """The first break the application's audit finds, its reader linking the chain."""
    app = NgheDan(url)
    try:
        report = app.audit(lines=False)
    finally:
        app.close()
    assert report.events == len(records_of(url))
    return report.first_break


def test_the_untouched_history_verifies(store) -> None:
    """Before any tampering: no break, and the fund's stream has five events."""
    url, rows = store
    assert verify(records_of(url)) is None
    assert linked_while_reading(url) is None
    assert [v for _, v, _, _ in rows.rows(FUND)] == [1, 2, 3, 4, 5]


def test_an_edited_payload_is_named(store) -> None:
    """An amount changed in the stored JSON: the edited event is named."""
    url, rows = store
    position, version, topic, state = rows.rows(FUND)[2]
    state["payload"]["amount"] = 20_000_000
    rows.set_state(position, state)
    brk = verify(records_of(url))
    assert brk is not None
    assert (brk.position, brk.stream_id, brk.version, brk.topic, brk.reason) == (
        position,
        str(FUND),
        version,
        topic,
        "edited",
    )
    assert linked_while_reading(url) == brk  # the reader linking the chain finds the same


def test_a_deleted_middle_event_is_named(store) -> None:
    """Version 3 of the fund deleted: version 4 is named, 3 expected."""
    url, rows = store
    fund = rows.rows(FUND)
    rows.delete(fund[2][0])
    brk = verify(records_of(url))
    assert brk is not None
    assert (brk.position, brk.stream_id, brk.version, brk.reason) == (
        fund[3][0],
        str(FUND),
        4,
        "gap",
    )
    assert linked_while_reading(url) == brk  # the reader linking the chain finds the same


def test_an_inserted_forged_event_is_named(store) -> None:
    """A forged receipt put in the middle of the fund (versions shifted up): named."""
    url, rows = store
    fund = rows.rows(FUND)
    for position, version, _, _ in reversed(fund[3:]):  # make room for version 4
        rows.set_version(position, version + 1)
    _, _, topic, template = fund[2]
    payload = {**template["payload"], "amount": 50_000_000, "receipt_id": str(uuid4())}
    forged_hash = event_hash(
        FUND, 4, topic, template["recorded_at"], payload, template["hash"], template.get("actor")
    )
    forged = {**template, "payload": payload, "prev": template["hash"], "hash": forged_hash}
    rows.insert(FUND, 4, topic, forged)
    brk = verify(records_of(url))
    assert brk is not None
    # the first event after the forgery's place: it now claims version 5
    assert (brk.position, brk.stream_id, brk.version) == (fund[3][0], str(FUND), 5)
    assert linked_while_reading(url) == brk  # the reader linking the chain finds the same


def test_a_forged_event_appended_with_a_valid_hash_fails_the_published_digest(store) -> None:
    """A forger who recomputes the hash at the stream's end beats the chain, not the digest."""
    url, rows = store
    published = audit(records_of(url)).digest
    *_, (_, version, topic, last) = rows.rows(FUND)
    payload = {**last["payload"], "receipt_id": str(uuid4())}
    digest = event_hash(
        FUND, version + 1, topic, last["recorded_at"], payload, last["hash"], last.get("actor")
    )
    rows.insert(
        FUND, version + 1, topic, {**last, "payload": payload, "prev": last["hash"], "hash": digest}
    )
    history = records_of(url)
    assert verify(history) is None
    brk = verify(history, expected_digest=published, digest_at=history[-2].position)
    assert brk is None  # the prefix that was published is untouched
    brk = verify(history, expected_digest=published)
    assert brk is not None
    assert brk.reason == "digest"


def test_two_reordered_events_of_a_stream_are_named(store) -> None:
    """Versions 3 and 4 of the fund swap places in the global order: the first is named."""
    url, rows = store
    fund = rows.rows(FUND)
    (p3, _, _, _), (p4, _, _, _) = fund[2], fund[3]
    rows.swap(p3, p4)
    brk = verify(records_of(url))
    assert brk is not None
    assert (brk.position, brk.stream_id, brk.version, brk.reason) == (p3, str(FUND), 4, "gap")
    assert linked_while_reading(url) == brk  # the reader linking the chain finds the same


def test_deleting_a_streams_last_event_fails_the_published_digest(store) -> None:
    """The fund's last receipt deleted: the chain still holds, the digest published does not."""
    url, rows = store
    published = audit(records_of(url)).digest
    rows.delete(rows.rows(FUND)[-1][0])
    assert verify(records_of(url)) is None
    brk = verify(records_of(url), expected_digest=published)
    assert brk is not None
    assert brk.reason == "digest"
    report = audit(records_of(url))
    assert report.digest != published


def test_a_selection_forged_in_the_database_by_a_clerk_fails_the_audit_naming_it(store) -> None:
    """A selection naming a clerk, appended with a correct hash: the audit names the event."""
    url, rows = store
    records = records_of(url)
    clerk = next(
        r.stream_id
        for r in records
        if r.topic == "official.OfficialRegistered" and r.payload["roles"] == ["clerk"]
    )
    selection = next(r for r in records if r.topic == "household.HouseholdSelected")
    household = UUID(selection.stream_id)
    position, version, topic, template = rows.rows(household)[-1]
    payload = {**template["payload"], "month": "2024-04", "selected_by": [clerk]}
    forged_hash = event_hash(
        household,
        version + 1,
        topic,
        template["recorded_at"],
        payload,
        template["hash"],
        template.get("actor"),
    )
    forged = {**template, "payload": payload, "prev": template["hash"], "hash": forged_hash}
    rows.insert(household, version + 1, topic, forged)
    assert verify(records_of(url)) is None  # the chain alone does not see it
    forged_at = rows.rows(household)[-1][0]
    report = audit(records_of(url))
    check = next(c for c in report.checks if c.code == "acts.officials_held_role")
    assert not check.passed
    assert check.first_position == forged_at > position
    assert clerk in check.detail
    assert "household.HouseholdSelected" in check.detail


def _append_forged(
    rows: Rows, url: str, payload: dict[str, Any], topic: str, recorded_at: str | None = None
) -> int:
    """Append an event to the fund's end with a valid hash; return its position.

    Recorded when the fund's last event was, unless `recorded_at` says otherwise.
    """
    *_, (_, version, _, last) = rows.rows(FUND)
    recorded_at = recorded_at or last["recorded_at"]
    digest = event_hash(FUND, version + 1, topic, recorded_at, payload, last["hash"])
    state = {"payload": payload, "recorded_at": recorded_at, "prev": last["hash"]}
    rows.insert(FUND, version + 1, topic, {**state, "hash": digest})
    return int(records_of(url)[-1].position)


def _publish_march(url: str) -> None:
    app = NgheDan(url)
    try:
        app.handle(
            PublishDisclosure(
                unit=COMMUNE,
                period_from=date(2024, 3, 1),
                period_to=date(2024, 3, 31),
                occurred_at=at(1, 9, month=4),
            )
        )
    finally:
        app.close()


def test_a_receipt_written_into_a_published_month_fails_the_audit(store) -> None:
    """A receipt dated into March, written after March's disclosure, undeclared: named."""
    url, rows = store
    _publish_march(url)
    receipt = next(r for r in rows.rows(FUND) if r[2] == "fund.ContributionReceived")[3]
    payload = {**receipt["payload"], "receipt_id": str(uuid4()), "amount": 1_000_000}
    position = _append_forged(rows, url, payload, "fund.ContributionReceived")
    history = records_of(url)
    assert verify(history) is None  # the chain holds: the forger recomputed the hash
    report = audit(history)
    check = report.check("fund.corrections_declared")
    assert not check.passed
    assert check.first_position == position
    assert "fund.ContributionReceived" in check.detail


def test_a_payment_written_without_its_support_fails_the_audit(store) -> None:
    """A payment written straight into the fund, no support to the household: named."""
    url, rows = store
    household = str(uuid4())  # the forger needs no household: the payment is the point
    payload = {
        "occurred_at": at(5, 9).isoformat(),
        "disbursement_id": str(uuid4()),
        "purpose": "gift",
        "amount": 100_000,
        "household_id": household,
        "visit_id": None,
        "approvers": [],
        "note": None,
    }
    position = _append_forged(rows, url, payload, "fund.DisbursementMade")
    report = audit(records_of(url))
    check = report.check("fund.payments_match_supports")
    assert not check.passed
    assert check.first_position == position
    assert "fund.DisbursementMade" in check.detail


def _receipt_payload(rows: Rows, **changes: Any) -> dict[str, Any]:
    receipt = next(r for r in rows.rows(FUND) if r[2] == "fund.ContributionReceived")[3]
    return {**receipt["payload"], "receipt_id": str(uuid4()), **changes}


def test_an_event_dated_after_it_was_recorded_fails_the_audit(store) -> None:
    """A receipt dated a day after its recording time, written in the database: named."""
    url, rows = store
    payload = _receipt_payload(rows, occurred_at=at(5, 11).isoformat())
    position = _append_forged(
        rows, url, payload, "fund.ContributionReceived", at(4, 11).isoformat()
    )
    history = records_of(url)
    assert verify(history) is None
    check = audit(history).check("time.not_ahead_of_recording")
    assert not check.passed
    assert check.first_position == position
    assert "fund.ContributionReceived" in check.detail
    assert "05/03/2024 11:00" in check.detail


def test_an_old_event_recorded_without_a_late_entry_reason_fails_the_audit(store) -> None:
    """Dated 4 March, recorded a month later, no reason, not imported: named; declared: passes."""
    url, rows = store
    month_later = at(4, 11, month=4).isoformat()
    payload = _receipt_payload(rows)
    position = _append_forged(rows, url, payload, "fund.ContributionReceived", month_later)
    check = audit(records_of(url)).check("time.late_entries_declared")
    assert not check.passed
    assert check.first_position == position
    assert "fund.ContributionReceived" in check.detail
    assert "04/03/2024 07:00" in check.detail  # the receipt copied: 4 March, 07:00
    assert "04/04/2024 11:00" in check.detail
    for marker in ({"late_entry_reason": "Sổ thu nộp muộn"}, {"imported": True}):
        marked = _receipt_payload(rows, **marker)
        _append_forged(rows, url, marked, "fund.ContributionReceived", month_later)
        check = audit(records_of(url)).check("time.late_entries_declared")
        assert check.violations == 1  # only the first forgery: the marked ones pass
        assert check.first_position == position


def test_a_payment_request_written_into_a_published_month_fails_the_audit(store) -> None:
    """Not only money: a request dated into March, written after its disclosure: named."""
    url, rows = store
    _publish_march(url)
    payload = {
        "occurred_at": at(28, 9).isoformat(),
        "disbursement_id": str(uuid4()),
        "purpose": "other_support",
        "amount": 6_000_000,
        "household_id": str(uuid4()),
        "requested_by": str(uuid4()),
        "visit_id": None,
        "note": None,
    }
    position = _append_forged(rows, url, payload, "fund.PaymentRequested")
    check = audit(records_of(url)).check("fund.corrections_declared")
    assert not check.passed
    assert check.first_position == position
    assert "fund.PaymentRequested" in check.detail
