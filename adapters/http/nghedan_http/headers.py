"""Security headers on every response: CSP, nosniff, referrer policy, caching.

Every response says ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``
and carries a Content-Security-Policy that lets nothing load from elsewhere and no page be
framed (``frame-ancestors 'none'``). The pages' own inline ``<style>`` and ``<script>``
blocks are allowed by their SHA-256 hashes, computed from the body being sent, so an
injected block would not run. Only the public pages (``/``, ``/cong-khai/…``, ``/docs``,
``/openapi.json``), asked for without a credential, may be cached; everything else is sent
with ``Cache-Control: no-store``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["PUBLIC_PATHS", "SecurityHeaders", "content_security_policy"]

#: paths (exact, or a prefix ending in "/") whose successful GETs are public and cacheable
PUBLIC_PATHS: Final = ("/", "/cong-khai/", "/docs", "/openapi.json")

_INLINE: Final = re.compile(
    rb"<(style|script)(?:\s[^>]*)?>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE
)

_SCRIPT_FILE: Final = re.compile(rb"<script\s[^>]*\bsrc=", re.IGNORECASE)

_BASE_POLICY: Final = (
    "default-src 'none'",
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)


def _hash(block: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode() + "'"


def content_security_policy(html: bytes | None = None) -> str:
    """The policy for a response: for HTML, its inline style and script blocks by hash."""
    styles: list[str] = []
    scripts: list[str] = []
    for tag, block in _INLINE.findall(html or b""):
        (styles if tag.lower() == b"style" else scripts).append(_hash(block))
    directives = list(_BASE_POLICY)
    # the scripts of the page itself call this server (the /docs page's "try it" forms);
    # a page that loads a script file loads it from this server only (the vendored htmx)
    own = [b"'self'"] if _SCRIPT_FILE.search(html or b"") else []
    if scripts or own:
        sources = [s.decode() for s in own] + list(dict.fromkeys(scripts))
        directives.append("script-src " + " ".join(sources))
        directives.append("connect-src 'self'")
    if styles:
        directives.append("style-src " + " ".join(dict.fromkeys(styles)))
    return "; ".join(directives)


def _public(scope: Scope) -> bool:
    if scope.get("method") not in {"GET", "HEAD"}:
        return False
    if any(name == b"authorization" for name, _ in scope.get("headers", ())):
        return False
    path: str = scope.get("path", "")
    return any(
        path == p or (p.endswith("/") and p != "/" and path.startswith(p)) for p in PUBLIC_PATHS
    )


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send `app`'s response with the headers added (HTML bodies are read for hashes)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        public = _public(scope)
        start: Message | None = None
        body: list[bytes] = []

        async def sending(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", ()))
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if not html:
                    await send(_with_headers(message, None, public=public))
                    return
                start = message  # held until the whole body is known
                return
            if start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            whole = b"".join(body)
            await send(_with_headers(start, whole, public=public))
            await send({"type": "http.response.body", "body": whole})

        await self.app(scope, receive, sending)


def _with_headers(start: Message, html: bytes | None, *, public: bool) -> Message:
    status = int(start.get("status", 200))
    headers = [
        (name, value)
        for name, value in start.get("headers", ())
        if name.lower()
        not in {b"content-security-policy", b"x-content-type-options", b"referrer-policy"}
    ]
    headers.append((b"content-security-policy", content_security_policy(html).encode()))
    headers.append((b"x-content-type-options", b"nosniff"))
    headers.append((b"referrer-policy", b"no-referrer"))
    if not (public and status == 200):
        headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
        headers.append((b"cache-control", b"no-store"))
    return {**start, "headers": headers}
