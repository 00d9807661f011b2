"""Follow-up views: ``complaints`` (the board), ``quota``, ``dossier``, ``household history``.

Each replays the log into one of the core's shared projections and prints it: Vietnamese
text for people (English with ``--lang en``), ``--json`` for machines (the projection's
view as the core's converter writes it). ``--public`` drops personal data (citizens' and
household heads' names, circumstances) for a board or a dossier meant to be posted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from uuid import UUID

import attrs
import click

from nghedan_cli.base import LocalizedCommand, LocalizedOption, echo_json, env_of, lang_of, problem
from nghedan_core import InvalidInputError, SessionLevel, UnknownUnitError, notation
from nghedan_core.errors import Lang, Problem
from nghedan_core.messages import format_money, word
from nghedan_core.notation import NotationError, iso_date
from nghedan_core.projections.complaints import ComplaintStatus
from nghedan_core.values import VIETNAM_TZ, Month, check_unit_code

if TYPE_CHECKING:
    from nghedan_core import Queries
    from nghedan_core.projections.complaints import BoardCounts, BoardEntry
    from nghedan_core.projections.dossier import DossierView
    from nghedan_core.projections.households import HouseholdRecord

__all__ = [
    "complaints_command",
    "dossier_command",
    "household_history_command",
    "parse_as_of",
    "quota_command",
]


# --- shared helpers ---------------------------------------------------------------------


def _label(value: str | None, lang: Lang, group: str | None = None) -> str:
    if value is None:
        return "—"
    return word(value, lang, group)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return f"{moment.astimezone(VIETNAM_TZ):%d/%m/%Y %H:%M}"


def _day(day: date | None) -> str:
    return "—" if day is None else f"{day:%d/%m/%Y}"


def _unit_name(queries: Queries, code: str) -> str:
    """The unit's code and name (from the read side: no replay of the log)."""
    try:
        entry = queries.unit(code)
    except UnknownUnitError:
        return code
    return f"{code} {entry.name}"


def parse_as_of(value: str | None, option: str = "--as-of") -> datetime:
    """``--as-of``: a date (the end of that day) or a date and time, Vietnam time; else now."""
    if value is None or value.strip().lower() in {"now", "bây giờ"}:
        return datetime.now(VIETNAM_TZ)
    if iso_date(value) is not None:
        try:
            day = notation.parse_date(value, option)
        except NotationError as refused:
            raise problem(option, refused.vi, refused.en) from None
        return datetime.combine(day, time.max, tzinfo=VIETNAM_TZ)
    try:
        return notation.parse_moment(value, option, day_alone=None)
    except NotationError as refused:
        raise problem(option, refused.vi, refused.en) from None


def _month(value: str, option: str, problems: list[Problem]) -> Month | None:
    try:
        return notation.parse_month(value, option)
    except NotationError as refused:
        problems.append(refused.problem())
        return None


def _unit(value: str, option: str, problems: list[Problem]) -> str | None:
    try:
        return check_unit_code(value)
    except (TypeError, ValueError):
        problems.append(
            Problem(
                option,
                f"mã đơn vị không hợp lệ: {value!r} (mã số như 29257 hoặc 29257-01)",
                f"not a valid unit code: {value!r} (a code such as 29257 or 29257-01)",
            )
        )
        return None


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInputError(problems)


# --- complaints: the board --------------------------------------------------------------


def _status(status: ComplaintStatus, lang: Lang) -> str:
    text = word(status, lang)
    return text[:1].upper() + text[1:]


def _counts_line(counts: BoardCounts, lang: Lang) -> str:
    parts = [f"{_status(s, lang).lower()} {getattr(counts, s.value)}" for s in ComplaintStatus]
    return f"{'Tổng' if lang == 'vi' else 'Total'} {counts.total}: " + " · ".join(parts)


