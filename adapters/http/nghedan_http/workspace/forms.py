"""HTML forms generated from the core's command classes, and read back into commands.

A form's fields are the command's attrs fields (`command_fields`, the one function that
walks them here — today the CLI's walker, switchable to the core's shared one), with the
CLI's words for their labels. What the page already knows (the unit, the month, the
complaint, the acting official) is fixed **on the server** and never read from the form.
Officials, households and hamlets are chosen by name from select lists; enums by their
Vietnamese words; dates typed ``dd/mm/yyyy``, money ``26.500.000``. What is typed goes
through the CLI's notation readers and the core's one converter; the core's refusal is
shown beside the fields it names (`field_of`), and nothing is written.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final
from uuid import UUID, uuid4

import attrs

from nghedan_cli.i18n import field_label
from nghedan_core import Command, DomainError, InvalidInputError, Month, Vnd, structure
from nghedan_core.fields import NEW_IDS, leaves
from nghedan_core.messages import Names, command_words, format_date, format_moment, word
from nghedan_core.notation import typed_text

__all__ = ["Choices", "FieldView", "FormSpec", "FormView", "command_fields", "read_form"]

#: fields no form shows: the command's own id, its time (now: so never a late entry, ADR
#: 0019), corrections
_HIDDEN: Final = frozenset({"command_id", "occurred_at", "correction_reason", "late_entry_reason"})
#: id fields a creation command fills with a new id (the CLI's list)
_NEW_IDS: Final = NEW_IDS
_OFFICIAL_FIELDS: Final = frozenset(
    {"official_id", "hosts", "team", "approvers", "selected_by", "answered_by", "resolved_by"}
)
_HAMLET_FIELDS: Final = frozenset({"hamlet", "reception_hamlet"})
_LONG_TEXT: Final = frozenset(
    {
        "content",
        "minutes",
        "summary",
        "answer",
        "findings",
        "note",
        "resolution",
        "basis",
        "next_focus",
        "support_direction",
        "shortfall_reason",
        "reason",
        "comment",
        "justification",
        "circumstances",
        "date_reason",
        "hamlet_reason",
    }
)

#: refusals of the core, by code -> the field they are about (the rest: above the form)
_FIELD_OF_CODE: Final = {
    "answers.basis_required": "basis",
    "answers.appointment_before_complaint": "appointment.at",
    "answers.appointment_beyond_limit": "appointment.at",
    "scheduling.reason_required": "date_reason",
    "scheduling.rotation_reason_required": "hamlet_reason",
    "quota.shortfall_reason_required": "shortfall_reason",
    "fund.insufficient_balance": "amount",
    "fund.non_positive_amount": "amount",
    "fund.dual_approval_required": "approvers",
    "fund.unlawful_source": "source",
    "selection.justification_required": "justification",
    "selection.not_selected": "household_id",
    "selection.deregistered": "household_id",
    "selection.not_eligible": "household_id",
    "selection.conflict_of_interest": "household_id",
    "notice.too_late": "notified_at",
}


def command_fields(cls: type[Command]) -> list[tuple[tuple[str, ...], Any, bool, bool]]:
    """(path, type, many, required) of every field of `cls`, nested attrs flattened.

    The core's one walk over attrs fields (`nghedan_core.fields.leaves`), as the CLI's
    options, the BDD tables and the schemas take it.
    """
    return [(f.path, f.type, f.many, f.required) for f in leaves(cls)]


@attrs.frozen
class Choices:
    """What a page offers to choose from, by name: (value, label) pairs."""

    officials: tuple[tuple[str, str], ...] = ()
    households: tuple[tuple[str, str], ...] = ()
    hamlets: tuple[tuple[str, str], ...] = ()
    #: units the page lets one choose (a supervisory official's communes)
    units: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class FormSpec:
    """A form of a page: which command, what the server fixes, what it proposes."""

    key: str
    cls: type[Command]
    title: str = ""
    #: dotted path -> value the server sets (never read from the form)
    fixed: Mapping[str, object] = attrs.field(factory=dict)
    #: dotted path -> value proposed in the field
    proposed: Mapping[str, object] = attrs.field(factory=dict)
    button: str = "Ghi"

    @property
    def heading(self) -> str:
        """The title, or the command in words."""
        return self.title or command_words(self.cls, "vi").capitalize()


@attrs.frozen
class FieldView:
    """One field as the template draws it."""

    name: str
    label: str
    widget: str
    required: bool
    choices: tuple[tuple[str, str], ...]
    values: tuple[str, ...]
    errors: tuple[str, ...]
    hint: str = ""

    @property
    def value(self) -> str:
        """The first value (single fields)."""
        return self.values[0] if self.values else ""

    @property
    def dom_id(self) -> str:
        """An id usable in HTML."""
        return self.name.replace(".", "-")


@attrs.frozen
class FormView:
    """A form ready to draw: its fields and the refusals not tied to one of them."""

    key: str
    heading: str
    button: str
    fields: tuple[FieldView, ...]
    errors: tuple[str, ...] = ()


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return format_moment(value).replace(" ngày ", " ").replace("lúc ", "")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Vnd):
        return f"{value.amount:,}".replace(",", ".")
    return str(value)


def _widget(
    name: str, inner: Any, many: bool, choices: Choices
) -> tuple[str, tuple[tuple[str, str], ...], str]:
    if name in _OFFICIAL_FIELDS:
        return ("checkboxes" if many else "select"), choices.officials, ""
    if name == "household_id":
        return "select", choices.households, ""
    if name in _HAMLET_FIELDS:
        return "select", choices.hamlets, ""
    if name == "unit" and choices.units:
        return "select", choices.units, ""
    if inner is Month:
        return "text", (), "mm/yyyy"
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        options = tuple((m.value, word(m, "vi")) for m in inner)
        return ("checkboxes" if many else "select"), options, ""
    if inner is bool:
        return "select", (("true", "Có"), ("false", "Không")), ""
    if many:
        return "lines", (), "mỗi dòng một mục"
    if inner is datetime:
        return "text", (), "dd/mm/yyyy HH:MM, giờ Việt Nam"
    if inner is date:
        return "text", (), "dd/mm/yyyy"
    if inner is Vnd:
        return "text", (), "đồng, vd 2.000.000"
    if inner is int:
        return "number", (), ""
    if name in _LONG_TEXT:
        return "textarea", (), ""
    return "text", (), ""


def _label(name: str, widget: str) -> str:
    """The CLI's words for a field, without the format (the hint says it) or "mã" on a list."""
    text = re.sub(r"\s*(\([^)]*\)|YYYY-MM)$", "", field_label(name, "vi"))
    if widget in {"select", "checkboxes"}:
        text = re.sub(r"^mã\s+", "", text)
    return text[:1].upper() + text[1:]


