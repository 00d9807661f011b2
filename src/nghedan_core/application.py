"""`NgheDan`: the application every adapter calls — ``handle(command)`` and queries.

A facade. ``handle`` gathers the facts a rule needs (each aggregate's ``gather``, through
`nghedan_core._lookup`), decides the command — on several streams when it spans them
(`nghedan_core.workflows`) — seals the new events into the per-stream hash chain and
inserts them in **one** atomic write. A write that collides with a concurrent writer
(same stream, same version) is re-decided against the fresh state a bounded number of
times — safe because ``decide`` is pure — and then refused with
`ConcurrencyConflictError`. A command carrying a ``command_id`` is recorded at most once.

The mechanisms live in private modules named for their jobs: loading, caching and saving
streams (`_streams`), group commits (`_group`), the index (`_index`), the lookup the facts
are gathered through (`_lookup`), reading the log (`_reader`), the stored byte layout
(`_layout`), opening a store with its encryption checks (`_opening`), and the acting
person: the store's administrator and who may carry out a command (`_acting`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper

from nghedan_core._acting import Acting
from nghedan_core._group import GROUP_COMMANDS, BatchResult
from nghedan_core._lookup import StoreLookup
from nghedan_core._opening import check_encryption, open_racing
from nghedan_core._reader import PAGE
from nghedan_core._streams import CACHE_SIZE
from nghedan_core.aggregates import COMMANDS, Aggregate, Command, OfficialInfo, UnitInfo
from nghedan_core.aggregates import fund as fund_
from nghedan_core.audit import AuditReport, ChainVerifier
from nghedan_core.audit import audit as audit_records
from nghedan_core.config import PolicyConfig
from nghedan_core.personal import (
    PersonalData,
    create_private_file,
    default_keys_url,
    keys_beside_events,
    open_keystore,
    sqlite_file,
)
from nghedan_core.personal import keys_url as personal_keys_url
from nghedan_core.policies.impartiality import Candidate
from nghedan_core.projections._base import EventRecord, Projection
from nghedan_core.queries import Queries
from nghedan_core.serialization import (
    CattrsMapper,
    Recorded,
)
from nghedan_core.storage import cipher_env, database_url, storage_env

__all__ = ["GROUP_COMMANDS", "BatchResult", "NgheDan", "Recorded"]


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


S = TypeVar("S")


def system_clock() -> datetime:
    """The system's clock, in UTC: the default clock of an application."""
    return datetime.now(UTC)