def _entry_line(entry: BoardEntry, lang: Lang, *, public: bool) -> str:
    vi = lang == "vi"
    text = f"[{entry.unit}] {_when(entry.raised_at)} — {_label(entry.category, lang)}"
    if entry.appointment is not None:
        text += f" — {'hẹn' if vi else 'appointment'} {_when(entry.appointment)}"
        if entry.appointment_place:
            text += f" {'tại' if vi else 'at'} {entry.appointment_place}"
    if entry.responsible:
        text += f" — {'phụ trách' if vi else 'responsible'}: {entry.responsible}"
    if entry.citizen and not public:
        text += f" — {'người dân' if vi else 'citizen'}: {entry.citizen}"
    return f"{text} — {'mã' if vi else 'id'} {entry.complaint_id}"


@click.command(
    "complaints",
    cls=LocalizedCommand,
    help_vi_en=(
        "Bảng theo dõi ý kiến, kiến nghị: chưa hẹn, đang trong hạn hẹn, quá hẹn chưa trả lời "
        "(tính đến --as-of, mặc định bây giờ), theo đơn vị và người phụ trách.",
        "The complaint board: open, due and overdue complaints (as of --as-of, default now), "
        "by unit and responsible party.",
    ),
    example="--unit 29257 --as-of 30/06/2024",
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    cls=LocalizedOption,
    metavar="CODE",
    help_vi_en=(
        "Mã đơn vị (lặp lại được; mặc định tất cả).",
        "Unit code (repeatable; default all).",
    ),
)
@click.option(
    "--as-of",
    cls=LocalizedOption,
    metavar="DATE",
    help_vi_en=(
        "Tính đến ngày (hết ngày đó) hoặc ngày giờ, giờ Việt Nam; mặc định bây giờ.",
        "As of a date (its end) or a date and time, Vietnam time; default now.",
    ),
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    cls=LocalizedOption,
    help_vi_en=(
        "Liệt kê cả ý kiến đã trả lời, đã giải quyết, đã rút.",
        "List answered, resolved and withdrawn complaints too.",
    ),
)
@click.option(
    "--public",
    is_flag=True,
    cls=LocalizedOption,
    help_vi_en=(
        "Bỏ họ tên người dân (để niêm yết công khai).",
        "Leave out citizens' names (for posting).",
    ),
)
@click.pass_context
def complaints_command(
    ctx: click.Context, units: tuple[str, ...], as_of: str | None, show_all: bool, public: bool
) -> None:
    """The complaint board."""
    problems: list[Problem] = []
    for code in units:
        _unit(code, "--unit", problems)
    moment: datetime | None = None
    try:
        moment = parse_as_of(as_of)
    except InvalidInputError as e:
        problems.extend(e.problems)
    _raise(problems)
    assert moment is not None
    env = env_of(ctx)
    lang = lang_of(ctx)
    view = env.queries.board(units, as_of=moment)
    view = view.public() if public else env.app.reveal(view)
    if env.json:
        echo_json(view)
        return
    vi = lang == "vi"
    scope = ", ".join(units) if units else ("tất cả đơn vị" if vi else "all units")
    click.echo(
        f"BẢNG THEO DÕI Ý KIẾN, KIẾN NGHỊ — tính đến {_when(moment)} ({scope})"
        if vi
        else f"COMPLAINT BOARD — as of {_when(moment)} ({scope})"
    )
    click.echo(_counts_line(view.totals, lang))
    if view.by_unit:
        click.echo("")
        heads = ("Đơn vị", "Chưa hẹn", "Trong hạn", "Quá hẹn", "Đã xong", "Tổng")
        if not vi:
            heads = ("Unit", "Open", "Due", "Overdue", "Done", "Total")
        click.echo(
            f"  {heads[0]:<10}{heads[1]:>10}{heads[2]:>10}{heads[3]:>10}{heads[4]:>10}{heads[5]:>8}"
        )
        for unit, c in view.by_unit.items():
            done = c.answered + c.resolved + c.withdrawn
            click.echo(f"  {unit:<10}{c.open:>10}{c.due:>10}{c.overdue:>10}{done:>10}{c.total:>8}")
    statuses = (
        list(ComplaintStatus)
        if show_all
        else [
            ComplaintStatus.OVERDUE,
            ComplaintStatus.DUE,
            ComplaintStatus.OPEN,
        ]
    )
    pending = False
    for status in statuses:
        entries = view.with_status(status)
        if not entries:
            continue
        pending = True
        click.echo("")
        click.echo(f"{_status(status, lang).upper()} ({len(entries)}):")
        for entry in entries:
            click.echo("  " + _entry_line(entry, lang, public=public))
    if not pending:
        click.echo("")
        click.echo(
            "Không còn ý kiến nào chờ trả lời." if vi else "No complaint is waiting for an answer."
        )


