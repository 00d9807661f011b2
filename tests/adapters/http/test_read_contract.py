"""One read side: the command line and the HTTP API give the same answers over one store.

Both adapters call `nghedan_core.Queries`; this runs them side by side on one SQLite file
(the `coursebooking` way: one contract, several implementations).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_world import NOW, OTHER, Setup, make_setup

from nghedan_cli.main import cli

from world import COMMUNE

API = "/api/v1"
UNKNOWN = "29250"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Setup, str]]:
    """The HTTP test world in a SQLite file, served over HTTP and read by the CLI."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('contract')) / 'n.db'}"
    setup = make_setup(url)
    with setup.client:
        yield setup, url


def _cli(url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", url, *args])


@pytest.mark.parametrize("unit", ["94", COMMUNE, OTHER])
def test_the_cli_and_http_boards_list_the_same_complaints_of_a_unit(store, unit) -> None:
    """``complaints --unit`` and ``GET /complaints?unit=`` agree, units below included."""
    setup, url = store
    r = setup.client.get(f"{API}/complaints", params={"unit": unit, "now": NOW.isoformat()})
    assert r.status_code == 200
    over_http = [e["complaint_id"] for e in r.json()["entries"]]
    result = _cli(url, "--json", "complaints", "--unit", unit, "--as-of", NOW.isoformat())
    assert result.exit_code == 0, result.output
    board = json.loads(result.output)
    assert [e["complaint_id"] for e in board["entries"]] == over_http
    assert board["totals"]["overdue"] == r.json()["counts"]["overdue"]
    expected = [] if unit == OTHER else [str(setup.complaint)]
    assert over_http == expected


def test_a_province_board_on_the_cli_lists_its_communes_complaints(store) -> None:
    """``nghedan complaints --unit <province>`` shows the complaint of the commune below."""
    _setup, url = store
    out = _cli(url, "complaints", "--unit", "94", "--as-of", NOW.isoformat()).output
    assert "Tổng 1:" in out
    assert f"[{COMMUNE}] 04/03/2024 09:00" in out


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("report", "--from", "01/03/2024", "--to", "31/03/2024", "--unit", UNKNOWN), "report"),
        (("ledger", "--unit", UNKNOWN), "ledger"),
        (("complaints", "--unit", UNKNOWN), "complaints"),
        (("quota", "--unit", UNKNOWN), "quota"),
        (("disclosure", "--unit", UNKNOWN, "--month", "2024-03"), "disclosure"),
    ],
    ids=["report", "ledger", "complaints", "quota", "disclosure"],
)
def test_a_unit_never_registered_is_refused_by_both_adapters(store, args, path) -> None:
    """An unknown unit code: CLI exit 2 naming it, HTTP 404 ``unit.unknown`` — no zeros."""
    setup, url = store
    result = _cli(url, *args)
    assert result.exit_code == 2, result.output
    assert "[unit.unknown]" in result.output
    assert f"Không có đơn vị nào mang mã {UNKNOWN}" in result.output
    params = {"unit": UNKNOWN, "from": "2024-03-01", "to": "2024-03-31", "month": "2024-03"}
    allowed = {
        "report": ("unit", "from", "to"),
        "ledger": ("unit",),
        "complaints": ("unit",),
        "quota": ("unit",),
        "disclosure": ("unit", "month"),
    }[path]
    r = setup.client.get(f"{API}/{path}", params={k: params[k] for k in allowed})
    assert r.status_code == 404, r.text
    assert r.json()["code"] == "unit.unknown"
    assert UNKNOWN in r.json()["message"]


def test_several_unknown_units_are_each_named(store) -> None:
    """``report --unit A --unit B`` with two unknown codes names both."""
    setup, url = store
    result = _cli(
        url, "report", "--from", "01/03/2024", "--to", "31/03/2024",
        "--unit", UNKNOWN, "--unit", COMMUNE, "--unit", "29251",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert f"{UNKNOWN}, 29251" in result.output
    r = setup.client.get(
        f"{API}/report", params=[("from", "2024-03-01"), ("to", "2024-03-31"),
                                 ("unit", UNKNOWN), ("unit", "29251")]
    )  # fmt: skip
    assert r.status_code == 404
    assert r.json()["params"]["units"] == f"{UNKNOWN}, 29251"


@pytest.mark.parametrize("unit", ["94", COMMUNE, OTHER])
def test_the_cli_and_http_audits_cover_the_same_funds_of_a_unit(store, unit, tmp_path) -> None:
    """``audit --unit`` (from the store or an export) and ``GET /audit?unit=``: same funds."""
    setup, url = store
    r = setup.client.get(f"{API}/audit", params={"unit": unit})
    assert r.status_code == 200, r.text
    over_http = r.json()["totals"]
    result = _cli(url, "--json", "audit", "--unit", unit)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["totals"] == over_http
    export = tmp_path / "export.jsonl"
    assert _cli(url, "export", "--out", str(export)).exit_code == 0
    from_file = _cli(url, "--json", "audit", "--from-file", str(export), "--unit", unit)
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.output)["totals"] == over_http
    piped = CliRunner().invoke(
        cli, ["--json", "audit", "--from-file", "-", "--unit", unit], input=export.read_text()
    )
    assert piped.exit_code == 0, piped.output
    assert json.loads(piped.output)["totals"] == over_http
    assert list(over_http) == ([] if unit == OTHER else [COMMUNE])


def test_an_audit_of_a_unit_never_registered_is_refused_by_both_adapters(store) -> None:
    """``audit --unit 29250`` is ``unit.unknown`` (exit 2), as ``GET /audit?unit=29250`` (404)."""
    setup, url = store
    result = _cli(url, "audit", "--unit", UNKNOWN)
    assert result.exit_code == 2, result.output
    assert "[unit.unknown]" in result.output
    r = setup.client.get(f"{API}/audit", params={"unit": UNKNOWN})
    assert r.status_code == 404
    assert r.json()["code"] == "unit.unknown"


@pytest.mark.parametrize(
    "args",
    [("--unit", UNKNOWN, "--month", "2024-03"), (UNKNOWN, "03/2024")],
    ids=["options", "arguments"],
)
def test_the_dossier_of_a_unit_never_registered_is_refused(store, args) -> None:
    """``dossier --unit 29250 --month 2024-03`` is ``unit.unknown`` (exit 2), like ``report``."""
    _setup, url = store
    result = _cli(url, "dossier", *args)
    assert result.exit_code == 2, result.output
    assert "[unit.unknown]" in result.output
    assert f"Không có đơn vị nào mang mã {UNKNOWN}" in result.output
    known = _cli(url, "dossier", "--unit", COMMUNE, "--month", "2024-03")
    assert known.exit_code == 0, known.output
