"""Household history: who was supported, when, with what, and selected by whom.

For each household: its registration (unit, hamlet, categories), hardship assessments,
selections (month, selecting officials, justification), every support delivered (date,
kind, value, who paid, the fund disbursement or visit it came with) and its deregistration.
The head's name and the circumstances are personal data, in fields marked as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

import attrs

from nghedan_core.projections._base import EventRecord
from nghedan_core.projections.report import day_of
from nghedan_core.values import PERSONAL, Month

__all__ = [
    "Assessment",
    "Deregistration",
    "HouseholdHistory",
    "HouseholdHistoryView",
    "HouseholdRecord",
    "Selection",
    "Support",
]


@attrs.frozen
class Assessment:
    """A hardship assessment (score 0–100, higher = harder)."""

    at: datetime
    criteria: tuple[str, ...]
    score: int
    assessed_by: str


@attrs.frozen
class Selection:
    """A selection for support in a month, by named officials."""

    at: datetime
    month: Month
    selected_by: tuple[str, ...]
    justification: str | None


@attrs.frozen
class Support:
    """Support that reached the household."""

    day: date
    kind: str
    value_vnd: int
    #: ``fund``, ``donor`` or ``budget``
    funded_by: str
    description: str | None
    disbursement_id: str | None
    visit_id: str | None
    #: the business day its fund payment was reversed (the money went back to the fund)
    reversed_on: date | None = None


@attrs.frozen
class Deregistration:
    """The household left the list."""

    at: datetime
    reason: str
    note: str | None


@attrs.frozen
class HouseholdRecord:
    """One household's history."""

    household_id: str
    unit: str
    hamlet: str | None
    categories: tuple[str, ...]
    registered_at: datetime
    assessments: tuple[Assessment, ...]
    selections: tuple[Selection, ...]
    supports: tuple[Support, ...]
    deregistration: Deregistration | None
    #: the head of household's name: personal data
    head: str | None = attrs.field(default=None, metadata=PERSONAL)
    #: the household's circumstances as written down: personal data
    circumstances: str | None = attrs.field(default=None, metadata=PERSONAL)

    @property
    def delivered(self) -> tuple[Support, ...]:
        """The supports that stand (a support whose payment was reversed does not)."""
        return tuple(s for s in self.supports if s.reversed_on is None)

    @property
    def supported_vnd(self) -> int:
        """Value of every support delivered and not reversed."""
        return sum(s.value_vnd for s in self.delivered)


@attrs.frozen
class HouseholdHistoryView:
    """The history of every household followed, by id."""

    households: dict[str, HouseholdRecord]
    #: names and positions of the officials who assessed or selected: id -> "name (position)"
    officials: dict[str, str]

    def of(self, household_id: str | UUID) -> HouseholdRecord | None:
        """One household's history (None if it was never registered)."""
        return self.households.get(str(household_id))

    def for_unit(self, unit: str) -> tuple[HouseholdRecord, ...]:
        """The households registered in `unit`."""
        return tuple(h for h in self.households.values() if h.unit == unit)

    def public(self) -> HouseholdHistoryView:
        """The same history without personal data."""
        return attrs.evolve(
            self,
            households={
                k: attrs.evolve(h, head=None, circumstances=None)
                for k, h in self.households.items()
            },
        )


