"""The read side: every question an adapter asks, answered once, from the shared projections.

`Queries` answers the complaint board, the period report, a fund's ledger and disclosure, a
session's dossier, the visit quota, the households and the unit directory. The CLI, the
HTTP API, the public page and the BDD steps call it and only render what it returns: every
decision about *which* records a question covers is taken here, once —

- **a unit covers itself, the units below it and the units merged into it**, transitively
  (`projections.report.covered_units`, through `UnitDirectory`); an empty selection covers
  every unit;
- **a unit code that was never registered is refused** (`UnknownUnitError`, code
  ``unit.unknown``, naming every unknown code), never answered with a page of zeros;
- the board stands **as of a moment**: events that occurred after it are left out and due /
  overdue are judged at it (`ComplaintBoard`).

Where the projections come from is a `ViewSource`: by default `Replay`, which folds the log
for each question (the command line: one short process, one question); the HTTP server
passes its own source, whose projections it keeps up to date incrementally and caches. A
source answers *at least* what was asked (a whole board, every household) and `Queries`
narrows it, so a source kept in tables later (issue 15) changes no caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from uuid import UUID

import attrs

from nghedan_core.errors import FundNotOpenedError, UnknownUnitError
from nghedan_core.projections import (
    BoardCounts,
    ComplaintBoard,
    ComplaintBoardView,
    ComplaintStatus,
    DisclosureView,
    DossierView,
    EventRecord,
    FundLedger,
    HouseholdHistory,
    HouseholdHistoryView,
    HouseholdRecord,
    LedgerView,
    PeriodReport,
    PeriodReportView,
    QuotaCompliance,
    QuotaView,
    SessionDossier,
    UnitDirectory,
    UnitEntry,
    disclosure,
)
from nghedan_core.projections.complaints import BoardEntry, BoardGroup
from nghedan_core.projections.dossier import VisitEntry
from nghedan_core.projections.ledger import LedgerLine, LineKind, PublishedDisclosure
from nghedan_core.values import (
    PERSONAL,
    VIETNAM_TZ,
    ContributionSource,
    Month,
    SessionLevel,
    UnitKind,
)

if TYPE_CHECKING:
    from nghedan_core.application import NgheDan

__all__ = [
    "OfficialEntry",
    "OfficialRoster",
    "PaymentRequestEntry",
    "Queries",
    "RankedHousehold",
    "Replay",
    "SupervisionRow",
    "ViewSource",
    "covered_in",
    "make_report",
    "report_moment",
]

_OFFICIAL_TOPICS = frozenset(
    {"official.OfficialRegistered", "official.OfficialTransferred", "official.OfficialLeft"}
)
_VOLUNTEER_TOPICS = frozenset(
    {
        "volunteer.VolunteerWorkPlanned",
        "volunteer.VolunteersNotified",
        "volunteer.VolunteerWorkCompleted",
        "volunteer.VolunteerWorkCancelled",
    }
)


@attrs.frozen
class VolunteerEntry:
    """Volunteer work as the workspace lists it: what, where, when, told when, done how."""

    work_id: str
    unit: str
    kind: str
    place: str
    starts_at: datetime
    task: str
    household_id: str | None
    #: planned | notified | completed | cancelled
    status: str = "planned"
    notified_at: datetime | None = None
    notified: str | None = None
    channel: str | None = None
    participants: int = 0
    length_m: int = 0
    value_vnd: int = 0
    note: str | None = None
    cancel_reason: str | None = None


@attrs.frozen
class OfficialEntry:
    """An official in office, as pages name them: name, position, roles, unit."""

    official_id: str
    full_name: str
    position: str
    unit: str
    roles: tuple[str, ...]


class OfficialRoster:
    """A fold over the log: the officials in office (by stream) and sessions' inspections."""

    def __init__(self) -> None:
        """Nothing seen yet."""
        self.officials: dict[str, OfficialEntry] = {}
        #: session stream id -> how many inspections it had
        self.inspections: dict[str, int] = {}
        #: volunteer work stream id -> the work as it stands
        self.works: dict[str, VolunteerEntry] = {}

    def apply(self, record: EventRecord) -> None:
        """Take one event into account."""
        topic = record.topic
        if topic == "session.SessionInspected":
            self.inspections[record.stream_id] = self.inspections.get(record.stream_id, 0) + 1
            return
        if topic in _VOLUNTEER_TOPICS:
            self._work(topic, record.stream_id, record.payload)
            return
        if topic not in _OFFICIAL_TOPICS:
            return
        p = record.payload
        sid = record.stream_id
        if topic == "official.OfficialRegistered":
            self.officials[sid] = OfficialEntry(
                official_id=sid,
                full_name=p["full_name"],
                position=p["position"],
                unit=p["unit"],
                roles=tuple(sorted(p["roles"])),
            )
        elif topic == "official.OfficialTransferred" and sid in self.officials:
            self.officials[sid] = attrs.evolve(
                self.officials[sid], unit=p["to_unit"], position=p["position"]
            )
        else:
            self.officials.pop(sid, None)

    def _work(self, topic: str, sid: str, p: Any) -> None:
        if topic == "volunteer.VolunteerWorkPlanned":
            household = p.get("household_id")
            self.works[sid] = VolunteerEntry(
                work_id=str(p["work_id"]),
                unit=p["unit"],
                kind=p["kind"],
                place=p["place"],
                starts_at=datetime.fromisoformat(p["starts_at"]),
                task=p["task"],
                household_id=None if household is None else str(household),
            )
            return
        work = self.works.get(sid)
        if work is None:
            return
        if topic == "volunteer.VolunteersNotified":
            self.works[sid] = attrs.evolve(
                work,
                status="notified",
                notified_at=datetime.fromisoformat(p["notified_at"]),
                notified=p["notified"],
                channel=p.get("channel"),
            )
        elif topic == "volunteer.VolunteerWorkCompleted":
            self.works[sid] = attrs.evolve(
                work,
                status="completed",
                participants=p["participants"],
                length_m=p.get("length_m", 0),
                value_vnd=p.get("value", 0),
                note=p.get("note"),
            )
        else:
            self.works[sid] = attrs.evolve(work, status="cancelled", cancel_reason=p["reason"])

    def in_unit(self, unit: str) -> tuple[OfficialEntry, ...]:
        """The officials in office in `unit`, by name."""
        return tuple(
            sorted(
                (o for o in self.officials.values() if o.unit == unit), key=lambda o: o.full_name
            )
        )