class NgheDan(Acting, Application[UUID]):
    """The nghedan application: send commands with `handle`, read state with the queries.

    >>> from nghedan_core import NgheDan, RegisterUnit, UnitKind
    >>> app = NgheDan("memory://")
    >>> [r.event.name for r in app.handle(
    ...     RegisterUnit(code="29500", name="Xã Ninh Thới", kind=UnitKind.COMMUNE))]
    ['Xã Ninh Thới']
    """

    name = "nghedan"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Keep the stored name (and so the PostgreSQL table) when an embedder subclasses."""
        named = "name" in cls.__dict__
        super().__init_subclass__(**kwargs)
        if not named:
            cls.name = "nghedan"

    def __init__(
        self,
        url: str | None = None,
        *,
        config: PolicyConfig | None = None,
        clock: Callable[[], datetime] | None = None,
        env: Mapping[str, str] | None = None,
        cipher_key: str | None = None,
        keys_url: str | None = None,
    ) -> None:
        """Open the store at `url` (else ``$NGHEDAN_DATABASE_URL``, else ``sqlite:///nghedan.db``).

        `config` sets the policy numbers; `clock` (else `system_clock`) gives the time for
        commands that carry none, the recording time of every event, and the moment the
        business time of a command is checked against (ADR 0019); `env` adds eventsourcing settings.
        `cipher_key` (else ``$NGHEDAN_CIPHER_KEY`` or the file ``$NGHEDAN_CIPHER_KEY_FILE``)
        switches on encryption at rest with eventsourcing's AES cipher; `keys_url` (else
        ``$NGHEDAN_KEYS_URL``, else `personal.default_keys_url`: a SQLite store's
        ``…-keys.db`` beside it, a table beside the events otherwise) is where the per-person keys
        of personal data are kept (`nghedan_core.personal`).
        """
        self.database_url = database_url(url)
        self.config = config or PolicyConfig()
        self.clock = clock or system_clock
        self._lock = threading.RLock()
        self._open_streams()
        self._candidates: dict[UUID, tuple[Any, Candidate]] = {}
        self._lookup = StoreLookup(
            config=lambda: self.config,
            load=self._state,
            view=self._view,
            digest=self._digest_before_command,
            candidates=self._candidates,
            cache_size=CACHE_SIZE,
        )
        environment = {**storage_env(self.database_url), **cipher_env(cipher_key), **(env or {})}
        if (events_file := sqlite_file(self.database_url)) is not None:
            create_private_file(events_file)  # owner-only from the start (0600)
        open_racing(lambda: Application.__init__(self, env=environment))
        check_encryption(self.recorder, self.mapper)
        cipher = self.mapper.cipher
        #: the personal data's keys: encrypts on save, reveals views, erases
        keys_at = keys_url or personal_keys_url()
        if keys_at is None and not keys_beside_events(self.recorder):
            keys_at = default_keys_url(self.database_url)
        self.personal = PersonalData(
            open_keystore(
                keys_at,
                recorder=self.recorder,
                wrap=cipher.encrypt if cipher else None,
                unwrap=cipher.decrypt if cipher else None,
            )
        )
        self.cattrs_mapper.personal = self.personal

    def construct_mapper(self) -> Mapper[UUID]:
        """A `CattrsMapper`, keeping the compressor and cipher the environment asks for."""
        base: Mapper[UUID] = self.factory.mapper(transcoder=self.construct_transcoder())
        return CattrsMapper(
            transcoder=base.transcoder, compressor=base.compressor, cipher=base.cipher
        )

    # --- commands -------------------------------------------------------------------------

    def handle(self, command: Command, *, actor: UUID | None = None) -> tuple[Recorded, ...]:
        """`actor` carries out `command`: decide it, record its events atomically, return them.

        `actor` is the id of a serving official of the record holding, in their unit, a role
        the command's grant admits (`nghedan_core.authority`), or of the administrator who
        started the store, for the setup commands (`start_record`). Every event recorded
        names them. Raises a `DomainError` (nothing written) when a rule refuses the
        command, an `ActorError` (``actor.required``, ``actor.unknown``,
        ``actor.not_serving``, ``actor.setup_only``, ``actor.role_forbidden``,
        ``actor.out_of_scope``, ``actor.not_own_act``) when the actor may not carry it out.
        """
        if type(command) not in COMMANDS:
            msg = f"not a nghedan command: {type(command).__name__}"
            raise TypeError(msg)
        return self._handle(command, actor)

    def handle_many(
        self,
        commands: Sequence[Command],
        *,
        actor: UUID | None = None,
        actors: Sequence[UUID | None] | None = None,
        group: bool = True,
        imported: bool = False,
    ) -> BatchResult:
        """`actor` carries out `commands` in order, in group commits (`nghedan_core._group`).

        `actors` (one per command) names who carries out each instead: a history loaded
        from another system, each act by its own official.

        Stops at the first refusal: each command is wholly recorded or not at all, once
        per ``command_id``, decided exactly as `handle` would decide it after the commands
        before it (the actor checked for each). ``group=False`` handles every command
        through `handle`. ``imported=True`` records history kept elsewhere first
        (`exchange.import_commands`): each event is marked ``imported`` and the late-entry
        window does not apply; every other rule does, the published periods' included
        (ADR 0019).
        """
        return self._handle_many(
            commands, group=group, actor=actor, actors=actors, imported=imported
        )

    # --- queries --------------------------------------------------------------------------

    @property
    def queries(self) -> Queries:
        """Every read the adapters make, on this application (`nghedan_core.queries`)."""
        return Queries(self)

    def unit_info(self, code: str) -> UnitInfo | None:
        """What is recorded of the unit `code`, with its hamlets; None if never registered."""
        return self._lookup.unit(code)

    def official_info(self, official_id: UUID) -> OfficialInfo | None:
        """What is recorded of an official; None if never registered."""
        return self._lookup.official(official_id)

    def open_complaints(self, sid: UUID) -> int:
        """How many complaints of session `sid` have neither an answer nor an appointment."""
        return self._lookup.open_complaints(sid)

    def visits_made(self, sid: UUID) -> int:
        """How many distinct households were visited (visits conducted) for session `sid`."""
        return self._lookup.visits_made(sid)

    def state(self, aggregate: Aggregate[S], stream_id: UUID) -> S | None:
        """The current state of one aggregate (None if it was never created)."""
        with self._lock, self._fresh():
            return cast("S | None", self._state(aggregate, stream_id))

    def fund(self, unit: str) -> fund_.State | None:
        """The fund of `unit`."""
        return self.state(fund_.AGGREGATE, fund_.fund_id(unit))

    def reveal(self, view: S) -> S:
        """`view` with its personal fields decrypted (erased ones read `ERASED_TEXT`).

        Views fold over stored events, whose personal fields are encrypted tokens; call this
        only for output to someone allowed to see personal data (never for public output).
        """
        return self.personal.reveal(view)

    def close(self) -> None:
        """Close the store and the personal-data keys' own database, if they have one."""
        self.personal.keystore.close()
        super().close()

    def forget_states(self) -> None:
        """Drop the aggregate states cached in this process (they hold decrypted data)."""
        with self._lock:
            self._cache.clear()
            self._candidates.clear()

    # --- the log --------------------------------------------------------------------------

    def stream(self, stream_id: UUID) -> list[Recorded]:
        """Every recorded event of one stream, in order."""
        to_domain = self.mapper.to_domain_event
        return [cast("Recorded", to_domain(s)) for s in self.recorder.select_events(stream_id)]

    def read(self, start: int = 1, *, page: int = PAGE) -> Iterator[tuple[int, Recorded]]:
        """Every recorded event in global order from notification `start`, page by page."""
        position = start
        while True:
            notifications = self.recorder.select_notifications(start=position, limit=page)
            for n in notifications:
                yield n.id, cast("Recorded", self.mapper.to_domain_event(n))
            if len(notifications) < page:
                return
            position = notifications[-1].id + 1

    def records(
        self,
        start: int = 1,
        *,
        stop: int | None = None,
        page: int = PAGE,
        chain: ChainVerifier | None = None,
    ) -> Iterator[EventRecord]:
        """Every stored event as an `EventRecord` (payload as JSON), in global order.

        Streams page by page, so memory stays flat however long the log is (pages of a
        thousand rows: a page is folded while its rows are still in the processor's cache,
        5 % faster than pages of ten thousand). With `chain`, each record is linked into it
        (`ChainVerifier.apply`) before it is yielded; the SQLite reader (`_reader`) does so
        from the stored bytes, cheaper than the audit can afterwards.
        """
        return self._records(start, stop, page, chain)

    def history_digest(self) -> tuple[str, int]:
        """The digest of the whole recorded history and how many events it covers.

        ``d_0 = GENESIS``, ``d_i = SHA-256(d_{i-1} + hash_i)`` in global order, as the audit
        computes it; kept per process and brought up to date by reading only the events
        recorded since the last call. A disclosure carries it (ADR 0011).
        """
        return self._history_digest()

    def audit(
        self,
        *,
        units: Collection[str] = (),
        lines: bool = True,
        also: Sequence[Projection[Any]] = (),
    ) -> AuditReport:
        """The fund audit of the whole log (`nghedan_core.audit.audit`), read in one pass.

        The audit reads this application's `config` (its selection window is the domain's).
        The reader checks each event's hash chain while it holds the stored bytes; the
        projections in `also` are fed the same records.
        """
        chain = ChainVerifier()
        return audit_records(
            self.records(chain=chain),
            units=units,
            config=self.config,
            lines=lines,
            also=also,
            chain=chain,
        )
