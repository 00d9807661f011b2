"""The workspace's sign-in and forms over HTTP: what a browser may not get away with.

CSRF, session fixation, another commune's ids in a form, a signed-out user, failed
sign-ins, an official who left office: each is refused and nothing is written. The
journeys themselves run in a real browser (`test_workspace_browser`).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from click.testing import CliRunner
from http_world import TestClient, official
from workspace_world import PASSWORD, Workplace, make_workplace, ticking

from nghedan_cli.main import cli
from nghedan_core import LeaveOffice, NgheDan, OfficialRole
from nghedan_http import create_app
from nghedan_http.throttle import FAILED_AUTH_LIMIT
from nghedan_http.workspace import AccountStore
from nghedan_http.workspace.pages import STATIC
from nghedan_http.workspace.signin import COOKIE

from world import COMMUNE


@pytest.fixture
def w() -> Workplace:
    return make_workplace(NgheDan("memory://", clock=ticking()), keep_initial=())


@pytest.fixture
def client(w: Workplace) -> Iterator[TestClient]:
    with TestClient(create_app(w.app), base_url="http://testserver") as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def sign_in(client: TestClient, w: Workplace, who: str = "clerk") -> str:
    """Sign in as `who`; the CSRF token of the signed-in session."""
    page = client.get("/dang-nhap")
    login = w.logins[who][0]
    r = client.post(
        "/dang-nhap",
        data={"csrf": csrf_of(page.text), "login": login, "password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/lam-viec"
    return csrf_of(client.get("/lam-viec").text)


def errors(html: str) -> list[str]:
    return re.findall(r'class="(?:error|refusal)"[^>]*>([^<]+)', html)


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(client, w) -> None:
    """No token, or another session's: 403 and no event."""
    sign_in(client, w)
    before = w.app.max_position()
    data = {"form": "HoldFlagCeremony", "attendees": "50"}
    r = client.post("/lam-viec/buoi/2024-04", data=data)
    assert r.status_code == 403
    assert "mã chống giả mạo" in r.text
    with TestClient(create_app(w.app)) as other:
        foreign = csrf_of(other.get("/dang-nhap").text)
    r = client.post("/lam-viec/buoi/2024-04", data={**data, "csrf": foreign})
    assert r.status_code == 403
    assert w.app.max_position() == before


def test_the_sign_in_form_needs_its_csrf_token(client, w) -> None:
    """A sign-in posted from elsewhere (no session, no token) is refused."""
    login = w.logins["clerk"][0]
    r = client.post("/dang-nhap", data={"login": login, "password": PASSWORD})
    assert r.status_code == 403
    assert client.get("/lam-viec", follow_redirects=False).headers["location"] == "/dang-nhap"


