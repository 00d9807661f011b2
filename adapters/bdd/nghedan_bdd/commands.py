"""Any of the core's 48 commands from a data table of fields: ``| trường | giá trị |``.

The generic step ``Khi thực hiện lệnh "MakeDisbursement" với:`` builds the command with
this module: field names are the command's own (as in the JSON schema), values are written
the Vietnamese way (money ``1.000.000 đồng``, dates ``04/03/2024``, months ``03/2024``,
enums by their Vietnamese word) and names stand for ids (an official's name for
``approvers``, a household head's name for ``household_id``, a complaint's label for
``complaint_id``).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, Final
from uuid import UUID, uuid4

from nghedan_bdd.parsing import (
    ParseError,
    nfc,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
    parse_month,
)
from nghedan_bdd.vocabulary import enum_value
from nghedan_bdd.world import World
from nghedan_core import COMMANDS, Appointment, Command, Month, Person, Vnd, structure
from nghedan_core.fields import FieldSpec, fields_of
from nghedan_core.serialization import CONVERTER

__all__ = ["COMMAND_CLASSES", "build_command", "field_rows", "field_type_vi", "table_fields"]

#: every command class by its name
COMMAND_CLASSES: Final[dict[str, type[Command]]] = {cls.__name__: cls for cls in COMMANDS}

#: id fields: what the name written in the table stands for
_ID_KINDS: Final = {
    "official_id": "official",
    "answered_by": "official",
    "resolved_by": "official",
    "assessed_by": "official",
    "inspector_id": "official",
    "approvers": "official",
    "approver": "official",
    "requested_by": "official",
    "rejected_by": "official",
    "selected_by": "official",
    "team": "official",
    "hosts": "official",
    "household_id": "household",
    "complaint_id": "complaint",
    "visit_id": "visit",
    "work_id": "work",
    "pledge_id": "pledge",
    "receipt_id": "receipt",
    "disbursement_id": "disbursement",
    "person_id": "person",
}
_UNIT_FIELDS: Final = frozenset({"unit", "into", "to_unit", "parent"})
_HAMLET_FIELDS: Final = frozenset({"hamlet", "reception_hamlet"})
_SKIP: Final = frozenset({"command_id", "occurred_at"})


def field_type_vi(spec: FieldSpec) -> str:
    """How field `spec` is written in the table (for the catalogue)."""
    text = _type_vi(spec.type)
    if spec.many:
        text = f"danh sách {text}, cách nhau bởi dấu phẩy"
    return f"{text} (không bắt buộc)" if spec.optional else text


def _type_vi(tp: Any) -> str:
    """How one value of type `tp` is written in the table."""
    words: dict[Any, str] = {
        Vnd: "tiền (1.000.000 đồng)",
        date: "ngày (04/03/2024)",
        datetime: "thời điểm (04/03/2024 08:00)",
        Month: "tháng (03/2024)",
        UUID: "tên",
        Person: "họ tên",
        Appointment: "lịch hẹn (20/03/2024 08:00 tại Trụ sở UBND xã)",
        bool: "có/không",
        int: "số nguyên",
    }
    if tp in words:
        return words[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "một trong: " + ", ".join(str(m.value) for m in tp)
    return "chữ"


def table_fields(cls: type[Command]) -> dict[str, FieldSpec]:
    """The fields of `cls` a table may give (`nghedan_core.fields`), by key."""
    return {spec.key: spec for spec in fields_of(cls) if spec.key not in _SKIP}


def field_rows(cls: type[Command]) -> list[tuple[str, str, bool]]:
    """(field, how it is written, required) for each field of `cls` a table may give."""
    return [(key, field_type_vi(spec), spec.required) for key, spec in table_fields(cls).items()]


def _ids(world: World, kind: str, text: str) -> UUID:
    name = nfc(text).strip()
    if not name:
        return uuid4()
    if kind == "visit" and name in world.visits:
        return world.visits[name]
    return world.id(kind, name)


def _convert(world: World, spec: FieldSpec, text: str, unit: str | None) -> object:
    raw = nfc(text).strip()
    if spec.optional and raw == "":
        return None
    if spec.many:
        parts = [p.strip() for p in raw.replace(" và ", ",").split(",") if p.strip()]
        values = [_convert_one(world, spec.key, spec.type, p, unit) for p in parts]
        return tuple(values) if spec.collection is tuple else frozenset(values)
    return _convert_one(world, spec.key, spec.type, raw, unit)


def _convert_one(world: World, field: str, tp: Any, raw: str, unit: str | None) -> object:
    if tp is UUID:
        return _ids(world, _ID_KINDS.get(field, field), raw)
    if tp is Person:
        return Person(person_id=world.id("person", raw), full_name=raw)
    if tp is Appointment:
        moment, sep, place = raw.partition(" tại ")
        if not sep:
            raise ParseError(
                f'Lịch hẹn "{raw}" phải có thời điểm và địa điểm: 20/03/2024 08:00 tại Trụ sở UBND.'
            )
        return Appointment(at=parse_datetime(moment), place=place.strip())
    if tp is Vnd:
        return parse_money(raw)
    if tp is Month:
        return parse_month(raw)
    if tp is date:
        return parse_date(raw)
    if tp is datetime:
        return parse_datetime(raw)
    if tp is bool:
        return parse_bool(raw)
    if tp is int:
        return parse_int(raw, field)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return enum_value(tp, raw, field)
    if field in _UNIT_FIELDS:
        return world.unit(raw)
    if field in _HAMLET_FIELDS:
        return world.hamlet(unit or "", raw)
    return raw


def build_command(world: World, name: str, table: list[list[str]]) -> Command:
    """The command `name` with the fields of `table` (rows of field, value).

    Raises `ParseError` for a table that cannot be read, and the core's `InvalidInputError`
    for values the command itself refuses.
    """
    cls = COMMAND_CLASSES.get(nfc(name).strip())
    if cls is None:
        import difflib  # noqa: PLC0415

        near = difflib.get_close_matches(name, COMMAND_CLASSES, n=3)
        hint = f" Có phải: {', '.join(near)}?" if near else ""
        raise ParseError(f'Không có lệnh "{name}".{hint} Xem danh sách lệnh trong catalogue.')
    rows = [r for r in table if r]
    if rows and nfc(rows[0][0]).strip().lower() in {"trường", "field"}:
        rows = rows[1:]
    allowed = table_fields(cls)
    given: dict[str, str] = {}
    for row in rows:
        if len(row) != 2:
            raise ParseError(f"Mỗi dòng của bảng phải có 2 cột (trường | giá trị): {row}.")
        field = nfc(row[0]).strip()
        if field not in allowed:
            raise ParseError(
                f'Lệnh {name} không có trường "{field}"; các trường: {", ".join(sorted(allowed))}.'
            )
        given[field] = row[1]
    unit = world.unit(given["unit"]) if "unit" in given else None
    kwargs: dict[str, Any] = {f: _convert(world, allowed[f], v, unit) for f, v in given.items()}
    missing = [key for key, spec in allowed.items() if spec.required and key not in kwargs]
    for field in missing:
        kind = _ID_KINDS.get(field)
        if kind in {"receipt", "disbursement", "pledge"}:
            kwargs[field] = uuid4()
    missing = [m for m in missing if m not in kwargs]
    if missing:
        raise ParseError(f"Lệnh {name} còn thiếu trường bắt buộc: {', '.join(missing)}.")
    # through the core's one converter, as every adapter: a value the command refuses
    # (an empty list of categories, an empty text) is an InvalidInputError naming each problem
    return structure({f: CONVERTER.unstructure(v) for f, v in kwargs.items()}, cls)
