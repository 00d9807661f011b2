"""Approvals over HTTP: each leader approves with their own token, issued for them (ADR 0017)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

from click.testing import CliRunner
from http_world import Setup, given

from nghedan_cli.main import cli
from nghedan_core import LeaveOffice, NgheDan, TransferOfficial
from nghedan_http import Role, TokenStore

from world import COMMUNE, at, build_world

API = "/api/v1"
AMOUNT = 6_000_000  # at or above the threshold: two leaders


def post(s: Setup, name: str, body: dict[str, Any], who: str) -> Any:
    """POST a command with the token called `who`."""
    return s.client.post(f"{API}/commands/{name}", json=body, headers=s.auth(who))


def request(s: Setup, by: UUID | None = None, who: str = "clerk") -> str:
    """The clerk (with their own token) requests a 6.000.000 đ payment; its id."""
    paid = str(uuid4())
    body = {
        "unit": COMMUNE,
        "disbursement_id": paid,
        "purpose": "house_repair",
        "amount": AMOUNT,
        "household_id": str(s.world.household),
        "requested_by": str(by or s.world.clerk),
    }
    r = post(s, "RequestPayment", body, who)
    assert r.status_code == 201, r.text
    return paid


def approve(s: Setup, paid: str, approver: UUID, who: str) -> Any:
    """`who`'s token sends an approval of `paid` naming `approver`."""
    body = {"unit": COMMUNE, "disbursement_id": paid, "approver": str(approver)}
    return post(s, "ApprovePayment", body, who)


def balance(s: Setup) -> int:
    """The commune fund's balance in đồng."""
    fund = s.app.fund(COMMUNE)
    assert fund is not None
    return fund.balance.amount


def test_two_leaders_each_with_their_own_token_pay_a_request(s: Setup) -> None:
    """The chair and the deputy approve with their own tokens: the payment is made."""
    paid = request(s)
    first = approve(s, paid, s.world.chair, "leader")
    assert first.status_code == 201, first.text
    assert balance(s) == 10_000_000
    second = approve(s, paid, s.world.deputy, "deputy")
    assert second.status_code == 201, second.text
    topics = [e["topic"] for e in second.json()["events"]]
    assert "fund.DisbursementMade" in topics
    assert balance(s) == 10_000_000 - AMOUNT


def test_a_leaders_token_cannot_approve_for_another_leader(s: Setup) -> None:
    """The chair's token naming the deputy as approver is refused (403), nothing written."""
    paid = request(s)
    r = approve(s, paid, s.world.deputy, "leader")
    assert r.status_code == 403
    assert r.json()["code"] == "auth.not_own_act"
    fund = s.app.fund(COMMUNE)
    assert fund is not None
    assert fund.requests[UUID(paid)].approvals == ()


def test_a_clerks_token_cannot_approve(s: Setup) -> None:
    """A clerk may request, never approve."""
    paid = request(s)
    r = approve(s, paid, s.world.clerk, "clerk")
    assert r.status_code == 403
    assert r.json()["code"] == "auth.role_forbidden"


def test_an_mttq_members_token_cannot_approve(s: Setup) -> None:
    """MTTQ supervises; its token approves nothing."""
    paid = request(s)
    assert approve(s, paid, s.world.chair, "mttq").status_code == 403


def test_a_leader_of_another_commune_cannot_approve(s: Setup) -> None:
    """Another commune's leader, with their own token, is outside the fund's unit."""
    paid = request(s)
    store = TokenStore(s.app)
    other = next(r for r in store.list() if r.official and r.unit != COMMUNE and r.role == "leader")
    assert other.official is not None
    r = approve(s, paid, other.official, "other_leader")
    assert r.status_code == 403
    assert r.json()["code"] == "auth.out_of_scope"


def test_the_requester_cannot_approve_with_their_own_token(s: Setup) -> None:
    """The chair requests; the chair's own approval is refused by the rule."""
    paid = request(s, by=s.world.chair, who="leader")
    r = approve(s, paid, s.world.chair, "leader")
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "fund.requester_approves"


def test_a_bare_role_token_cannot_approve(s: Setup) -> None:
    """A role-and-unit token names no official: it cannot carry an approval."""
    paid = request(s)
    secret, _ = TokenStore(s.app).issue(Role.LEADER, COMMUNE)
    body = {"unit": COMMUNE, "disbursement_id": paid, "approver": str(s.world.chair)}
    r = s.client.post(
        f"{API}/commands/ApprovePayment",
        json=body,
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert r.status_code == 403
    assert r.json()["code"] == "auth.official_token_required"


def test_a_token_stops_working_when_its_official_leaves_or_moves(s: Setup) -> None:
    """The deputy leaves office and the chair is transferred: both tokens answer 401."""
    paid = request(s)
    given(s.app, LeaveOffice(official_id=s.world.deputy, reason="Nghỉ hưu", occurred_at=at(6)))
    assert approve(s, paid, s.world.deputy, "deputy").status_code == 401
    given(
        s.app,
        TransferOfficial(
            official_id=s.world.chair, to_unit="94", position="Chuyên viên", occurred_at=at(6)
        ),
    )
    assert approve(s, paid, s.world.chair, "leader").status_code == 401


def test_token_issue_for_an_official_takes_role_and_unit_from_the_record(s: Setup) -> None:
    """`nghedan token issue --official ID`: the deputy's token is a leader's of the commune."""
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", "memory://", "token", "issue", "--official", str(uuid4())])
    assert result.exit_code == 2  # no such official in that (empty) store
    store = TokenStore(s.app)
    issued = store.issue_for(s.world.deputy)
    assert issued is not None
    _, record = issued
    assert (record.role, record.unit, record.official) == (Role.LEADER, COMMUNE, s.world.deputy)


def test_token_issue_official_on_the_cli_shows_the_officials_role_and_unit(tmp_path) -> None:
    """`nghedan token issue --official ID`: a leader's token of the commune; --role with it: 2."""
    url = f"sqlite:///{tmp_path / 'nghedan.db'}"
    app = NgheDan(url)
    w = build_world(app)
    app.close()
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", url, "--json", "token", "issue", "--official", str(w.deputy)]
    )
    assert result.exit_code == 0, result.output
    issued = json.loads(result.stdout)
    assert (issued["role"], issued["unit"], issued["official"]) == (
        "leader",
        COMMUNE,
        str(w.deputy),
    )
    both = ["--db", url, "token", "issue", "--official", str(w.deputy), "--role", "clerk"]
    assert runner.invoke(cli, both).exit_code == 2
    # in words, the official is named, not their id
    shown = runner.invoke(cli, ["--db", url, "token", "issue", "--official", str(w.deputy)])
    assert shown.exit_code == 0, shown.output
    assert str(w.deputy) not in shown.output
    assert "— cán bộ " in shown.output