# --- quota ------------------------------------------------------------------------------


@click.command(
    "quota",
    cls=LocalizedCommand,
    help_vi_en=(
        "Chỉ tiêu thăm hỏi theo xã và tháng: chỉ tiêu, số hộ đã thăm, số thiếu và lý do "
        "chưa đạt đã ghi khi kết thúc buổi làm việc.",
        "The visit quota per commune and month: target, households visited, shortfall and "
        "the reason recorded when the session was closed.",
    ),
    example="--unit 29257 --shortfalls",
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    cls=LocalizedOption,
    metavar="CODE",
    help_vi_en=(
        "Mã đơn vị (lặp lại được; mặc định tất cả).",
        "Unit code (repeatable; default all).",
    ),
)
@click.option(
    "--month",
    "months",
    multiple=True,
    cls=LocalizedOption,
    metavar="YYYY-MM",
    help_vi_en=("Tháng (lặp lại được; mặc định tất cả).", "Month (repeatable; default all)."),
)
@click.option(
    "--shortfalls",
    is_flag=True,
    cls=LocalizedOption,
    help_vi_en=(
        "Chỉ các tháng đã kết thúc mà chưa đạt chỉ tiêu.",
        "Only closed months that fell short.",
    ),
)
@click.pass_context
def quota_command(
    ctx: click.Context, units: tuple[str, ...], months: tuple[str, ...], shortfalls: bool
) -> None:
    """The visit quota."""
    problems: list[Problem] = []
    for code in units:
        _unit(code, "--unit", problems)
    chosen_months = {m for text in months if (m := _month(text, "--month", problems))}
    _raise(problems)
    env = env_of(ctx)
    lang = lang_of(ctx)
    view = env.queries.quota(units, chosen_months, shortfalls=shortfalls)
    if env.json:
        echo_json(view)
        return
    vi = lang == "vi"
    click.echo(
        f"CHỈ TIÊU THĂM HỎI HỘ KHÓ KHĂN (chỉ tiêu: {env.app.config.monthly_quota:02d} hộ/xã/tháng)"
        if vi
        else f"VISIT QUOTA (target: {env.app.config.monthly_quota} households/commune/month)"
    )
    heads = (
        ("Đơn vị", "Tháng", "Ngày", "Trạng thái", "C.tiêu", "Đạt", "Thiếu", "Lý do chưa đạt")
        if vi
        else ("Unit", "Month", "Date", "Status", "Target", "Done", "Short", "Reason")
    )
    click.echo(
        f"{heads[0]:<10}{heads[1]:<9}{heads[2]:<12}{heads[3]:<14}"
        f"{heads[4]:>7}{heads[5]:>5}{heads[6]:>7}  {heads[7]}"
    )
    status_words = {
        "scheduled": ("đã lên lịch", "scheduled"),
        "closed": ("đã kết thúc", "closed"),
        "cancelled": ("đã hủy", "cancelled"),
    }
    for line in view.lines:
        word = status_words.get(line.status, (line.status, line.status))[0 if vi else 1]
        reason = line.shortfall_reason or ""
        # a cancelled session has no quota to miss; an open one may still reach it
        missing = str(line.shortfall) if line.closed else "—"
        click.echo(
            f"{line.unit:<10}{line.month.month:02d}/{line.month.year:<4}  {_day(line.date):<12}"
            f"{word:<14}{line.target:>7}{line.achieved:>5}{missing:>7}  {reason}"
        )
    closed = [line for line in view.lines if line.closed]
    short = [line for line in closed if not line.met]
    target = sum(line.target for line in closed)
    achieved = sum(line.achieved for line in closed)
    click.echo("")
    click.echo(
        (
            f"Các buổi đã kết thúc: đạt {achieved}/{target} hộ; "
            f"{len(short)}/{len(closed)} tháng chưa đạt chỉ tiêu."
        )
        if vi
        else (
            f"Closed sessions: {achieved}/{target} households visited; "
            f"{len(short)}/{len(closed)} months short of the target."
        )
    )
    reasons: dict[str, int] = {}
    for line in short:
        key = line.shortfall_reason or ("(chưa ghi lý do)" if vi else "(no reason recorded)")
        reasons[key] = reasons.get(key, 0) + 1
    if reasons:
        click.echo("Lý do đã ghi:" if vi else "Reasons recorded:")
        for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {count:>3} × {reason}")


