"""``nghedan token issue|list|revoke`` and ``nghedan serve``, on a SQLite store."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner
from http_world import NOW, Setup, TestClient, make_setup

from nghedan_cli.base import Env
from nghedan_core import NgheDan
from nghedan_http import TokenStore, create_app
from nghedan_http.cli import serve_command, token_group

from world import COMMUNE

API = "/api/v1"


@click.group()
@click.option("--db")
@click.option("--lang", default="vi")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def root(ctx: click.Context, db: str | None, lang: str, as_json: bool) -> None:  # noqa: FBT001
    """Stands in for the main ``nghedan`` group (which registers the same commands)."""
    ctx.obj = Env(db=db, lang=lang, config_path=None, json=as_json)


root.add_command(token_group)
root.add_command(serve_command)


@pytest.fixture
def sqlite(tmp_path) -> Setup:
    return make_setup(f"sqlite:///{tmp_path / 'n.db'}")


def nghedan(*args: str) -> click.testing.Result:
    return CliRunner().invoke(root, list(args))


def test_a_token_is_shown_once_works_and_is_revoked(sqlite: Setup) -> None:
    url = sqlite.app.database_url
    result = nghedan(
        "--db",
        url,
        "token",
        "issue",
        "--role",
        "clerk",
        "--unit",
        COMMUNE,
        "--expires",
        "31/12/2099",
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.splitlines()[0]
    assert secret.startswith("ndn_")
    assert "chỉ lưu mã băm" in result.stderr
    app = NgheDan(url, clock=lambda: NOW)
    principal = TokenStore(app).authenticate(secret)
    assert principal is not None
    assert principal.unit == COMMUNE
    listed = nghedan("--db", url, "--json", "token", "list")
    assert secret not in listed.stdout
    rows = json.loads(listed.stdout)
    assert all("hash" not in row for row in rows)
    mine = next(r for r in rows if r["id"] == principal.token_id)
    assert (mine["expires"], mine["status"], mine["role"]) == ("2099-12-31", "active", "clerk")
    assert "còn hiệu lực" in nghedan("--db", url, "token", "list").stdout
    assert nghedan("--db", url, "token", "revoke", principal.token_id).exit_code == 0
    assert TokenStore(app).authenticate(secret) is None
    assert nghedan("--db", url, "token", "revoke", principal.token_id).exit_code != 0
    assert "đã thu hồi" in nghedan("--db", url, "token", "list").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "clerk", "--unit", "99999"],
        ["--role", "mayor", "--unit", COMMUNE],
        ["--role", "clerk", "--unit", COMMUNE, "--expires", "01/01/2000"],
        ["--role", "clerk", "--unit", COMMUNE, "--expires", "31/02/2099"],
    ],
)
def test_issue_refuses_bad_input(sqlite: Setup, args: list[str]) -> None:
    result = nghedan("--db", sqlite.app.database_url, "token", "issue", *args)
    assert result.exit_code != 0


def test_views_resume_after_a_restart(sqlite: Setup) -> None:
    with sqlite.client:
        r = sqlite.client.post(
            f"{API}/commands/ReceiveContribution",
            json={
                "unit": COMMUNE,
                "receipt_id": "0b7c6a2e-8d7e-4a53-9a49-5a8d3c2b1f00",
                "amount": 1_000_000,
                "source": "flag_ceremony",
            },
            headers=sqlite.auth("clerk"),
        )
        assert r.status_code == 201, r.text
        balance = sqlite.client.get(f"{API}/ledger?unit={COMMUNE}").json()["balance_vnd"]
        assert sqlite.client.get("/").status_code == 200  # every fund's balance: kept live
    assert balance == 11_000_000
    restarted = create_app(NgheDan(sqlite.app.database_url))
    views = restarted.state.views
    assert views.runner.applied == 0  # restored from the database, nothing replayed
    assert views.runner.position("fund_ledger") == views.app.max_position()
    with TestClient(restarted) as client:
        assert client.get(f"{API}/ledger?unit={COMMUNE}").json()["balance_vnd"] == balance
        r = client.post(
            f"{API}/commands/OpenFund", json={"unit": "29501"}, headers=sqlite.auth("other_clerk")
        )
        assert r.status_code == 201


def test_serve_has_host_and_port() -> None:
    result = nghedan("serve", "--help")
    assert result.exit_code == 0
    assert "--host" in result.output
    assert "--port" in result.output


def test_the_server_starts_without_folding_the_log_and_a_communes_reads_fold_its_own(
    sqlite: Setup,
) -> None:
    """On a store that keeps the views, nothing is replayed at start (issue 16).

    A commune's ledger and public page are folded from its own events through the stored
    index; the views of every unit start only when a page shows every unit (the public
    index), folded in one pass and written back once.
    """
    server = create_app(NgheDan(sqlite.app.database_url))
    views = server.state.views
    assert views.live is False
    assert views.runner.applied == 0
    with TestClient(server) as client:
        ledger = client.get(f"{API}/ledger?unit={COMMUNE}")
        assert ledger.status_code == 200, ledger.text
        page = client.get(f"/cong-khai/{COMMUNE}")  # its board, ledger and quota
        assert page.status_code == 200, page.text
        assert views.live is False
        assert views.runner.applied == 0
        assert client.get("/").status_code == 200
        assert views.live is True
        assert views.runner.applied == views.app.max_position()
        assert views.runner.pages == 1  # folded in one pass, then written back once
    again = create_app(NgheDan(sqlite.app.database_url)).state.views
    assert again.runner.position("fund_ledger") == views.app.max_position()
