"""Fuzzing every HTTP route: hostile paths, query parameters, bodies, tokens and headers.

The routes are enumerated from the application (`create_app`) and their query parameters
from its OpenAPI document, so a new route is fuzzed without a change here. Whatever is
sent, with or without a token: never an uncaught exception (the test client re-raises one)
nor a 5xx; a 4xx is a JSON problem ``{code, message}`` (Vietnamese by default, English with
``Accept-Language: en``), and a refused request writes nothing. Text echoed into the
public HTML pages is escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote
from uuid import uuid4

import pytest
from fuzz_inputs import (
    INJECTIONS,
    examples,
    hostile_json,
    hostile_text,
    raw_json_texts,
    replace_some,
)
from fuzz_world import templates
from http_world import COMMUNE, OTHER, Setup, make_setup
from hypothesis import event, given
from hypothesis import strategies as st
from markupsafe import escape
from starlette.routing import Route

from nghedan_core.values import lone_surrogate_paths
from nghedan_http.api import COMMAND_NAMES

from world import HAMLETS


@pytest.fixture(scope="module")
def s() -> Iterator[Setup]:
    """One recorded world and its app for the module (refusals leave it as it was)."""
    setup = make_setup()
    with setup.client:
        yield setup


def _routes(setup: Setup) -> list[tuple[str, str]]:
    """(method, path template) of every route of the application."""
    found = []
    for route in setup.client.app.routes:  # type: ignore[attr-defined]
        assert isinstance(route, Route), route
        found += [(m, route.path) for m in sorted(route.methods or ()) if m != "HEAD"]
    return found


def _query_names(setup: Setup) -> dict[str, list[str]]:
    document = setup.client.get("/openapi.json").json()
    return {
        path: [p["name"] for p in spec["get"].get("parameters", []) if p.get("in") == "query"]
        for path, spec in document["paths"].items()
        if "get" in spec
    }


PLAUSIBLE: dict[str, tuple[str, ...]] = {
    "unit": (COMMUNE, OTHER, "94", HAMLETS[0]),
    "month": ("2024-03", "2024-04"),
    "from": ("2024-01-01",),
    "to": ("2024-12-31",),
    "level": ("commune", "supervisory"),
    "status": ("overdue", "open"),
    "now": ("2024-03-20T09:00:00+07:00",),
    "nam": ("2024",),
    "name": COMMAND_NAMES,
}
WHO = st.sampled_from([None, None, "clerk", "leader", "mttq", "supervisor", "other_clerk", "bogus"])
LANG = st.sampled_from([None, "vi", "en", "en-GB,en;q=0.9", "vi;q=0.1,en;q=0.2", "fr", "en;q=nan"])


def _headers(setup: Setup, who: str | None, lang: str | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if who == "bogus":
        headers["Authorization"] = "Bearer ndn_not-a-token"
    elif who is not None:
        headers.update(setup.auth(who))
    if lang is not None:
        headers["Accept-Language"] = lang
    return headers


def _value(data: st.DataObject, name: str) -> str:
    plausible = PLAUSIBLE.get(name, ())
    if plausible and data.draw(st.booleans()):
        return data.draw(st.sampled_from(plausible))
    return data.draw(hostile_text)


def assert_answered(setup: Setup, response: Any, before: int, sent: list[str]) -> None:
    """No 5xx; a 4xx is a JSON problem (or the public 404 page); refusals write nothing."""
    status = response.status_code
    event(f"status {status}")  # --hypothesis-show-statistics: how deep the fuzz reached
    assert status < 500, response.text[:2000]
    kind = response.headers.get("content-type", "")
    if status >= 400:
        assert setup.app.max_position() == before, f"refused with {status} but wrote events"
        if kind.startswith("text/html"):
            # a page: the public 404, or the workspace's own refusals (a form without its
            # CSRF token 403, too many failed sign-ins 429), each a Vietnamese page
            workspace = response.request.url.path.startswith(WORKSPACE_PATHS)
            allowed = {400, 403, 404, 429} if workspace else {404}
            assert status in allowed, response.text[:500]
        else:
            assert kind.startswith("application/json"), kind
            body = response.json()
            assert isinstance(body.get("code"), str), body
            assert isinstance(body.get("message"), str), body
            assert body["message"].strip(), body
            if body["code"] == "input.invalid":
                english = response.headers.get("content-language") == "en"
                head = "Invalid input" if english else "Dữ liệu không hợp lệ"
                assert body["message"].startswith(head), body
                assert body["problems"], body
    if kind.startswith("text/html"):
        assert_escaped(response.text, sent)


#: the officials' workspace: its pages refuse with pages of their own (ADR 0021)
WORKSPACE_PATHS = ("/dang-nhap", "/dang-xuat", "/lam-viec")

#: markup no page holds of its own: found verbatim in a page, it was echoed unescaped
MARKERS = ("<script", "<img", "<b>đậm")


def assert_escaped(html: str, sent: list[str]) -> None:
    """Nothing sent comes back as markup: injected tags appear only escaped."""
    for text in sent:
        if any(marker in text for marker in MARKERS):
            assert text not in html, f"echoed unescaped: {text!r}"
            for marker in MARKERS:
                if marker in text:
                    assert marker not in html, f"echoed unescaped: {marker!r}"


@examples(250)
@given(data=st.data(), who=WHO, lang=LANG)
def test_every_get_route_answers_hostile_queries(s: Setup, data, who, lang) -> None:
    """Any GET route, hostile path and query values, any token or none, any language."""
    routes = [p for m, p in _routes(s) if m == "GET"]
    documented = _query_names(s)
    path = data.draw(st.sampled_from(routes), label="route")
    sent: list[str] = []
    url = path
    for name in re.findall(r"{(\w+)}", path):
        value = _value(data, name)
        sent.append(value)
        url = url.replace("{" + name + "}", _quote(value))
    params: list[tuple[str, str]] = []
    names = documented.get(path, []) + (["nam"] if path.startswith("/cong-khai") else [])
    for name in names:
        for _ in range(data.draw(st.integers(0, 2))):
            value = _value(data, name)
            sent.append(value)
            params.append((name, value))
    if data.draw(st.integers(0, 9)) == 0:
        params.append((data.draw(hostile_text), data.draw(hostile_text)))
    # a URL over 64 KiB is refused by the client itself (and by any server's request line)
    params = [(k[:2000], v[:2000]) for k, v in params if _encodable(k) and _encodable(v)]
    url = url[:4000]
    before = s.app.max_position()
    response = s.client.get(url, params=params, headers=_headers(s, who, lang))
    assert_answered(s, response, before, sent)


def _encodable(text: str) -> bool:
    return not lone_surrogate_paths(text)


def _quote(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        "application/xml",
        "application/merge-patch+json",
        "",
        "<script>",
    ]
)


@examples(250)
@given(data=st.data(), who=WHO, lang=LANG, content_type=CONTENT_TYPES)
def test_every_command_route_answers_hostile_bodies(
    s: Setup, data, who, lang, content_type
) -> None:
    """Any command (or none), a spoiled real command, any JSON, raw text; any content type.

    The erasure route gets the same bodies, for a real household, an unknown id or any text.
    """
    posts = [p for m, p in _routes(s) if m == "POST"]
    path = data.draw(st.sampled_from(posts), label="route")
    shape = data.draw(st.sampled_from(["template", "template", "json", "raw"]), label="shape")
    if shape == "template":
        template = data.draw(st.sampled_from(templates(s.world)))
        name = template["command"]
        body = replace_some(template, data)
        if "command" in body and data.draw(st.booleans()):
            body.pop("command")
        content = json.dumps(body, ensure_ascii=data.draw(st.booleans())).encode(
            "utf-8", "surrogatepass"
        )
    else:
        name = (
            data.draw(st.sampled_from(COMMAND_NAMES))
            if data.draw(st.booleans())
            else data.draw(hostile_text)
        )
        text = json.dumps(data.draw(hostile_json)) if shape == "json" else data.draw(raw_json_texts)
        content = text.encode("utf-8", "surrogatepass")
    subject = data.draw(
        st.sampled_from([str(s.world.household), str(uuid4())]) | hostile_text, label="person"
    )
    url = path.replace("{name}", _quote(name)).replace("{person_id}", _quote(subject))
    headers = _headers(s, who, lang)
    if content_type is not None:
        headers["Content-Type"] = content_type
    before = s.app.max_position()
    response = s.client.post(url, content=content, headers=headers)
    assert_answered(s, response, before, [])
    if content_type in {"text/plain", "application/xml", "<script>"} and response.status_code in {
        400,
        413,
        422,
    }:
        pytest.fail(f"a body declared {content_type} was parsed: {response.text[:300]}")


@examples(40)
@given(name=hostile_text.filter(lambda t: t.strip() and _encodable(t)))
def test_text_echoed_into_the_public_pages_is_escaped(s: Setup, name: str) -> None:
    """A unit's name (set through the API) and the echoed unit code or year come out escaped."""
    rename = {"code": COMMUNE, "name": name}
    s.client.post("/api/v1/commands/RenameUnit", json=rename, headers=s.auth("supervisor"))
    for url in ("/", f"/cong-khai/{COMMUNE}", f"/cong-khai/{COMMUNE}?nam=2024"):
        response = s.client.get(url)
        assert response.status_code == 200
        assert_escaped(response.text, [name])
    probe = next(t for t in INJECTIONS if "<" in t) + name[:20]
    for url, params in (
        (f"/cong-khai/{_quote(probe)}", {}),
        (f"/cong-khai/{COMMUNE}", {"nam": probe}),
    ):
        response = s.client.get(url, params=params)
        assert response.status_code == 404
        if response.headers["content-type"].startswith("text/html"):
            assert_escaped(response.text, [probe])


