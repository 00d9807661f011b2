"""The world a scenario runs in: the real application, names for ids, the last outcome.

Every step goes through `NgheDan.handle` with the core's own commands and reads the core's
own projections; nothing here decides a rule. The world only remembers what staff call
things (a commune's name, an official's name, a complaint's label) and turns those names
into the codes and ids the commands need — and the ids in refusals back into names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, Final
from uuid import UUID, uuid4

import attrs

from nghedan_core import (
    VIETNAM_TZ,
    Command,
    DomainError,
    Month,
    NgheDan,
    NotFoundError,
    PolicyConfig,
    Queries,
    Recorded,
    RegisterOfficial,
    Replay,
    SessionLevel,
    UnitKind,
)
from nghedan_core.projections import EventRecord
from nghedan_core.values import stable_id

__all__ = ["DEFAULT_NOW", "BddError", "Outcome", "World"]

#: the time a scenario starts at unless it says otherwise: 4 March 2024 (a first Monday), 08:00
DEFAULT_NOW: Final = datetime(2024, 3, 4, 8, 0, tzinfo=VIETNAM_TZ)

_UNIT_CODE: Final = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")
_UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_AUTO_CODE: Final = re.compile(r"\bdv\d{3}\b")


class BddError(AssertionError):
    """A scenario step that did not hold, explained in Vietnamese."""

    def __init__(self, message: str) -> None:
        """Keep the Vietnamese message."""
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The Vietnamese message."""
        return self.message


@attrs.define
class Outcome:
    """What the last *Khi* step did: the events recorded, or the refusal."""

    step: str
    recorded: tuple[Recorded, ...] = ()
    error: DomainError | None = None
    #: the command refused, if one was
    refused: Command | None = None
    #: whether a *Thì* step looked at the refusal
    checked: bool = False