# --- dossier ----------------------------------------------------------------------------

_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)


def _session_of(
    session: tuple[str, ...], unit: str | None, month: str | None
) -> str | tuple[str, Month]:
    """The session's stream id (``SESSION_ID``), or its unit and month (``UNIT MONTH``)."""
    problems: list[Problem] = []
    if len(session) == 1 and _UUID.match(session[0]):
        if unit is not None or month is not None:
            problems.append(
                Problem(
                    "SESSION",
                    "ghi mã buổi làm việc hoặc --unit và --month, không ghi cả hai",
                    "give a session id or --unit and --month, not both",
                )
            )
            _raise(problems)
        return str(UUID(session[0]))
    if len(session) == 2:
        if unit is not None or month is not None:
            problems.append(
                Problem(
                    "SESSION",
                    "đã ghi đơn vị và tháng ở dạng tham số, không ghi lại --unit/--month",
                    "unit and month were given as arguments: leave out --unit/--month",
                )
            )
        unit, month = session
    elif session:
        problems.append(
            Problem(
                "SESSION",
                f"không hiểu {' '.join(session)!r}: ghi mã buổi làm việc (UUID) hoặc "
                "ĐƠN_VỊ THÁNG (vd 29257 2024-03)",
                f"cannot read {' '.join(session)!r}: give a session id (UUID) or "
                "UNIT MONTH (e.g. 29257 2024-03)",
            )
        )
    else:
        if unit is None:
            problems.append(
                Problem("--unit", "thiếu mã đơn vị (hoặc mã buổi làm việc)", "unit code missing")
            )
        if month is None:
            problems.append(Problem("--month", "thiếu tháng YYYY-MM", "month YYYY-MM missing"))
    code = _unit(unit, "--unit", problems) if unit is not None else None
    m = _month(month, "--month", problems) if month is not None else None
    _raise(problems)
    assert code is not None
    assert m is not None
    return code, m


@click.command(
    "dossier",
    cls=LocalizedCommand,
    help_vi_en=(
        "Hồ sơ một buổi làm việc (in được): lịch, chào cờ, đánh giá tháng, đề xuất, biểu dương, "
        "nhắc nhở, tiếp dân, ý kiến và kết quả trả lời, thăm hỏi, kết thúc, kiểm tra của cấp "
        "trên. Buổi được chỉ bằng mã (UUID), hoặc ĐƠN_VỊ THÁNG, hoặc --unit và --month.",
        "The dossier of one session (printable): schedule, flag ceremony, review, proposals, "
        "commendations, reminders, reception, complaints and their answers, visits, closing, "
        "the supervising level's inspections. The session is named by its id (UUID), or UNIT "
        "MONTH, or --unit and --month.",
    ),
    example="--unit 29257 --month 2024-03",
)
@click.argument("session", nargs=-1, metavar="[SESSION]")
@click.option(
    "--unit", cls=LocalizedOption, metavar="CODE", help_vi_en=("Mã đơn vị.", "Unit code.")
)
@click.option(
    "--month",
    cls=LocalizedOption,
    metavar="YYYY-MM",
    help_vi_en=("Tháng của buổi làm việc.", "Month of the session."),
)
@click.option(
    "--level",
    type=click.Choice([level.value for level in SessionLevel]),
    default=SessionLevel.COMMUNE.value,
    cls=LocalizedOption,
    help_vi_en=(
        "Cấp: commune (xã, mặc định) | supervisory (cấp trên).",
        "Level: commune (default) | supervisory.",
    ),
)
@click.option(
    "--public",
    is_flag=True,
    cls=LocalizedOption,
    help_vi_en=(
        "Bỏ họ tên người dân (để niêm yết công khai).",
        "Leave out citizens' names (for posting).",
    ),
)
@click.pass_context
def dossier_command(
    ctx: click.Context,
    session: tuple[str, ...],
    unit: str | None,
    month: str | None,
    level: str,
    public: bool,
) -> None:
    """The dossier of one session."""
    named = _session_of(session, unit, month)
    env = env_of(ctx)
    lang = lang_of(ctx)
    queries = env.queries
    # a unit never registered is refused (unit.unknown), as by every read of a unit
    view = (
        queries.dossier(named)
        if isinstance(named, str)
        else queries.session_dossier(*named, SessionLevel(level))
    )
    if not view.scheduled:
        where = (
            f"{unit or session[0]} {month or ''}".strip()
            if len(session) != 2
            else " ".join(session)
        )
        raise problem(
            "SESSION",
            f"không có buổi làm việc nào được ghi cho {where} ({_label(level, 'vi')})",
            f"no session recorded for {where} ({level} level)",
        )
    if public:
        view = attrs.evolve(
            view, complaints=tuple(attrs.evolve(c, citizen=None) for c in view.complaints)
        )
    else:
        view = env.app.reveal(view)
    if env.json:
        echo_json(view)
        return
    names = (
        {}
        if public
        else {
            hid: f"{h.head} ({h.hamlet})" if h.hamlet else h.head
            for hid, h in env.app.reveal(
                queries.households(household_ids=[v.household_id for v in view.visits])
            ).households.items()
            if h.head
        }
    )
    for line in dossier_lines(view, queries, lang, households=names):
        click.echo(line)


