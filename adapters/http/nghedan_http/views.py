"""Materialised views behind every read: no request replays the log.

`LiveViews` owns a core `Runner` that keeps the shared projections (fund ledger, complaint
board, quota compliance, household history, and the unit directory below) materialised in
the events' database, resuming from its tracked position after a restart. Views that depend
on request parameters — a period report for given dates and units, one session's dossier —
are folds too: each is created on first use, caught up from the log once, then kept up to
date **incrementally** from its own position and held in a bounded LRU cache (in memory:
arbitrary parameters from the public must not grow the database). The fund audit is kept
the same way (one incremental fold, checks and digest read in O(funds)).

Freshness: a write made through this server marks the views stale, so the next read sees
it. Writes made by another process (the CLI) are picked up by checking the log's last
position at most every `freshness` seconds.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from datetime import date, datetime
from typing import Any, Final, Generic, TypeVar, cast

import attrs

from nghedan_core import NgheDan
from nghedan_core.audit import AuditReport, FundAuditor
from nghedan_core.projections import (
    ComplaintBoard,
    ComplaintBoardView,
    DossierView,
    EventRecord,
    FundLedger,
    HouseholdHistory,
    HouseholdHistoryView,
    LedgerView,
    QuotaCompliance,
    QuotaView,
    SessionDossier,
)
from nghedan_core.projections.report import PeriodReport, covered_units
from nghedan_core.runner import Runner

__all__ = ["LiveViews", "UnitDirectory", "UnitEntry"]

_UNIT_TOPICS: Final = {"unit.UnitRegistered", "unit.UnitRenamed", "unit.UnitMerged"}


@attrs.frozen
class UnitEntry:
    """A unit as the directory knows it."""

    code: str
    name: str
    kind: str
    parent: str | None
    merged_into: str | None


class UnitDirectory:
    """A small materialised projection: every unit's name, kind, parent and merger.

    The HTTP adapter needs it to scope tokens (is unit X below unit Y?) and to list units on
    the public page; the data are the unit events' own public fields.
    """

    name = "http_unit_directory"

    def __init__(self) -> None:
        """Start with no units."""
        self._code_of: dict[str, str] = {}
        self._units: dict[str, list[Any]] = {}

    def apply(self, record: EventRecord) -> None:
        """Take a unit event into account."""
        topic = record.topic
        if topic not in _UNIT_TOPICS:
            return
        p = record.payload
        if topic == "unit.UnitRegistered":
            self._code_of[record.stream_id] = p["code"]
            self._units[p["code"]] = [p["name"], p["kind"], p.get("parent"), None]
            return
        code = self._code_of.get(record.stream_id)
        if code is None or code not in self._units:
            return
        if topic == "unit.UnitRenamed":
            self._units[code][0] = p["name"]
        else:
            self._units[code][3] = p["into"]

    def snapshot(self) -> dict[str, Any]:
        """JSON-ready accumulator."""
        return {
            "code_of": dict(self._code_of),
            "units": {k: list(v) for k, v in self._units.items()},
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with a saved one."""
        self._code_of = dict(data["code_of"])
        self._units = {k: list(v) for k, v in data["units"].items()}

    def get(self, code: str) -> UnitEntry | None:
        """The unit `code`, if registered."""
        row = self._units.get(code)
        if row is None:
            return None
        return UnitEntry(code=code, name=row[0], kind=row[1], parent=row[2], merged_into=row[3])

    def all(self) -> list[UnitEntry]:
        """Every unit, by code."""
        return [e for code in sorted(self._units) if (e := self.get(code)) is not None]

    def covers(self, scope: str, unit: str) -> bool:
        """Whether `unit` is `scope` itself, below it, or merged into it (transitively)."""
        seen: set[str] = set()
        todo = [unit]
        while todo:
            code = todo.pop()
            if code == scope:
                return True
            if code in seen:
                continue
            seen.add(code)
            row = self._units.get(code)
            if row is not None:
                todo.extend(c for c in (row[2], row[3]) if c is not None)
        return False

    def below(self, scope: str) -> set[str]:
        """`scope` and every unit below it or merged into it."""
        parents = {code: row[2] for code, row in self._units.items()}
        merged = {code: row[3] for code, row in self._units.items() if row[3] is not None}
        return covered_units([scope], parents, merged)


P = TypeVar("P")


class _Keyed(Generic[P]):
    """An LRU of parameterised projections, each caught up from its own position."""

    def __init__(self, make: Callable[[Hashable], P], size: int) -> None:
        self._make = make
        self._size = size
        self._items: OrderedDict[Hashable, list[Any]] = OrderedDict()  # key -> [proj, pos]

    def get(self, key: Hashable, app: NgheDan, head: int) -> tuple[P, bool]:
        """The projection for `key`, caught up to `head`; and whether it moved."""
        item = self._items.get(key)
        if item is None:
            item = [self._make(key), 0]
            self._items[key] = item
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        self._items.move_to_end(key)
        moved = False
        if item[1] < head:
            apply = item[0].apply
            for record in app.records(item[1] + 1, stop=head):
                apply(record)
            item[1] = head
            moved = True
        return item[0], moved


class _Cached:
    """A value computed from a view, recomputed only when the log has moved."""

    def __init__(self) -> None:
        self._values: dict[Hashable, tuple[int, Any]] = {}

    def get(self, key: Hashable, head: int, compute: Callable[[], Any]) -> Any:
        hit = self._values.get(key)
        if hit is not None and hit[0] == head:
            return hit[1]
        value = compute()
        if len(self._values) > 512:
            self._values.clear()
        self._values[key] = (head, value)
        return value


