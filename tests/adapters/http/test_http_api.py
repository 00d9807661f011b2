"""The JSON API, in process: every route's happy path, each refusal, each role boundary."""

from __future__ import annotations

import json
from datetime import date
from uuid import uuid4

import pytest
from click.testing import CliRunner
from http_world import CITIZEN, CITIZEN_PHONE, HEAD, NOW, OTHER, Setup, make_setup, record_world
from starlette.testclient import TestClient

from nghedan_cli.main import cli
from nghedan_core import COMMANDS, ContributionSource, NgheDan, ReceiveContribution, Vnd
from nghedan_core.config import PolicyConfig
from nghedan_http import Role, TokenStore, create_app
from nghedan_http.access import COMMAND_ROLES

from world import COMMUNE, HAMLETS, at

API = "/api/v1"


def post(s: Setup, name: str, body: object, who: str | None = "clerk", **kw: object):
    headers = dict(kw.pop("headers", {}) or {})  # type: ignore[call-overload]
    if who is not None:
        headers.update(s.auth(who))
    return s.client.post(f"{API}/commands/{name}", json=body, headers=headers, **kw)


def contribution(amount: int = 2_000_000, **extra: object) -> dict[str, object]:
    return {
        "unit": COMMUNE,
        "receipt_id": str(uuid4()),
        "amount": amount,
        "source": "flag_ceremony",
        "occurred_at": "2024-03-18T07:30:00+07:00",
        **extra,
    }


# --- reads ------------------------------------------------------------------------------


