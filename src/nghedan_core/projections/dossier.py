"""The session dossier (hồ sơ): everything recorded for one session, printable.

Schedule and reschedules with their reasons, the flag ceremony, the month's review,
proposals, commendations and reminders, the reception, the complaints raised at the session
with their current outcome and appointment, the visits planned and conducted for it with
their gifts and causes of hardship, the closing minutes and shortfall reason, and the
supervising level's inspections. Officials are named from their registration.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from nghedan_core.projections._base import EventRecord
from nghedan_core.values import PERSONAL, Month

__all__ = [
    "ClosingEntry",
    "ComplaintEntry",
    "DossierView",
    "InspectionEntry",
    "RescheduleEntry",
    "SessionDossier",
    "VisitEntry",
]


@attrs.frozen
class RescheduleEntry:
    """The session moved to another date, and why."""

    at: datetime
    date: date
    reason: str


@attrs.frozen
class ComplaintEntry:
    """A complaint raised at the session, as it stands now."""

    complaint_id: str
    raised_at: datetime
    hamlet: str | None
    category: str
    content: str
    #: the outcome as recorded (``open``, ``answered_on_spot``, ``taken_on_record``, ...)
    outcome: str
    appointment: datetime | None
    appointment_place: str | None
    responsible: str | None
    answer: str | None
    basis: str | None
    #: the citizen's name: personal data
    citizen: str | None = attrs.field(default=None, metadata=PERSONAL)


@attrs.frozen
class VisitEntry:
    """A visit planned for the session, and what came of it."""

    visit_id: str
    household_id: str
    team: tuple[str, ...]
    #: ``planned``, ``conducted`` or ``cancelled``
    status: str
    gift_value_vnd: int
    gift_description: str | None
    gift_funded_by: str | None
    causes: tuple[str, ...]
    findings: str | None
    support_direction: str | None
    cancel_reason: str | None


@attrs.frozen
class ClosingEntry:
    """The session's closing: minutes, visits made and required, reason for a shortfall."""

    at: datetime
    minutes: str
    visits_made: int
    visits_required: int
    shortfall_reason: str | None


@attrs.frozen
class InspectionEntry:
    """A supervising-level check of the session."""

    at: datetime
    inspector_id: str
    findings: str
    follow_ups: tuple[str, ...]


@attrs.frozen
class DossierView:
    """Everything recorded for one session (``scheduled`` False: nothing recorded yet)."""

    session_id: str
    scheduled: bool
    unit: str | None
    month: Month | None
    level: str | None
    #: the date first scheduled, and the date it was held (after reschedules)
    scheduled_date: date | None
    date: date | None
    reception_hamlet: str | None
    hosts: tuple[str, ...]
    date_reason: str | None
    hamlet_reason: str | None
    reschedules: tuple[RescheduleEntry, ...]
    #: each flag ceremony: {"at", "attendees", "note"}
    flag_ceremonies: tuple[Mapping[str, Any], ...]
    #: each review: {"at", "summary", "next_focus"}
    reviews: tuple[Mapping[str, Any], ...]
    #: each proposal: {"at", "proposer", "content"}
    proposals: tuple[Mapping[str, Any], ...]
    #: each commendation or reminder: {"at", "official_id", "reason"}
    commendations: tuple[Mapping[str, Any], ...]
    reminders: tuple[Mapping[str, Any], ...]
    #: each reception: {"at", "hamlet", "attendees"}
    receptions: tuple[Mapping[str, Any], ...]
    complaints: tuple[ComplaintEntry, ...]
    visits: tuple[VisitEntry, ...]
    closing: ClosingEntry | None
    cancellation: str | None
    inspections: tuple[InspectionEntry, ...]
    #: names and positions of the officials the dossier mentions: id -> "name (position)"
    officials: dict[str, str]

    @property
    def attendees(self) -> int:
        """Citizens received at the session."""
        return sum(r["attendees"] for r in self.receptions)

    @property
    def gifts_vnd(self) -> int:
        """Value of the gifts given on the session's visits."""
        return sum(v.gift_value_vnd for v in self.visits if v.status == "conducted")


