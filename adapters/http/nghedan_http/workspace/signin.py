"""Signed-in sessions of the workspace: a random id in a cookie, a CSRF token per session.

The server keeps each session (in this process's memory: signing in again after a restart
is the price of keeping no session secrets on disk). The cookie ``nghedan_phien`` holds only
the session's random id (256 bits): HttpOnly, SameSite=Strict, ``Secure`` when the request
came over HTTPS, path ``/``. A visitor who is not signed in gets a session too — it carries
the CSRF token of the sign-in form — and signing in **replaces it with a new id** (the old
one stops working: no session fixation). Every POST must carry the session's CSRF token in
the form field ``csrf`` (checked in constant time). A session ends at sign-out, after
`IDLE` without a request, or when its official no longer holds the account
(`AccountStore.holds`).
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from typing import Final
from uuid import UUID

import attrs
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["COOKIE", "IDLE", "SignIns", "WebSession"]

COOKIE: Final = "nghedan_phien"
#: a session unused this long is ended
IDLE: Final = timedelta(hours=8)


@attrs.define
class WebSession:
    """One browser's session: its CSRF token, and the official once signed in."""

    sid: str
    csrf: str
    last_seen: float
    login: str | None = None
    official: UUID | None = None
    #: a one-line notice shown once on the next page ("Đã ghi: …")
    notice: str | None = None


class SignIns:
    """The sessions of one server process."""

    def __init__(self) -> None:
        """No session yet."""
        self._sessions: dict[str, WebSession] = {}

    def _new(self) -> WebSession:
        session = WebSession(
            sid=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), last_seen=time.time()
        )
        self._sessions[session.sid] = session
        return session

    def find(self, request: Request) -> WebSession | None:
        """The request's live session, if its cookie names one."""
        sid = request.cookies.get(COOKIE)
        session = self._sessions.get(sid) if sid else None
        if session is None:
            return None
        now = time.time()
        if now - session.last_seen > IDLE.total_seconds():
            self._sessions.pop(session.sid, None)
            return None
        session.last_seen = now
        return session

    def visitor(self, request: Request) -> tuple[WebSession, bool]:
        """The request's session, or a new one (True: its cookie must be set)."""
        found = self.find(request)
        return (found, False) if found is not None else (self._new(), True)

    def sign_in(self, old: WebSession, login: str, official: UUID) -> WebSession:
        """A new session for `official`; the visitor's session `old` is ended."""
        self._sessions.pop(old.sid, None)
        session = self._new()
        session.login, session.official = login, official
        return session

    def end(self, session: WebSession) -> None:
        """End `session` (sign-out)."""
        self._sessions.pop(session.sid, None)

    @staticmethod
    def csrf_ok(session: WebSession | None, sent: object) -> bool:
        """Whether a form's CSRF token is `session`'s."""
        return (
            session is not None
            and isinstance(sent, str)
            and secrets.compare_digest(session.csrf.encode(), sent.encode())
        )

    @staticmethod
    def set_cookie(response: Response, request: Request, session: WebSession) -> None:
        """Send `session`'s cookie (Secure over HTTPS)."""
        response.set_cookie(
            COOKIE,
            session.sid,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )

    @staticmethod
    def clear_cookie(response: Response, request: Request) -> None:
        """Remove the session cookie."""
        response.delete_cookie(
            COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
