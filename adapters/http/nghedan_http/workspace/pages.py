"""The officials' workspace: Vietnamese pages where the month's work is recorded.

Each page reads the core's one read side (`nghedan_core.queries.Queries`) and offers the
forms of the commands the signed-in official's role may send there (`nghedan_core.authority`,
ADR 0015). A form posts back to its page; the page reads it into a command
(`forms.read_form`), asks the core's authority policy, and hands it to `act`; success
redirects (303) to the page with a notice, a refusal renders the page again (422, or 403
for authority) with the core's message beside the field it names — nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Final
from uuid import UUID, uuid4

import attrs
import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from nghedan_cli.naming import recorded_line, store_names
from nghedan_core import (
    ActorError,
    Command,
    DomainError,
    FundNotOpenedError,
    Month,
    NgheDan,
    NotFoundError,
    Recorded,
    SessionLevel,
    session_id,
)
from nghedan_core.aggregates import complaint as c_
from nghedan_core.aggregates import fund as f_
from nghedan_core.aggregates import household as h_
from nghedan_core.aggregates import session as s_
from nghedan_core.aggregates import visit as v_
from nghedan_core.aggregates import volunteer as vw_
from nghedan_core.authority import grant_of
from nghedan_core.messages import event_words, format_date, format_moment, money_in_words, word
from nghedan_core.projections import ComplaintStatus, HouseholdRecord
from nghedan_core.values import (
    ContributionSource,
    OfficialRole,
    SupervisorKind,
    Vnd,
    business_date,
)
from nghedan_http.access import ACTING_FIELDS
from nghedan_http.auth import ROLE_LABELS_VI, Role
from nghedan_http.public import environment
from nghedan_http.throttle import FailedAuthentications
from nghedan_http.views import LiveViews
from nghedan_http.workspace.accounts import Account, AccountStore
from nghedan_http.workspace.forms import Choices, FormSpec, errors_of, form_view, read_form
from nghedan_http.workspace.signin import SignIns, WebSession

__all__ = ["Workspace", "act"]

STATIC: Final = Path(__file__).resolve().parent.parent / "static"
_MINUTE: Final = timedelta(minutes=1)
_MONTH: Final = re.compile(r"^(\d{4})-(\d{2})$")
#: fields naming who does the act: the signed-in official, never chosen on the form
_SELF_FIELDS: Final = {
    **ACTING_FIELDS,
    "AnswerOnSpot": "answered_by",
    "AnswerComplaint": "answered_by",
    "ResolveComplaint": "resolved_by",
    "InspectSession": "inspector_id",
    "AssessHousehold": "assessed_by",
}


def act(app: NgheDan, official_id: UUID, command: Command) -> tuple[Recorded, ...]:
    """Carry out `command` as the signed-in official `official_id`: every write of the pages.

    The core checks the actor against the authority table (ADR 0018) and records them on
    every event.
    """
    return app.handle(command, actor=official_id)


@attrs.frozen
class Who:
    """The signed-in official."""

    session: WebSession
    account: Account
    name: str

    @property
    def official(self) -> UUID:
        """The official's id."""
        return self.account.official

    @property
    def unit(self) -> str:
        """The official's unit."""
        return self.account.unit

    @property
    def role(self) -> Role:
        """The official's role (as for a token: leader, supervisor, clerk, then MTTQ)."""
        return self.account.role

    def may(self, cls: type[Command], *, supervisory: bool = False) -> bool:
        """Whether the official's role may send `cls` at all (the core's authority table)."""
        allowed = grant_of(cls).allowed(supervisory_level=supervisory)
        return OfficialRole(self.role.value) in allowed


@attrs.frozen
class Page:
    """A page to draw: its template, what it shows, the forms it offers."""

    template: str
    title: str
    context: Mapping[str, Any]
    forms: Sequence[FormSpec] = ()
    choices: Choices = Choices()


Build = Callable[[Who], Page]


def _offerer(who: Who, forms: list[FormSpec], here: Mapping[str, object]) -> Callable[..., None]:
    """``offer(cls, title, key=, button=, proposed=, **fixed)``: add a form the role may send.

    What the page knows (`here`, `fixed`) and who acts (the signed-in official) are fixed on
    the server.
    """

    def offer(
        cls: type[Command],
        title: str,
        key: str | None = None,
        button: str = "Ghi",
        proposed: Mapping[str, object] | None = None,
        **fixed: Any,
    ) -> None:
        if not who.may(cls):
            return
        field = _SELF_FIELDS.get(cls.__name__)
        if field is not None:
            fixed[field] = (who.official,) if field == "approvers" else who.official
        forms.append(
            FormSpec(
                key=key or cls.__name__,
                cls=cls,
                fixed={**here, **fixed},
                title=title,
                button=button,
                proposed=proposed or {},
            )
        )

    return offer