def _open_fields(spec: FormSpec) -> list[tuple[tuple[str, ...], Any, bool, bool]]:
    fixed = set(spec.fixed)
    return [
        leaf
        for leaf in command_fields(spec.cls)
        if leaf[0][0] not in _HIDDEN
        and ".".join(leaf[0]) not in fixed
        and leaf[0][0] not in fixed
        and not (leaf[0][-1] in _NEW_IDS and leaf[1] is UUID and leaf[0][-1] != "household_id")
    ]


def form_view(
    spec: FormSpec,
    choices: Choices,
    *,
    submitted: Mapping[str, Sequence[str]] | None = None,
    errors: Mapping[str, Sequence[str]] | None = None,
) -> FormView:
    """The form of `spec`, with what was `submitted` and the `errors` by field ('' : above)."""
    errors = errors or {}
    fields = []
    for path, inner, many, required in _open_fields(spec):
        name = ".".join(path)
        widget, options, hint = _widget(path[-1], inner, many, choices)
        if submitted is not None:
            values = tuple(submitted.get(name, ()))
        else:
            proposed = spec.proposed.get(name)
            if proposed is None:
                values = ()
            elif isinstance(proposed, (tuple, list, frozenset, set)):
                values = tuple(_show(v) for v in proposed)
            else:
                values = (_show(proposed),)
        fields.append(
            FieldView(
                name=name,
                label=_label(path[-1], widget),
                widget=widget,
                required=required and widget != "checkboxes",
                choices=options,
                values=values,
                errors=tuple(errors.get(name, ())),
                hint=hint,
            )
        )
    known = {f.name for f in fields}
    above = [m for k, ms in errors.items() if k not in known for m in ms]
    return FormView(
        key=spec.key,
        heading=spec.heading,
        button=spec.button,
        fields=tuple(fields),
        errors=tuple(above),
    )


def read_form(spec: FormSpec, form: Mapping[str, Sequence[str]]) -> Command:
    """The command a submitted form stands for (`InvalidInputError`, paths by field)."""
    data: dict[str, Any] = {}

    def put(path: Iterable[str], value: object) -> None:
        parts = list(path)
        target = data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value

    for path, inner, many, _required in _open_fields(spec):
        name = ".".join(path)
        raw = [v for v in form.get(name, ()) if v.strip()]
        if many and len(raw) == 1 and inner is str:
            raw = [line.strip() for line in raw[0].splitlines() if line.strip()]
        if not raw:
            continue
        if inner is bool:
            converted: object = raw[0] == "true"
        elif many:
            converted = [typed_text(v.strip(), inner) for v in raw]
        else:
            converted = typed_text(raw[0].strip(), inner)
        put(path, converted)
    for path, inner, _many, required in command_fields(spec.cls):
        new = required and path[-1] in _NEW_IDS and inner is UUID and path[-1] != "household_id"
        if new and (len(path) == 1 or path[0] in data):
            put(path, str(uuid4()))
    own = {f.name for f in attrs.fields(spec.cls)}
    for name, value in spec.fixed.items():
        if name.split(".", 1)[0] in own:  # what the page knows, where the command has it
            put(name.split("."), _fixed(value))
    return structure(data, spec.cls)


def _fixed(value: object) -> object:
    if isinstance(value, (UUID, Month)):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_fixed(v) for v in value]
    return value


def errors_of(error: DomainError, names: Names | None) -> dict[str, list[str]]:
    """The refusal's messages by field name ('' : about the whole form)."""
    found: dict[str, list[str]] = {}
    if isinstance(error, InvalidInputError):
        for p in error.problems:
            key = p.path.removeprefix("$.").removeprefix("$")
            key = key.split("[", 1)[0]
            found.setdefault(key, []).append(p.message("vi"))
        return found
    found.setdefault(_FIELD_OF_CODE.get(error.code, ""), []).append(error.message("vi", names))
    return found


def field_of(code: str) -> str:
    """The field a refusal of the core is about ('' : the whole form)."""
    return _FIELD_OF_CODE.get(code, "")


Render = Callable[..., Any]