class HouseholdHistory:
    """Folds household events into histories (of `households` only, when given)."""

    name = "household_history"
    #: the aggregates whose events it folds (the views kept in the store read only those;
    #: the officials it names are read by their own keys)
    READS: ClassVar[frozenset[str]] = frozenset({"household", "fund"})

    def __init__(self, households: Iterable[str | UUID] = ()) -> None:
        """Follow the given households (empty: every household)."""
        self.only = frozenset(str(h) for h in households)
        self._households: dict[str, dict[str, Any]] = {}
        self._officials: dict[str, str] = {}
        #: fund payment id -> the household its support went to
        self._paid: dict[str, str] = {}

    def apply(self, record: EventRecord) -> None:
        """Take one record into account (other events are ignored)."""
        topic = record.topic
        p = record.payload
        if topic == "official.OfficialRegistered":
            self._officials[p["official_id"]] = f"{p['full_name']} ({p['position']})"
            return
        if topic == "fund.DisbursementReversed":
            self._reversed(p)
            return
        if not topic.startswith("household."):
            return
        stream = record.stream_id
        if topic == "household.HouseholdRegistered":
            if not self.only or stream in self.only:
                self._households[stream] = _registered(p)
            return
        h = self._households.get(stream)
        if h is None:
            return
        at = p["occurred_at"]
        match topic:
            case "household.HouseholdAssessed":
                h["assessments"].append(
                    {
                        "at": at,
                        "criteria": list(p["criteria"]),
                        "score": p["score"],
                        "assessed_by": p["assessed_by"],
                    }
                )
            case "household.HouseholdSelected":
                h["selections"].append(
                    {
                        "at": at,
                        "month": p["month"],
                        "selected_by": list(p["selected_by"]),
                        "justification": p.get("justification"),
                    }
                )
            case "household.SupportDelivered":
                if p.get("disbursement_id"):
                    self._paid[p["disbursement_id"]] = stream
                h["supports"].append(
                    {
                        "day": day_of(at),
                        "kind": p["kind"],
                        "value": p["value"],
                        "funded_by": p["funded_by"],
                        "description": p.get("description"),
                        "disbursement_id": p.get("disbursement_id"),
                        "visit_id": p.get("visit_id"),
                    }
                )
            case "household.HouseholdDeregistered":
                h["deregistration"] = {"at": at, "reason": p["reason"], "note": p.get("note")}

    def _reversed(self, p: Mapping[str, Any]) -> None:
        h = self._households.get(self._paid.get(p["disbursement_id"], ""))
        if h is None:
            return
        for support in h["supports"]:
            if support.get("disbursement_id") == p["disbursement_id"]:
                support["reversed_on"] = day_of(p["occurred_at"])

    def snapshot(self) -> dict[str, Any]:
        """The accumulator as JSON-ready data."""
        return {
            "only": sorted(self.only),
            "households": {k: _copy(v) for k, v in self._households.items()},
            "officials": dict(self._officials),
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with one saved by `snapshot` for the same households."""
        if frozenset(data["only"]) != self.only:
            msg = "snapshot of a history of other households"
            raise ValueError(msg)
        self._households = {k: _copy(v) for k, v in data["households"].items()}
        self._officials = dict(data["officials"])
        self._paid = {
            s["disbursement_id"]: hid
            for hid, h in self._households.items()
            for s in h["supports"]
            if s.get("disbursement_id")
        }

    def unnamed(self) -> set[str]:
        """The officials the view mentions whose registration was not folded (no name yet)."""
        return self._mentioned() - self._officials.keys()

    def _mentioned(self) -> set[str]:
        households = self._households.values()
        return {
            *(a["assessed_by"] for h in households for a in h["assessments"]),
            *(o for h in households for s in h["selections"] for o in s["selected_by"]),
        }

    def view(self) -> HouseholdHistoryView:
        """Every followed household's history so far."""
        records = {hid: _record(hid, h) for hid, h in self._households.items()}
        mentioned = self._mentioned()
        return HouseholdHistoryView(
            households=records,
            officials={o: self._officials[o] for o in sorted(mentioned) if o in self._officials},
        )


def _registered(p: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "unit": p["unit"],
        "hamlet": p.get("hamlet"),
        "categories": sorted(p["categories"]),
        "registered_at": p["occurred_at"],
        "head": (p.get("head") or {}).get("full_name"),
        "circumstances": p.get("circumstances"),
        "assessments": [],
        "selections": [],
        "supports": [],
        "deregistration": None,
    }


def _copy(h: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **h,
        "assessments": [dict(a) for a in h["assessments"]],
        "selections": [dict(s) for s in h["selections"]],
        "supports": [dict(s) for s in h["supports"]],
    }


def _record(hid: str, h: Mapping[str, Any]) -> HouseholdRecord:
    dereg = h["deregistration"]
    return HouseholdRecord(
        household_id=hid,
        unit=h["unit"],
        hamlet=h["hamlet"],
        categories=tuple(h["categories"]),
        registered_at=datetime.fromisoformat(h["registered_at"]),
        assessments=tuple(
            Assessment(
                at=datetime.fromisoformat(a["at"]),
                criteria=tuple(a["criteria"]),
                score=a["score"],
                assessed_by=a["assessed_by"],
            )
            for a in h["assessments"]
        ),
        selections=tuple(
            Selection(
                at=datetime.fromisoformat(s["at"]),
                month=Month.parse(s["month"]),
                selected_by=tuple(s["selected_by"]),
                justification=s["justification"],
            )
            for s in h["selections"]
        ),
        supports=tuple(
            Support(
                day=date.fromisoformat(s["day"]),
                kind=s["kind"],
                value_vnd=s["value"],
                funded_by=s["funded_by"],
                description=s["description"],
                disbursement_id=s["disbursement_id"],
                visit_id=s["visit_id"],
                reversed_on=date.fromisoformat(s["reversed_on"]) if s.get("reversed_on") else None,
            )
            for s in h["supports"]
        ),
        deregistration=None
        if dereg is None
        else Deregistration(
            at=datetime.fromisoformat(dereg["at"]), reason=dereg["reason"], note=dereg["note"]
        ),
        head=h["head"],
        circumstances=h["circumstances"],
    )