class _RefusedError(Exception):
    def __init__(self, status: int, errors: dict[str, list[str]]) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors


class Workspace:
    """The workspace's routes, bound to one application, its views and its accounts."""

    def __init__(
        self,
        app: NgheDan,
        views: LiveViews,
        accounts: AccountStore | None = None,
        failures: FailedAuthentications | None = None,
    ) -> None:
        """Serve `app`'s workspace (`failures`: failed sign-ins per client and per login)."""
        self.app = app
        self.views = views
        self.accounts = accounts or AccountStore(app)
        self.sign_ins = SignIns()
        self.failures = failures or FailedAuthentications()
        self.env: jinja2.Environment = environment()
        self.env.filters["moment"] = lambda m: format_moment(m) if m else ""
        self.env.filters["dmy"] = lambda d: format_date(d) if d else ""
        self.env.filters["word"] = lambda v, group=None: word(v, "vi", group) if v else ""
        self.env.filters["in_words"] = money_in_words

    # --- rendering ----------------------------------------------------------------------

    def _html(
        self,
        request: Request,
        session: WebSession,
        template: str,
        status: int = 200,
        *,
        new_cookie: bool = False,
        **context: Any,
    ) -> HTMLResponse:
        today = business_date(self.app.clock())
        defaults = {"notice": None, "who": None, "role_label": "", "title": ""}
        html = self.env.get_template(template).render(
            csrf=session.csrf,
            this_month=f"{today.year:04d}-{today.month:02d}",
            **{**defaults, **context},
        )
        response = HTMLResponse(html, status_code=status, headers={"Content-Language": "vi"})
        if new_cookie:
            self.sign_ins.set_cookie(response, request, session)
        return response

    def _refused_page(self, request: Request, message: str, status: int) -> HTMLResponse:
        session, new = self.sign_ins.visitor(request)
        return self._html(
            request, session, "workspace/refused.html", status, new_cookie=new, message=message
        )

    # --- signing in ---------------------------------------------------------------------

    def who(self, request: Request) -> Who | None:
        """The signed-in official of the request, if still holding the account."""
        session = self.sign_ins.find(request)
        if session is None or session.login is None:
            return None
        account = self.accounts.get(session.login)
        if account is None or not self.accounts.holds(account):
            self.sign_ins.end(session)
            return None
        names = store_names(self.app)
        return Who(session=session, account=account, name=names(str(account.official)) or "")

    async def sign_in_page(self, request: Request) -> Response:
        """``GET /dang-nhap``: the sign-in form."""
        session, new = self.sign_ins.visitor(request)
        return self._html(request, session, "workspace/sign_in.html", new_cookie=new, error=None)

    async def sign_in(self, request: Request) -> Response:
        """``POST /dang-nhap``: check the password; a new session on success."""
        form = await request.form()
        session = self.sign_ins.find(request)
        if not self.sign_ins.csrf_ok(session, form.get("csrf")) or session is None:
            return self._refused_page(request, _CSRF_MESSAGE, 403)
        login = str(form.get("login", "")).strip()
        password = str(form.get("password", ""))
        client = request.client.host if request.client else "-"
        keys = (f"client:{client}", f"login:{login}")
        if not all(self.failures.allowed(k) for k in keys):
            wait = max(self.failures.retry_after(k) for k in keys)
            error = f"Đăng nhập sai quá nhiều lần; hãy thử lại sau {wait} giây."
            return self._html(request, session, "workspace/sign_in.html", 429, error=error)
        account = await run_in_threadpool(self.accounts.sign_in, login, password)
        if account is None:
            for k in keys:
                self.failures.failed(k)
            error = (
                "Tên đăng nhập hoặc mật khẩu không đúng, hoặc cán bộ không còn đương nhiệm"
                " tại đơn vị của tài khoản."
            )
            return self._html(request, session, "workspace/sign_in.html", 401, error=error)
        fresh = self.sign_ins.sign_in(session, account.login, account.official)
        target = "/lam-viec/doi-mat-khau" if account.must_change else "/lam-viec"
        response = RedirectResponse(target, status_code=303)
        self.sign_ins.set_cookie(response, request, fresh)
        return response

    async def sign_out(self, request: Request) -> Response:
        """``POST /dang-xuat``: end the session."""
        form = await request.form()
        session = self.sign_ins.find(request)
        if not self.sign_ins.csrf_ok(session, form.get("csrf")) or session is None:
            return self._refused_page(request, _CSRF_MESSAGE, 403)
        self.sign_ins.end(session)
        response = RedirectResponse("/dang-nhap", status_code=303)
        self.sign_ins.clear_cookie(response, request)
        return response

    async def password(self, request: Request) -> Response:
        """``GET|POST /lam-viec/doi-mat-khau``: replace the password (the first one must go)."""
        who = self.who(request)
        if who is None:
            return RedirectResponse("/dang-nhap", status_code=303)
        error = None
        if request.method == "POST":
            form = await request.form()
            if not self.sign_ins.csrf_ok(who.session, form.get("csrf")):
                return self._refused_page(request, _CSRF_MESSAGE, 403)
            new, again = str(form.get("new", "")), str(form.get("again", ""))
            current = str(form.get("current", ""))
            checked = await run_in_threadpool(self.accounts.sign_in, who.account.login, current)
            if checked is None:
                error = "Mật khẩu hiện tại không đúng."
            elif len(new) < 12:
                error = "Mật khẩu mới cần ít nhất 12 ký tự."
            elif new != again:
                error = "Hai lần nhập mật khẩu mới không giống nhau."
            else:
                await run_in_threadpool(self.accounts.change_password, who.account.login, new)
                who.session.notice = "Đã đổi mật khẩu."
                return RedirectResponse("/lam-viec", status_code=303)
        return self._html(
            request,
            who.session,
            "workspace/password.html",
            200 if error is None else 422,
            who=who,
            role_label=ROLE_LABELS_VI[who.role],
            error=error,
            title="Đổi mật khẩu",
            notice=None,
        )

    # --- pages with forms ---------------------------------------------------------------

    async def _page(self, request: Request, build: Build) -> Response:
        """Draw a page (GET) or carry out one of its forms (POST)."""
        who = self.who(request)
        if who is None:
            if request.method == "POST":
                return self._refused_page(request, _SIGNED_OUT_MESSAGE, 403)
            return RedirectResponse("/dang-nhap", status_code=303)
        if who.account.must_change:
            return RedirectResponse("/lam-viec/doi-mat-khau", status_code=303)
        try:
            page = await run_in_threadpool(build, who)
        except DomainError as e:
            return self._refused_page(request, e.message("vi", store_names(self.app)), 404)
        failed: tuple[str, dict[str, list[str]], Mapping[str, Sequence[str]]] | None = None
        status = 200
        if request.method == "POST":
            form = await request.form()
            if not self.sign_ins.csrf_ok(who.session, form.get("csrf")):
                return self._refused_page(request, _CSRF_MESSAGE, 403)
            key = str(form.get("form", ""))
            spec = next((s for s in page.forms if s.key == key), None)
            if spec is None:
                return self._refused_page(request, _NO_FORM_MESSAGE, 403)
            submitted = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}
            try:
                recorded = await run_in_threadpool(self._carry_out, who, spec, submitted)
            except _RefusedError as refused:
                failed, status = (key, refused.errors, submitted), refused.status
            else:
                names = store_names(self.app)
                lines = [recorded_line(self.app, r, "vi", names) for r in recorded]
                who.session.notice = " ".join(lines) or "Không có gì mới để ghi."
                return RedirectResponse(request.url.path, status_code=303)
        forms = [
            form_view(
                spec,
                page.choices,
                submitted=failed[2] if failed and failed[0] == spec.key else None,
                errors=failed[1] if failed and failed[0] == spec.key else None,
            )
            for spec in page.forms
        ]
        notice, who.session.notice = who.session.notice, None
        return self._html(
            request,
            who.session,
            page.template,
            status,
            who=who,
            role_label=ROLE_LABELS_VI[who.role],
            title=page.title,
            forms={f.key: f for f in forms},
            notice=notice,
            failed=failed[0] if failed else None,
            **page.context,
        )

    def _carry_out(
        self, who: Who, spec: FormSpec, submitted: Mapping[str, Sequence[str]]
    ) -> tuple[Recorded, ...]:
        names = store_names(self.app)
        try:
            command = read_form(spec, submitted)
        except DomainError as e:
            raise _RefusedError(422, errors_of(e, names)) from None
        try:
            return act(self.app, who.official, command)
        except ActorError as e:  # the core's authority: not this official's act (ADR 0018)
            raise _RefusedError(403, {"": [e.message("vi", names)]}) from None
        except DomainError as e:
            raise _RefusedError(422, errors_of(e, names)) from None
        finally:
            self.views.mark_stale()

    def _households(self, unit: str) -> tuple[HouseholdRecord, ...]:
        """The unit's households, heads' names revealed (staff pages), without their history."""
        records = self.views.queries.households((unit,)).households.values()
        return self.app.reveal(
            tuple(
                attrs.evolve(h, assessments=(), selections=(), supports=(), circumstances=None)
                for h in records
            )
        )

    def _choices(self, unit: str, households: Sequence[HouseholdRecord]) -> Choices:
        q = self.views.queries
        officials = tuple(
            (o.official_id, f"{o.full_name} — {o.position}") for o in q.officials(unit)
        )
        names = {u.code: u.name for u in q.hamlets(unit)}
        chosen = tuple(
            (h.household_id, f"{h.head} ({names.get(h.hamlet, '') if h.hamlet else ''})")
            for h in households
            if h.deregistration is None
        )
        hamlets = tuple((u.code, u.name) for u in q.hamlets(unit))
        return Choices(officials=officials, households=chosen, hamlets=hamlets)

    # --- the pages ----------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        """``/lam-viec``: the official's unit, this month's session and the way to each page."""

        def build(who: Who) -> Page:
            today = business_date(self.app.clock())
            unit = self.views.queries.unit(who.unit)
            return Page(
                "workspace/home.html",
                "Trang làm việc",
                {"unit": unit, "month": f"{today.year:04d}-{today.month:02d}"},
            )

        return await self._page(request, build)

    async def session_page(self, request: Request) -> Response:
        """``/lam-viec/buoi/{YYYY-MM}``: the month's session, as the day runs."""
        month = _month(request.path_params["month"])
        if month is None:
            return self._refused_page(request, "Tháng không hợp lệ (YYYY-MM).", 404)
        return await self._page(request, lambda who: self._session(who, month))

    def _session(self, who: Who, month: Month) -> Page:
        q = self.views.queries
        supervisory = who.role is Role.SUPERVISOR
        level = SessionLevel.SUPERVISORY if supervisory else SessionLevel.COMMUNE
        sid = session_id(who.unit, month, level)
        dossier = self.app.reveal(q.dossier(str(sid)))
        here = {"unit": who.unit, "month": month, "level": level}
        forms: list[FormSpec] = []

        def offer(cls: type[Command], key: str | None = None, **kw: Any) -> None:
            if not who.may(cls, supervisory=supervisory):
                return
            fixed = {**here, **kw.pop("fixed", {})}
            field = _SELF_FIELDS.get(cls.__name__)
            if field is not None:
                fixed[field] = (who.official,) if field == "approvers" else who.official
            forms.append(FormSpec(key=key or cls.__name__, cls=cls, fixed=fixed, **kw))

        status = None
        if not dossier.scheduled:
            day, hamlet = q.proposed_schedule(who.unit, month)
            offer(
                s_.ScheduleSession,
                proposed={"date": day, "reception_hamlet": hamlet},
                title="Lên lịch buổi tiếp dân",
            )
        else:
            status = (
                "closed" if dossier.closing else "cancelled" if dossier.cancellation else "open"
            )
        if status == "open":
            offer(s_.HoldFlagCeremony, title="Lễ chào cờ")
            if not supervisory and q.balance(who.unit) is not None:
                offer(
                    f_.ReceiveContribution,
                    fixed={"source": ContributionSource.FLAG_CEREMONY, "pledge_id": None},
                )
            offer(s_.ReviewMonth, title="Sơ kết tháng, trọng tâm tháng tới")
            offer(s_.HearProposal, title="Ý kiến đề xuất")
            offer(s_.CommendOfficial, title="Biểu dương cán bộ")
            offer(s_.RemindOfficial, title="Nhắc nhở cán bộ")
            offer(
                s_.HoldReception,
                proposed={"hamlet": dossier.reception_hamlet},
                title="Tiếp dân tại ấp",
            )
            offer(c_.RaiseComplaint, title="Ghi ý kiến của người dân")
            for entry in dossier.complaints:
                if entry.outcome == "open":
                    cid = UUID(entry.complaint_id)
                    offer(
                        c_.AnswerOnSpot,
                        key=f"AnswerOnSpot:{cid}",
                        fixed={"complaint_id": cid},
                        title="Trả lời tại chỗ",
                    )
                    offer(
                        c_.TakeOnRecord,
                        key=f"TakeOnRecord:{cid}",
                        fixed={"complaint_id": cid},
                        title="Tiếp thu, hẹn trả lời",
                    )
            offer(v_.PlanVisit, title="Lên kế hoạch thăm hỏi")
            for visit in dossier.visits:
                if visit.status == "planned":
                    offer(
                        v_.ConductVisit,
                        key=f"ConductVisit:{visit.visit_id}",
                        fixed={
                            "visit_id": UUID(visit.visit_id),
                            "approvers": (who.official,) if who.role is Role.LEADER else (),
                        },
                        title="Ghi kết quả thăm hỏi",
                    )
            offer(s_.CloseSession, title="Kết thúc buổi, biên bản")
            offer(s_.RescheduleSession, title="Dời ngày")
            offer(s_.CancelSession, title="Huỷ buổi")
        households = self._households(who.unit)
        ceremony = (
            q.ceremony_contributions(who.unit, dossier.date)
            if dossier.date is not None and q.balance(who.unit) is not None
            else None
        )
        return Page(
            "workspace/session.html",
            f"Buổi tiếp dân tháng {month.month:02d}/{month.year}",
            {
                "dossier": dossier,
                "ceremony": ceremony,
                "month": month,
                "state": status,
                "quota": self.app.config.monthly_quota,
                "hamlet_names": {u.code: u.name for u in q.hamlets(who.unit)},
                "household_names": {h.household_id: h.head for h in households},
                "previous": _shift(month, -1),
                "next": _shift(month, 1),
            },
            forms,
            self._choices(who.unit, households),
        )

    async def board_page(self, request: Request) -> Response:
        """``/lam-viec/y-kien``: the complaint board of the official's unit."""
        text = request.query_params.get("trang-thai") or None
        try:
            status = None if text is None else ComplaintStatus(text)
        except ValueError:
            return self._refused_page(request, "Trạng thái không hợp lệ.", 404)

        def build(who: Who) -> Page:
            q = self.views.queries
            board = self.app.reveal(q.board((who.unit,), status=status))
            return Page(
                "workspace/board.html",
                "Ý kiến, kiến nghị của người dân",
                {
                    "board": board,
                    "hamlet_names": {u.code: u.name for u in q.hamlets(who.unit)},
                    "statuses": [s.value for s in ComplaintStatus],
                    "chosen": None if status is None else status.value,
                    "counts": [(s.value, getattr(board.totals, s.value)) for s in ComplaintStatus],
                },
            )

        return await self._page(request, build)

    async def complaint_page(self, request: Request) -> Response:
        """``/lam-viec/y-kien/{id}``: one complaint, its history and the forms that move it."""
        try:
            cid = UUID(request.path_params["complaint_id"])
        except ValueError:
            return self._refused_page(request, "Không có ý kiến này.", 404)
        return await self._page(request, lambda who: self._complaint(who, cid))

    def _complaint(self, who: Who, cid: UUID) -> Page:
        q = self.views.queries
        board = self.app.reveal(q.board((who.unit,)))
        entry = next((e for e in board.entries if e.complaint_id == str(cid)), None)
        if entry is None:
            raise NotFoundError(kind="complaint", key=str(cid))
        history = q.complaint_history(cid)
        forms: list[FormSpec] = []

        def offer(cls: type[Command], title: str, **fixed: Any) -> None:
            if not who.may(cls):
                return
            field = _SELF_FIELDS.get(cls.__name__)
            if field is not None:
                fixed[field] = who.official
            forms.append(
                FormSpec(
                    key=cls.__name__, cls=cls, fixed={"complaint_id": cid, **fixed}, title=title
                )
            )

        if entry.outcome == "open":
            offer(c_.AnswerOnSpot, "Trả lời tại chỗ")
            offer(c_.TakeOnRecord, "Tiếp thu, hẹn trả lời")
        if entry.status.value in {"open", "due", "overdue"}:
            offer(c_.AnswerComplaint, "Trả lời ý kiến")
            offer(c_.ReferComplaint, "Chuyển cơ quan có thẩm quyền")
            offer(c_.RescheduleAppointment, "Dời lịch hẹn")
            offer(c_.WithdrawComplaint, "Người dân rút ý kiến")
        if entry.status.value == "answered":
            offer(c_.ResolveComplaint, "Kết thúc giải quyết")
            offer(c_.RecordCitizenFeedback, "Ý kiến phản hồi của người dân")
        if entry.status.value in {"answered", "resolved"}:
            offer(c_.ReopenComplaint, "Mở lại ý kiến")
        official = self.app.official_info(who.official)
        roles = official.roles if official is not None else frozenset()
        by = SupervisorKind.MTTQ if "mttq" in roles else SupervisorKind.PEOPLES_INSPECTORATE
        offer(c_.NoteSupervision, "Ghi nhận giám sát", by=by)
        events = [
            {"what": event_words(type(e), "vi").capitalize(), "at": e.occurred_at, "event": e}
            for e in history
        ]
        return Page(
            "workspace/complaint.html",
            "Ý kiến của người dân",
            {"entry": entry, "events": events, "content": _content(history)},
            forms,
            self._choices(who.unit, self._households(who.unit)),
        )

    async def fund_page(self, request: Request) -> Response:
        """``/lam-viec/quy``: receipts, payment requests and this leader's approval queue."""
        return await self._page(request, self._fund)

    def _fund(self, who: Who) -> Page:
        q = self.views.queries
        unit = who.unit
        try:
            ledger = self.app.reveal(q.ledger(unit))
        except FundNotOpenedError:
            ledger = None
        forms: list[FormSpec] = []
        offer = _offerer(who, forms, {"unit": unit})
        requests = q.payment_requests(unit) if ledger is not None else ()
        pledges = q.pledges(unit) if ledger is not None else ()
        payments = q.reversible_payments(unit) if ledger is not None else ()
        queue = []
        if ledger is None:
            offer(f_.OpenFund, "Mở quỹ hỗ trợ")
        else:
            offer(f_.ReceiveContribution, "Ghi khoản thu (phiếu thu)", pledge_id=None)
            offer(f_.PledgeContribution, "Ghi khoản đăng ký đóng góp")
            for p in pledges:
                if p.remaining_vnd:
                    pid = UUID(p.pledge_id)
                    offer(
                        f_.ReceiveContribution,
                        "Thu tiền theo đăng ký này (phiếu thu)",
                        key=f"ReceiveContribution:{pid}",
                        proposed={"amount": Vnd(p.remaining_vnd), "donor": p.donor},
                        pledge_id=pid,
                        source=ContributionSource(p.source),
                    )
                    offer(
                        f_.CancelPledge,
                        "Huỷ đăng ký này",
                        key=f"CancelPledge:{pid}",
                        button="Huỷ đăng ký",
                        pledge_id=pid,
                    )
            for line in payments:
                offer(
                    f_.ReverseDisbursement,
                    "Hoàn lại khoản chi này (bút toán đảo)",
                    key=f"ReverseDisbursement:{line.reference}",
                    button="Hoàn lại",
                    disbursement_id=UUID(line.reference),
                )
            offer(f_.RequestPayment, "Đề nghị chi")
            for r in requests:
                mine = str(who.official) in r.approvals
                acts: tuple[tuple[type[Command], str], ...] = ((f_.RejectPayment, "Không duyệt"),)
                if not mine:
                    acts = ((f_.ApprovePayment, "Duyệt"), *acts)
                for cls, button in acts:
                    offer(
                        cls,
                        f"{button} khoản này",
                        key=f"{cls.__name__}:{r.disbursement_id}",
                        button=button,
                        disbursement_id=UUID(r.disbursement_id),
                    )
                queue.append({"request": r, "approved_by_me": mine})
            offer(f_.PublishDisclosure, "Công khai thu chi một kỳ")
        names = store_names(self.app)
        households = self._households(unit)
        return Page(
            "workspace/fund.html",
            "Quỹ hỗ trợ",
            {
                "ledger": ledger,
                "unit": unit,
                "queue": queue,
                "pledges": pledges,
                "payments": payments,
                "names": {r.requested_by: names(r.requested_by) for r in requests}
                | {a: names(a) for r in requests for a in r.approvals},
                "household_names": {h.household_id: h.head for h in households},
            },
            forms,
            self._choices(unit, households),
        )

    async def receipt_page(self, request: Request) -> Response:
        """``/lam-viec/quy/phieu-thu/{id}``: one receipt, ready to print (phiếu thu)."""
        try:
            rid = UUID(request.path_params["receipt_id"])
        except ValueError:
            return self._refused_page(request, "Không có phiếu thu này.", 404)

        def build(who: Who) -> Page:
            q = self.views.queries
            found = q.receipt(who.unit, rid)
            if found is None:
                raise NotFoundError(kind="receipt", key=str(rid))
            return Page(
                "workspace/receipt.html",
                f"Phiếu thu số {found.number}",
                {"receipt": self.app.reveal(found), "unit": q.unit(who.unit)},
            )

        return await self._page(request, build)

    async def registry_page(self, request: Request) -> Response:
        """``/lam-viec/ho-gia-dinh``: the unit's households by name; registering one."""

        def build(who: Who) -> Page:
            q = self.views.queries
            households = self._households(who.unit)
            forms: list[FormSpec] = []
            offer = _offerer(who, forms, {"unit": who.unit})
            offer(h_.RegisterHousehold, "Đăng ký hộ vào danh sách", household_id=uuid4())
            return Page(
                "workspace/registry.html",
                "Danh sách hộ gia đình khó khăn",
                {
                    "households": sorted(households, key=lambda h: _name_key(h.head)),
                    "hamlet_names": {u.code: u.name for u in q.hamlets(who.unit)},
                    "month": _this_month(self.app),
                },
                forms,
                self._choices(who.unit, households),
            )

        return await self._page(request, build)

    async def household_page(self, request: Request) -> Response:
        """``/lam-viec/ho-gia-dinh/{id}``: one household: assessing it, planning its visit."""
        try:
            hid = UUID(request.path_params["household_id"])
        except ValueError:
            return self._refused_page(request, "Không có hộ này.", 404)
        return await self._page(request, lambda who: self._household(who, hid))

    def _household(self, who: Who, hid: UUID) -> Page:
        q = self.views.queries
        found = q.household(hid)
        if found is None or found.unit != who.unit:
            raise NotFoundError(kind="household", key=str(hid))
        record = self.app.reveal(found)
        month = _this_month(self.app)
        dossier = q.session_dossier(who.unit, month)
        visits = q.household_visits(who.unit, month, hid)
        forms: list[FormSpec] = []
        offer = _offerer(who, forms, {"household_id": hid})
        if record.deregistration is None:
            offer(h_.AssessHousehold, "Đánh giá mức độ khó khăn")
            session_open = dossier.scheduled and not (dossier.closing or dossier.cancellation)
            if session_open:
                offer(
                    v_.PlanVisit,
                    f"Lên kế hoạch thăm hỏi tại buổi tháng {month.month:02d}/{month.year}",
                    unit=who.unit,
                    month=month,
                    level=SessionLevel.COMMUNE,
                )
            for visit in visits:
                if visit.status == "planned" and session_open:
                    vid = UUID(visit.visit_id)
                    offer(
                        v_.ConductVisit,
                        "Ghi kết quả thăm hỏi",
                        key=f"ConductVisit:{vid}",
                        visit_id=vid,
                        approvers=(who.official,) if who.role is Role.LEADER else (),
                    )
                    offer(
                        v_.CancelVisit,
                        "Huỷ chuyến thăm",
                        key=f"CancelVisit:{vid}",
                        button="Huỷ",
                        visit_id=vid,
                    )
            offer(h_.DeregisterHousehold, "Đưa hộ ra khỏi danh sách", button="Đưa ra")
        names = store_names(self.app)
        households = self._households(who.unit)
        return Page(
            "workspace/household.html",
            f"Hộ {record.head}",
            {
                "h": record,
                "hamlet_names": {u.code: u.name for u in q.hamlets(who.unit)},
                "visits": visits,
                "month": month,
                "official_names": {
                    o: names(o)
                    for o in {a.assessed_by for a in record.assessments}
                    | {t for v in visits for t in v.team}
                },
            },
            forms,
            self._choices(who.unit, households),
        )

    async def volunteer_page(self, request: Request) -> Response:
        """``/lam-viec/tinh-nguyen``: volunteer work, the notice rule shown before it bites."""
        return await self._page(request, self._volunteer)

    def _volunteer(self, who: Who) -> Page:
        q = self.views.queries
        now = self.app.clock()
        works = q.volunteer_works(who.unit)
        forms: list[FormSpec] = []
        offer = _offerer(who, forms, {"unit": who.unit})
        earliest = q.earliest_volunteer_start(now)
        offer(
            vw_.PlanVolunteerWork,
            "Lên kế hoạch hoạt động tình nguyện",
            # the form takes whole minutes: the next one at or after the earliest start
            proposed={"starts_at": (earliest + _MINUTE).replace(second=0, microsecond=0)},
        )
        rows = []
        for work in works:
            wid = UUID(work.work_id)
            deadline = q.notice_deadline(work.starts_at)
            if work.status == "planned":
                offer(
                    vw_.NotifyVolunteers,
                    "Thông báo cho tình nguyện viên",
                    key=f"NotifyVolunteers:{wid}",
                    work_id=wid,
                )
            if work.status == "notified":
                offer(
                    vw_.CompleteVolunteerWork,
                    "Ghi kết quả",
                    key=f"CompleteVolunteerWork:{wid}",
                    work_id=wid,
                )
            if work.status in {"planned", "notified"}:
                offer(
                    vw_.CancelVolunteerWork,
                    "Huỷ hoạt động",
                    key=f"CancelVolunteerWork:{wid}",
                    button="Huỷ",
                    work_id=wid,
                )
            rows.append({"work": work, "deadline": deadline, "late": now > deadline})
        households = self._households(who.unit)
        return Page(
            "workspace/volunteer.html",
            "Hoạt động tình nguyện",
            {
                "rows": rows,
                "earliest": earliest,
                "hours": self.app.config.volunteer_notice_hours,
                "household_names": {h.household_id: h.head for h in households},
            },
            forms,
            self._choices(who.unit, households),
        )

    async def households_page(self, request: Request) -> Response:
        """``/lam-viec/ho/{YYYY-MM}``: the registry, ranked for the month's selection."""
        month = _month(request.path_params["month"])
        if month is None:
            return self._refused_page(request, "Tháng không hợp lệ (YYYY-MM).", 404)
        return await self._page(request, lambda who: self._households_page(who, month))

    def _households_page(self, who: Who, month: Month) -> Page:
        q = self.views.queries
        today = business_date(self.app.clock())
        households = self._households(who.unit)
        forms: list[FormSpec] = []
        if who.may(h_.SelectHousehold):
            forms.append(
                FormSpec(
                    key="SelectHousehold",
                    cls=h_.SelectHousehold,
                    fixed={"month": month},
                    proposed={"selected_by": (who.official,)},
                    title=f"Bình xét chọn hộ được hỗ trợ tháng {month.month:02d}/{month.year}",
                )
            )
        names = store_names(self.app)
        ranked = q.selection_ranking(who.unit, month, today)
        return Page(
            "workspace/households.html",
            f"Hộ khó khăn — bình xét tháng {month.month:02d}/{month.year}",
            {
                "ranked": ranked,
                "households": {h.household_id: h for h in households},
                "hamlet_names": {u.code: u.name for u in q.hamlets(who.unit)},
                "official_names": {o: names(o) for r in ranked for o in r.must_recuse},
                "month": month,
            },
            forms,
            self._choices(who.unit, households),
        )

    async def supervision_page(self, request: Request) -> Response:
        """``/lam-viec/giam-sat``: one row per unit below; the inspection of a session."""

        def build(who: Who) -> Page:
            q = self.views.queries
            rows = q.supervision(who.unit)
            forms = []
            if who.may(s_.InspectSession) and rows:
                forms.append(
                    FormSpec(
                        key="InspectSession",
                        cls=s_.InspectSession,
                        fixed={"inspector_id": who.official, "level": SessionLevel.COMMUNE},
                        title="Kiểm tra buổi tiếp dân của một đơn vị",
                    )
                )
            return Page(
                "workspace/supervision.html",
                "Giám sát các đơn vị",
                {"rows": rows, "unit": q.unit(who.unit)},
                forms,
                Choices(units=tuple((r.unit, f"{r.name} ({r.unit})") for r in rows)),
            )

        return await self._page(request, build)

    async def htmx(self, _request: Request) -> Response:
        """``/tai-nguyen/htmx.min.js``: the vendored htmx (see ``static/README.md``)."""
        return FileResponse(
            STATIC / "htmx.min.js",
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    def routes(self) -> list[Route]:
        """The workspace's routes."""
        both = ["GET", "POST"]
        return [
            Route("/dang-nhap", self.sign_in_page, methods=["GET"]),
            Route("/dang-nhap", self.sign_in, methods=["POST"]),
            Route("/dang-xuat", self.sign_out, methods=["POST"]),
            Route("/lam-viec", self.home, methods=["GET"]),
            Route("/lam-viec/doi-mat-khau", self.password, methods=both),
            Route("/lam-viec/buoi/{month}", self.session_page, methods=both),
            Route("/lam-viec/y-kien", self.board_page, methods=["GET"]),
            Route("/lam-viec/y-kien/{complaint_id}", self.complaint_page, methods=both),
            Route("/lam-viec/quy", self.fund_page, methods=both),
            Route("/lam-viec/quy/phieu-thu/{receipt_id}", self.receipt_page, methods=["GET"]),
            Route("/lam-viec/ho-gia-dinh", self.registry_page, methods=both),
            Route("/lam-viec/ho-gia-dinh/{household_id}", self.household_page, methods=both),
            Route("/lam-viec/tinh-nguyen", self.volunteer_page, methods=both),
            Route("/lam-viec/giam-sat", self.supervision_page, methods=both),
            Route("/lam-viec/ho/{month}", self.households_page, methods=both),
            Route("/tai-nguyen/htmx.min.js", self.htmx, methods=["GET"]),
        ]


_CSRF_MESSAGE: Final = (
    "Biểu mẫu đã hết hạn hoặc không gửi từ trang của hệ thống (thiếu mã chống giả mạo)."
    " Không có gì được ghi; hãy mở lại trang và gửi lại."
)
_SIGNED_OUT_MESSAGE: Final = "Cần đăng nhập trước khi ghi. Không có gì được ghi."
_NO_FORM_MESSAGE: Final = "Trang này không có biểu mẫu đó. Không có gì được ghi."


def _month(text: str) -> Month | None:
    m = _MONTH.match(text)
    if m is None:
        return None
    try:
        return Month(int(m.group(1)), int(m.group(2)))
    except (ValueError, TypeError):
        return None


def _this_month(app: NgheDan) -> Month:
    today = business_date(app.clock())
    return Month(today.year, today.month)


def _name_key(name: str | None) -> tuple[str, str]:
    """Vietnamese names sort by the given name (the last word), then the whole name.

    Compared without their tone and vowel marks (đ as d), as a printed list orders them.
    """
    bare = unicodedata.normalize("NFD", (name or "").strip().replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()
    return (text.rsplit(" ", 1)[-1], text)


def _shift(month: Month, by: int) -> str:
    n = month.year * 12 + month.month - 1 + by
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def _content(history: Sequence[Any]) -> str:
    first = history[0] if history else None
    return str(getattr(first, "content", "")) if first is not None else ""
