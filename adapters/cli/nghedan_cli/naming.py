"""Names for ids, read from the store: what the CLI hands the core's message renderer.

The core renders refusals and records in words (`nghedan_core.messages`) and names people,
households and units through a lookup it is given (id or unit code -> name); this module is
that lookup for the command line, and the line printed after a write (``Đã ghi: đăng ký đơn
vị Xã Ninh Thới (29257).``). Staff run the CLI: personal names are shown (revealed), as in
the dossier.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from nghedan_core import (
    ComplaintRaised,
    FundOpened,
    HouseholdRegistered,
    NgheDan,
    OfficialRegistered,
    SessionScheduled,
    UnitRegistered,
    VisitPlanned,
    VolunteerWorkPlanned,
)
from nghedan_core.errors import Lang
from nghedan_core.messages import Names, event_words, format_month, word
from nghedan_core.serialization import Recorded

__all__ = ["recorded_line", "store_names"]


def store_names(app: NgheDan) -> Names:
    """A lookup naming unit codes, officials and households from `app`'s store.

    Anything it cannot name (an unknown id, a store that cannot be read) gives None, and
    the renderer shows the id itself: a lookup never turns a message into an error.
    """
    cache: dict[str, str | None] = {}

    def name(key: str) -> str | None:
        if key not in cache:
            try:
                cache[key] = _name(app, key)
            except Exception:  # noqa: BLE001 - naming is a courtesy on the way to a message
                cache[key] = None
        return cache[key]

    return name


def _name(app: NgheDan, key: str) -> str | None:
    try:
        stream_id = UUID(key)
    except ValueError:
        info = app.unit_info(key)
        return None if info is None else f"{info.name} ({info.code})"
    stream = app.stream(stream_id)
    if not stream:
        started = app.administrator()
        if started is not None and started.administrator_id == stream_id:
            return started.administrator_name
        return None
    first = stream[0].event
    if isinstance(first, OfficialRegistered):
        return first.full_name
    if isinstance(first, HouseholdRegistered):
        return str(app.reveal(first).head.full_name)
    return None


def recorded_line(app: NgheDan, recorded: Recorded, lang: Lang, names: Names) -> str:
    """What one recorded event is, in words, and of whom (no topic, no id)."""
    first = recorded.event
    if recorded.originator_version != 1:
        stream = app.stream(recorded.originator_id)
        first = stream[0].event if stream else recorded.event
    what = event_words(type(recorded.event), lang)
    subject = _subject(app, first, lang, names)
    head = "Đã ghi" if lang == "vi" else "Recorded"
    return f"{head}: {what} {subject}.".replace(" .", ".")


def _unit(code: str, names: Names) -> str:
    return names(code) or code


def _subject(app: NgheDan, origin: Any, lang: Lang, names: Names) -> str:
    """Whom or what a stream is about, from its first event."""
    vi = lang == "vi"
    if isinstance(origin, UnitRegistered):
        return _unit(origin.code, names)
    if isinstance(origin, OfficialRegistered):
        return f"{origin.full_name}, {_unit(origin.unit, names)}"
    if isinstance(origin, SessionScheduled):
        level = " (cấp giám sát)" if vi else " (supervisory level)"
        text = (
            f"tháng {format_month(origin.month)} của {_unit(origin.unit, names)}"
            if vi
            else f"of {format_month(origin.month)}, {_unit(origin.unit, names)}"
        )
        return text + (level if origin.level.value == "supervisory" else "")
    if isinstance(origin, ComplaintRaised):
        where = "tại" if vi else "at"
        return f"({word(origin.category, lang)}) {where} {_unit(origin.unit, names)}"
    if isinstance(origin, FundOpened):
        return _unit(origin.unit, names)
    if isinstance(origin, HouseholdRegistered):
        head = app.reveal(origin).head.full_name
        return f"hộ {head}" if vi else f"the household of {head}"
    if isinstance(origin, VisitPlanned):
        head = names(str(origin.household_id)) or str(origin.household_id)
        return f"hộ {head}" if vi else f"the household of {head}"
    if isinstance(origin, VolunteerWorkPlanned):
        where = "tại" if vi else "at"
        return f"({word(origin.kind, lang)}) {where} {origin.place}, {_unit(origin.unit, names)}"
    return ""