@attrs.frozen
class PaymentRequestEntry:
    """A payment requested and awaiting its approvals (ADR 0017)."""

    disbursement_id: str
    unit: str
    purpose: str
    amount_vnd: int
    household_id: str
    requested_by: str
    note: str | None
    #: the leaders who approved it so far, in order
    approvals: tuple[str, ...]
    #: how many approvals pay it (the dual-approval threshold of the policy)
    required: int


@attrs.frozen
class PledgeEntry:
    """A pledge to a fund: how much, how much came in, what remains, cancelled or not."""

    pledge_id: str
    unit: str
    source: str
    amount_vnd: int
    received_vnd: int
    remaining_vnd: int
    donor: str | None
    cancelled: bool


@attrs.frozen
class ReceiptEntry:
    """One receipt of a fund as its printed receipt (phiếu thu) shows it."""

    receipt_id: str
    unit: str
    fund_name: str
    #: the receipt's number: its order among the fund's receipts, from 1
    number: int
    received_at: datetime
    amount_vnd: int
    source: str
    pledge_id: str | None
    donor: str | None
    #: the contributor's name: personal data
    contributor: str | None = attrs.field(default=None, metadata=PERSONAL)

    @property
    def day(self) -> date:
        """The business date (Vietnam) it was received."""
        return self.received_at.astimezone(VIETNAM_TZ).date()


@attrs.frozen
class CeremonyContributions:
    """What a session's flag ceremony collected: its receipts and their total."""

    day: date
    lines: tuple[LedgerLine, ...]
    total_vnd: int


@attrs.frozen
class RankedHousehold:
    """A household as a selection weighs it (`policies.impartiality.ranking`)."""

    household_id: str
    hardship_score: int
    last_supported: date | None
    #: empty: waiting (may rank ahead); else why not (``recently_supported``…)
    reasons: tuple[str, ...]
    #: officials of the unit who declared a relation to it or its head: they must recuse
    must_recuse: tuple[str, ...]


@attrs.frozen
class SupervisionRow:
    """One unit below a supervisory unit: what the supervising level reads of it."""

    unit: str
    name: str
    sessions_held: int
    sessions_scheduled: int
    complaints_overdue: int
    complaints_open: int
    #: closed months that met the visit quota, and those that fell short
    quota_met: int
    quota_short: int
    disclosures_published: int
    inspections: int


def covered_in(directory: UnitDirectory, units: Iterable[str]) -> frozenset[str] | None:
    """The units `units` cover in `directory`: themselves, below them, merged into them.

    None when `units` is empty (every unit); `UnknownUnitError` naming each code never
    registered. `Queries.covered` answers with it, and so does a reader of a history that is
    not a store (``nghedan audit --from-file``), from the directory folded from that history.
    """
    codes = tuple(dict.fromkeys(units))
    if not codes:
        return None
    unknown = directory.unknown(codes)
    if unknown:
        raise UnknownUnitError(unknown)
    return directory.covered(codes)


