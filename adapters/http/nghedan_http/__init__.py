"""nghedan_http — the HTTP API and the public disclosure page of nghedan.

    from nghedan_core import NgheDan
    from nghedan_http import create_app
    asgi = create_app(NgheDan("sqlite:///nghedan.db"))

Serve it with ``nghedan serve`` (uvicorn). Commands are POSTed to
``/api/v1/commands/{CommandName}``, views are read with GET under ``/api/v1``, the OpenAPI
document is at ``/openapi.json`` (browsable at ``/docs``), the public board at ``/``.
"""

from __future__ import annotations

from nghedan_http.app import DEFAULT_MAX_BODY, create_app
from nghedan_http.auth import Principal, Role, TokenStore

__all__ = ["DEFAULT_MAX_BODY", "Principal", "Role", "TokenStore", "create_app"]