def _official(view: DossierView, official_id: str) -> str:
    return view.officials.get(official_id, official_id)


def dossier_lines(  # noqa: PLR0915
    view: DossierView, queries: Queries, lang: Lang, *, households: dict[str, str] | None = None
) -> list[str]:
    """The dossier as printable lines (`households`: id -> how to name the household)."""
    households = households or {}
    vi = lang == "vi"
    out: list[str] = []
    add = out.append
    unit = _unit_name(queries, view.unit or "")
    month = f"{view.month.month:02d}/{view.month.year}" if view.month else "—"
    add(
        'HỒ SƠ BUỔI "NGHE DÂN NÓI – LÀM DÂN TIN"'
        if vi
        else 'SESSION DOSSIER — "NGHE DÂN NÓI – LÀM DÂN TIN"'
    )
    add(f"{'Đơn vị' if vi else 'Unit'}: {unit}")
    add(
        f"{'Tháng' if vi else 'Month'}: {month} — "
        f"{'cấp' if vi else 'level'}: {_label(view.level, lang)}"
    )
    add(f"{'Mã buổi làm việc' if vi else 'Session id'}: {view.session_id}")
    scheduled = _day(view.scheduled_date)
    add(
        f"{'Ngày dự kiến' if vi else 'Scheduled for'}: {scheduled}"
        + (f" ({'lý do' if vi else 'reason'}: {view.date_reason})" if view.date_reason else "")
    )
    for r in view.reschedules:
        add(f"  {'Dời sang' if vi else 'Moved to'} {_day(r.date)}: {r.reason}")
    if not view.cancellation:
        add(f"{'Ngày tổ chức' if vi else 'Held on'}: {_day(view.date)}")
    add(
        f"{'Ấp/khóm tiếp dân' if vi else 'Reception hamlet'}: {view.reception_hamlet or '—'}"
        + (f" ({view.hamlet_reason})" if view.hamlet_reason else "")
    )
    if view.hosts:
        add(f"{'Chủ trì' if vi else 'Hosts'}: " + "; ".join(_official(view, h) for h in view.hosts))
    if view.cancellation:
        add(f"{'ĐÃ HỦY' if vi else 'CANCELLED'}: {view.cancellation}")

    def section(number: str, vi_title: str, en_title: str) -> None:
        add("")
        add(f"{number}. {vi_title if vi else en_title}")

    section("I", "CHÀO CỜ", "FLAG CEREMONY")
    for fc in view.flag_ceremonies:
        add(
            f"  {_when(fc['at'])} — {fc['attendees']} {'người dự' if vi else 'present'}"
            + (f" — {fc['note']}" if fc.get("note") else "")
        )
    if not view.flag_ceremonies:
        add("  —")
    section("II", "ĐÁNH GIÁ THÁNG QUA, TRỌNG TÂM THÁNG TỚI", "REVIEW OF THE MONTH, NEXT FOCUS")
    for rv in view.reviews:
        add(f"  {rv['summary']}")
        if rv.get("next_focus"):
            add(f"  {'Trọng tâm tháng tới' if vi else 'Next focus'}: {rv['next_focus']}")
    if not view.reviews:
        add("  —")
    section("III", "ĐỀ XUẤT", "PROPOSALS")
    for pr in view.proposals:
        add(f"  {pr['proposer']}: {pr['content']}")
    if not view.proposals:
        add("  —")
    section("IV", "BIỂU DƯƠNG, NHẮC NHỞ", "COMMENDATIONS, REMINDERS")
    for words, entries in (
        (("Biểu dương", "Commended"), view.commendations),
        (("Nhắc nhở", "Reminded"), view.reminders),
    ):
        for cm in entries:
            name = _official(view, cm["official_id"])
            add(f"  {words[0] if vi else words[1]} {name}: {cm['reason']}")
    if not view.commendations and not view.reminders:
        add("  —")
    section("V", "TIẾP DÂN", "CITIZEN RECEPTION")
    for rc in view.receptions:
        add(
            f"  {_when(rc['at'])} — {'ấp/khóm' if vi else 'hamlet'} {rc['hamlet']} — "
            f"{rc['attendees']} {'người dân' if vi else 'citizens'}"
        )
    add(f"  {'Tổng số người dân dự' if vi else 'Citizens received'}: {view.attendees}")
    section(
        "VI", f"Ý KIẾN, KIẾN NGHỊ ({len(view.complaints)})", f"COMPLAINTS ({len(view.complaints)})"
    )
    for i, cp in enumerate(view.complaints, 1):
        who = f" — {cp.citizen}" if cp.citizen else ""
        add(f"  {i}. [{_label(cp.category, lang)}] {cp.content}{who}")
        add(f"     {'Kết quả' if vi else 'Outcome'}: {_label(cp.outcome, lang)}")
        if cp.appointment is not None:
            add(
                f"     {'Hẹn' if vi else 'Appointment'}: {_when(cp.appointment)}"
                + (f" {'tại' if vi else 'at'} {cp.appointment_place}" * bool(cp.appointment_place))
                + (
                    f" — {'phụ trách' if vi else 'responsible'}: {cp.responsible}"
                    if cp.responsible
                    else ""
                )
            )
        if cp.answer:
            add(
                f"     {'Trả lời' if vi else 'Answer'}: {cp.answer}"
                + (f" ({'căn cứ' if vi else 'basis'}: {cp.basis})" if cp.basis else "")
            )
    section("VII", f"THĂM HỎI HỘ KHÓ KHĂN ({len(view.visits)})", f"VISITS ({len(view.visits)})")
    for i, v in enumerate(view.visits, 1):
        status = word(v.status, lang, "VisitStatus")
        household = households.get(v.household_id, v.household_id)
        add(f"  {i}. {'Hộ' if vi else 'Household'} {household} — {status}")
        if v.status == "conducted":
            gift = format_money(v.gift_value_vnd, lang)
            add(
                f"     {'Quà' if vi else 'Gift'}: {gift}"
                + (f" ({v.gift_description})" if v.gift_description else "")
                + (
                    f" — {'nguồn' if vi else 'funded by'}: {_label(v.gift_funded_by, lang)}"
                    if v.gift_funded_by
                    else ""
                )
            )
            if v.causes:
                add(
                    f"     {'Nguyên nhân khó khăn' if vi else 'Causes'}: "
                    + ", ".join(_label(c, lang) for c in v.causes)
                )
            if v.findings:
                add(f"     {'Ghi nhận' if vi else 'Findings'}: {v.findings}")
            if v.support_direction:
                add(f"     {'Hướng hỗ trợ' if vi else 'Support direction'}: {v.support_direction}")
        if v.cancel_reason:
            add(f"     {'Lý do hủy' if vi else 'Cancelled because'}: {v.cancel_reason}")
        if v.team:
            add(
                f"     {'Đoàn thăm' if vi else 'Team'}: "
                + "; ".join(_official(view, m) for m in v.team)
            )
    add(f"  {'Tổng giá trị quà' if vi else 'Gifts in total'}: {format_money(view.gifts_vnd, lang)}")
    section("VIII", "KẾT THÚC BUỔI LÀM VIỆC", "CLOSING")
    if view.closing is None:
        add("  " + ("Chưa kết thúc." if vi else "Not closed yet."))
    else:
        cl = view.closing
        add(f"  {_when(cl.at)} — {'biên bản' if vi else 'minutes'}: {cl.minutes}")
        add(
            f"  {'Số hộ đã thăm / chỉ tiêu' if vi else 'Households visited / target'}: "
            f"{cl.visits_made}/{cl.visits_required}"
        )
        if cl.shortfall_reason:
            add(f"  {'Lý do chưa đạt' if vi else 'Shortfall reason'}: {cl.shortfall_reason}")
    section("IX", "KIỂM TRA CỦA CẤP TRÊN", "INSPECTIONS BY THE SUPERVISING LEVEL")
    for ins in view.inspections:
        add(f"  {_when(ins.at)} — {_official(view, ins.inspector_id)}: {ins.findings}")
        for follow in ins.follow_ups:
            add(f"    - {follow}")
    if not view.inspections:
        add("  —")
    return out