def test_an_injected_unit_name_is_shown_escaped(s: Setup) -> None:
    """The unit's name appears, escaped, where the page names the unit."""
    name = '<script>alert("x")</script> Xã & "Ninh" Thới'
    r = s.client.post(
        "/api/v1/commands/RenameUnit",
        json={"code": COMMUNE, "name": name},
        headers=s.auth("supervisor"),
    )
    assert r.status_code == 201, r.text
    page = s.client.get(f"/cong-khai/{COMMUNE}").text
    assert name not in page
    assert str(escape(name)) in page or name.replace('"', "&#34;").replace("<", "&lt;") in page
    assert "<script>alert" not in page


# --- regressions: what the fuzzer found ---------------------------------------------------


def post_refused(
    s: Setup,
    name: str,
    content: bytes,
    who: str,
    *,
    status: int = 422,
    lang: str = "vi",
    content_type: str = "application/json",
) -> dict[str, Any]:
    """POST `content` to command `name`: refused with `status`, nothing written; the body."""
    before = s.app.max_position()
    headers = {**s.auth(who), "Content-Type": content_type, "Accept-Language": lang}
    r = s.client.post(f"/api/v1/commands/{name}", content=content, headers=headers)
    assert r.status_code == status, r.text
    assert s.app.max_position() == before
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.parametrize("year", ["²", "٢٠٢٤", "<b>2024</b>", "2024\x00"])
def test_regression_a_year_that_is_not_ascii_digits_is_404(s: Setup, year: str) -> None:
    """``?nam=²`` was a 500: "²".isdigit() holds, int("²") fails."""
    r = s.client.get(f"/cong-khai/{COMMUNE}", params={"nam": year})
    assert r.status_code == 404
    assert_escaped(r.text, [year])