def test_health_is_constant(s: Setup) -> None:
    r = s.client.get(f"{API}/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_units_lists_every_registered_unit(s: Setup) -> None:
    codes = {u["code"] for u in s.client.get(f"{API}/units").json()}
    assert {"94", COMMUNE, OTHER, *HAMLETS} <= codes


def test_report_equals_the_cli_report_json(tmp_path, scenario_clock) -> None:
    url = f"sqlite:///{tmp_path / 'n.db'}"
    setup = make_setup(url)
    # both reports made at the same moment (the server's now), so their overdue complaints
    # are counted at the same cutoff
    scenario_clock.pin(NOW)
    with setup.client:
        for units in ((), (COMMUNE,)):
            query = "&".join(f"unit={u}" for u in units)
            r = setup.client.get(f"{API}/report?from=2024-01-01&to=2024-06-30&{query}")
            assert r.status_code == 200
            args = ["--db", url, "--json", "report", "--from", "2024-01-01", "--to", "2024-06-30"]
            for u in units:
                args += ["--unit", u]
            result = CliRunner().invoke(cli, args)
            assert result.exit_code == 0, result.output
            assert r.json() == json.loads(result.output)
        assert r.json()["sessions_held"] == 0
        assert r.json()["fund"]["receipts_vnd"] == 10_000_000


def test_report_refuses_bad_dates_with_every_problem(s: Setup) -> None:
    r = s.client.get(f"{API}/report?from=2024-02-30")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "input.invalid"
    assert [p["path"] for p in body["problems"]] == ["query.from"]
    r = s.client.get(f"{API}/report?from=2024-03-01&to=2024-02-01")
    assert r.status_code == 422
    assert r.json()["code"] == "report.period_reversed"
    r = s.client.get(f"{API}/report?from=2024-03-01&to=2024-03-31&unit=bad%20code")
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "query.unit[0]"


def test_report_with_a_token_defaults_to_its_unit_and_is_scoped(s: Setup) -> None:
    r = s.client.get(f"{API}/report?from=2024-01-01&to=2024-12-31", headers=s.auth("clerk"))
    assert r.status_code == 200
    assert r.json()["units"] == [COMMUNE]
    r = s.client.get(
        f"{API}/report?from=2024-01-01&to=2024-12-31&unit={OTHER}", headers=s.auth("clerk")
    )
    assert r.status_code == 403
    assert r.json()["code"] == "auth.out_of_scope"


def test_ledger_and_disclosure(s: Setup) -> None:
    r = s.client.get(f"{API}/ledger?unit={COMMUNE}")
    assert r.status_code == 200
    body = r.json()
    assert body["balance_vnd"] == 10_000_000
    assert [line["kind"] for line in body["lines"]] == ["receipt"]
    r = s.client.get(f"{API}/disclosure?unit={COMMUNE}&month=2024-03")
    assert r.status_code == 200
    assert r.json()["receipts_vnd"] == 10_000_000
    assert r.json()["closing_vnd"] == 10_000_000
    assert s.client.get(f"{API}/ledger?unit={OTHER}").status_code == 404
    r = s.client.get(f"{API}/ledger")
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "query.unit"
    r = s.client.get(f"{API}/disclosure?unit={COMMUNE}&month=2024-13")
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "query.month"


def test_public_complaint_board_has_no_personal_data(s: Setup) -> None:
    r = s.client.get(f"{API}/complaints?unit={COMMUNE}")
    assert r.status_code == 200
    body = r.json()
    assert body["counts"]["overdue"] == 1  # the appointment (15 March) has passed
    assert "citizen" not in body["entries"][0]
    assert CITIZEN not in r.text
    assert CITIZEN_PHONE not in r.text


def test_complaint_board_with_a_token_names_the_citizen(s: Setup) -> None:
    for who in ("clerk", "leader", "mttq", "supervisor"):
        r = s.client.get(f"{API}/complaints?unit={COMMUNE}", headers=s.auth(who))
        assert r.status_code == 200, who
        assert r.json()["entries"][0]["citizen"] == CITIZEN
    r = s.client.get(f"{API}/complaints?unit={COMMUNE}", headers=s.auth("other_clerk"))
    assert r.status_code == 403
    r = s.client.get(f"{API}/complaints?status=due&now=2024-03-10T00:00:00%2B07:00")
    assert r.json()["counts"]["due"] == 1
    assert s.client.get(f"{API}/complaints?status=nope").status_code == 422
    assert s.client.get(f"{API}/complaints?now=2024-03-10T00:00:00").status_code == 422


def test_quota(s: Setup) -> None:
    r = s.client.get(f"{API}/quota?unit={COMMUNE}")
    assert r.status_code == 200
    [line] = r.json()["lines"]
    assert line["unit"] == COMMUNE
    assert line["target"] == 2
    assert line["shortfall"] == 2


def test_dossier_needs_a_role_that_may_read_it(s: Setup) -> None:
    url = f"{API}/dossier?unit={COMMUNE}&month=2024-03"
    assert s.client.get(url).status_code == 401
    assert s.client.get(url, headers=s.auth("other_clerk")).status_code == 403
    # MTTQ reads the answers it supervises (issue 16): the session's complaints and answers
    for who in ("clerk", "leader", "supervisor", "mttq"):
        r = s.client.get(url, headers=s.auth(who))
        assert r.status_code == 200, who
        body = r.json()
        assert body["receptions"][0]["attendees"] == 25
        assert body["complaints"][0]["citizen"] == CITIZEN
    r = s.client.get(f"{API}/dossier?unit={COMMUNE}&month=2024-04", headers=s.auth("clerk"))
    assert r.status_code == 404
    r = s.client.get(f"{url}&level=nope", headers=s.auth("clerk"))
    assert r.status_code == 422


def test_household_history(s: Setup) -> None:
    url = f"{API}/households?unit={COMMUNE}"
    assert s.client.get(url).status_code == 401
    assert s.client.get(url, headers=s.auth("mttq")).status_code == 403
    assert s.client.get(url, headers=s.auth("other_clerk")).status_code == 403
    r = s.client.get(url, headers=s.auth("clerk"))
    assert r.status_code == 200
    assert HEAD in {h["head"] for h in r.json()["households"]}
    one = f"{API}/households/{s.world.household}"
    r = s.client.get(one, headers=s.auth("leader"))
    assert r.status_code == 200
    assert r.json()["household"]["selections"][0]["month"] == "2024-03"
    assert s.client.get(one, headers=s.auth("other_leader")).status_code == 403
    assert s.client.get(f"{API}/households/{uuid4()}", headers=s.auth("clerk")).status_code == 404
    r = s.client.get(f"{API}/households/not-a-uuid", headers=s.auth("clerk"))
    assert r.status_code == 422


def test_audit_is_public(s: Setup) -> None:
    r = s.client.get(f"{API}/audit")
    assert r.status_code == 200
    body = r.json()
    assert body["passed"] is True
    assert len(body["digest"]) == 64
    assert body["events"] == s.app.max_position()
    r = s.client.get(f"{API}/audit?unit={COMMUNE}", headers={"Accept-Language": "en"})
    assert set(r.json()["totals"]) == {COMMUNE}
    assert "intact" in r.json()["checks"][0]["detail"]


def test_the_live_audit_reads_the_applications_policy_config() -> None:
    """A province with a 6-month cooldown: the server's audit checks its own window."""
    app = NgheDan("memory://", config=PolicyConfig(reselection_cooldown_months=6))
    record_world(app)
    with TestClient(create_app(app, freshness=0.0)) as client:
        body = client.get(f"{API}/audit", headers={"Accept-Language": "en"}).json()
    checks = {c["code"]: c for c in body["checks"]}
    detail = checks["fund.disbursement_to_selected_household"]["detail"]
    assert "within the 6 months" in detail
    assert detail == app.audit(lines=False).check(
        "fund.disbursement_to_selected_household"
    ).message("en")


def test_commands_list_names_the_roles(s: Setup) -> None:
    listed = {c["command"]: c["roles"] for c in s.client.get(f"{API}/commands").json()}
    assert set(listed) == {cls.__name__ for cls in COMMANDS}
    assert listed["NoteSupervision"] == ["mttq"]
    assert "leader" in listed["MakeDisbursement"]
    assert "clerk" not in listed["MakeDisbursement"]


def test_every_command_has_a_role() -> None:
    assert all(COMMAND_ROLES[cls.__name__] for cls in COMMANDS)


# --- writes -----------------------------------------------------------------------------


def test_a_clerk_records_a_contribution_and_reads_it_at_once(s: Setup) -> None:
    r = post(s, "ReceiveContribution", contribution())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["recorded"] == 1
    assert body["events"][0]["topic"] == "fund.ContributionReceived"
    assert body["events"][0]["event"]["amount"] == 2_000_000
    ledger = s.client.get(f"{API}/ledger?unit={COMMUNE}").json()
    assert ledger["balance_vnd"] == 12_000_000


def test_a_repeated_command_id_records_nothing(s: Setup) -> None:
    """The same command sent again under its id is a no-op (200, nothing recorded)."""
    body = contribution(command_id="phieu-thu-0042")
    assert post(s, "ReceiveContribution", body).status_code == 201
    r = post(s, "ReceiveContribution", body)
    assert r.status_code == 200
    assert r.json()["recorded"] == 0


def test_a_command_id_reused_for_other_content_is_a_conflict(s: Setup) -> None:
    """The same id in the same unit for another receipt is refused: 409 naming the earlier act."""
    body = contribution(command_id="phieu-thu-0043")
    assert post(s, "ReceiveContribution", body).status_code == 201
    r = post(s, "ReceiveContribution", {**body, "receipt_id": str(uuid4())})
    assert r.status_code == 409
    assert r.json()["code"] == "command.id_reused"
    assert r.json()["params"]["command"] == "ReceiveContribution"
    assert r.json()["params"]["at"] == "2024-03-18T07:30:00+07:00"
    assert "18/03/2024" in r.json()["message"]


def test_writes_made_elsewhere_are_seen(s: Setup) -> None:
    s.app.handle(
        ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            amount=Vnd(500_000),
            source=ContributionSource.FLAG_CEREMONY,
            occurred_at=at(18),
        )
    )
    assert s.client.get(f"{API}/ledger?unit={COMMUNE}").json()["balance_vnd"] == 10_500_000


