"""One click group per aggregate, one subcommand per core command — generated, not copied.

Each subcommand's options come from the command's attrs fields, as the core's one walk over
fields gives them (`nghedan_core.fields.leaves`): ``--household-id``, ``--amount
26.500.000``, ``--citizen-full-name`` (nested values are flattened), repeated options for
lists. The CLI only turns what was typed into JSON-like data (money written
the Vietnamese way, dates as ``04/03/2024``, times without a zone taken as Vietnam time) and
hands it to the core's one converter, which reports every problem at once.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import uuid4

import click

from nghedan_cli.base import (
    LocalizedCommand,
    LocalizedGroup,
    LocalizedOption,
    echo_json,
    env_of,
    lang_of,
)
from nghedan_cli.i18n import GROUPS, SUBCOMMANDS, field_label, t
from nghedan_cli.naming import recorded_line, store_names
from nghedan_core import Command, Month, Vnd, structure, unstructure
from nghedan_core.fields import CREATED_IDS, leaves
from nghedan_core.messages import word
from nghedan_core.notation import iso_date, iso_moment, read_money, typed_text

__all__ = ["aggregate_group", "aggregate_groups", "parse_date", "parse_datetime", "parse_money"]


def parse_money(text: str) -> object:
    """``26.500.000``, ``26500000`` or ``26.500.000 đ`` → 26500000; anything else unchanged.

    ``26,500,000`` is left as text so the converter refuses it: in Vietnamese a comma is
    the decimal mark, so the amount would be ambiguous.
    """
    amount = read_money(text)  # the core's one reader of notation; sign and range: the converter's
    return text if amount is None else amount


def parse_date(text: str) -> str:
    """``04/03/2024`` → ``2024-03-04``; ISO dates (and anything else) unchanged."""
    return iso_date(text) or text


def parse_datetime(text: str) -> str:
    """``04/03/2024 08:00``, ``08:00 ngày 04/03/2024`` or ``2024-03-04T08:00`` → ISO 8601.

    A time without a zone is Vietnam time (+07:00); a date alone is its midnight; anything
    that is not a moment is left unchanged for the converter to refuse.
    """
    return iso_moment(text) or text


def _option_name(path: tuple[str, ...]) -> str:
    return "--" + "-".join(p.replace("_", "-") for p in path)


def _metavar(inner: Any) -> str:
    """A language-neutral placeholder showing what to type."""
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return "CHOICE"
    if inner is Vnd:
        return "VND"
    if inner is datetime:
        return "DATETIME"
    if inner is Month:
        return "YYYY-MM"
    if inner is int:
        return "N"
    if getattr(inner, "__name__", "") == "date":
        return "DATE"
    if getattr(inner, "__name__", "") == "UUID":
        return "UUID"
    return "TEXT"


def _hints(inner: Any, many: bool, required: bool) -> tuple[str, str]:
    """What the help adds after a field's label: format, repeatable, required."""
    vi: list[str] = []
    en: list[str] = []
    if inner is datetime:
        vi.append("dd/mm/yyyy HH:MM, giờ Việt Nam")
        en.append("dd/mm/yyyy HH:MM, Vietnam time")
    elif getattr(inner, "__name__", "") == "date":
        vi.append("dd/mm/yyyy")
        en.append("dd/mm/yyyy")
    if many:
        vi.append("lặp lại được")
        en.append("repeatable")
    tail_vi = f" ({'; '.join(vi)})" if vi else ""
    tail_en = f" ({'; '.join(en)})" if en else ""
    if required:
        tail_vi += " [bắt buộc]"
        tail_en += " [required]"
    return tail_vi, tail_en


def _make_subcommand(command_cls: type[Command]) -> click.Command:
    _group, name, help_vi, help_en, example = SUBCOMMANDS[command_cls]
    specs = leaves(command_cls)
    params: list[click.Parameter] = []
    for spec in specs:
        path, inner, many = spec.path, spec.type, spec.many
        required = spec.required and not spec.optional
        opt = _option_name(path)
        label_vi = field_label(path[-1], "vi")
        label_en = field_label(path[-1], "en")
        generated = path == (CREATED_IDS.get(command_cls.__name__),) or path[-1] == "person_id"
        tail_vi, tail_en = _hints(inner, many, required and not generated)
        if generated:
            tail_vi += " (tự sinh nếu bỏ trống)"
            tail_en += " (generated if absent)"
        if inner is bool and not many:
            params.append(
                LocalizedOption(
                    [f"{opt}/--no-{opt[2:]}"],
                    default=None,
                    help_vi_en=(label_vi + tail_vi, label_en + tail_en),
                )
            )
            continue
        choices_vi = choices_en = ""
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            choices_vi = " [" + " | ".join(word(m, "vi") for m in inner) + "]"
            choices_en = " [" + " | ".join(word(m, "en") for m in inner) + "]"
        params.append(
            LocalizedOption(
                [opt],
                multiple=many,
                default=None,
                metavar=_metavar(inner),
                help_vi_en=(label_vi + choices_vi + tail_vi, label_en + choices_en + tail_en),
            )
        )

    def callback(**kwargs: Any) -> None:
        ctx = click.get_current_context()
        env = env_of(ctx)
        data: dict[str, Any] = {}
        generated: dict[str, str] = {}
        for spec in specs:
            raw = kwargs.get("_".join(spec.path))
            if raw is None or (spec.many and not raw):
                continue
            value = (
                [typed_text(v, spec.type) for v in raw] if spec.many else typed_text(raw, spec.type)
            )
            target = data
            for part in spec.path[:-1]:
                target = target.setdefault(part, {})
            target[spec.path[-1]] = value
        creates = CREATED_IDS.get(command_cls.__name__)
        if creates is not None and creates not in data:
            data[creates] = generated.setdefault(creates, str(uuid4()))
        for key, nested in list(data.items()):
            if isinstance(nested, dict) and "full_name" in nested and "person_id" not in nested:
                nested["person_id"] = generated.setdefault(f"{key}.person_id", str(uuid4()))
        command = structure(data, command_cls)
        recorded = env.app.handle(command, actor=env.actor)
        lang = lang_of(ctx)
        if env.json:
            echo_json({"generated": generated, "recorded": [_recorded_json(r) for r in recorded]})
            return
        for key, value in generated.items():
            label = field_label(key.rsplit(".", 1)[-1], lang)
            click.echo(f"{t('generated_id', lang)} ({label}): {value}")
        if not recorded:
            click.echo(t("nothing", lang))
        names = store_names(env.app)
        for r in recorded:
            click.echo(recorded_line(env.app, r, lang, names))

    return LocalizedCommand(
        name=name,
        params=params,
        callback=callback,
        help_vi_en=(help_vi, help_en),
        example=example,
    )


def _recorded_json(r: Any) -> dict[str, Any]:
    return {
        "stream_id": str(r.originator_id),
        "version": r.originator_version,
        "topic": r.topic,
        "hash": r.hash,
        "payload": unstructure(r.event),
    }


def aggregate_group(name: str) -> click.Group:
    """The aggregate group `name` (``unit``, ``session``…) with its generated subcommands."""
    group = LocalizedGroup(name=name, help_vi_en=GROUPS[name])
    for command_cls, spec in SUBCOMMANDS.items():
        if spec[0] != name:
            continue
        group.add_command(_make_subcommand(command_cls))
        if group.example is None:
            # a group's example is its first subcommand's
            group.example = f"{spec[1]} {spec[4]}"
    return group


def aggregate_groups() -> list[click.Group]:
    """The eight aggregate groups with their generated subcommands."""
    return [aggregate_group(name) for name in GROUPS]