class ViewSource(Protocol):
    """Where `Queries` reads the shared projections, caught up with the log.

    Each method may answer more than was asked (the whole board, every household); it must
    never answer less. `Queries` takes every decision of what to keep.
    """

    def unit(self, code: str) -> UnitEntry | None:
        """The unit `code`, or None if it was never registered."""

    def directory(self) -> UnitDirectory:
        """Every unit, with who is below and merged into whom."""

    def covered(self, units: Collection[str]) -> frozenset[str]:
        """The units `units` cover: themselves, the units below them or merged into them."""

    def ledger_view(self, units: Collection[str] = ()) -> LedgerView:
        """The ledger of at least the funds of `units` (empty: every fund)."""

    def board_view(self, as_of: datetime | None, units: Collection[str] = ()) -> ComplaintBoardView:
        """The board as of `as_of` (None: now, by the application's clock).

        Of at least the units `units` cover (empty: every unit). Events that occurred after
        `as_of` are left out; due and overdue are judged at it.
        """

    def quota_view(self, units: Collection[str] = ()) -> QuotaView:
        """The visit quota's lines of at least the units `units` cover (empty: all)."""

    def household_view(
        self, household_ids: Collection[str] = (), units: Collection[str] = ()
    ) -> HouseholdHistoryView:
        """The history of at least `household_ids` and the households of `units` (empty: all).

        With `units`, the households of the units they cover; with neither, every household.
        """

    def report_view(
        self,
        date_from: date,
        date_to: date,
        units: tuple[str, ...],
        as_of: datetime | None,
    ) -> PeriodReportView:
        """The period report of `units` (sorted, distinct; empty: all) for the dates."""

    def dossier_view(self, session_id: str) -> DossierView:
        """Everything recorded for one session."""

    def official_events(self) -> tuple[int, Iterable[EventRecord]] | None:
        """The events of every official's own stream up to a position, and that position.

        None when the source keeps no index of them (the log is read instead).
        """


class _Fold(Protocol):
    def apply(self, record: EventRecord) -> None: ...


P = TypeVar("P", bound=_Fold)


class Replay:
    """A `ViewSource` that folds the log for each question (what a short process needs).

    The unit directory and the households folded beside a question are kept until the log
    moves, so a question that needs them as well reads the log once.
    """

    def __init__(
        self, app: NgheDan, records: Callable[[], Iterable[EventRecord]] | None = None
    ) -> None:
        """Fold `app`'s log (or what `records` returns: the whole history, in order)."""
        self.app = app
        self._records = records
        #: head position -> side views folded at it
        self._side: tuple[int, UnitDirectory, HouseholdHistory | None] | None = None

    def _fold(self, projection: P, *, households: bool = False) -> P:
        head = self.app.max_position()
        directory = UnitDirectory()
        history = HouseholdHistory() if households else None
        applies = [directory.apply, projection.apply]
        if history is not None:
            applies.append(history.apply)
        records = self.app.records(stop=head) if self._records is None else self._records()
        for record in records:
            for apply in applies:
                apply(record)
        self._side = (head, directory, history)
        return projection

    def _kept(self) -> tuple[UnitDirectory, HouseholdHistory | None] | None:
        side = self._side
        if side is None or side[0] != self.app.max_position():
            return None
        return side[1], side[2]

    def unit(self, code: str) -> UnitEntry | None:
        """The unit, from the application's own state (no replay)."""
        info = self.app.unit_info(code)
        if info is None:
            return None
        return UnitEntry(
            code=info.code,
            name=info.name,
            kind=info.kind,
            parent=info.parent,
            merged_into=info.merged_into,
        )

    def directory(self) -> UnitDirectory:
        """The unit directory (kept from the last fold while the log has not moved)."""
        kept = self._kept()
        if kept is not None:
            return kept[0]
        return self._fold(UnitDirectory())

    def covered(self, units: Collection[str]) -> frozenset[str]:
        """The units `units` cover, from the unit directory."""
        return self.directory().covered(units)

    def ledger_view(self, units: Collection[str] = ()) -> LedgerView:  # noqa: ARG002
        """Every fund's ledger (whichever were asked for)."""
        return self._fold(FundLedger()).view()

    def board_view(
        self,
        as_of: datetime | None,
        units: Collection[str] = (),  # noqa: ARG002 - the whole board
    ) -> ComplaintBoardView:
        """The board as it stood at `as_of` (default: the application's clock)."""
        moment = as_of or self.app.clock()
        return self._fold(ComplaintBoard(as_of=moment)).view(moment)

    def quota_view(self, units: Collection[str] = ()) -> QuotaView:  # noqa: ARG002
        """Every session's quota line, against the configured monthly quota."""
        return self._fold(QuotaCompliance(self.app.config.monthly_quota)).view()

    def household_view(
        self,
        household_ids: Collection[str] = (),
        units: Collection[str] = (),  # noqa: ARG002 - the households asked for, of any unit
    ) -> HouseholdHistoryView:
        """The households asked for (all kept from the last fold, if it followed them)."""
        kept = self._kept()
        if kept is not None and kept[1] is not None:
            return kept[1].view()
        return self._fold(HouseholdHistory(household_ids)).view()

    def report_view(
        self,
        date_from: date,
        date_to: date,
        units: tuple[str, ...],
        as_of: datetime | None,
    ) -> PeriodReportView:
        """The period report, folded."""
        return self._fold(make_report(date_from, date_to, units, as_of)).view()

    def dossier_view(self, session_id: str) -> DossierView:
        """One session's dossier (every household folded beside it, to name them)."""
        return self._fold(SessionDossier(session_id), households=True).view()

    def official_events(self) -> tuple[int, Iterable[EventRecord]] | None:
        """No index of the officials' events: the log is read."""
        return None