# --- household history ------------------------------------------------------------------


@click.command(
    "history",
    cls=LocalizedCommand,
    help_vi_en=(
        "Lịch sử một hộ: đăng ký, đánh giá, bình xét (ai chọn, tháng nào), mọi khoản hỗ trợ đã "
        "nhận (ngày, loại, giá trị, nguồn), đưa ra khỏi danh sách. Với --unit: danh sách các hộ "
        "của đơn vị và tổng hỗ trợ.",
        "One household's history: registration, assessments, selections (by whom, which month), "
        "every support received (date, kind, value, who paid), deregistration. With --unit: the "
        "unit's households and their support in total.",
    ),
    example="--unit 29257",
)
@click.argument("household_id", required=False, metavar="[HOUSEHOLD_ID]")
@click.option(
    "--unit",
    cls=LocalizedOption,
    metavar="CODE",
    help_vi_en=("Liệt kê các hộ của đơn vị.", "List the unit's households."),
)
@click.option(
    "--public",
    is_flag=True,
    cls=LocalizedOption,
    help_vi_en=(
        "Bỏ dữ liệu cá nhân (họ tên chủ hộ, hoàn cảnh).",
        "Leave out personal data (head's name, circumstances).",
    ),
)
@click.pass_context
def household_history_command(
    ctx: click.Context, household_id: str | None, unit: str | None, public: bool
) -> None:
    """One household's history, or a unit's households."""
    problems: list[Problem] = []
    if household_id is None and unit is None:
        problems.append(
            Problem(
                "HOUSEHOLD_ID",
                "ghi mã hộ, hoặc --unit để xem danh sách hộ của đơn vị",
                "give a household id, or --unit to list a unit's households",
            )
        )
    if household_id is not None and unit is not None:
        problems.append(
            Problem(
                "HOUSEHOLD_ID",
                "ghi mã hộ hoặc --unit, không ghi cả hai",
                "give a household id or --unit, not both",
            )
        )
    hid: str | None = None
    if household_id is not None:
        try:
            hid = str(UUID(household_id))
        except ValueError:
            problems.append(
                Problem(
                    "HOUSEHOLD_ID",
                    f"không phải mã UUID: {household_id!r}",
                    f"not a UUID: {household_id!r}",
                )
            )
    code = _unit(unit, "--unit", problems) if unit is not None else None
    _raise(problems)
    env = env_of(ctx)
    lang = lang_of(ctx)
    view = env.queries.households(() if code is None else (code,), () if hid is None else (hid,))
    view = view.public() if public else env.app.reveal(view)
    if hid is not None:
        record = view.of(hid)
        if record is None:
            raise problem(
                "HOUSEHOLD_ID",
                f"không có hộ nào mã {hid}",
                f"no household with id {hid}",
            )
        if env.json:
            echo_json(record)
            return
        for line in household_lines(record, view.officials, lang):
            click.echo(line)
        return
    assert code is not None
    records = tuple(view.households.values())
    if env.json:
        echo_json(records)
        return
    _print_households(records, code, env.queries, lang)