@pytest.mark.parametrize(
    "now", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:00-07:00", "1999-06-01T00:00:00+07:00"]
)
def test_regression_now_outside_the_model_years_is_422(s: Setup, now: str) -> None:
    """``now`` in year 1 or 9999 overflowed in Vietnam time: a 500."""
    r = s.client.get("/api/v1/complaints", params={"now": now}, headers={"Accept-Language": "en"})
    assert r.status_code == 422, r.text
    assert r.json()["problems"] == [
        {"path": "query.now", "message": "must lie in the years 2000 to 2200 (Vietnam time)"}
    ]


@pytest.mark.parametrize(
    ("content", "path"),
    [
        (b'{"code": "29500", "name": "X\\ud800"}', "$.name"),
        (b'{"code": "29500", "\\udfff": 1}', "$.\\udfff"),
        (b'{"command": "\\ud800"}', "$.command"),
    ],
)
def test_regression_half_characters_are_422_and_write_nothing(
    s: Setup, content: bytes, path: str
) -> None:
    """A lone surrogate reached the store (UnicodeEncodeError) or the error answer: a 500."""
    body = post_refused(s, "RenameUnit", content, "supervisor")
    assert [p["path"] for p in body["problems"]] == [path]
    assert "nửa ký tự Unicode" in body["message"]


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:00+14:00"])
def test_regression_a_command_time_outside_the_model_years_is_422(s: Setup, when: str) -> None:
    """Year 1 was a 500; year 9999 was recorded, and then the public page was a 500."""
    command = {**templates(s.world)[0], "occurred_at": when}
    body = post_refused(s, "ReceiveContribution", json.dumps(command).encode(), "clerk", lang="en")
    assert body["problems"] == [
        {"path": "$.occurred_at", "message": "must lie in the years 2000 to 2200"}
    ]
    assert s.client.get(f"/cong-khai/{COMMUNE}").status_code == 200


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"],
)
def test_a_body_not_declared_json_is_415(s: Setup, content_type: str) -> None:
    """Not JSON by its Content-Type: 415 with a clear message, before the body is read."""
    content = json.dumps(templates(s.world)[0]).encode()
    for lang, head in (
        ("vi", "Nội dung yêu cầu phải là JSON"),
        ("en", "The request body must be JSON"),
    ):
        body = post_refused(
            s,
            "ReceiveContribution",
            content,
            "clerk",
            status=415,
            lang=lang,
            content_type=content_type,
        )
        assert body["code"] == "request.unsupported_media_type"
        assert body["message"].startswith(head), body
        assert "application/json" in body["message"]


def test_a_huge_body_is_413_whatever_it_holds(s: Setup) -> None:
    """Over the limit: refused as too large before it is parsed, nothing written."""
    for content in (b"[" * 100_000, b'{"note": "' + b"x" * 70_000 + b'"}', b"\xff" * 70_000):
        body = post_refused(s, "ReceiveContribution", content, "clerk", status=413)
        assert body["code"] == "request.too_large"


def test_every_route_is_fuzzed(s: Setup) -> None:
    """The enumeration finds the API, the pages, the document; POST for commands, erasure."""
    routes = _routes(s)
    assert ("POST", "/api/v1/commands/{name}") in routes
    assert ("POST", "/api/v1/people/{person_id}/erase") in routes
    assert {("GET", "/"), ("GET", "/cong-khai/{unit}"), ("GET", "/openapi.json")} <= set(routes)
    assert {m for m, _ in routes} == {"GET", "POST"}
    documented = _query_names(s)
    assert "unit" in documented["/api/v1/ledger"]