def report_moment(date_to: date, as_of: datetime | None) -> datetime | None:
    """`as_of` if it falls before the end of `date_to` (Vietnam time), else None."""
    if as_of is None:
        return None
    end = datetime.combine(date_to, time(23, 59, 59, 999999), VIETNAM_TZ)
    return as_of if as_of < end else None


def make_report(
    date_from: date, date_to: date, units: tuple[str, ...], as_of: datetime | None
) -> PeriodReport:
    """The period report's projection for these parameters (``as_of`` when it is given)."""
    extra: dict[str, Any] = {} if as_of is None else {"as_of": as_of}
    return PeriodReport(date_from, date_to, units, **extra)


class Queries:
    """Every read the adapters make, on one application (``Queries(app)``).

    ``source`` says where the projections come from (default: `Replay` of ``app``'s log;
    ``nghedan_core.views.views_for(app)`` gives the views kept in the store).
    """

    def __init__(self, app: NgheDan, source: ViewSource | None = None) -> None:
        """Answer questions about `app`'s history."""
        self.app = app
        self.source: ViewSource = Replay(app) if source is None else source
        #: each roster as of a position: "all" — the officials in office, the inspections of
        #: each session and the volunteer work, from the log; "officials" — the officials in
        #: office, seeded from the source's index of their events when it has one (a
        #: commune's page then folds no other stream)
        self._rosters: dict[str, tuple[int, OfficialRoster]] = {"all": (0, OfficialRoster())}
        #: whether the source gave the officials' events (None: not asked yet)
        self._seeded: bool | None = None
        self._roster_lock = threading.Lock()

    # --- units --------------------------------------------------------------------------

    def check_units(self, units: Iterable[str]) -> tuple[str, ...]:
        """`units`, sorted and distinct; `UnknownUnitError` naming each unknown code."""
        codes = tuple(dict.fromkeys(units))
        unknown = [code for code in codes if self.source.unit(code) is None]
        if unknown:
            raise UnknownUnitError(unknown)
        return tuple(sorted(codes))

    def covered(self, units: Iterable[str]) -> frozenset[str] | None:
        """The units `units` cover (themselves, below them, merged into them); None: all."""
        codes = self.check_units(units)
        if not codes:
            return None
        return self.source.covered(codes)

    def covers(self, scope: str, unit: str) -> bool:
        """Whether `scope` covers `unit` (the same unit, a unit below it or merged into it)."""
        return self.source.directory().covers(scope, unit)

    def unit(self, code: str) -> UnitEntry:
        """One unit (`UnknownUnitError` if it was never registered)."""
        entry = self.source.unit(code)
        if entry is None:
            raise UnknownUnitError([code])
        return entry

    def units(self) -> tuple[UnitEntry, ...]:
        """Every registered unit, by code."""
        return tuple(self.source.directory().all())

    # --- the complaint board ------------------------------------------------------------

    def board(
        self,
        units: Iterable[str] = (),
        *,
        as_of: datetime | None = None,
        status: ComplaintStatus | None = None,
        raised_from: date | None = None,
        raised_to: date | None = None,
    ) -> ComplaintBoardView:
        """The complaint board of `units` (and the units they cover; empty: every unit).

        As it stood at `as_of` (default: now), due and overdue judged then; only complaints
        in `status`, and raised between `raised_from` and `raised_to` (Vietnam dates, both
        inclusive), when given. Counts are those of the complaints kept.
        """
        codes = self.check_units(units)
        view = self.source.board_view(as_of, codes)
        covered = self.source.covered(codes) if codes else None

        def kept(entry: BoardEntry) -> bool:
            # the cheap tests first: a page asks for one unit of a province's every complaint
            if covered is not None and entry.unit not in covered:
                return False
            if status is not None and entry.status is not status:
                return False
            if raised_from is None and raised_to is None:
                return True
            day = entry.raised_at.astimezone(VIETNAM_TZ).date()
            return (raised_from is None or day >= raised_from) and (
                raised_to is None or day <= raised_to
            )

        if covered is None and status is None and raised_from is None and raised_to is None:
            return view
        entries = tuple(e for e in view.entries if kept(e))
        groups: list[BoardGroup] = []
        for group in view.groups:
            if covered is not None and group.unit not in covered:
                continue  # a group is one unit's: none of its entries is kept
            chosen = tuple(e for e in group.entries if kept(e))
            if chosen:
                groups.append(attrs.evolve(group, entries=chosen, counts=BoardCounts.of(chosen)))
        by_unit: dict[str, list[BoardEntry]] = {}
        for entry in entries:
            by_unit.setdefault(entry.unit, []).append(entry)
        return ComplaintBoardView(
            now=view.now,
            totals=BoardCounts.of(entries),
            by_unit={u: BoardCounts.of(tuple(es)) for u, es in sorted(by_unit.items())},
            groups=tuple(groups),
            entries=entries,
        )

    # --- the period report --------------------------------------------------------------

    def report(
        self,
        units: Iterable[str],
        date_from: date,
        date_to: date,
        *,
        as_of: datetime | None = None,
    ) -> PeriodReportView:
        """The period report of `units` (and the units they cover; empty: every unit).

        `as_of` is the moment the report is made (adapters pass now): complaints count as
        overdue when their appointment passed before it, if that is before the end of the
        period (`figures`: ``report.complaints_overdue``). A moment at or after the end of
        the period changes nothing, and is dropped, so every later reading of a closed
        period is the same report.
        """
        codes = self.check_units(units)
        return self.source.report_view(date_from, date_to, codes, report_moment(date_to, as_of))

    # --- funds --------------------------------------------------------------------------

    def balances(self) -> dict[str, int]:
        """Every opened fund's balance, by unit."""
        return dict(self.source.ledger_view().balances)

    def balance(self, unit: str) -> int | None:
        """The balance of `unit`'s fund (None: the unit has no fund), from its ledger alone."""
        return self.source.ledger_view((unit,)).balances.get(unit)

    def ledger(self, unit: str) -> LedgerView:
        """The ledger of `unit`'s fund: its lines, balance and published disclosures.

        `UnknownUnitError` for a code never registered; `FundNotOpenedError` for a unit
        that has no fund.
        """
        self.check_units((unit,))
        view = self.source.ledger_view((unit,))
        if unit not in view.balances:
            raise FundNotOpenedError(unit=unit)
        return LedgerView(
            lines=view.for_unit(unit),
            balances={unit: view.balances[unit]},
            disclosures=tuple(d for d in view.disclosures if d.unit == unit),
            lowest={unit: view.lowest[unit]} if unit in view.lowest else {},
        )

    def disclosure(self, unit: str, month: Month) -> DisclosureView:
        """The public disclosure of `unit`'s fund for one month."""
        return self.disclosure_between(unit, month.first_day(), month.last_day())

    def disclosure_between(self, unit: str, date_from: date, date_to: date) -> DisclosureView:
        """The public disclosure of `unit`'s fund from `date_from` to `date_to` (inclusive)."""
        return disclosure(self.ledger(unit), unit, date_from, date_to)

    def disclosures_of_year(self, unit: str, year: int) -> tuple[DisclosureView, ...]:
        """The monthly disclosures of `unit` in `year`, first to last month with a movement.

        Months after the last movement would only repeat the balance: they are left out.
        """
        ledger = self.ledger(unit)
        months: list[DisclosureView] = []
        for m in range(1, 13):
            month = Month(year, m)
            d = disclosure(ledger, unit, month.first_day(), month.last_day())
            if d.lines or months:
                months.append(d)
        while months and not months[-1].lines:
            months.pop()
        return tuple(months)

    def published_disclosures(
        self, unit: str, year: int | None = None
    ) -> tuple[PublishedDisclosure, ...]:
        """The disclosures `unit` published (those whose period touches `year`, if given)."""
        return tuple(
            d
            for d in self.ledger(unit).disclosures
            if year is None or d.period_from.year <= year <= d.period_to.year
        )

    # --- sessions and households --------------------------------------------------------

    def dossier(self, session_id: str) -> DossierView:
        """Everything recorded for one session (check ``view.scheduled`` for an unknown one)."""
        return self.source.dossier_view(str(session_id))

    def session_dossier(
        self, unit: str, month: Month, level: SessionLevel = SessionLevel.COMMUNE
    ) -> DossierView:
        """The dossier of `unit`'s session of `month` at `level`.

        `UnknownUnitError` for a unit never registered, as for every read of a unit; a
        session never scheduled is a view with ``scheduled`` None.
        """
        self.unit(unit)
        from nghedan_core.aggregates.session import session_id  # noqa: PLC0415 - loads the aggregates

        return self.dossier(str(session_id(unit, month, level)))

    def quota(
        self,
        units: Iterable[str] = (),
        months: Collection[Month] = (),
        *,
        shortfalls: bool = False,
    ) -> QuotaView:
        """The quota lines of `units` (and the units they cover; empty: all) in `months`.

        With `shortfalls`, only the closed months that fell short.
        """
        covered = self.covered(units)
        view = self.source.quota_view(() if covered is None else self.check_units(units))
        short = {line.session_id for line in view.shortfalls()} if shortfalls else set()
        return QuotaView(
            lines=tuple(
                line
                for line in view.lines
                if (covered is None or line.unit in covered)
                and (not months or line.month in months)
                and (not shortfalls or line.session_id in short)
            )
        )

    def household(self, household_id: str | UUID) -> HouseholdRecord | None:
        """One household's history (None if it was never registered)."""
        return self.source.household_view((str(household_id),)).of(household_id)

    def households(
        self, units: Iterable[str] = (), household_ids: Sequence[str | UUID] = ()
    ) -> HouseholdHistoryView:
        """The households of `units` (and the units they cover), or the ones named.

        Empty `units` and `household_ids`: every household. Households come in the order
        they were registered; ``officials`` names the officials who assessed or selected
        the households kept.
        """
        covered = self.covered(units)
        ids = tuple(str(h) for h in household_ids)
        view = self.source.household_view(ids, () if covered is None else self.check_units(units))
        records = sorted(
            (
                h
                for h in view.households.values()
                if (covered is None or h.unit in covered) and (not ids or h.household_id in ids)
            ),
            key=lambda h: (h.registered_at, h.household_id),
        )
        named = {a.assessed_by for h in records for a in h.assessments} | {
            o for h in records for s in h.selections for o in s.selected_by
        }
        return HouseholdHistoryView(
            households={h.household_id: h for h in records},
            officials={o: n for o, n in view.officials.items() if o in named},
        )

    # --- the workspace's lists ----------------------------------------------------------

    def officials(self, unit: str) -> tuple[OfficialEntry, ...]:
        """The officials in office in `unit` (exactly that unit), by name.

        Kept by a small fold (`OfficialRoster`) that reads only the events recorded since
        the last question.
        """
        self.check_units((unit,))
        return self._officials().in_unit(unit)

    def _officials(self) -> OfficialRoster:
        """The roster whose officials are read: seeded from the source's index, if any."""
        with self._roster_lock:
            if self._seeded is None:
                seed = self.source.official_events()
                self._seeded = seed is not None
                if seed is not None:
                    position, events = seed
                    roster = OfficialRoster()
                    for record in events:
                        roster.apply(record)
                    self._rosters["officials"] = (position, roster)
        return self._caught_up("officials" if self._seeded else "all")

    def _roster(self) -> OfficialRoster:
        return self._caught_up("all")

    def _caught_up(self, name: str) -> OfficialRoster:
        """The roster `name`, caught up with the log (what was recorded since its position)."""
        with self._roster_lock:  # the server asks from several threads
            position, roster = self._rosters[name]
            head = self.app.max_position()
            if head > position:
                for record in self.app.records(position + 1, stop=head):
                    roster.apply(record)
                self._rosters[name] = (head, roster)
            return roster

    def hamlets(self, unit: str) -> tuple[UnitEntry, ...]:
        """The hamlets (ấp, khóm, thôn…) of `unit` not merged away, by name."""
        self.check_units((unit,))
        directory = self.source.directory()
        # the units below it (a province's directory holds thousands): its hamlets among them
        below = (directory.get(code) for code in directory.below(unit))
        return tuple(
            sorted(
                (
                    u
                    for u in below
                    if u is not None
                    and u.parent == unit
                    and u.kind == "hamlet"
                    and u.merged_into is None
                ),
                key=lambda u: (u.name, u.code),  # same names: by code, as the directory
            )
        )

    def payment_requests(self, unit: str) -> tuple[PaymentRequestEntry, ...]:
        """The payments `unit`'s fund was asked for and has not yet paid nor refused."""
        from nghedan_core.aggregates import fund  # noqa: PLC0415 - the fund's own state

        self.check_units((unit,))
        state = self.app.state(fund.AGGREGATE, fund.fund_id(unit))
        if state is None:
            return ()
        return tuple(
            PaymentRequestEntry(
                disbursement_id=str(key),
                unit=unit,
                purpose=r.event.purpose.value,
                amount_vnd=r.event.amount.amount,
                household_id=str(r.event.household_id),
                requested_by=str(r.event.requested_by),
                note=r.event.note,
                approvals=tuple(str(a) for a in r.approvals),
                required=fund.required_approvals(r.event.amount, self.app.config),
            )
            for key, r in state.requests.items()
        )

    def pledges(self, unit: str) -> tuple[PledgeEntry, ...]:
        """Every pledge to `unit`'s fund, in the order made, with what remains of it."""
        from nghedan_core.aggregates import fund  # noqa: PLC0415 - the fund's own state

        self.check_units((unit,))
        state = self.app.state(fund.AGGREGATE, fund.fund_id(unit))
        if state is None:
            return ()
        return tuple(
            PledgeEntry(
                pledge_id=str(key),
                unit=unit,
                source=p.source.value,
                amount_vnd=p.amount.amount,
                received_vnd=p.received.amount,
                remaining_vnd=p.remaining.amount,
                donor=p.donor,
                cancelled=p.cancelled,
            )
            for key, p in state.pledges.items()
        )

    def reversible_payments(self, unit: str) -> tuple[LedgerLine, ...]:
        """The payments of `unit`'s fund not yet reversed (each may be, once)."""
        lines = self.ledger(unit).lines
        undone = {line.reference for line in lines if line.kind is LineKind.REVERSAL}
        return tuple(
            line for line in lines if line.kind is LineKind.PAYMENT and line.reference not in undone
        )

    def receipts(self, unit: str) -> tuple[ReceiptEntry, ...]:
        """Every receipt of `unit`'s fund, numbered in the order received (personal: sealed).

        Reveal the view (`NgheDan.reveal`) before showing the contributor to staff.
        """
        from nghedan_core.aggregates import fund  # noqa: PLC0415 - the fund's own events

        self.check_units((unit,))
        name = ""
        found: list[ReceiptEntry] = []
        for r in self.app.stream(fund.fund_id(unit)):
            event = r.event
            if isinstance(event, fund.FundOpened):
                name = event.name
            elif isinstance(event, fund.ContributionReceived):
                found.append(
                    ReceiptEntry(
                        receipt_id=str(event.receipt_id),
                        unit=unit,
                        fund_name=name,
                        number=len(found) + 1,
                        received_at=event.occurred_at,
                        amount_vnd=event.amount.amount,
                        source=event.source.value,
                        pledge_id=None if event.pledge_id is None else str(event.pledge_id),
                        donor=event.donor,
                        contributor=event.contributor,
                    )
                )
        return tuple(found)

    def receipt(self, unit: str, receipt_id: str | UUID) -> ReceiptEntry | None:
        """One receipt of `unit`'s fund (None: no such receipt in that fund)."""
        key = str(receipt_id)
        return next((r for r in self.receipts(unit) if r.receipt_id == key), None)

    def ceremony_contributions(self, unit: str, day: date) -> CeremonyContributions:
        """The receipts `unit`'s fund took at the flag ceremony on `day`, and their total.

        A flag-ceremony receipt belongs to the session held that day (Vietnam date).
        """
        self.check_units((unit,))
        view = self.source.ledger_view((unit,))
        lines = tuple(
            line
            for line in view.for_unit(unit)
            if line.kind is LineKind.RECEIPT
            and line.source == ContributionSource.FLAG_CEREMONY.value
            and line.day == day
        )
        return CeremonyContributions(
            day=day, lines=lines, total_vnd=sum(line.amount_vnd for line in lines)
        )

    def volunteer_works(self, unit: str) -> tuple[VolunteerEntry, ...]:
        """`unit`'s volunteer work (exactly that unit), latest start first."""
        self.check_units((unit,))
        works = self._roster().works.values()
        return tuple(
            sorted((w for w in works if w.unit == unit), key=lambda w: w.starts_at, reverse=True)
        )

    def notice_deadline(self, starts_at: datetime) -> datetime:
        """The last moment volunteers may be told of work starting at `starts_at`."""
        from nghedan_core.policies.notice import notice_deadline  # noqa: PLC0415

        return notice_deadline(starts_at, self.app.config)

    def earliest_volunteer_start(self, notified_at: datetime) -> datetime:
        """The earliest start of volunteer work whose volunteers are told at `notified_at`."""
        from nghedan_core.policies.notice import earliest_start  # noqa: PLC0415

        return earliest_start(notified_at, self.app.config)

    def household_visits(
        self, unit: str, month: Month, household_id: str | UUID
    ) -> tuple[VisitEntry, ...]:
        """The visits to one household at `unit`'s commune session of `month`."""
        key = str(household_id)
        dossier = self.session_dossier(unit, month)
        return tuple(v for v in dossier.visits if v.household_id == key)

    def supervision(
        self, unit: str, *, as_of: datetime | None = None
    ) -> tuple[SupervisionRow, ...]:
        """One row per commune-level unit below `unit` (the supervising level's table)."""
        covered = self.covered((unit,)) or frozenset()
        directory = self.source.directory()
        below = sorted(
            (
                u
                for u in directory.all()
                if u.code in covered and u.code != unit and UnitKind(u.kind).is_commune_level
            ),
            key=lambda u: u.code,
        )
        board = self.board((unit,), as_of=as_of)
        quota = self.source.quota_view()
        ledger = self.source.ledger_view()
        inspected = self._roster().inspections
        rows = []
        for u in below:
            mine = set(directory.covered((u.code,)))
            lines = [line for line in quota.lines if line.unit in mine]
            counts = [board.by_unit[c] for c in mine if c in board.by_unit]
            inspections = sum(inspected.get(line.session_id, 0) for line in lines)
            rows.append(
                SupervisionRow(
                    unit=u.code,
                    name=u.name,
                    sessions_held=sum(1 for line in lines if line.closed),
                    sessions_scheduled=len(lines),
                    complaints_overdue=sum(c.overdue for c in counts),
                    complaints_open=sum(c.open + c.due for c in counts),
                    quota_met=sum(1 for line in lines if line.closed and line.met),
                    quota_short=sum(1 for line in lines if line.closed and not line.met),
                    disclosures_published=sum(1 for d in ledger.disclosures if d.unit in mine),
                    inspections=inspections,
                )
            )
        return tuple(rows)

    def proposed_schedule(self, unit: str, month: Month) -> tuple[date, str | None]:
        """The day and reception hamlet the scheduling policy proposes for `unit`'s session.

        The first Monday of `month`, and the hamlet that hosted least recently (the
        rotation); any other choice needs a recorded reason (`policies.scheduling`).
        """
        from nghedan_core.policies.scheduling import (  # noqa: PLC0415
            first_monday,
            next_reception_hamlet,
        )

        self.check_units((unit,))
        info = self.app.unit_info(unit)
        hamlets = () if info is None else tuple(info.hamlets)
        last = self.app._lookup.last_hosted(unit)  # noqa: SLF001 - the core's own lookup
        return first_monday(month), next_reception_hamlet(hamlets, last)

    def complaint_history(self, complaint_id: UUID) -> tuple[Any, ...]:
        """Every event of one complaint, in order, personal data revealed (staff pages).

        Answers, appointments, referrals, the citizen's feedback, supervision notes.
        """
        return tuple(self.app.reveal(r.event) for r in self.app.stream(complaint_id))

    def selection_ranking(self, unit: str, month: Month, on: date) -> tuple[RankedHousehold, ...]:
        """The unit's households ranked for a selection for `month` decided on `on`."""
        from nghedan_core.aggregates.official import relatives  # noqa: PLC0415
        from nghedan_core.policies.impartiality import check_conflict, ranking  # noqa: PLC0415

        self.check_units((unit,))
        lookup = self.app._lookup  # noqa: SLF001 - the core's own lookup, as a decision reads it
        candidates = [
            c for hid in lookup.households_of(unit) if (c := lookup.candidate(hid)) is not None
        ]
        officials = tuple(UUID(o.official_id) for o in self.officials(unit))
        declared = relatives(lookup, officials)
        return tuple(
            RankedHousehold(
                household_id=str(c.household_id),
                hardship_score=c.hardship_score,
                last_supported=c.last_supported,
                reasons=reasons,
                must_recuse=tuple(
                    str(v.params["official"]) for v in check_conflict(officials, c, declared)
                ),
            )
            for c, reasons in ranking(candidates, on, month, self.app.config)
        )