class World:
    """One scenario's application and vocabulary."""

    def __init__(self, config: PolicyConfig | None = None) -> None:
        """A fresh in-memory application at `DEFAULT_NOW`."""
        self.now: datetime = DEFAULT_NOW
        #: while a *Cho* fact is recorded: its own business time (see `clock`)
        self._recording: datetime | None = None
        self._config = config or PolicyConfig()
        self._app: NgheDan | None = None
        self._shared_demo = False
        #: unit name (as written, and with its kind) or code -> code
        self.units: dict[str, str] = {}
        #: commune code -> hamlet name -> hamlet code
        self.hamlets: dict[str, dict[str, str]] = {}
        self.unit_names: dict[str, str] = {}
        #: text of an id (or generated unit code) -> the name staff gave it
        self.names: dict[str, str] = {}
        #: household name -> its latest planned visit; contributor -> latest pledge;
        #: household name -> its latest disbursement
        self.visits: dict[str, UUID] = {}
        self.pledges: dict[str, UUID] = {}
        self.disbursements: dict[str, UUID] = {}
        #: unit code -> names of its officials, in the order registered
        self.officials_of: dict[str, list[str]] = {}
        #: complaint label -> the unit it was raised in
        self.complaint_units: dict[str, str] = {}
        self.outcome: Outcome | None = None
        #: the official a *Cho cán bộ "…" thực hiện* step named: who acts from then on
        self.acting: UUID | None = None
        self.step_failed = False
        #: an export of the history that a scenario tampers with
        self.exported: list[EventRecord] | None = None
        #: a digest an auditor kept, and the last position it covered
        self.kept_digest: tuple[str, int] | None = None
        self._counter = 0
        self._serial = 0
        #: every id the scenario named, and those recorded under other names (the demo
        #: dataset): (kind, name) -> id
        self.known_ids: dict[tuple[str, str], UUID] = {}
        #: text of an id -> the kind it was named as (``household``, ``official``, ...)
        self.kinds: dict[str, str] = {}

    # --- the application ------------------------------------------------------------------

    def clock(self) -> datetime:
        """The application's clock: the scenario's `now`.

        A *Cho* fact is the scenario's history, recorded when it happened: while it is
        recorded the clock reads its own business time, so a fact dated weeks before `now`
        is no late entry and one dated after it is not in the future (ADR 0019). A *Khi*
        act is recorded at `now`, held to the clock's rules like any command.
        """
        return self._recording or self.now

    @property
    def app(self) -> NgheDan:
        """The application (private to this scenario)."""
        if self._app is None:
            self._app = NgheDan("memory://", config=self._config, clock=self.clock)
        elif self._shared_demo:
            # a scenario that writes after loading the shared demo gets its own copy
            self._shared_demo = False
            self._app = _demo_app(private=True, config=self.config, clock=self.clock)
        return self._app

    def reader(self) -> NgheDan:
        """The application for reading (the shared demo is fine to read)."""
        if self._app is not None:
            return self._app
        return self.app

    @property
    def config(self) -> PolicyConfig:
        """The policy numbers in force."""
        return self._app.config if self._app is not None else self._config

    def configure(self, **changes: Any) -> None:
        """Change policy numbers (the application reads its `config` on every command)."""
        self._config = attrs.evolve(self.config, **changes)
        if self._app is not None:
            self._app.config = self._config

    def load_demo(self) -> None:
        """The Cầu Kè demo dataset, recorded through the clerk's commands (shared, read-only)."""
        if self._app is not None and self._app.max_position() > 0:
            raise BddError("Dữ liệu mẫu phải được nạp trước mọi dữ liệu khác của kịch bản.")
        self._app = _demo_app(private=False, config=self.config, clock=self.clock)
        self._shared_demo = True
        self.learn_names(_demo_records())

    def learn_names(self, records: Iterable[EventRecord]) -> None:
        """Remember the names recorded in a history (units, officials, households)."""
        for r in records:
            p = r.payload
            if r.topic == "unit.UnitRegistered":
                kind = UnitKind(p["kind"])
                if kind is UnitKind.HAMLET and p.get("parent"):
                    self.hamlets.setdefault(p["parent"], {}).setdefault(p["name"], p["code"])
                self.units.setdefault(p["name"], p["code"])
                self.units.setdefault(p["code"], p["code"])
                self.unit_names.setdefault(p["code"], p["name"])
            elif r.topic == "official.OfficialRegistered":
                self.names.setdefault(p["official_id"], p["full_name"])
                self.known_ids.setdefault(("official", p["full_name"]), UUID(p["official_id"]))
                self.kinds.setdefault(p["official_id"], "official")
                self.officials_of.setdefault(p["unit"], []).append(p["full_name"])
            elif r.topic == "household.HouseholdRegistered":
                self.names.setdefault(r.stream_id, p["head"]["full_name"])
                self.known_ids.setdefault(("household", p["head"]["full_name"]), UUID(r.stream_id))
                self.kinds.setdefault(r.stream_id, "household")

    # --- time -----------------------------------------------------------------------------

    def at_day(self, day: date, hour: int = 8) -> datetime:
        """A time on `day` in Vietnam."""
        return datetime.combine(day, time(hour), tzinfo=VIETNAM_TZ)

    def serial(self) -> int:
        """A number never given before in this scenario (to tell apart ids made for one name)."""
        self._serial += 1
        return self._serial

    # --- names ----------------------------------------------------------------------------

    def id(self, kind: str, name: str) -> UUID:
        """The id of the `kind` called `name` in this scenario (the same name, the same id)."""
        value = self.known_ids.setdefault((kind, name), stable_id("nghedan-bdd", kind, name))
        self.names[str(value)] = name
        self.kinds[str(value)] = kind
        return value

    def new_unit_code(self, name: str) -> str:
        """A code for a unit the scenario named without one."""
        self._counter += 1
        code = f"dv{self._counter:03d}"
        self.names[code] = name
        return code

    def add_unit(self, code: str, name: str, kind: UnitKind, parent: str | None) -> None:
        """Remember a unit's names: as written, with its kind (``Xã Ninh Thới``), its code."""
        label = _KIND_WORDS.get(kind, kind.label_vi)
        for alias in (name, f"{label.capitalize()} {name}", code):
            self.units.setdefault(alias, code)
        self.unit_names[code] = name
        if kind is UnitKind.HAMLET and parent is not None:
            for alias in (name, f"{label.capitalize()} {name}", f"Ấp {name}", code):
                self.hamlets.setdefault(parent, {}).setdefault(alias, code)

    def unit(self, name: str) -> str:
        """The code of the unit called `name` (a code is taken as it is)."""
        code = self.units.get(name)
        if code is not None:
            return code
        if _UNIT_CODE.match(name):
            return name
        known = ", ".join(f'"{n}"' for n in self.unit_names.values()) or "chưa có"
        raise BddError(
            f'Chưa có đơn vị "{name}" trong kịch bản (đã có: {known}); hãy khai báo trước,'
            ' ví dụ: Cho xã "Ninh Thới".'
        )

    def hamlet(self, unit: str, name: str) -> str:
        """The code of the hamlet `name` of `unit` (a code, or another unit's, as written)."""
        found = self.hamlets.get(unit, {}).get(name)
        if found is not None:
            return found
        return self.units.get(name, name)

    def official(self, name: str) -> UUID:
        """The id of the official called `name`."""
        return self.id("official", name)

    def household(self, name: str) -> UUID:
        """The id of the household whose head is `name`."""
        return self.id("household", name)

    def complaint(self, label: str) -> UUID:
        """The id of the complaint labelled `label`."""
        return self.id("complaint", label)

    def work(self, name: str) -> UUID:
        """The id of the volunteer work called `name`."""
        return self.id("work", name)

    def visit(self, household: str) -> UUID:
        """The latest visit planned to `household`."""
        visit = self.visits.get(household)
        if visit is None:
            raise BddError(
                f'Chưa có chuyến thăm nào tới hộ "{household}"; hãy lên kế hoạch thăm trước.'
            )
        return visit

    def humanise(self, text: str) -> str:
        """`text` with every known id and generated code replaced by its name."""
        text = _UUID.sub(lambda m: self.names.get(m.group(0), m.group(0)), text)
        return _AUTO_CODE.sub(lambda m: self.names.get(m.group(0), m.group(0)), text)

    def message(self, error: DomainError) -> str:
        """A refusal's Vietnamese message, with names instead of ids."""
        return self.humanise(error.message("vi"))

    # --- commands -------------------------------------------------------------------------

    def stamped(self, command: Command) -> Command:
        """`command` at exactly the time the scenario set (a time it carries is kept)."""
        if command.occurred_at is not None:
            return command
        return attrs.evolve(command, occurred_at=self.now)

    def _perform(self, commands: Iterable[Command], *, history: bool = False) -> Outcome:
        """Handle `commands` in the order written, up to the first refusal.

        `history`: facts of a *Cho* step, each recorded at its own business time.
        """
        outcome = Outcome(step="")
        recorded: list[Recorded] = []
        for written in commands:
            command = self.stamped(written)
            try:
                self._recording = command.occurred_at if history else None
                recorded.extend(self.app.handle(command, actor=self.actor_for(command)))
            except DomainError as refusal:
                outcome.error = refusal
                outcome.refused = command
                break
            finally:
                self._recording = None
        outcome.recorded = tuple(recorded)
        return outcome

    def actor_for(self, command: Command) -> UUID | None:
        """Who carries out `command` (ADR 0018).

        The official a *Cho cán bộ "…" thực hiện* step named, if any; else the first
        official the record admits for it (`NgheDan.actors_for`: the one it names as acting
        in person, else one of its unit holding a role its grant admits); else the
        scenario's administrator, who starts the record the first time one is needed.
        """
        if self.acting is not None:
            return self.acting
        found = self.app.actors_for(command)
        if found:
            return found[0]
        started = self.app.administrator()
        if started is not None:
            administrator = started.administrator_id
        elif self.app.max_position() == 0:
            administrator = self.app.start_record("Quản trị viên kịch bản")
        else:
            return None
        return self._stand_in(command, administrator) or administrator

    def _stand_in(self, command: Command, administrator: UUID) -> UUID | None:
        """The unit's office, registered by the administrator to carry out `command`.

        A scenario that names no official for an act (it registers households, schedules
        sessions) has it carried out by the unit's office ("Văn phòng …"), an official
        holding the roles the command's grant admits, registered once per unit and role.
        """
        from nghedan_core.authority import command_units, grant_of  # noqa: PLC0415

        grant = grant_of(type(command))
        roles = sorted(grant.allowed(supervisory_level=True), key=lambda r: r.value)
        units = [u for u in command_units(command, self.app._lookup) if u is not None]  # noqa: SLF001
        if not roles or not units or self.app.unit_info(units[0]) is None:
            return None
        unit = units[0]
        key = ("stand_in", f"{unit}:{','.join(r.value for r in roles)}")
        known = self.known_ids.get(key)
        if known is not None:
            return known
        official = uuid4()
        name = f"Văn phòng {self.unit_names.get(unit, unit)}"
        self.app.handle(
            RegisterOfficial(
                official_id=official,
                unit=unit,
                full_name=name,
                position="Văn phòng",
                roles=frozenset(roles),
                occurred_at=command.occurred_at,
            ),
            actor=administrator,
        )
        self.known_ids[key] = official
        self.names.setdefault(str(official), name)
        return official

    def given(self, step: str, *commands: Command) -> tuple[Recorded, ...]:
        """Record facts for a *Cho* step: every command must be accepted."""
        outcome = self._perform(commands, history=True)
        if outcome.error is not None:
            refusal = outcome.error
            raise BddError(
                f"Bước «{step}» không ghi nhận được ({type(outcome.refused).__name__}):"
                f" {self.message(refusal)} [{refusal.code}]"
            ) from refusal
        return outcome.recorded

    def when(self, step: str, *commands: Command) -> Outcome:
        """Perform a *Khi* step: keep the events, or the refusal for the *Thì* steps."""
        self.require_checked()
        outcome = self._perform(commands)
        outcome.step = step
        self.outcome = outcome
        return outcome

    def require_checked(self) -> None:
        """Refuse to go on past a refusal that no *Thì* step looked at."""
        last = self.outcome
        if last is not None and last.error is not None and not last.checked:
            last.checked = True
            raise BddError(
                f"Bước «{last.step}» bị từ chối nhưng kịch bản không kiểm tra điều đó:"
                f" {self.message(last.error)} [{last.error.code}]. Nếu đây là điều mong đợi,"
                ' hãy thêm: Thì bị từ chối với mã "' + last.error.code + '"'
            )

    def last(self) -> Outcome:
        """The outcome of the last *Khi* step."""
        if self.outcome is None:
            raise BddError("Chưa có bước Khi nào được thực hiện để kiểm tra kết quả.")
        return self.outcome

    def refusal(self, *, named: bool = True) -> DomainError:
        """The refusal of the last *Khi* step (fails if it was accepted).

        A step that does not name the refusal it expects (`named` false: ``Thì bị từ chối``)
        fails on "not found": that refusal is almost always a name written wrongly.
        """
        last = self.last()
        last.checked = True
        if last.error is None:
            names = ", ".join(type(r.event).__name__ for r in last.recorded) or "không có"
            raise BddError(
                f"Mong đợi bước «{last.step}» bị từ chối, nhưng lệnh đã được chấp nhận"
                f" (sự kiện ghi nhận: {names})."
            )
        if not named and isinstance(last.error, NotFoundError):
            raise BddError(self.not_found(last.step, last.error))
        return last.error

    def not_found(self, step: str, error: NotFoundError) -> str:
        """Why a "not found" refusal fails a step: the name refused and the names that exist."""
        key = str(error.params.get("key", ""))
        kind = self.kinds.get(key)
        if kind is None and key in self.unit_names:
            kind = "unit"
        if kind is None and key and _UNIT_CODE.match(key) and not _UUID.fullmatch(key):
            kind = "unit"
        hint = f' Nếu đây là điều mong đợi, hãy viết: Thì bị từ chối với mã "{error.code}".'
        if kind is None:
            return f"Bước «{step}» bị từ chối vì {self.message(error)}{hint}"
        word = _KIND_NAMES.get(kind, kind)
        existing = self.existing(kind)
        known = ", ".join(f'"{n}"' for n in existing) or "chưa có"
        return (
            f'Bước «{step}» bị từ chối: không tìm thấy {word} "{self.names.get(key, key)}"'
            f" (có thể tên viết sai); các {word} đã có trong kịch bản: {known}.{hint}"
        )

    def existing(self, kind: str) -> list[str]:
        """The names of the records of `kind` the history holds, in the order named."""
        if kind == "unit":
            return list(dict.fromkeys(self.unit_names.values()))
        seen: set[str] = set()
        for r in self.records():
            seen.add(r.stream_id)
            seen.update(str(r.payload[f]) for f in _FUND_IDS if r.payload.get(f))
        return [n for (k, n), i in self.known_ids.items() if k == kind and str(i) in seen]

    def accepted(self) -> tuple[Recorded, ...]:
        """The events of the last *Khi* step (fails if it was refused)."""
        last = self.last()
        if last.error is not None:
            last.checked = True
            raise BddError(
                f"Bước «{last.step}» bị từ chối: {self.message(last.error)} [{last.error.code}]"
            )
        return last.recorded

    # --- reading --------------------------------------------------------------------------

    def records(self) -> list[EventRecord]:
        """The whole history, in order."""
        if self._shared_demo:
            return list(_demo_records())
        return list(self.reader().records())

    def queries(self) -> Queries:
        """The core's read side on the scenario's history (what every *Thì* step reads)."""
        app = self.reader()
        return Queries(app, Replay(app, records=self.records))

    def session_level(self, supervisory: str | None) -> SessionLevel:
        """The level of a session phrase (``cấp giám sát`` or not)."""
        return SessionLevel.SUPERVISORY if supervisory else SessionLevel.COMMUNE

    def month_key(self, month: Month) -> str:
        """A month as text."""
        return str(month)