def test_the_body_may_name_its_command_only_as_the_path_does(s: Setup) -> None:
    assert post(s, "ReceiveContribution", {**contribution(), "command": "ReceiveContribution"})
    r = post(s, "ReceiveContribution", {**contribution(), "command": "OpenFund"})
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "$.command"


def test_invalid_fields_are_all_listed_in_vietnamese_then_english(s: Setup) -> None:
    bad = {"unit": COMMUNE, "receipt_id": "x", "amount": 5.5, "source": "lottery", "extra": 1}
    r = post(s, "ReceiveContribution", bad)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "input.invalid"
    paths = {p["path"] for p in body["problems"]}
    assert {"$.receipt_id", "$.amount", "$.source"} <= paths
    assert any("extra" in p["message"] for p in body["problems"])
    assert "Dữ liệu không hợp lệ" in body["message"]
    assert r.headers["content-language"] == "vi"
    r = post(s, "ReceiveContribution", bad, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Invalid input" in r.json()["message"]
    assert r.headers["content-language"] == "en"
    r = post(s, "ReceiveContribution", bad, headers={"Accept-Language": "vi,en;q=0.5"})
    assert "Dữ liệu không hợp lệ" in r.json()["message"]


@pytest.mark.parametrize(
    "content",
    [b"{", b"", b"\xff\xfe", b'{"amount": NaN}', b"[" * 50_000, b'{"a": 1' + b"9" * 5000 + b"}"],
)
def test_malformed_json_is_400(s: Setup, content: bytes) -> None:
    r = s.client.post(
        f"{API}/commands/OpenFund",
        content=content,
        headers={**s.auth("clerk"), "Content-Type": "application/json"},
    )
    assert r.status_code == 400, r.text
    assert r.json()["code"] == "request.malformed_json"


def test_json_that_is_not_an_object_is_422(s: Setup) -> None:
    r = post(s, "OpenFund", [1, 2])
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "$"


def test_a_body_over_the_limit_is_413() -> None:
    setup = make_setup(max_body=1024)
    with setup.client:
        big = {**contribution(), "command_id": "x" * 2000}
        r = post(setup, "ReceiveContribution", big)
        assert r.status_code == 413
        assert r.json()["code"] == "request.too_large"

        def chunks():
            for _ in range(10):
                yield b" " * 200

        r = setup.client.post(
            f"{API}/commands/OpenFund", content=chunks(), headers=setup.auth("clerk")
        )
        assert r.status_code == 413


def test_unknown_command_is_404(s: Setup) -> None:
    r = post(s, "MakeCoffee", {})
    assert r.status_code == 404
    assert r.json()["code"] == "command.unknown"


def test_unknown_path_and_method(s: Setup) -> None:
    r = s.client.get("/api/v1/nothing")
    assert r.status_code == 404
    assert r.json()["code"] == "http.not_found"
    r = s.client.delete(f"{API}/ledger")
    assert r.status_code == 405
    assert r.json()["code"] == "http.method_not_allowed"


def test_already_exists_is_409(s: Setup) -> None:
    r = post(s, "OpenFund", {"unit": COMMUNE})
    assert r.status_code == 409
    assert r.json()["code"] == "already_exists"


def test_a_rule_violation_is_422_with_its_code(s: Setup) -> None:
    body = {"unit": COMMUNE, "month": "2024-04", "date": "2024-04-09"}
    r = post(s, "ScheduleSession", body)
    assert r.status_code == 422
    assert r.json()["code"] == "scheduling.reason_required"
    assert r.json()["params"]["first_monday"] == "2024-04-01"


def test_a_missing_record_is_404(s: Setup) -> None:
    r = post(
        s,
        "AnswerComplaint",
        {"complaint_id": str(uuid4()), "answer": "Đã sửa.", "answered_by": str(s.world.chair)},
        who="leader",
    )
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


def test_a_command_in_the_wrong_state_is_409(s: Setup) -> None:
    body = {"unit": COMMUNE, "month": "2024-03", "reason": "Mưa bão"}
    assert post(s, "CancelSession", body).status_code == 201
    r = post(s, "CancelSession", body)
    assert r.status_code == 409
    assert r.json()["code"] == "state.invalid"


# --- access -----------------------------------------------------------------------------


def test_commands_need_a_valid_token(s: Setup) -> None:
    r = post(s, "OpenFund", {"unit": OTHER}, who=None)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    for header in ("Bearer ndn_wrong", "Basic abc", "Bearer", "Bearer " + "x" * 500):
        r = post(s, "OpenFund", {"unit": OTHER}, who=None, headers={"Authorization": header})
        assert r.status_code == 401, header
        assert r.json()["code"] == "auth.invalid_token"


def test_an_invalid_token_is_401_even_on_public_views(s: Setup) -> None:
    r = s.client.get(f"{API}/ledger?unit={COMMUNE}", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401


def test_revoked_and_expired_tokens_are_refused(s: Setup) -> None:
    store = TokenStore(s.app)
    secret, record = store.issue(Role.CLERK, OTHER)
    ledger = f"{API}/units"
    assert s.client.get(ledger, headers=_bearer(secret)).status_code == 200
    # a bare role-and-unit token names nobody: it reads, it writes nothing (ADR 0018)
    r = post(s, "OpenFund", {"unit": OTHER}, who=None, headers=_bearer(secret))
    assert r.status_code == 403
    assert r.json()["code"] == "auth.official_token_required"
    assert store.revoke(record.token_id)
    assert not store.revoke(record.token_id)
    assert s.client.get(ledger, headers=_bearer(secret)).status_code == 401
    expired, _ = store.issue(Role.CLERK, OTHER, expires=date(2024, 3, 20))  # NOW is 20 March
    assert s.client.get(ledger, headers=_bearer(expired)).status_code == 401
    tomorrow, _ = store.issue(Role.LEADER, OTHER, expires=date(2024, 3, 21))
    assert s.client.get(ledger, headers=_bearer(tomorrow)).status_code == 200


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_tokens_are_stored_only_as_hashes(s: Setup) -> None:
    for record in TokenStore(s.app).list():
        assert len(record.token_hash) == 64
        assert all(record.token_hash != secret for secret in s.tokens.values())


def test_a_clerk_may_not_answer_select_or_approve(s: Setup) -> None:
    answer = {
        "complaint_id": str(s.complaint),
        "answer": "Đã sửa.",
        "answered_by": str(s.world.chair),
    }
    r = post(s, "AnswerComplaint", answer)
    assert r.status_code == 403
    assert r.json()["code"] == "auth.role_forbidden"
    select = {
        "household_id": str(s.world.other_household),
        "month": "2024-03",
        "selected_by": [str(s.world.chair)],
    }
    assert post(s, "SelectHousehold", select).status_code == 403
    pay = {
        "unit": COMMUNE,
        "disbursement_id": str(uuid4()),
        "purpose": "gift",
        "amount": 500_000,
        "household_id": str(s.world.household),
        "approvers": [str(s.world.chair)],
    }
    assert post(s, "MakeDisbursement", pay).status_code == 403
    assert post(s, "AnswerComplaint", answer, who="leader").status_code == 201
    assert post(s, "MakeDisbursement", pay, who="leader").status_code == 201


def test_a_leader_does_not_record_what_the_clerk_records(s: Setup) -> None:
    assert post(s, "ReceiveContribution", contribution(), who="leader").status_code == 403


def test_a_token_acts_only_within_its_unit(s: Setup) -> None:
    r = post(s, "ReceiveContribution", contribution(), who="other_clerk")
    assert r.status_code == 403
    assert r.json()["code"] == "auth.out_of_scope"
    # commands naming a record are scoped by the record's unit
    answer = {
        "complaint_id": str(s.complaint),
        "answer": "Đã sửa.",
        "answered_by": str(s.world.chair),
    }
    assert post(s, "AnswerComplaint", answer, who="other_leader").status_code == 403


def test_a_clerk_may_register_hamlets_of_its_commune_only(s: Setup) -> None:
    hamlet = {"code": "29500-03", "name": "Ấp Mới", "kind": "hamlet", "parent": COMMUNE}
    assert post(s, "RegisterUnit", hamlet).status_code == 201
    top = {"code": "95", "name": "Tỉnh Mới", "kind": "province"}
    assert post(s, "RegisterUnit", top).status_code == 403
    assert post(s, "RegisterUnit", top, who="supervisor").status_code == 403
    assert post(s, "RenameUnit", {"code": COMMUNE, "name": "Xã Ninh Thới Mới"}).status_code == 403


def test_the_supervisor_inspects_below_it(s: Setup) -> None:
    inspect = {
        "unit": COMMUNE,
        "month": "2024-03",
        "inspector_id": str(s.inspector),
        "findings": "Đã tổ chức đúng quy định.",
    }
    assert post(s, "InspectSession", inspect).status_code == 403
    r = post(s, "InspectSession", inspect, who="supervisor")
    assert r.status_code == 201, r.text
    renamed = {"code": OTHER, "name": "Xã Hòa Ân Mới"}
    assert post(s, "RenameUnit", renamed, who="supervisor").status_code == 201


def test_the_supervisor_schedules_only_supervisory_sessions(s: Setup) -> None:
    commune_level = {"unit": "94", "month": "2024-04", "date": "2024-04-01"}
    r = post(s, "ScheduleSession", commune_level, who="supervisor")
    assert r.status_code == 403
    supervisory = {**commune_level, "level": "supervisory"}
    r = post(s, "ScheduleSession", supervisory, who="supervisor")
    assert r.status_code != 403


def test_mttq_notes_supervision_and_nothing_else(s: Setup) -> None:
    note = {
        "complaint_id": str(s.complaint),
        "by": "mttq",
        "note": "Đề nghị trả lời đúng hẹn.",
        "concern": True,
    }
    assert post(s, "NoteSupervision", note).status_code == 403
    r = post(s, "NoteSupervision", note, who="mttq")
    assert r.status_code == 201, r.text
    assert post(s, "ReceiveContribution", contribution(), who="mttq").status_code == 403


def test_no_unexpected_error_becomes_a_traceback(s: Setup, monkeypatch) -> None:
    def boom() -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(s.client.app.state.views, "ledger_view", boom)  # type: ignore[attr-defined]
    client = type(s.client)(s.client.app, raise_server_exceptions=False)
    r = client.get(f"{API}/ledger?unit={COMMUNE}")
    assert r.status_code == 500
    assert r.json()["code"] == "server.error"
    assert "secret detail" not in r.text


# --- erasing personal data --------------------------------------------------------------


def erase(s: Setup, subject: object, body: object, who: str | None = "leader", **kw: object):
    headers = dict(kw.pop("headers", {}) or {})  # type: ignore[call-overload]
    if who is not None:
        headers.update(s.auth(who))
    return s.client.post(f"{API}/people/{subject}/erase", json=body, headers=headers, **kw)


def heads(s: Setup) -> set[str]:
    r = s.client.get(f"{API}/households?unit={COMMUNE}", headers=s.auth("leader"))
    return {h["head"] for h in r.json()["households"]}


def test_a_leader_erases_a_household_head_and_the_history_stays_intact(s: Setup) -> None:
    """200 with what was erased; the name reads as erased; the audit still passes."""
    before = s.client.get(f"{API}/audit").json()["digest"]
    r = erase(s, s.world.household, {"confirm": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["subject_id"] == str(s.world.household)
    assert len(body["subjects"]) == 2  # the household and its head
    assert body["destroyed"]
    assert body["position"] == s.app.max_position()
    # carried out by the token's official, checked by the core (`authority.ERASURE`)
    last = list(s.app.records())[-1]
    assert (last.topic, last.actor) == ("nghedan.PersonalDataErased", str(s.world.chair))
    assert HEAD not in heads(s)
    assert "[đã xoá]" in heads(s)
    audit = s.client.get(f"{API}/audit").json()
    assert audit["passed"] is True
    # the erasure is one more event on the chain; nothing before it changed
    assert audit["digest"] != before
    assert erase(s, s.world.household, {"confirm": True}).json()["destroyed"] == []


def test_erasing_needs_a_leader_within_scope_and_a_confirmation(s: Setup) -> None:
    """Every refusal erases nothing; bad input names every problem."""
    subject = s.world.household
    assert erase(s, subject, {"confirm": True}, who=None).status_code == 401
    r = erase(s, subject, {"confirm": True}, who="clerk")
    assert (r.status_code, r.json()["code"]) == (403, "auth.role_forbidden")
    r = erase(s, subject, {"confirm": True}, who="other_leader")
    assert (r.status_code, r.json()["code"]) == (403, "auth.out_of_scope")
    before = s.app.max_position()
    r = erase(s, subject, {"confirm": True}, who="mttq")
    assert (r.status_code, r.json()["code"]) == (403, "auth.role_forbidden")
    # a bare leader's role-and-unit token names nobody: it erases nothing (ADR 0018)
    secret, _record = TokenStore(s.app).issue(Role.LEADER, COMMUNE)
    r = erase(s, subject, {"confirm": True}, who=None, headers=_bearer(secret))
    assert (r.status_code, r.json()["code"]) == (403, "auth.official_token_required")
    assert s.app.max_position() == before
    r = erase(s, "not-a-uuid", {"confirm": False, "why": 1}, headers={"Accept-Language": "en"})
    assert r.status_code == 422
    problems = {p["path"]: p["message"] for p in r.json()["problems"]}
    assert set(problems) == {"path.person_id", "$.confirm", "$.why"}
    assert "must be true" in problems["$.confirm"]
    r = erase(s, subject, {})
    assert r.status_code == 422
    assert "xác nhận" in r.json()["problems"][0]["message"]
    assert erase(s, subject, [True]).status_code == 422
    r = s.client.post(f"{API}/people/{subject}/erase", content=b"{oops", headers=s.auth("leader"))
    assert r.status_code == 400
    r = erase(s, uuid4(), {"confirm": True})
    assert r.status_code == 404
    assert HEAD in heads(s)


def test_a_refused_role_is_told_in_words_of_its_language(s: Setup) -> None:
    """``Vai trò văn phòng không được phép trả lời ý kiến.`` — no role or command codes."""
    answer = {
        "complaint_id": str(s.complaint),
        "answer": "Đã sửa.",
        "answered_by": str(s.world.chair),
    }
    vi = post(s, "AnswerComplaint", answer).json()
    assert vi["code"] == "auth.role_forbidden"
    assert vi["message"] == "Vai trò văn phòng không được phép trả lời ý kiến."
    en = post(s, "AnswerComplaint", answer, headers={"Accept-Language": "en"}).json()
    assert en["message"] == "The role clerk may not answer the complaint."


def test_the_openapi_report_schema_names_every_figure_of_the_report() -> None:
    """The documented report has exactly the keys the core's report has (no figure undocumented)."""
    from nghedan_core.projections.report import PeriodReport
    from nghedan_http.openapi import openapi_document

    def keys(schema: dict, data: dict, prefix: str = "") -> set[str]:
        found = set()
        for name, value in data.items():
            found.add(prefix + name)
            if isinstance(value, dict):
                found |= keys(schema["properties"][name], value, prefix + name + ".")
        return found

    def documented(schema: dict, prefix: str = "") -> set[str]:
        found = set()
        for name, sub in schema.get("properties", {}).items():
            found.add(prefix + name)
            found |= documented(sub, prefix + name + ".")
        return found

    report = PeriodReport(date(2024, 1, 1), date(2024, 1, 31)).view().to_json()
    path = openapi_document(max_body=65536)["paths"]["/api/v1/report"]["get"]
    schema = path["responses"]["200"]["content"]["application/json"]["schema"]
    assert documented(schema) == keys(schema, report)


def test_a_month_may_be_written_the_vietnamese_way_in_a_query(s: Setup) -> None:
    """``month=03/2024`` answers what ``month=2024-03`` answers (one reader of notation)."""
    from world import COMMUNE

    iso = s.client.get(f"/api/v1/disclosure?unit={COMMUNE}&month=2024-03")
    vietnamese = s.client.get(f"/api/v1/disclosure?unit={COMMUNE}&month=03/2024")
    assert iso.status_code == 200
    assert vietnamese.json() == iso.json()
    bad = s.client.get(f"/api/v1/disclosure?unit={COMMUNE}&month=13/2024")
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["path"] == "query.month"


def test_a_receipt_dated_into_a_published_month_is_refused_and_a_correction_taken(
    s: Setup,
) -> None:
    """After the disclosure of 1–15 March, a receipt dated 14 March: 422; declared, 201.

    Both within the late-entry window of the server's clock (20 March): only the published
    period is at stake.
    """
    disclose = {
        "unit": COMMUNE,
        "period_from": "2024-03-01",
        "period_to": "2024-03-15",
        "occurred_at": "2024-03-18T09:00:00+07:00",
    }
    assert post(s, "PublishDisclosure", disclose, who="leader").status_code == 201
    late = contribution(occurred_at="2024-03-14T07:30:00+07:00")
    r = post(s, "ReceiveContribution", late)
    assert r.status_code == 422
    assert r.json()["code"] == "period.published"
    assert "14/03/2024" in r.json()["message"]
    r = post(s, "ReceiveContribution", {**late, "correction_reason": "Phiếu thu 14/03 nhập sót"})
    assert r.status_code == 201
    assert r.json()["events"][0]["event"]["correction_reason"] == "Phiếu thu 14/03 nhập sót"


def test_a_command_dated_ahead_of_the_servers_clock_is_refused(s: Setup) -> None:
    """Dated an hour after the server's clock (20/03/2024 09:00): 422 time.in_future."""
    r = post(s, "ReceiveContribution", contribution(occurred_at="2024-03-20T10:00:00+07:00"))
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "time.in_future"
    assert "20/03/2024 10:00" in body["message"]
    assert "20/03/2024 09:00" in body["message"]


def test_a_command_older_than_the_late_entry_window_is_refused_unless_declared(s: Setup) -> None:
    """Dated 1 March, 19 days before the server's clock: 422 time.too_late; with a reason, 201."""
    old = contribution(occurred_at="2024-03-01T07:30:00+07:00")
    r = post(s, "ReceiveContribution", old)
    assert r.status_code == 422
    assert r.json()["code"] == "time.too_late"
    assert "7 ngày" in r.json()["message"]
    r = post(s, "ReceiveContribution", {**old, "late_entry_reason": "Sổ thu của ấp nộp muộn"})
    assert r.status_code == 201
    assert r.json()["events"][0]["event"]["late_entry_reason"] == "Sổ thu của ấp nộp muộn"
