"""The HTTP server's hardening: security headers, bounded parameters, failed sign-ins."""

from __future__ import annotations

import re

import pytest
from http_world import Setup, make_setup

from world import COMMUNE

PUBLIC_PAGES = ["/", f"/cong-khai/{COMMUNE}", "/docs", "/openapi.json"]


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/api/v1/complaints", "/no/such/path"])
def test_every_response_carries_the_security_headers(s: Setup, path: str) -> None:
    """CSP with frame-ancestors, nosniff and a referrer policy on pages, API and errors."""
    response = s.client.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_a_page_s_inline_blocks_are_allowed_by_their_hash_only(s: Setup, path: str) -> None:
    """The policy names the hash of each inline style/script of the page, and no 'unsafe-inline'."""
    response = s.client.get(path)
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp
    assert re.search(r"style-src 'sha256-[A-Za-z0-9+/=]+'", csp)
    if path == "/docs":
        assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_may_be_cached(s: Setup, path: str) -> None:
    """What anyone may read is not marked no-store."""
    assert "no-store" not in s.client.get(path).headers.get("cache-control", "")


def test_what_is_not_public_is_never_stored_by_a_cache(s: Setup) -> None:
    """API answers, answers to a credential and errors say Cache-Control: no-store."""
    assert s.client.get("/api/v1/complaints").headers["cache-control"] == "no-store"
    assert s.client.get("/", headers=s.auth("clerk")).headers["cache-control"] == "no-store"
    assert s.client.get("/no/such/path").headers["cache-control"] == "no-store"
    posted = s.client.post("/api/v1/commands/ReceiveContribution", json={})
    assert posted.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("month", ["2200-12", "2000-01"])
def test_the_disclosure_of_the_model_s_first_and_last_months_is_answered(
    s: Setup, month: str
) -> None:
    """December 2200 has a last day too: no 500 at the edge of the model's years."""
    response = s.client.get(f"/api/v1/disclosure?unit={COMMUNE}&month={month}")
    assert response.status_code < 500
    assert response.status_code in {200, 404}


@pytest.mark.parametrize(
    "query", ["nam=2200", "nam=2000", "nam=99999", "nam=0", "nam=-1", "nam=abc", "nam=" + "9" * 400]
)
def test_the_public_page_answers_any_year_without_a_server_error(s: Setup, query: str) -> None:
    """A year outside the model's is a 404 page; its edges are pages; never a 5xx."""
    response = s.client.get(f"/cong-khai/{COMMUNE}?{query}")
    assert response.status_code in {200, 404}


@pytest.mark.parametrize(
    "query",
    [
        "month=2200-12",
        "month=9999-99",
        "from=0001-01-01&to=9999-12-31",
        "from=2200-12-31&to=2200-12-31",
        "as_of=9999-12-31T23:59:59%2B07:00",
    ],
)
@pytest.mark.parametrize(
    "view", ["report", "ledger", "disclosure", "complaints", "quota", "households", "audit"]
)
def test_no_date_or_month_makes_a_view_fail(s: Setup, view: str, query: str) -> None:
    """Every view answers any date, month or moment with a 2xx or 4xx."""
    response = s.client.get(f"/api/v1/{view}?unit={COMMUNE}&{query}", headers=s.auth("clerk"))
    assert response.status_code < 500, response.text


def test_a_client_failing_to_authenticate_is_slowed_down_with_429() -> None:
    """After ten failed authentications in a minute, even a good token waits (Retry-After)."""
    setup = make_setup()
    with setup.client as client:
        for _ in range(10):
            bad = client.get("/api/v1/complaints", headers={"Authorization": "Bearer ndn_wrong"})
            assert bad.status_code == 401
        limited = client.get("/api/v1/complaints", headers=setup.auth("clerk"))
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.json()["code"] == "auth.too_many_failures"
        assert "thử lại sau" in limited.json()["message"]
        english = client.get(
            "/api/v1/complaints", headers={**setup.auth("clerk"), "Accept-Language": "en"}
        )
        assert "try again in" in english.json()["message"]
        # reading without a credential is not limited
        assert client.get("/api/v1/complaints").status_code == 200


def test_good_authentications_are_never_limited(s: Setup) -> None:
    """A clerk working all day is never answered 429."""
    for _ in range(30):
        assert s.client.get("/api/v1/complaints", headers=s.auth("clerk")).status_code == 200
