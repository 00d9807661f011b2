"""`create_app`: the Starlette application — API, OpenAPI, docs, public pages, workspace."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from nghedan_core import NgheDan
from nghedan_http.api import Api
from nghedan_http.auth import TokenStore
from nghedan_http.errors import ApiError, error_response, lang_of
from nghedan_http.headers import SecurityHeaders
from nghedan_http.openapi import openapi_document
from nghedan_http.public import PublicPages, environment
from nghedan_http.views import LiveViews
from nghedan_http.workspace import AccountStore, Workspace

__all__ = ["DEFAULT_MAX_BODY", "create_app"]

#: the largest request body accepted (64 KiB: a command is a few hundred bytes)
DEFAULT_MAX_BODY: Final = 64 * 1024

log = logging.getLogger("nghedan_http")


def create_app(
    app: NgheDan,
    *,
    tokens: TokenStore | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    freshness: float = 0.25,
) -> Starlette:
    """The HTTP application serving `app`.

    `tokens` defaults to the tokens kept in `app`'s database; `max_body` bounds request
    bodies (413 above it); `freshness` is how often (seconds) the views look for events
    written by other processes (writes through this server are visible at once).
    """
    views = LiveViews(app, freshness=freshness)
    api = Api(app, views, tokens or TokenStore(app), max_body=max_body)
    pages = PublicPages(views)
    workspace = Workspace(app, views, AccountStore(app))
    document = openapi_document(max_body=max_body)
    document_bytes = json.dumps(document, ensure_ascii=False).encode()
    docs_html = environment().get_template("docs.html").render(doc=document)

    async def openapi(_request: Request) -> Response:
        return Response(document_bytes, media_type="application/json")

    async def docs(_request: Request) -> Response:
        return HTMLResponse(docs_html)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "http.not_found", 405: "http.method_not_allowed"}.get(
            exc.status_code, "http.error"
        )
        error = ApiError(exc.status_code, code, dict(exc.headers or {}))
        return error_response(error, lang_of(request))

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(
            ApiError(500, "server.error").to_dict(lang_of(request)), status_code=500
        )

    starlette = Starlette(
        routes=[
            *api.routes(),
            *pages.routes(),
            *workspace.routes(),
            Route("/openapi.json", openapi, methods=["GET"]),
            Route("/docs", docs, methods=["GET"]),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        middleware=[Middleware(SecurityHeaders)],
        lifespan=_lifespan(views),
    )
    starlette.state.nghedan = app
    starlette.state.views = views
    starlette.state.api = api
    starlette.state.workspace = workspace
    return starlette


def _lifespan(views: LiveViews) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """On shutdown, write the views caught up since they were last written."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        views.runner.flush()

    return lifespan
