"""One walk over attrs fields serves the schema, OpenAPI, the CLI's options and BDD's tables.

Every adapter generated from the command classes asks `nghedan_core.fields` for the fields:
they all name the same fields, and a constraint stated once in the core (the month pattern,
the unit code pattern) reaches ``nghedan schema commands`` and the OpenAPI document alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click
import pytest
from click.testing import CliRunner

from nghedan_bdd.commands import field_rows
from nghedan_cli.commands import aggregate_group
from nghedan_cli.i18n import SUBCOMMANDS
from nghedan_cli.main import cli
from nghedan_core import COMMANDS, Month
from nghedan_core.fields import MONTH_PATTERN, UNIT_CODE_PATTERN, fields_of, leaves
from nghedan_core.notation import NotationError, parse_month
from nghedan_core.projections.report import PeriodReportView
from nghedan_core.schema import MONTH_NOTATION_PATTERN, view_schema
from nghedan_http.openapi import openapi_document

CLASSES = sorted(COMMANDS, key=lambda c: c.__name__)
DOCUMENT = openapi_document(max_body=65536)


def schema_commands() -> dict[str, Any]:
    """What ``nghedan schema commands`` prints."""
    result = CliRunner().invoke(cli, ["schema", "commands"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


SCHEMA_COMMANDS = schema_commands()


def body(name: str) -> dict[str, Any]:
    """The OpenAPI request body schema of command `name`."""
    post = DOCUMENT["paths"][f"/api/v1/commands/{name}"]["post"]
    schema: dict[str, Any] = post["requestBody"]["content"]["application/json"]["schema"]
    return schema


def subcommand(cls: type[Any]) -> click.Command:
    group_name, name, *_ = SUBCOMMANDS[cls]
    return aggregate_group(group_name).commands[name]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_adapter_names_the_fields_the_one_walk_names(cls: type[Any]) -> None:
    """Schema, OpenAPI, the CLI's options and BDD's table rows: the same fields, in order."""
    keys = [spec.key for spec in fields_of(cls)]
    name = cls.__name__
    assert list(SCHEMA_COMMANDS[name]["properties"]) == ["command", *keys]
    assert list(body(name)["properties"]) == ["command", *keys]
    assert body(name)["required"] == [s.key for s in fields_of(cls) if s.required]
    rows = [field for field, _written, _required in field_rows(cls)]
    assert rows == [k for k in keys if k not in {"command_id", "occurred_at"}]
    options = [p.name for p in subcommand(cls).params if p.name != "json"]
    assert options == ["_".join(spec.path) for spec in leaves(cls)]
    assert {spec.path[0] for spec in leaves(cls)} == set(keys)


def month_fields() -> list[tuple[str, str]]:
    return [
        (cls.__name__, spec.key) for cls in CLASSES for spec in fields_of(cls) if spec.type is Month
    ]


@pytest.mark.parametrize(("name", "key"), month_fields())
def test_the_core_month_pattern_reaches_schema_commands_and_openapi(name: str, key: str) -> None:
    """A command's month carries the core's one pattern in both documents."""
    printed = SCHEMA_COMMANDS[name]["properties"][key]
    documented = body(name)["properties"][key]
    assert printed == documented
    assert printed["pattern"] == MONTH_PATTERN


def test_the_unit_code_pattern_is_the_same_for_commands_and_queries() -> None:
    """A unit code registered, merged into, or asked for: the core's one unit code pattern."""
    register = SCHEMA_COMMANDS["RegisterUnit"]["properties"]
    assert register["code"]["pattern"] == UNIT_CODE_PATTERN
    assert body("MergeUnit")["properties"]["into"]["pattern"] == UNIT_CODE_PATTERN
    parameters = DOCUMENT["paths"]["/api/v1/ledger"]["get"]["parameters"]
    unit = next(p for p in parameters if p["name"] == "unit")
    assert unit["schema"]["pattern"] == UNIT_CODE_PATTERN


def test_the_query_month_pattern_promises_only_what_the_notation_reads() -> None:
    """Every month the OpenAPI query pattern accepts is read by the core's month parser."""
    parameters = DOCUMENT["paths"]["/api/v1/disclosure"]["get"]["parameters"]
    month = next(p for p in parameters if p["name"] == "month")
    assert month["schema"]["pattern"] == MONTH_NOTATION_PATTERN
    for text in ("2024-03", "03/2024", "3/2024", "12/2200", "01/2000", "2000-01"):
        assert re.fullmatch(MONTH_NOTATION_PATTERN, text), text
        assert parse_month(text) == parse_month(text.strip())
    for text in ("13/2024", "2024-13", "03/1999", "2201-01", "0/2024", "2024-3"):
        assert not re.fullmatch(MONTH_NOTATION_PATTERN, text), text
        with pytest.raises(NotationError):
            parse_month(text)


def test_the_report_schema_is_the_core_view_schema() -> None:
    """The documented report is the core's schema of `PeriodReportView`, keys as published."""
    get = DOCUMENT["paths"]["/api/v1/report"]["get"]
    schema = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == view_schema(PeriodReportView)
    assert schema["properties"]["from"] == {"type": "string", "format": "date"}
    assert schema["properties"]["gifts"]["required"] == ["count", "value_vnd"]
