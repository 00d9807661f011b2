"""Materialised views behind every read: no request replays the log.

`LiveViews` owns a core `Runner` that keeps the shared projections (fund ledger, complaint
board, quota compliance, household history, unit directory) materialised in the events'
database, resuming from its tracked position after a restart. Views that depend
on request parameters — a period report for given dates and units, one session's dossier —
are folds too: each is created on first use, caught up from the log once, then kept up to
date **incrementally** from its own position and held in a bounded LRU cache (in memory:
arbitrary parameters from the public must not grow the database). The fund audit is kept
the same way (one incremental fold, checks and digest read in O(funds)).

On a store that keeps the views (SQLite, PostgreSQL: ADR 0020's `StoredViews`), a read of
some units — a commune's workspace pages, its board, households, ledger, quota — folds only
those units' events through the stored index, and the shared projections of every unit
are started **on first use** (a report or board of the whole province): the server starts
without folding the log, and a commune's page costs what that commune recorded.

`LiveViews` is the `nghedan_core.ViewSource` of the server's `Queries` (`LiveViews.queries`):
it only keeps projections caught up and caches; which units, complaints or lines a request
covers is decided by `Queries`, as for the command line.

Freshness: a write made through this server marks the views stale, so the next read sees
it. Writes made by another process (the CLI) are picked up by checking the log's last
position at most every `freshness` seconds.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, Generic, TypeVar, cast

from nghedan_core import NgheDan, Queries
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
    PeriodReport,
    PeriodReportView,
    QuotaCompliance,
    QuotaView,
    SessionDossier,
    UnitDirectory,
    UnitEntry,
)
from nghedan_core.queries import make_report, report_moment
from nghedan_core.runner import Runner
from nghedan_core.views import StoredViews, has_stored_views

__all__ = ["LiveViews", "UnitDirectory", "UnitEntry"]

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
        #: boards as they stood at a moment before the latest complaint event
        self._boards: _Keyed[ComplaintBoard] = _Keyed(
            lambda key: ComplaintBoard(as_of=cast("datetime", key)), cache_size
        )
        #: the views kept in the store (None on ``memory://``): what reads of some units,
        #: a session or a past moment fold, instead of replaying the log (ADR 0020)
        self.stored = StoredViews(app) if has_stored_views(app) else None
        #: every read of the server, decided by the core's one read side
        self.queries = Queries(app, source=self)
        self._auditor = FundAuditor(app.config, lines=False)
        self._audit_position = 0
        self._cache = _Cached()
        self._head = 0
        self._checked = 0.0
        self._stale = True
        #: whether the shared projections of every unit are being kept (from their first use
        #: when the store keeps the views; from the start on ``memory://``)
        self.live = self.stored is None
        if self.stored is not None:
            self.stored.catch_up()  # the index, not a fold: each stream's first event read
        self.refresh(force=True)

    @staticmethod
    def _make_report(key: Hashable) -> PeriodReport:
        date_from, date_to, units, as_of = cast(
            "tuple[date, date, tuple[str, ...], datetime | None]", key
        )
        return make_report(date_from, date_to, units, as_of)

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
                if self.live:
                    self.runner.run_once()
                self._head = head
            return self._head

    def _whole(self) -> int:
        """The head position, the shared projections of every unit caught up (started now)."""
        head = self.refresh()
        if not self.live:
            with self._lock:
                if not self.live:
                    self._start_live()
                    self.live = True
        return head

    def _start_live(self) -> None:
        """Fold the views of every unit from their saved position, written back once.

        Written back every 1,000 events while folded from the whole log, every whole view
        would be serialised again each time (quadratic in the store: 28 of the 32.8 s the
        server took to start at 100,000 events). Killed in the middle, a restart replays
        from the position last written, as for any events not yet written back.
        """
        every = self.runner.save_every
        self.runner.save_every = sys.maxsize
        try:
            self.runner.run_once()
        finally:
            self.runner.save_every = every
        self.runner.flush()

    def _stored(self, units: Collection[str]) -> StoredViews | None:
        """The stored views, when they answer a read of `units` (some units, not all)."""
        return self.stored if units else None

    def _kept(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """`compute()`, kept until the log moves (a read of the stored views)."""
        head = self.refresh()
        with self._lock:
            return self._cache.get(key, head, compute)

    def _read(
        self,
        name: str,
        units: Collection[str],
        mine: Callable[[StoredViews], Any],
        every: Callable[[], Any],
    ) -> Any:
        """`mine(stored views)` for some units, else `every()` of the views kept live."""
        stored = self._stored(units)
        if stored is not None:
            return self._kept((f"{name}-of", tuple(sorted(units))), lambda: mine(stored))
        head = self._whole()
        with self._lock:
            return self._cache.get(name, head, every)

    # --- reads ------------------------------------------------------------------------------

    def ledger_view(self, units: Collection[str] = ()) -> LedgerView:
        """The ledgers of `units`' funds (from the stored views), else of every fund (live)."""
        value: LedgerView = self._read(
            "ledger", units, lambda stored: stored.ledger_view(units), self.ledger.view
        )
        return value

    def board_view(
        self, as_of: datetime | None = None, units: Collection[str] = ()
    ) -> ComplaintBoardView:
        """The board as of `as_of`; by default now (the server's clock, to the minute).

        Of some units, on a store that keeps the views, it is folded from their events read
        through the index: every event when it stands now (due/overdue judged now, as the
        board kept live), as it stood at `as_of` otherwise. The board kept live holds every
        event: it is the board of every unit as of any moment at or after the latest
        complaint event; for an earlier moment, a board as of it is folded and kept like a
        report.
        """
        stored = self._stored(units)
        if stored is not None:
            codes = tuple(sorted(units))
            if as_of is None:
                moment = self.app.clock().replace(second=0, microsecond=0)
                now: ComplaintBoardView = self._kept(
                    ("board-now", moment.isoformat(), codes),
                    lambda: stored.board_now(moment, units),
                )
                return now
            kept: ComplaintBoardView = self._kept(
                ("board-of", as_of.isoformat(), codes), lambda: stored.board_view(as_of, units)
            )
            return kept
        head = self._whole()
        with self._lock:
            latest = self.board.latest
            if as_of is not None and latest is not None and latest > as_of:
                board, _ = self._boards.get(as_of, self.app, head)
                past: ComplaintBoardView = self._cache.get(
                    ("board-as-of", as_of.isoformat()), head, board.view
                )
                return past
            moment = as_of or self.app.clock().replace(second=0, microsecond=0)
            value: ComplaintBoardView = self._cache.get(
                ("board", moment.isoformat()), head, lambda: self.board.view(moment)
            )
            return value

    def quota_view(self, units: Collection[str] = ()) -> QuotaView:
        """Quota compliance of the units `units` cover (stored views), else of every unit."""
        value: QuotaView = self._read(
            "quota", units, lambda stored: stored.quota_view(units), self.quota.view
        )
        return value

    def household_view(
        self, household_ids: Collection[str] = (), units: Collection[str] = ()
    ) -> HouseholdHistoryView:
        """The households of `units` or those named (stored views), else every household."""
        stored = self._stored((*units, *household_ids))
        if stored is not None:
            mine: HouseholdHistoryView = self._kept(
                ("households-of", tuple(sorted(household_ids)), tuple(sorted(units))),
                lambda: stored.household_view(household_ids, units),
            )
            return mine
        head = self._whole()
        with self._lock:
            value: HouseholdHistoryView = self._cache.get("households", head, self.households.view)
            return value

    def directory(self) -> UnitDirectory:
        """The unit directory (caught up): the unit events of the stored views, else live."""
        if self.stored is not None:
            self.refresh()
            with self._lock:
                return self.stored.directory()
        self._whole()
        return self.units

    def covered(self, units: Collection[str]) -> frozenset[str]:
        """The units `units` cover (from the unit directory)."""
        return self.directory().covered(units)

    def unit(self, code: str) -> UnitEntry | None:
        """The unit `code`, if registered."""
        return self.directory().get(code)

    def report_view(
        self,
        date_from: date,
        date_to: date,
        units: tuple[str, ...],
        as_of: datetime | None,
    ) -> PeriodReportView:
        """The period report: of some units, from the views kept in the store.

        Of every unit (or on a store without them), kept per parameters and caught up
        incrementally.
        """
        head = self.refresh()
        key = (date_from, date_to, units, as_of)
        with self._lock:
            if units and self.stored is not None:
                stored = self.stored
                made: PeriodReportView = self._cache.get(
                    ("report-of", key),
                    head,
                    lambda: stored.report_view(date_from, date_to, units, as_of),
                )
                return made
            report, _ = self._reports.get(key, self.app, head)
            value: PeriodReportView = self._cache.get(("report", key), head, report.view)
            return value

    def report_json(self, date_from: date, date_to: date, units: tuple[str, ...]) -> Any:
        """The period report's JSON (`PeriodReportView.to_json`), asked of `queries`."""
        head = self.refresh()
        # made now (to the minute, so that a minute's readings share one report)
        as_of = report_moment(date_to, self.app.clock().replace(second=0, microsecond=0))
        key = ("report-json", date_from, date_to, tuple(sorted(set(units))), as_of)
        view = self.queries.report(units, date_from, date_to, as_of=as_of)
        with self._lock:
            return self._cache.get(key, head, view.to_json)

    def report_bytes(self, date_from: date, date_to: date, units: tuple[str, ...]) -> bytes:
        """The period report's JSON, encoded (as the API sends it)."""
        head = self.refresh()
        as_of = report_moment(date_to, self.app.clock().replace(second=0, microsecond=0))
        key = ("report-bytes", date_from, date_to, tuple(sorted(set(units))), as_of)
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

    def dossier_view(self, session_id: str) -> DossierView:
        """The dossier of one session (from the views kept in the store, when it has them)."""
        head = self.refresh()
        with self._lock:
            if self.stored is not None:
                stored = self.stored
                found: DossierView = self._cache.get(
                    ("dossier-of", session_id), head, lambda: stored.dossier_view(session_id)
                )
                return found
            dossier, _ = self._dossiers.get(session_id, self.app, head)
            value: DossierView = self._cache.get(("dossier", session_id), head, dossier.view)
            return value

    def official_events(self) -> tuple[int, Iterable[EventRecord]] | None:
        """The officials' events, from the stored views (None on ``memory://``)."""
        return None if self.stored is None else self.stored.official_events()

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

    def names(self) -> Mapping[str, str]:
        """Unit code -> name."""
        return {u.code: u.name for u in self.directory().all()}