def _print_households(
    records: Iterable[HouseholdRecord], code: str, queries: Queries, lang: Lang
) -> None:
    vi = lang == "vi"
    rows = list(records)
    title = "DANH SÁCH HỘ KHÓ KHĂN" if vi else "HOUSEHOLDS"
    click.echo(f"{title} — {_unit_name(queries, code)} ({len(rows)})")
    for h in rows:
        head = f" — {h.head}" if h.head else ""
        gone = f" — {'đã ra khỏi danh sách' if vi else 'deregistered'}" if h.deregistration else ""
        click.echo(
            f"  {h.household_id}  {h.hamlet or '—':<10} "
            f"{', '.join(_label(c, lang) for c in h.categories)}{head} — "
            f"{len(h.delivered)} {'lần hỗ trợ' if vi else 'supports'}, "
            f"{format_money(h.supported_vnd, lang)}{gone}"
        )


def household_lines(record: HouseholdRecord, officials: dict[str, str], lang: Lang) -> list[str]:
    """One household's history as printable lines."""
    vi = lang == "vi"
    out: list[str] = []
    add = out.append

    def who(official_id: str) -> str:
        return officials.get(official_id, official_id)

    add("LỊCH SỬ HỘ KHÓ KHĂN" if vi else "HOUSEHOLD HISTORY")
    add(f"{'Mã hộ' if vi else 'Household id'}: {record.household_id}")
    if record.head:
        add(f"{'Chủ hộ' if vi else 'Head'}: {record.head}")
    add(
        f"{'Đơn vị' if vi else 'Unit'}: {record.unit} — "
        f"{'ấp/khóm' if vi else 'hamlet'}: {record.hamlet or '—'}"
    )
    add(
        f"{'Diện' if vi else 'Categories'}: "
        + ", ".join(_label(c, lang) for c in record.categories)
    )
    add(f"{'Ngày đưa vào danh sách' if vi else 'Registered'}: {_when(record.registered_at)}")
    if record.circumstances:
        add(f"{'Hoàn cảnh' if vi else 'Circumstances'}: {record.circumstances}")
    add("")
    add(f"{'Đánh giá' if vi else 'Assessments'} ({len(record.assessments)}):")
    for a in record.assessments:
        add(
            f"  {_when(a.at)} — {'điểm' if vi else 'score'} {a.score} — "
            f"{', '.join(a.criteria)} — {who(a.assessed_by)}"
        )
    add(f"{'Bình xét' if vi else 'Selections'} ({len(record.selections)}):")
    for s in record.selections:
        add(
            f"  {s.month.month:02d}/{s.month.year} — {'bình xét bởi' if vi else 'selected by'} "
            + "; ".join(who(o) for o in s.selected_by)
            + (f" — {s.justification}" if s.justification else "")
        )
    add(f"{'Hỗ trợ đã nhận' if vi else 'Support received'} ({len(record.delivered)}):")
    for sup in record.supports:
        undone = ""
        if sup.reversed_on is not None:
            undone = (
                f" — ĐÃ HOÀN LẠI QUỸ ngày {_day(sup.reversed_on)}"
                if vi
                else f" — REVERSED to the fund on {_day(sup.reversed_on)}"
            )
        add(
            f"  {_day(sup.day)} — {_label(sup.kind, lang)} — {format_money(sup.value_vnd, lang)} — "
            f"{'nguồn' if vi else 'funded by'}: {_label(sup.funded_by, lang)}"
            + (f" — {sup.description}" if sup.description else "")
            + undone
        )
    total = format_money(record.supported_vnd, lang)
    add(f"{'Tổng giá trị hỗ trợ' if vi else 'Support in total'}: {total}")
    if record.deregistration is not None:
        d = record.deregistration
        add(
            f"{'Ra khỏi danh sách' if vi else 'Deregistered'}: {_when(d.at)} — "
            f"{_label(d.reason, lang)}" + (f" — {d.note}" if d.note else "")
        )
    return out