def test_signing_in_gives_a_new_session_id_and_ends_the_old_one(client, w) -> None:
    """No fixation: the id known before signing in is worth nothing after it."""
    client.get("/dang-nhap")
    before = client.cookies[COOKIE]
    sign_in(client, w)
    after = client.cookies[COOKIE]
    assert after != before
    with TestClient(create_app(w.app)) as attacker:
        attacker.app = client.app
        attacker.cookies.set(COOKIE, before)
        r = attacker.get("/lam-viec", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/dang-nhap"


def test_the_session_cookie_is_httponly_strict_and_secure_over_https(w) -> None:
    """HttpOnly and SameSite=Strict always; Secure when the request came over HTTPS."""
    with TestClient(create_app(w.app), base_url="https://testserver") as c:
        header = c.get("/dang-nhap").headers["set-cookie"]
    assert "HttpOnly" in header
    assert "SameSite=strict" in header
    assert "Secure" in header
    with TestClient(create_app(w.app), base_url="http://testserver") as c:
        assert "Secure" not in c.get("/dang-nhap").headers["set-cookie"]


def test_a_signed_out_user_is_sent_to_sign_in_and_cannot_write(client, w) -> None:
    """Pages redirect to the sign-in form; a post is refused; signing out ends the session."""
    for path in ("/lam-viec", "/lam-viec/buoi/2024-04", "/lam-viec/quy", "/lam-viec/giam-sat"):
        r = client.get(path, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/dang-nhap"), path
    visitor = csrf_of(client.get("/dang-nhap").text)
    before = w.app.max_position()
    r = client.post(
        "/lam-viec/buoi/2024-04",
        data={"csrf": visitor, "form": "HoldFlagCeremony", "attendees": "50"},
    )
    assert r.status_code == 403
    assert "Cần đăng nhập" in r.text
    csrf = sign_in(client, w)
    signed_in = client.cookies[COOKIE]
    assert client.post("/dang-xuat", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set(COOKIE, signed_in)
    assert client.get("/lam-viec", follow_redirects=False).status_code == 303
    assert w.app.max_position() == before


def test_another_communes_household_in_a_form_is_refused(client, w) -> None:
    """A household id of commune 29501 slipped into the select: refused, nothing written."""
    csrf = sign_in(client, w)
    before = w.app.max_position()
    r = client.post(
        "/lam-viec/quy",
        data={
            "csrf": csrf,
            "form": "RequestPayment",
            "purpose": "gift",
            "amount": "500.000",
            "household_id": str(w.other_household),
        },
    )
    assert r.status_code in {403, 422}
    assert errors(r.text)
    assert w.app.max_position() == before


def test_another_communes_unit_cannot_be_posted_in_a_form(client, w) -> None:
    """The unit is fixed by the server: a `unit` field in the post is not read."""
    csrf = sign_in(client, w)
    r = client.post(
        "/lam-viec/buoi/2024-04",
        data={"csrf": csrf, "form": "ScheduleSession", "date": "01/04/2024", "unit": "29501"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert w.app.queries.quota(("29501",)).lines == ()
    assert any(line.month.month == 4 for line in w.app.queries.quota((COMMUNE,)).lines)


def test_another_communes_complaint_is_not_shown(client, w) -> None:
    """The page of a complaint of another commune (or none) is not found."""
    sign_in(client, w, "other_clerk")
    assert client.get(f"/lam-viec/y-kien/{w.complaint}").status_code == 404
    assert client.get(f"/lam-viec/y-kien/{uuid4()}").status_code == 404


def test_another_communes_household_and_receipt_pages_are_not_found(client, w) -> None:
    """A household or receipt of another commune: 404, and a post to it writes nothing."""
    [receipt] = w.app.queries.receipts(COMMUNE)[:1]
    csrf = sign_in(client, w, "other_clerk")
    assert client.get(f"/lam-viec/ho-gia-dinh/{w.world.household}").status_code == 404
    assert client.get(f"/lam-viec/quy/phieu-thu/{receipt.receipt_id}").status_code == 404
    assert client.get("/lam-viec/quy/phieu-thu/khong-phai-ma").status_code == 404
    before = w.app.max_position()
    r = client.post(
        f"/lam-viec/ho-gia-dinh/{w.world.household}",
        data={"csrf": csrf, "form": "AssessHousehold", "criteria": "nhà tạm", "score": "90"},
    )
    assert r.status_code == 404
    assert w.app.max_position() == before
    # the household's own commune sees both
    sign_in(client, w, "clerk")
    assert client.get(f"/lam-viec/ho-gia-dinh/{w.world.household}").status_code == 200
    page = client.get(f"/lam-viec/quy/phieu-thu/{receipt.receipt_id}")
    assert page.status_code == 200
    assert "PHIẾU THU" in page.text


def test_the_registry_lists_the_communes_own_households_only(client, w) -> None:
    """The other commune's household is not in the list; no UUID is typed on the forms."""
    sign_in(client, w, "clerk")
    page = client.get("/lam-viec/ho-gia-dinh").text
    assert "Thạch Thị Hoa" in page
    assert "Kiên Thị Sáu" not in page
    fund = client.get("/lam-viec/quy").text
    assert 'name="pledge_id"' not in fund  # a pledge is chosen by its own form, not typed
    assert 'name="pledge_id"' not in client.get("/lam-viec/buoi/2024-04").text


def test_no_form_asks_why_an_act_of_now_is_late(client, w) -> None:
    """A page's acts are dated now: no form shows the late-entry reason (ADR 0019)."""
    sign_in(client, w, "clerk")
    for page in ("/lam-viec/quy", "/lam-viec/buoi/2024-04", "/lam-viec/tinh-nguyen"):
        text = client.get(page).text
        assert 'name="late_entry_reason"' not in text, page
        assert "Lý do ghi muộn" not in text, page


def test_a_form_the_page_does_not_offer_is_refused(client, w) -> None:
    """A clerk posting a leader's approval (no such form for a clerk): 403, nothing written."""
    csrf = sign_in(client, w)
    before = w.app.max_position()
    r = client.post(
        "/lam-viec/quy",
        data={"csrf": csrf, "form": f"ApprovePayment:{uuid4()}"},
    )
    assert r.status_code == 403
    assert w.app.max_position() == before


def test_each_official_sees_the_forms_of_their_role(client, w) -> None:
    """Clerks record receipts, leaders do not; MTTQ is offered no session form at all."""
    sign_in(client, w, "clerk")
    fund = client.get("/lam-viec/quy").text
    assert 'id="form-ReceiveContribution"' in fund
    sign_in(client, w, "chair")
    assert 'id="form-ReceiveContribution"' not in client.get("/lam-viec/quy").text
    sign_in(client, w, "mttq")
    assert 'class="act"' not in client.get("/lam-viec/buoi/2024-04").text.split("<main>")[1]


def test_failed_sign_ins_are_limited(client, w) -> None:
    """After the limit, even the right password waits (429) and says for how long."""
    login = w.logins["clerk"][0]
    csrf = csrf_of(client.get("/dang-nhap").text)
    for _ in range(FAILED_AUTH_LIMIT):
        r = client.post("/dang-nhap", data={"csrf": csrf, "login": login, "password": "sai"})
        assert r.status_code == 401
        assert "không đúng" in r.text
    r = client.post("/dang-nhap", data={"csrf": csrf, "login": login, "password": PASSWORD})
    assert r.status_code == 429
    assert "thử lại sau" in r.text


def test_an_account_stops_working_when_its_official_leaves_office(client, w) -> None:
    """Signed-in pages end, and the password no longer signs in."""
    sign_in(client, w)
    w.app.handle(LeaveOffice(official_id=w.world.clerk, reason="Nghỉ hưu"))
    assert client.get("/lam-viec", follow_redirects=False).headers["location"] == "/dang-nhap"
    csrf = csrf_of(client.get("/dang-nhap").text)
    login = w.logins["clerk"][0]
    r = client.post("/dang-nhap", data={"csrf": csrf, "login": login, "password": PASSWORD})
    assert r.status_code == 401


def test_the_first_sign_in_must_replace_the_initial_password(tmp_path) -> None:
    """`nghedan account create` shows it once; it works once, then a new one is required."""
    url = f"sqlite:///{tmp_path / 'n.db'}"
    app = NgheDan(url, clock=ticking())
    w = make_workplace(app)
    clerk = str(w.world.clerk)
    app.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", url, "account", "create", "--official", str(uuid4())])
    assert result.exit_code == 2
    assert "không có cán bộ đương nhiệm" in result.output
    result = runner.invoke(cli, ["--db", url, "account", "create", "--official", clerk])
    assert result.exit_code == 2  # the clerk has an account already
    leader = make_official(url)
    result = runner.invoke(cli, ["--db", url, "account", "create", "--official", leader])
    assert result.exit_code == 0, result.output
    login, password = result.stdout.splitlines()[0].split("\t")
    assert login == "dang.van.hai"
    assert "chỉ hiện một lần" in result.stderr
    with sqlite3.connect(tmp_path / "n.db") as db:
        (stored,) = db.execute("SELECT hash FROM nghedan_accounts WHERE login = ?", (login,))
    assert stored[0].startswith("$argon2id$")
    assert password not in stored[0]
    app = NgheDan(url, clock=ticking())
    with TestClient(create_app(app)) as c:
        csrf = csrf_of(c.get("/dang-nhap").text)
        r = c.post(
            "/dang-nhap",
            data={"csrf": csrf, "login": login, "password": password},
            follow_redirects=False,
        )
        assert r.headers["location"] == "/lam-viec/doi-mat-khau"
        assert c.get("/lam-viec", follow_redirects=False).headers["location"].endswith("mat-khau")
        csrf = csrf_of(c.get("/lam-viec/doi-mat-khau").text)
        new = {"csrf": csrf, "current": password, "new": PASSWORD, "again": PASSWORD}
        assert c.post("/lam-viec/doi-mat-khau", data=new, follow_redirects=False).is_redirect
        assert c.get("/lam-viec").status_code == 200
    store_app = app

    assert AccountStore(store_app).sign_in(login, password) is None
    assert AccountStore(store_app).sign_in(login, PASSWORD) is not None
    store_app.close()


def make_official(url: str) -> str:
    """Register one more leader of the commune in the store at `url`; its id."""
    app = NgheDan(url, clock=ticking())
    oid = official(app, COMMUNE, "Đặng Văn Hải", OfficialRole.LEADER)
    app.close()
    return str(oid)


def test_the_pages_load_only_their_own_script_file(client, w) -> None:
    """The board loads the vendored htmx from this server; no inline script anywhere."""
    sign_in(client, w)
    r = client.get("/lam-viec/y-kien")
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "<script>" not in r.text
    js = client.get("/tai-nguyen/htmx.min.js")
    assert js.status_code == 200
    assert js.headers["content-type"].startswith("text/javascript")
    assert "script-src" not in client.get("/lam-viec/quy").headers["content-security-policy"]


def test_the_vendored_files_are_the_pinned_ones() -> None:
    """The htmx and axe-core files are those ADR 0021 and the READMEs name, byte for byte."""
    here = Path(__file__).resolve().parent
    pinned = {
        STATIC / "htmx.min.js": "22283ef68cb7545914f0a88a1bdedc7256a703d1d580c1d255217d0a50d31313",
        here / "vendor" / "axe.min.js": (
            "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
        ),
    }
    for path, digest in pinned.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
        assert digest in (path.parent / "README.md").read_text(encoding="utf-8")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _same_world(html: str) -> str:
    """A page with what differs between two recordings of the world left out.

    Ids (each recording draws its own), the CSRF token, and the minute the board is judged
    at (each store reads the ticking clock a different number of times).
    """
    html = re.sub(r'name="csrf" value="[^"]+"', "", html)
    html = re.sub(r"tính đến \d\d:\d\d ngày", "tính đến", html)
    return _UUID.sub("ID", html)


def test_a_communes_pages_from_the_stored_views_are_those_of_the_views_kept_live(
    tmp_path,
) -> None:
    """On SQLite the pages of a commune fold its own events through the stored views.

    Nothing is folded of every unit (the views of every unit are not started), and the
    session page and the board are those a ``memory://`` store serves from its live views.
    """
    pages: dict[str, list[str]] = {}
    for name, url in (("memory", "memory://"), ("sqlite", f"sqlite:///{tmp_path / 'n.db'}")):
        w = make_workplace(NgheDan(url, clock=ticking()), keep_initial=())
        server = create_app(w.app)
        with TestClient(server, base_url="http://testserver") as c:
            sign_in(c, w)
            got = [c.get(p) for p in ("/lam-viec/buoi/2024-04", "/lam-viec/y-kien")]
            assert [r.status_code for r in got] == [200, 200]
            pages[name] = [_same_world(r.text) for r in got]
        assert server.state.views.live is (name == "memory")
        w.app.close()
    assert pages["sqlite"] == pages["memory"]
    assert "/lam-viec/y-kien/ID" in pages["sqlite"][1]  # the commune's complaint is listed
