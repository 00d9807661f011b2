"""No public output of the demo shows any personal value of the dataset (issue 7, 3c).

Public outputs: the public pages (``/`` and every ``/cong-khai/{unit}``), every API route
read without a token, the disclosures and ``--public`` views of the CLI, and the events
export (shared between provincial systems: it carries encrypted tokens, never the data).
Officials' names are public (they act in a public capacity), so a citizen who shares a
name with an official is not counted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_world import TestClient

from nghedan_cli.main import cli
from nghedan_core import NgheDan
from nghedan_core.demo import demo_commands, record_demo
from nghedan_http import create_app
from personal_values import personal_values

AT = datetime(2024, 7, 1, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    commands = list(demo_commands())
    path = tmp_path_factory.mktemp("public") / "demo.db"
    app = NgheDan(f"sqlite:///{path}", clock=lambda: AT)
    record_demo(app)  # the half year, as an import (ADR 0019)
    app.close()
    secrets = personal_values(commands)
    assert len(secrets) > 300
    return path, secrets


def _leaks(text: str, secrets: set[str]) -> list[str]:
    return sorted(s for s in secrets if s in text)


def test_public_pages_and_anonymous_api_show_no_personal_data(
    demo: tuple[Path, set[str]],
) -> None:
    path, secrets = demo
    app = NgheDan(f"sqlite:///{path}")
    seen: dict[str, str] = {}
    with TestClient(create_app(app, freshness=0.0)) as client:
        index = client.get("/")
        assert index.status_code == 200
        seen["/"] = index.text
        units = [u["code"] for u in client.get("/api/v1/units").json()]
        communes = sorted(set(re.findall(r'/cong-khai/([0-9A-Za-z._-]+)"', index.text)))
        assert communes
        for unit in communes:
            page = client.get(f"/cong-khai/{unit}")
            assert page.status_code == 200
            seen[f"/cong-khai/{unit}"] = page.text
        queries = ["/api/v1/units", "/api/v1/health", "/api/v1/commands", "/api/v1/audit"]
        queries += ["/api/v1/quota", "/api/v1/complaints", "/openapi.json", "/docs"]
        queries += ["/api/v1/report?from=2024-01-01&to=2024-06-30"]
        for unit in units:
            queries += [
                f"/api/v1/complaints?unit={unit}",
                f"/api/v1/ledger?unit={unit}",
                f"/api/v1/quota?unit={unit}",
                f"/api/v1/dossier?unit={unit}&month=2024-03",
                f"/api/v1/households?unit={unit}",
            ]
            queries += [f"/api/v1/disclosure?unit={unit}&month=2024-0{m}" for m in range(1, 7)]
        for query in queries:
            response = client.get(query)
            assert response.status_code < 500, query
            seen[query] = response.text
    assert sum(1 for q in seen if "ledger" in q or "disclosure" in q) > 10
    leaks = {q: _leaks(text, secrets) for q, text in seen.items()}
    assert {q: found for q, found in leaks.items() if found} == {}


def test_cli_public_outputs_and_the_export_show_no_personal_data(
    demo: tuple[Path, set[str]], tmp_path: Path
) -> None:
    path, secrets = demo
    runner = CliRunner()
    db = ["--db", f"sqlite:///{path}"]
    outputs: dict[str, str] = {}
    communes = sorted(
        c.code
        for c in demo_commands()
        if type(c).__name__ == "RegisterUnit" and c.kind.value == "commune"
    )
    assert len(communes) > 5
    runs: list[list[str]] = [
        ["complaints", "--public", "--as-of", "30/06/2024"],
        ["complaints", "--public", "--as-of", "30/06/2024", "--json"],
        ["report", "--from", "01/01/2024", "--to", "30/06/2024", "--json"],
        ["audit", "--json"],
    ]
    for unit in communes:
        runs += [
            ["ledger", "--unit", unit],
            ["household", "history", "--unit", unit, "--public"],
            ["household", "history", "--unit", unit, "--public", "--json"],
            ["dossier", "--unit", unit, "--month", "2024-03", "--public", "--json"],
            *(["disclosure", "--unit", unit, "--month", f"2024-0{m}"] for m in range(1, 7)),
        ]
    for args in runs:
        result = runner.invoke(cli, [*db, *args])
        assert result.exit_code == 0, (args, result.output)
        outputs[" ".join(args)] = result.output
    export = tmp_path / "events.jsonl"
    assert runner.invoke(cli, [*db, "export", "--out", str(export)]).exit_code == 0
    outputs["export"] = export.read_text(encoding="utf-8")
    assert outputs["export"].count("\n") > 3000
    leaks = {name: _leaks(text, secrets) for name, text in outputs.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    # the same views without --public do show names: the scan can find them
    full = runner.invoke(cli, [*db, "complaints", "--as-of", "30/06/2024", "--json"]).output
    assert _leaks(full, secrets)
