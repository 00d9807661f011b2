"""What every projection folds over: `EventRecord`, an event as read from the log.

Projections are the read side. They fold over the global event order (the notification
log, or an exported JSONL file) and never touch the domain's typed events: a stored payload
was validated when it was written, so the read side takes it as the plain JSON it is. That
keeps replays fast (no re-validation of millions of events) and lets an auditor replay an
export with no database at all. Every projection is deterministic and does no I/O: the same
records in the same order give the same view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Protocol, TypeVar

__all__ = ["EventRecord", "Materialised", "Projection", "fold"]


class EventRecord(NamedTuple):
    """One stored event: its place in the log and in its stream, its chain link, its payload.

    A named tuple, immutable like the rest of the read side and cheap to build: a replay
    makes one per stored event (``record._replace(…)`` makes a changed copy).
    """

    #: position in the global order (notification id), from 1
    position: int
    #: the stream (aggregate id) it belongs to, as text
    stream_id: str
    #: its version within the stream, from 1
    version: int
    #: its stable topic, e.g. ``"fund.ContributionReceived"``
    topic: str
    #: when it was recorded (ISO 8601)
    recorded_at: str
    #: the event's fields as stored (JSON); ``occurred_at`` is its business time
    payload: Mapping[str, Any]
    #: hash of the previous event of the stream, and this event's own hash
    prev: str
    hash: str
    #: the payload's canonical JSON exactly as stored — text, or its UTF-8 bytes as read —
    #: when the reader has it (the audit then hashes these very bytes instead of encoding
    #: the payload again; a copy made with another payload must drop it)
    payload_json: str | bytes | None = None
    #: the shape of `payload` as stored: the event class's ``class_version`` when it was
    #: recorded (1 unless the class had been versioned by then). The read side folds
    #: payloads as stored; a projection of a topic whose class is now at a later version
    #: brings older payloads up with `serialization.upcast_payload` (ADR 0013)
    class_version: int = 1
    #: the official (or the administrator) who carried out the act, as text; None for an
    #: event recorded before events named their actor (ADR 0013, addendum)
    actor: str | None = None


V_co = TypeVar("V_co", covariant=True)


class Projection(Protocol[V_co]):
    """A fold: `apply` each record in global order, then read the `view`."""

    def apply(self, record: EventRecord) -> None:
        """Take one record into account."""

    def view(self) -> V_co:
        """The view as of the records applied so far."""


class Materialised(Protocol):
    """A projection the runner can keep materialised: its state saves to JSON and back.

    ``snapshot()`` returns JSON-ready data (dicts, lists, str, int, bool, None);
    ``restore(data)`` rebuilds the same accumulator, so a restarted runner resumes from its
    tracked position instead of replaying from the start.
    """

    #: the name the view is stored under
    name: str

    def apply(self, record: EventRecord) -> None:
        """Take one record into account."""

    def snapshot(self) -> dict[str, Any]:
        """The accumulator as JSON-ready data."""

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with one saved by `snapshot`."""


P = TypeVar("P", bound=Projection[Any])


def fold(projection: P, records: Iterable[EventRecord]) -> P:
    """Apply every record to `projection` and return it."""
    apply = projection.apply
    for record in records:
        apply(record)
    return projection
