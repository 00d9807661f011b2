"""Erasing a person's personal data (``nghedan person erase ID``) without touching the history.

`erase_person` destroys the keys that open the person's personal fields (see
`nghedan_core.personal`): their own key (names, phones, addresses wherever they are a
citizen, a head of household or an official's relative) and the key of every household they
head (its circumstances). Then it records a `PersonalDataErased` event — ids only — in the
person's erasure stream, so the erasure itself is on the hash-chained record. No stored
event is changed: the hash chain, the history digest and ``audit verify`` stay exactly as
they were, and every view, page and export shows `nghedan_core.personal.ERASED_TEXT` in
place of the data.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, cast
from uuid import UUID

import attrs
from eventsourcing.persistence import IntegrityError

from nghedan_core.errors import InvalidInputError, NotFoundError, Problem
from nghedan_core.personal import is_token, token_subject
from nghedan_core.serialization import GENESIS, PersonalDataErased, Recorded
from nghedan_core.values import stable_id

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator

    from nghedan_core.application import NgheDan
    from nghedan_core.projections._base import EventRecord

__all__ = ["Erasure", "erase_person", "subject_of", "subject_units", "subjects_of"]

_HOUSEHOLD_REGISTERED: Final = "household.HouseholdRegistered"


@attrs.frozen
class Erasure:
    """What an erasure did."""

    subject_id: str
    #: the keys destroyed now (empty when they had all been destroyed before)
    destroyed: tuple[str, ...]
    #: every key the subject's data is under (their own and their households')
    subjects: tuple[str, ...]
    #: the position of the `PersonalDataErased` event recorded
    position: int | None


def subjects_of(subject_id: str, records: Iterable[EventRecord]) -> tuple[bool, list[str]]:
    """Whether any stored personal field is under `subject_id`, and every key to destroy.

    The keys are the subject's own, those of the households whose head they are, and for a
    household, its head's.
    """
    known = False
    related: list[str] = []
    for record in records:
        payload = record.payload
        if record.topic == _HOUSEHOLD_REGISTERED:
            head = payload.get("head")
            head_id = str(head.get("person_id")) if isinstance(head, dict) else None
            if head_id == subject_id:
                known = True
                related.append(str(payload["household_id"]))
            elif str(payload.get("household_id")) == subject_id and head_id:
                # erasing a household erases its head's name too
                known = True
                related.append(head_id)
        if not known and any(_subject(t) == subject_id for t in _tokens(payload)):
            known = True
    return known, [subject_id, *dict.fromkeys(r for r in related if r != subject_id)]


def _tokens(value: Any) -> Iterator[str]:
    """Every encrypted personal field in a payload, however deep (objects and lists)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _tokens(v)
    elif isinstance(value, list):
        for v in value:
            yield from _tokens(v)
    elif is_token(value):
        yield value


def _subject(token: str) -> str | None:
    """The token's data subject; None for a token too damaged to name one."""
    try:
        return token_subject(token)
    except ValueError:
        return None


def subject_units(subjects: Collection[str], records: Iterable[EventRecord]) -> set[str | None]:
    """The units whose records hold personal data under any of `subjects`.

    A stream belongs to every unit its events name (``unit``, ``to_unit`` for a transfer);
    a stream holding such data but naming no unit contributes None. This is who may erase:
    an erasure destroys the keys wherever the data is, so whoever asks must answer for
    every unit it touches.
    """
    wanted = set(subjects)
    units_of: dict[str, set[str]] = {}
    holding: set[str] = set()
    for record in records:
        payload = record.payload
        if isinstance(payload, dict):
            for key in ("unit", "to_unit"):
                unit = payload.get(key)
                if isinstance(unit, str):
                    units_of.setdefault(record.stream_id, set()).add(unit)
        if record.stream_id not in holding and any(_subject(t) in wanted for t in _tokens(payload)):
            holding.add(record.stream_id)
    found: set[str | None] = set()
    for stream in holding:
        found.update(units_of.get(stream) or {None})
    return found


def subject_of(subject_id: str) -> str:
    """`subject_id` as a UUID's text; `InvalidInputError` (path ``ID``) when it is not one."""
    try:
        return str(UUID(subject_id))
    except (ValueError, AttributeError, TypeError):
        raise InvalidInputError(
            [
                Problem(
                    "ID",
                    f"không phải mã UUID: {subject_id!r}",
                    f"not a UUID: {subject_id!r}",
                )
            ]
        ) from None


def erase_person(
    app: NgheDan, subject_id: str, *, actor: UUID | None, at: datetime | None = None
) -> Erasure:
    """Destroy the keys of `subject_id`'s personal data, as `actor`, and record it was done.

    `subject_id` is a person's id (a citizen, a head of household, an official's relative),
    or a household, pledge or receipt id. `actor` carries the erasure out: the store's
    administrator, or a serving leader of every unit whose records hold the data
    (`authority.ERASURE`; `NgheDan.check_erasure` raises the `ActorError`, before any key
    is touched); the event names them. Raises `InvalidInputError` for an id that is not a
    UUID and `NotFoundError` when no personal data was ever recorded under it.
    """
    subject = subject_of(subject_id)
    known, subjects = subjects_of(subject, app.records())
    app.check_erasure(subject_units(subjects, app.records()), actor=actor)
    if not known and not app.personal.keystore.fetch([subject]):
        raise NotFoundError(kind="personal_data", key=subject)
    destroyed = tuple(app.personal.erase(subjects))
    app.forget_states()
    moment = at or app.clock()
    event = PersonalDataErased(occurred_at=moment, subject_id=subject, erased=tuple(subjects))
    stream = stable_id("erasure", subject)
    for attempt in range(app.config.max_retries):
        last = app.recorder.select_events(stream, desc=True, limit=1)
        version, head = 0, GENESIS
        if last:
            previous = cast("Recorded", app.mapper.to_domain_event(last[0]))
            version, head = previous.originator_version, previous.hash
        recorded = Recorded.seal(stream, version + 1, event, moment, head, actor=actor)
        try:
            ids = app.recorder.insert_events([app.mapper.to_stored_event(recorded)])
        except IntegrityError:
            time.sleep(0.001 * (attempt + 1))
            continue
        return Erasure(subject, destroyed, tuple(subjects), ids[-1] if ids else None)
    raise IntegrityError(stream)  # pragma: no cover - a hundred erasures of one person at once