class SessionDossier:
    """Folds the log into the dossier of session `session_id` (its stream id)."""

    name = "session_dossier"

    def __init__(self, session_id: str | UUID) -> None:
        """Follow one session (and its complaints and visits)."""
        self.session_id = str(session_id)
        self._reset()

    def _reset(self) -> None:
        self._session: dict[str, Any] = {}
        self._lists: dict[str, list[dict[str, Any]]] = {
            k: []
            for k in (
                "reschedules",
                "flag_ceremonies",
                "reviews",
                "proposals",
                "commendations",
                "reminders",
                "receptions",
                "inspections",
            )
        }
        self._complaints: dict[str, dict[str, Any]] = {}
        self._visits: dict[str, dict[str, Any]] = {}
        self._officials: dict[str, str] = {}

    def apply(self, record: EventRecord) -> None:
        """Take one record into account (records of other sessions are ignored)."""
        topic = record.topic
        stream = record.stream_id
        p = record.payload
        if stream == self.session_id:
            self._session_event(topic, p)
        elif topic == "official.OfficialRegistered":
            self._officials[p["official_id"]] = f"{p['full_name']} ({p['position']})"
        elif topic.startswith("complaint."):
            self._complaint_event(topic, stream, p)
        elif topic.startswith("visit."):
            self._visit_event(topic, stream, p)

    def _session_event(self, topic: str, p: Mapping[str, Any]) -> None:
        at = p["occurred_at"]
        lists = self._lists
        match topic:
            case "session.SessionScheduled":
                self._session.update(
                    {k: p.get(k) for k in ("unit", "month", "level", "date", "reception_hamlet")},
                    scheduled_date=p["date"],
                    hosts=list(p.get("hosts", ())),
                    date_reason=p.get("date_reason"),
                    hamlet_reason=p.get("hamlet_reason"),
                )
            case "session.SessionRescheduled":
                self._session["date"] = p["date"]
                lists["reschedules"].append({"at": at, "date": p["date"], "reason": p["reason"]})
            case "session.FlagCeremonyHeld":
                lists["flag_ceremonies"].append(
                    {"at": at, "attendees": p["attendees"], "note": p.get("note")}
                )
            case "session.MonthReviewed":
                lists["reviews"].append(
                    {"at": at, "summary": p["summary"], "next_focus": p.get("next_focus")}
                )
            case "session.ProposalHeard":
                lists["proposals"].append(
                    {"at": at, "proposer": p["proposer"], "content": p["content"]}
                )
            case "session.OfficialCommended" | "session.OfficialReminded":
                key = "commendations" if topic == "session.OfficialCommended" else "reminders"
                lists[key].append(
                    {"at": at, "official_id": p["official_id"], "reason": p["reason"]}
                )
            case "session.ReceptionHeld":
                lists["receptions"].append(
                    {"at": at, "hamlet": p["hamlet"], "attendees": p["attendees"]}
                )
            case "session.SessionClosed":
                self._session["closing"] = {
                    "at": at,
                    "minutes": p["minutes"],
                    "visits_made": p["visits_made"],
                    "visits_required": p["visits_required"],
                    "shortfall_reason": p.get("shortfall_reason"),
                }
            case "session.SessionCancelled":
                self._session["cancellation"] = p["reason"]
            case "session.SessionInspected":
                lists["inspections"].append(
                    {
                        "at": at,
                        "inspector_id": p["inspector_id"],
                        "findings": p["findings"],
                        "follow_ups": list(p.get("follow_ups", ())),
                    }
                )

    def _complaint_event(self, topic: str, stream: str, p: Mapping[str, Any]) -> None:
        if topic == "complaint.ComplaintRaised":
            if p["session_id"] == self.session_id:
                self._complaints[stream] = {
                    "raised_at": p["occurred_at"],
                    "hamlet": p.get("hamlet"),
                    "category": p["category"],
                    "content": p["content"],
                    "citizen": (p.get("citizen") or {}).get("full_name"),
                    "outcome": "open",
                    "appointment": None,
                    "place": None,
                    "responsible": None,
                    "answer": None,
                    "basis": None,
                }
            return
        c = self._complaints.get(stream)
        if c is None:
            return
        match topic:
            case "complaint.ComplaintAnsweredOnSpot" | "complaint.ComplaintAnswered":
                c["outcome"] = "answered_on_spot" if topic.endswith("OnSpot") else "answered"
                c["answer"], c["basis"] = p["answer"], p.get("basis")
            case "complaint.ComplaintTakenOnRecord":
                c["outcome"], c["responsible"] = "taken_on_record", p["responsible"]
                c["appointment"], c["place"] = p["appointment"]["at"], p["appointment"]["place"]
            case "complaint.ComplaintReferred":
                c["outcome"], c["responsible"] = "referred", p["to_agency"]
                c["appointment"], c["place"] = p["appointment"]["at"], p["appointment"]["place"]
            case "complaint.AppointmentRescheduled":
                c["appointment"], c["place"] = p["appointment"]["at"], p["appointment"]["place"]
            case "complaint.ComplaintResolved":
                c["outcome"] = "resolved"
            case "complaint.ComplaintReopened":
                c["outcome"] = "taken_on_record" if c["appointment"] is not None else "open"
            case "complaint.ComplaintWithdrawn":
                c["outcome"] = "withdrawn"

    def _visit_event(self, topic: str, stream: str, p: Mapping[str, Any]) -> None:
        if topic == "visit.VisitPlanned":
            if p["session_id"] == self.session_id:
                self._visits[stream] = {
                    "household_id": p["household_id"],
                    "team": list(p.get("team", ())),
                    "status": "planned",
                    "gift_value": 0,
                    "gift_description": None,
                    "gift_funded_by": None,
                    "causes": [],
                    "findings": None,
                    "support_direction": None,
                    "cancel_reason": None,
                }
            return
        v = self._visits.get(stream)
        if v is None:
            return
        if topic == "visit.VisitConducted":
            v.update(
                status="conducted",
                gift_value=p["gift_value"],
                gift_description=p.get("gift_description"),
                gift_funded_by=p.get("gift_funded_by"),
                causes=sorted(p.get("causes", ())),
                findings=p.get("findings"),
                support_direction=p.get("support_direction"),
            )
        elif topic == "visit.VisitCancelled":
            v.update(status="cancelled", cancel_reason=p["reason"])

    # --- saving and resuming --------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The accumulator as JSON-ready data."""
        return {
            "session_id": self.session_id,
            "session": dict(self._session),
            "lists": {k: [dict(e) for e in v] for k, v in self._lists.items()},
            "complaints": {k: dict(v) for k, v in self._complaints.items()},
            "visits": {k: dict(v) for k, v in self._visits.items()},
            "officials": dict(self._officials),
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with one saved by `snapshot` for the same session."""
        if data["session_id"] != self.session_id:
            msg = f"snapshot of session {data['session_id']}, not {self.session_id}"
            raise ValueError(msg)
        self._reset()
        self._session.update(data["session"])
        self._lists.update({k: [dict(e) for e in v] for k, v in data["lists"].items()})
        self._complaints.update({k: dict(v) for k, v in data["complaints"].items()})
        self._visits.update({k: dict(v) for k, v in data["visits"].items()})
        self._officials.update(data["officials"])

    # --- reading --------------------------------------------------------------------------

    def unnamed(self) -> set[str]:
        """The officials the dossier mentions whose registration was not folded (no name yet)."""
        return self._mentioned() - self._officials.keys()

    def _mentioned(self) -> set[str]:
        lists = self._lists
        return {
            *self._session.get("hosts", ()),
            *(e["official_id"] for e in lists["commendations"]),
            *(e["official_id"] for e in lists["reminders"]),
            *(e["inspector_id"] for e in lists["inspections"]),
            *(member for v in self._visits.values() for member in v["team"]),
        }

    def view(self) -> DossierView:
        """The dossier so far."""
        s = self._session
        lists = self._lists

        def timed(key: str) -> tuple[Mapping[str, Any], ...]:
            return tuple({**e, "at": datetime.fromisoformat(e["at"])} for e in lists[key])

        closing = s.get("closing")
        complaints = tuple(
            sorted(
                (_complaint(cid, c) for cid, c in self._complaints.items()),
                key=lambda c: (c.raised_at, c.complaint_id),
            )
        )
        visits = tuple(_visit(vid, v) for vid, v in self._visits.items())
        mentioned = self._mentioned()
        return DossierView(
            session_id=self.session_id,
            scheduled=bool(s),
            unit=s.get("unit"),
            month=Month.parse(s["month"]) if "month" in s else None,
            level=s.get("level"),
            scheduled_date=_date(s.get("scheduled_date")),
            date=_date(s.get("date")),
            reception_hamlet=s.get("reception_hamlet"),
            hosts=tuple(s.get("hosts", ())),
            date_reason=s.get("date_reason"),
            hamlet_reason=s.get("hamlet_reason"),
            reschedules=tuple(
                RescheduleEntry(
                    at=datetime.fromisoformat(e["at"]),
                    date=date.fromisoformat(e["date"]),
                    reason=e["reason"],
                )
                for e in lists["reschedules"]
            ),
            flag_ceremonies=timed("flag_ceremonies"),
            reviews=timed("reviews"),
            proposals=timed("proposals"),
            commendations=timed("commendations"),
            reminders=timed("reminders"),
            receptions=timed("receptions"),
            complaints=complaints,
            visits=visits,
            closing=None
            if closing is None
            else ClosingEntry(**{**closing, "at": datetime.fromisoformat(closing["at"])}),
            cancellation=s.get("cancellation"),
            inspections=tuple(
                InspectionEntry(
                    at=datetime.fromisoformat(e["at"]),
                    inspector_id=e["inspector_id"],
                    findings=e["findings"],
                    follow_ups=tuple(e["follow_ups"]),
                )
                for e in lists["inspections"]
            ),
            officials={o: self._officials[o] for o in sorted(mentioned) if o in self._officials},
        )


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _complaint(cid: str, c: Mapping[str, Any]) -> ComplaintEntry:
    return ComplaintEntry(
        complaint_id=cid,
        raised_at=datetime.fromisoformat(c["raised_at"]),
        hamlet=c["hamlet"],
        category=c["category"],
        content=c["content"],
        outcome=c["outcome"],
        appointment=None if c["appointment"] is None else datetime.fromisoformat(c["appointment"]),
        appointment_place=c["place"],
        responsible=c["responsible"],
        answer=c["answer"],
        basis=c["basis"],
        citizen=c["citizen"],
    )


def _visit(vid: str, v: Mapping[str, Any]) -> VisitEntry:
    return VisitEntry(
        visit_id=vid,
        household_id=v["household_id"],
        team=tuple(v["team"]),
        status=v["status"],
        gift_value_vnd=v["gift_value"],
        gift_description=v["gift_description"],
        gift_funded_by=v["gift_funded_by"],
        causes=tuple(v["causes"]),
        findings=v["findings"],
        support_direction=v["support_direction"],
        cancel_reason=v["cancel_reason"],
    )