class LiveViews:
    """Every view the HTTP adapter serves, kept up to date without replays per request."""

    def __init__(self, app: NgheDan, *, freshness: float = 0.25, cache_size: int = 64) -> None:
        """Restore the materialised views of `app` and catch them up."""
        self.app = app
        self.freshness = freshness
        self._lock = threading.RLock()
        self.ledger = FundLedger()
        self.board = ComplaintBoard()
        self.quota = QuotaCompliance(app.config.monthly_quota)
        self.households = HouseholdHistory()
        self.units = UnitDirectory()
        # the views are written back every 1,000 events, not after every write the server
        # catches up with (serialising whole views each time made reads slow down as the
        # funds grew); a restart replays what was not written
        self.runner = Runner(
            app,
            [self.ledger, self.board, self.quota, self.households, self.units],
            save_every=1_000,
        )
        self._reports: _Keyed[PeriodReport] = _Keyed(self._make_report, cache_size)
        self._dossiers: _Keyed[SessionDossier] = _Keyed(
            lambda key: SessionDossier(str(key)), cache_size
        )
        self._auditor = FundAuditor(app.config, lines=False)
        self._audit_position = 0
        self._cache = _Cached()
        self._head = 0
        self._checked = 0.0
        self._stale = True
        self.refresh(force=True)

    @staticmethod
    def _make_report(key: Hashable) -> PeriodReport:
        date_from, date_to, units = cast("tuple[date, date, tuple[str, ...]]", key)
        return PeriodReport(date_from, date_to, units)

    # --- freshness --------------------------------------------------------------------------

    def mark_stale(self) -> None:
        """A write went through this server: the next read catches up."""
        self._stale = True

    def refresh(self, *, force: bool = False) -> int:
        """Catch the shared views up if the log may have moved; return the head position."""
        now = time.monotonic()
        if not (force or self._stale or now - self._checked >= self.freshness):
            return self._head
        with self._lock:
            self._stale = False
            self._checked = now
            head = self.app.max_position()
            if head != self._head:
                self.runner.run_once()
                self._head = head
            return self._head

    # --- reads ------------------------------------------------------------------------------

    def ledger_view(self) -> LedgerView:
        """The fund ledger."""
        head = self.refresh()
        with self._lock:
            value: LedgerView = self._cache.get("ledger", head, self.ledger.view)
            return value

    def board_view(self, now: datetime | None = None) -> ComplaintBoardView:
        """The complaint board, due/overdue judged at `now` (default: the server's clock)."""
        head = self.refresh()
        moment = (now or self.app.clock()).replace(second=0, microsecond=0)
        with self._lock:
            value: ComplaintBoardView = self._cache.get(
                ("board", moment.isoformat()), head, lambda: self.board.view(moment)
            )
            return value

    def quota_view(self) -> QuotaView:
        """Quota compliance."""
        head = self.refresh()
        with self._lock:
            value: QuotaView = self._cache.get("quota", head, self.quota.view)
            return value

    def household_view(self) -> HouseholdHistoryView:
        """Every household's history."""
        head = self.refresh()
        with self._lock:
            value: HouseholdHistoryView = self._cache.get("households", head, self.households.view)
            return value

    def directory(self) -> UnitDirectory:
        """The unit directory (caught up)."""
        self.refresh()
        return self.units

    def report_json(self, date_from: date, date_to: date, units: tuple[str, ...]) -> Any:
        """The period report's JSON (`PeriodReportView.to_json`), kept per parameters."""
        head = self.refresh()
        key = (date_from, date_to, tuple(sorted(set(units))))
        with self._lock:
            report, _ = self._reports.get(key, self.app, head)
            return self._cache.get(("report", key), head, lambda: report.view().to_json())

    def report_bytes(self, date_from: date, date_to: date, units: tuple[str, ...]) -> bytes:
        """The period report's JSON, encoded (as the API sends it)."""
        head = self.refresh()
        key = ("report-bytes", date_from, date_to, tuple(sorted(set(units))))
        data = self.report_json(date_from, date_to, units)
        with self._lock:
            value: bytes = self._cache.get(
                key,
                head,
                lambda: json.dumps(
                    data, ensure_ascii=False, allow_nan=False, separators=(",", ":")
                ).encode(),
            )
            return value

    def dossier(self, session_id: str) -> DossierView:
        """The dossier of one session."""
        head = self.refresh()
        with self._lock:
            dossier, _ = self._dossiers.get(session_id, self.app, head)
            value: DossierView = self._cache.get(("dossier", session_id), head, dossier.view)
            return value

    def audit(self) -> AuditReport:
        """The fund audit of the whole history, folded incrementally."""
        head = self.refresh()
        with self._lock:
            if self._audit_position < head:
                apply = self._auditor.apply
                for record in self.app.records(self._audit_position + 1, stop=head):
                    apply(record)
                self._audit_position = head
            value: AuditReport = self._cache.get("audit", head, self._auditor.report)
            return value

    def head(self) -> int:
        """The position the views are at."""
        return self.refresh()

    def unit_exists(self, code: str) -> bool:
        """Whether `code` is a registered unit."""
        return self.directory().get(code) is not None

    def names(self) -> Mapping[str, str]:
        """Unit code -> name."""
        return {u.code: u.name for u in self.directory().all()}