_KIND_WORDS: Final = {
    UnitKind.PROVINCE: "tỉnh",
    UnitKind.DISTRICT: "huyện",
    UnitKind.COMMUNE: "xã",
    UnitKind.WARD: "phường",
    UnitKind.TOWN: "thị trấn",
    UnitKind.SPECIAL_ZONE: "đặc khu",
    UnitKind.HAMLET: "ấp",
}

#: what each kind of name is called in a message
_KIND_NAMES: Final = {
    "unit": "đơn vị",
    "official": "cán bộ",
    "household": "hộ",
    "complaint": "ý kiến",
    "work": "hoạt động tình nguyện",
    "visit": "chuyến thăm",
    "pledge": "cam kết đóng góp",
    "receipt": "khoản thu",
    "disbursement": "khoản chi",
    "person": "người",
}
#: ids kept inside a fund's stream rather than as streams of their own
_FUND_IDS: Final = ("pledge_id", "receipt_id", "disbursement_id")

_DEMO: dict[str, NgheDan] = {}
_DEMO_RECORDS: list[EventRecord] = []


def _demo_records() -> list[EventRecord]:
    """The shared demo's history (read once per process; records are immutable)."""
    if not _DEMO_RECORDS:
        _DEMO_RECORDS.extend(_DEMO["shared"].records())
    return _DEMO_RECORDS


def _demo_app(*, private: bool, config: PolicyConfig, clock: Any) -> NgheDan:
    """An application holding the demo dataset (one shared copy per process for reading)."""
    from nghedan_core.demo import (  # noqa: PLC0415 - loaded only when asked
        DEMO_RECORDED_AT,
        record_demo,
    )

    if not private and "shared" in _DEMO:
        return _DEMO["shared"]
    # recorded, as an import, just after its last act, its administrator, then each
    # command by a named official; the scenario's clock reads on
    app = NgheDan("memory://", config=config, clock=lambda: DEMO_RECORDED_AT)
    record_demo(app)
    app.clock = clock
    if not private:
        _DEMO["shared"] = app
    return app
