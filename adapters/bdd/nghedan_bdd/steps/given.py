"""*Cho / Biết* steps: the facts a scenario starts from, recorded through the core's commands.

Every fact is recorded with the same commands a clerk sends (``RegisterUnit``,
``OpenFund``, ``ReceiveContribution``, ...): a *Cho* step the domain refuses fails the
scenario at once, with the refusal in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from nghedan_bdd import builders as build
from nghedan_bdd.commands import build_command
from nghedan_bdd.parsing import (
    ParseError,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
)
from nghedan_bdd.steps._registry import Section, step
from nghedan_bdd.vocabulary import (
    DATETIME,
    MONEY,
    NAMES,
    SESSION,
    SOURCE,
    enum_value,
    enum_values,
    names,
    unit_kind,
)
from nghedan_bdd.world import BddError, World
from nghedan_core import (
    AssessHousehold,
    Command,
    ComplaintOutcome,
    ContributionSource,
    HoldReception,
    InvalidInputError,
    Month,
    OfficialRole,
    OpenFund,
    RecordReason,
    RegisterOfficial,
    RegisterUnit,
    ScheduleSession,
    SessionLevel,
    UnitKind,
    Vnd,
    session_id,
)
from nghedan_core.aggregates import session as session_
from nghedan_core.policies.scheduling import first_monday

__all__: list[str] = []


# --- time and policy ----------------------------------------------------------------------


@step(
    "given",
    r"hôm nay là (?:ngày )?(?P<day>[^\s\"]+)",
    description="Đặt ngày hiện tại (8 giờ sáng); mọi lệnh sau đó mang thời điểm này.",
    example="hôm nay là 04/03/2024",
    section=Section.TIME,
)
def _today(nghedan_world: World, day: str) -> None:
    nghedan_world.now = nghedan_world.at_day(parse_date(day))


@step(
    "given",
    r"bây giờ là " + DATETIME,
    description="Đặt thời điểm hiện tại (ngày và giờ).",
    example="bây giờ là 04/03/2024 14:00",
    section=Section.TIME,
)
def _now(nghedan_world: World, at: str) -> None:
    nghedan_world.now = parse_datetime(at)


@step(
    "given",
    r"chỉ tiêu thăm hỏi mỗi tháng là (?P<n>\S+) hộ",
    description="Đổi chỉ tiêu số hộ được thăm mỗi xã mỗi tháng (mặc định 2).",
    example="chỉ tiêu thăm hỏi mỗi tháng là 3 hộ",
    section=Section.TIME,
)
def _quota(nghedan_world: World, n: str) -> None:
    nghedan_world.configure(monthly_quota=parse_int(n, "chỉ tiêu"))


@step(
    "given",
    r"khoản chi từ " + MONEY + r" trở lên cần hai người duyệt",
    description="Đổi ngưỡng chi cần hai người duyệt khác nhau (mặc định 5.000.000 đồng).",
    example="khoản chi từ 10.000.000 đồng trở lên cần hai người duyệt",
    section=Section.TIME,
)
def _threshold(nghedan_world: World, amount: str) -> None:
    nghedan_world.configure(dual_approval_threshold_vnd=parse_money(amount).amount)


@step(
    "given",
    r"thời hạn hẹn trả lời tối đa là (?P<n>\S+) ngày",
    description="Đổi số ngày tối đa từ khi nhận ý kiến đến lịch hẹn trả lời (mặc định 30).",
    example="thời hạn hẹn trả lời tối đa là 15 ngày",
    section=Section.TIME,
)
def _appointment_limit(nghedan_world: World, n: str) -> None:
    nghedan_world.configure(appointment_limit_days=parse_int(n, "số ngày"))


@step(
    "given",
    r"tình nguyện viên phải được báo trước ít nhất (?P<n>\S+) giờ",
    description="Đổi thời gian báo trước tối thiểu cho tình nguyện viên (mặc định 24 giờ).",
    example="tình nguyện viên phải được báo trước ít nhất 48 giờ",
    section=Section.TIME,
)
def _notice(nghedan_world: World, n: str) -> None:
    nghedan_world.configure(volunteer_notice_hours=parse_int(n, "số giờ"))


@step(
    "given",
    r"hộ đã được hỗ trợ trong vòng (?P<n>\S+) tháng cần lý do khi bình xét lại",
    description="Đổi thời gian (tháng) mà hộ vừa được hỗ trợ cần lý do để được chọn lại"
    " (mặc định 12).",
    example="hộ đã được hỗ trợ trong vòng 6 tháng cần lý do khi bình xét lại",
    section=Section.TIME,
)
def _cooldown(nghedan_world: World, n: str) -> None:
    nghedan_world.configure(reselection_cooldown_months=parse_int(n, "số tháng"))


@step(
    "given",
    r"không bắt buộc luân phiên ấp tiếp dân",
    description="Tắt quy tắc luân phiên ấp tiếp dân.",
    example="không bắt buộc luân phiên ấp tiếp dân",
    section=Section.TIME,
)
def _no_rotation(nghedan_world: World) -> None:
    nghedan_world.configure(hamlet_rotation=False)


# --- units --------------------------------------------------------------------------------


def _register_unit(
    world: World, step_text: str, kind: UnitKind, name: str, code: str | None, parent: str | None
) -> str:
    parent_code = world.unit(parent) if parent else None
    code = code or world.new_unit_code(name)
    world.given(step_text, RegisterUnit(code=code, name=name, kind=kind, parent=parent_code))
    world.add_unit(code, name, kind, parent_code)
    return code


@step(
    "given",
    r"(?P<kind>tỉnh|thành phố|huyện|xã|phường|thị trấn|đặc khu) \"(?P<name>[^\"]+)\""
    r"(?: mã \"(?P<code>[^\"]+)\")?(?: thuộc \"(?P<parent>[^\"]+)\")?",
    description="Đăng ký một đơn vị hành chính (mã tự sinh nếu không ghi), có thể thuộc"
    " đơn vị cấp trên.",
    example='xã "Ninh Thới" mã "29257" thuộc "Trà Vinh"',
    section=Section.UNITS,
)
def _unit(nghedan_world: World, kind: str, name: str, code: str | None, parent: str | None) -> None:
    _register_unit(nghedan_world, f"{kind} {name}", unit_kind(kind), name, code, parent)


@step(
    "given",
    r"(?P<kind>ấp|khóm|thôn|tổ dân phố) \"(?P<name>[^\"]+)\"(?: mã \"(?P<code>[^\"]+)\")?"
    r" thuộc \"(?P<parent>[^\"]+)\"",
    description="Đăng ký một ấp (khóm, thôn, tổ dân phố) của một xã.",
    example='ấp "Ô Rồm" thuộc "Ninh Thới"',
    section=Section.UNITS,
)
def _hamlet(nghedan_world: World, kind: str, name: str, code: str | None, parent: str) -> None:
    _register_unit(nghedan_world, f"{kind} {name}", UnitKind.HAMLET, name, code, parent)


@step(
    "given",
    r"\"(?P<unit>[^\"]+)\" có các (?P<kind>ấp|khóm|thôn|tổ dân phố) (?P<names>" + NAMES + ")",
    description="Đăng ký nhiều ấp của một xã cùng lúc, theo thứ tự luân phiên.",
    example='"Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp" và "Trà Điêu"',
    section=Section.UNITS,
)
def _hamlets(nghedan_world: World, unit: str, kind: str, names: str) -> None:
    for name in _names(names):
        _register_unit(nghedan_world, f"{kind} {name}", UnitKind.HAMLET, name, None, unit)


def _names(text: str) -> list[str]:
    return names(text)


# --- officials ----------------------------------------------------------------------------


def _roles(text: str | None) -> frozenset[OfficialRole]:
    if not text:
        return frozenset({OfficialRole.LEADER})
    return enum_values(OfficialRole, text, "vai trò")


def _register_official(
    world: World, step_text: str, name: str, unit: str, position: str | None, roles: str | None
) -> None:
    code = world.unit(unit)
    world.given(
        step_text,
        RegisterOfficial(
            official_id=world.official(name),
            unit=code,
            full_name=name,
            position=position or "Cán bộ",
            roles=_roles(roles),
        ),
    )
    world.officials_of.setdefault(code, []).append(name)


@step(
    "given",
    r"cán bộ \"(?P<name>[^\"]+)\" của \"(?P<unit>[^\"]+)\"(?: là \"(?P<position>[^\"]+)\")?"
    r"(?: với vai trò \"(?P<roles>[^\"]+)\")?",
    description="Đăng ký một cán bộ của đơn vị (vai trò mặc định: lãnh đạo; nhiều vai trò"
    " cách nhau bởi dấu phẩy: lãnh đạo, văn phòng, cấp giám sát, MTTQ, Ban Thanh tra nhân dân).",
    example='cán bộ "Trần Văn An" của "Ninh Thới" là "Chủ tịch UBND xã" với vai trò "lãnh đạo"',
    section=Section.OFFICIALS,
)
def _official(
    nghedan_world: World, name: str, unit: str, position: str | None, roles: str | None
) -> None:
    _register_official(nghedan_world, f"cán bộ {name}", name, unit, position, roles)


@step(
    "given",
    r"các cán bộ của \"(?P<unit>[^\"]+)\":",
    description="Đăng ký nhiều cán bộ bằng bảng có cột: họ tên, chức vụ, vai trò.",
    example='các cán bộ của "Ninh Thới":',
    table=(
        "| họ tên      | chức vụ              | vai trò  |",
        "| Trần Văn An | Chủ tịch UBND xã     | lãnh đạo |",
        "| Lê Thị Bình | Phó Chủ tịch UBND xã | lãnh đạo |",
    ),
    section=Section.OFFICIALS,
)
def _officials(nghedan_world: World, unit: str, datatable: list[list[str]]) -> None:
    for row in _table(datatable, ("họ tên",), ("chức vụ", "vai trò")):
        _register_official(
            nghedan_world,
            f"cán bộ {row['họ tên']}",
            row["họ tên"],
            unit,
            row.get("chức vụ") or None,
            row.get("vai trò") or None,
        )


@step(
    "given",
    r"cán bộ \"(?P<official>[^\"]+)\" đã kê khai là \"(?P<relation>[^\"]+)\""
    r" của hộ \"(?P<household>[^\"]+)\"",
    description="Cán bộ kê khai quan hệ thân nhân với một hộ (để tránh thiên vị người thân).",
    example='cán bộ "Trần Văn An" đã kê khai là "em ruột" của hộ "Thạch Thị Hoa"',
    section=Section.OFFICIALS,
)
def _relative(nghedan_world: World, official: str, relation: str, household: str) -> None:
    nghedan_world.given(
        f"kê khai {official}", build.declare_relative(nghedan_world, official, relation, household)
    )


@step(
    "given",
    r"cán bộ \"(?P<official>[^\"]+)\" thực hiện",
    description="Từ bước này, mọi lệnh do cán bộ đó thực hiện (không nêu: mỗi lệnh do một cán"
    " bộ của đơn vị có vai trò làm việc đó thực hiện).",
    example='cán bộ "Hồ Thị Giang" thực hiện',
    section=Section.OFFICIALS,
)
def _acting(nghedan_world: World, official: str) -> None:
    nghedan_world.acting = nghedan_world.official(official)


# --- households ---------------------------------------------------------------------------


def _register_household(
    world: World, step_text: str, head: str, unit: str, hamlet: str | None, categories: str
) -> None:
    world.given(step_text, build.register_household(world, head, unit, hamlet, categories))


@step(
    "given",
    r"hộ \"(?P<head>[^\"]+)\" của \"(?P<unit>[^\"]+)\""
    r"(?: ở (?:ấp|khóm|thôn|tổ dân phố) \"(?P<hamlet>[^\"]+)\")? thuộc diện \"(?P<cats>[^\"]+)\"",
    description="Đưa một hộ (gọi theo tên chủ hộ) vào danh sách hỗ trợ của xã, với diện"
    " (hộ nghèo, hộ cận nghèo, gia đình chính sách, người già neo đơn, ...).",
    example='hộ "Thạch Thị Hoa" của "Ninh Thới" ở ấp "Ô Rồm" thuộc diện "hộ nghèo"',
    section=Section.HOUSEHOLDS,
)
def _household(nghedan_world: World, head: str, unit: str, hamlet: str | None, cats: str) -> None:
    _register_household(nghedan_world, f"hộ {head}", head, unit, hamlet, cats)


@step(
    "given",
    r"các hộ của \"(?P<unit>[^\"]+)\":",
    description="Đưa nhiều hộ vào danh sách bằng bảng có cột: chủ hộ, diện, và tùy chọn"
    " ấp, điểm khó khăn, người đánh giá.",
    example='các hộ của "Ninh Thới":',
    table=(
        "| chủ hộ        | diện              | điểm khó khăn | người đánh giá |",
        "| Thạch Thị Hoa | hộ nghèo          | 80            | Trần Văn An    |",
        "| Sơn Văn Lợi   | người già neo đơn | 60            | Trần Văn An    |",
    ),
    section=Section.HOUSEHOLDS,
)
def _households(nghedan_world: World, unit: str, datatable: list[list[str]]) -> None:
    for row in _table(datatable, ("chủ hộ", "diện"), ("ấp", "điểm khó khăn", "người đánh giá")):
        head = row["chủ hộ"]
        _register_household(
            nghedan_world, f"hộ {head}", head, unit, row.get("ấp") or None, row["diện"]
        )
        if row.get("điểm khó khăn"):
            assessor = row.get("người đánh giá") or ""
            if not assessor:
                raise BddError(f'Hộ "{head}" có điểm khó khăn nhưng thiếu cột "người đánh giá".')
            _assess(nghedan_world, head, assessor, row["điểm khó khăn"])


def _assess(world: World, household: str, official: str, score: str) -> None:
    world.given(
        f"đánh giá hộ {household}",
        AssessHousehold(
            household_id=world.household(household),
            criteria=("bình xét tại ấp",),
            score=parse_int(score, "điểm khó khăn"),
            assessed_by=world.official(official),
        ),
    )


@step(
    "given",
    r"hộ \"(?P<household>[^\"]+)\" được \"(?P<official>[^\"]+)\" đánh giá mức khó khăn"
    r" (?P<score>\S+) điểm",
    description="Ghi điểm khó khăn (0–100, càng cao càng khó khăn) của một hộ.",
    example='hộ "Thạch Thị Hoa" được "Trần Văn An" đánh giá mức khó khăn 80 điểm',
    section=Section.HOUSEHOLDS,
)
def _assessed(nghedan_world: World, household: str, official: str, score: str) -> None:
    _assess(nghedan_world, household, official, score)


@step(
    "given",
    r"hộ \"(?P<household>[^\"]+)\" đã được (?P<officials>" + NAMES + r") bình xét chọn"
    r" tháng (?P<month>[^\s\"]+)(?: với lý do \"(?P<why>[^\"]+)\")?",
    description="Hộ đã được các cán bộ bình xét chọn hỗ trợ trong tháng.",
    example='hộ "Thạch Thị Hoa" đã được "Trần Văn An" và "Lê Thị Bình" bình xét chọn tháng 03/2024',
    section=Section.HOUSEHOLDS,
)
def _selected(
    nghedan_world: World, household: str, officials: str, month: str, why: str | None
) -> None:
    nghedan_world.given(
        f"bình xét hộ {household}",
        build.select_household(nghedan_world, household, officials, month, why),
    )


@step(
    "given",
    r"hộ \"(?P<household>[^\"]+)\" đã nhận hỗ trợ \"(?P<kind>[^\"]+)\" trị giá "
    + MONEY
    + r" ngày (?P<day>[^\s\"]+)(?: do (?P<funder>nhà tài trợ|ngân sách) chi trả)?",
    description="Hộ đã nhận một hỗ trợ (quà, nhà tình thương, sửa nhà, nhà vệ sinh, khác)"
    " vào một ngày trước đây, do nhà tài trợ (mặc định) hoặc ngân sách chi trả.",
    example='hộ "Thạch Thị Hoa" đã nhận hỗ trợ "quà" trị giá 500.000 đồng ngày 05/02/2024',
    section=Section.HOUSEHOLDS,
)
def _supported(
    nghedan_world: World, household: str, kind: str, amount: str, day: str, funder: str | None
) -> None:
    nghedan_world.given(
        f"hỗ trợ hộ {household}",
        build.deliver_support(
            nghedan_world,
            household,
            kind,
            amount,
            funder,
            occurred_at=nghedan_world.at_day(parse_date(day), 10),
        ),
    )


# --- the fund -----------------------------------------------------------------------------


def _ensure_fund(world: World, step_text: str, code: str) -> None:
    if world.reader().fund(code) is None:
        world.given(step_text, OpenFund(unit=code))


@step(
    "given",
    r"quỹ của \"(?P<unit>[^\"]+)\" đã được lập",
    description="Lập quỹ hỗ trợ đối tượng chính sách gặp khó khăn của đơn vị (số dư 0).",
    example='quỹ của "Ninh Thới" đã được lập',
    section=Section.FUND,
)
def _fund_opened(nghedan_world: World, unit: str) -> None:
    _ensure_fund(nghedan_world, "lập quỹ", nghedan_world.unit(unit))


@step(
    "given",
    r"quỹ của \"(?P<unit>[^\"]+)\" có số dư " + MONEY,
    description="Lập quỹ (nếu chưa có) và ghi một khoản thu từ buổi chào cờ cho đủ số dư.",
    example='quỹ của "Ninh Thới" có số dư 10.000.000 đồng',
    section=Section.FUND,
)
def _fund_balance(nghedan_world: World, unit: str, amount: str) -> None:
    code = nghedan_world.unit(unit)
    wanted = parse_money(amount)
    _ensure_fund(nghedan_world, "lập quỹ", code)
    fund = nghedan_world.reader().fund(code)
    have = fund.balance if fund is not None else wanted
    if wanted < have:
        raise BddError(
            f"Quỹ của {unit} đã có {have}, nhiều hơn {wanted}; số dư chỉ tăng bằng khoản thu."
        )
    if wanted > have:
        nghedan_world.given(
            f"nạp quỹ {unit}",
            build.receive(nghedan_world, unit, wanted - have, ContributionSource.FLAG_CEREMONY),
        )


@step(
    "given",
    r"\"(?P<who>[^\"]+)\" đã cam kết đóng góp "
    + MONEY
    + r" vào quỹ của \"(?P<unit>[^\"]+)\" "
    + SOURCE,
    description="Một người (hoặc nhà tài trợ) đã cam kết đóng góp vào quỹ (nguồn: buổi chào"
    ' cờ, buổi làm việc, hoặc nhà tài trợ "tên").',
    example='"Nguyễn Văn Bảy" đã cam kết đóng góp 1.000.000 đồng vào quỹ của "Ninh Thới"'
    " tại buổi chào cờ",
    section=Section.FUND,
)
def _pledged(nghedan_world: World, who: str, amount: str, unit: str, source: str) -> None:
    _ensure_fund(nghedan_world, "lập quỹ", nghedan_world.unit(unit))
    nghedan_world.given(
        f"cam kết của {who}", build.pledge(nghedan_world, who, amount, unit, source)
    )


# --- sessions -----------------------------------------------------------------------------


def ensure_session(world: World, code: str, month: Month, level: SessionLevel) -> None:
    """Schedule the month's session on its first Monday if the scenario did not."""
    sid = session_id(code, month, level)
    if world.reader().state(session_.AGGREGATE, sid) is None:
        world.given(
            f"lên lịch buổi làm việc {month}",
            ScheduleSession(unit=code, month=month, date=first_monday(month), level=level),
        )


@step(
    "given",
    r"\"(?P<unit>[^\"]+)\" đã lên lịch buổi làm việc(?P<sup> cấp giám sát)? tháng"
    r" (?P<month>[^\s\"]+)(?: vào ngày (?P<day>[^\s\"]+))?"
    r"(?: tiếp dân tại (?:ấp|khóm|thôn|tổ dân phố) \"(?P<hamlet>[^\"]+)\")?"
    r"(?: với lý do \"(?P<why>[^\"]+)\")?",
    description="Buổi làm việc của tháng đã được lên lịch (mặc định vào thứ Hai đầu tháng),"
    " có thể ghi ấp tiếp dân và lý do.",
    example='"Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024 vào ngày 04/03/2024 tiếp dân'
    ' tại ấp "Ô Rồm"',
    section=Section.SESSIONS,
)
def _scheduled(
    nghedan_world: World,
    unit: str,
    sup: str | None,
    month: str,
    day: str | None,
    hamlet: str | None,
    why: str | None,
) -> None:
    nghedan_world.given(
        f"lên lịch buổi làm việc {month}",
        build.schedule_session(nghedan_world, unit, sup, month, day, hamlet, why, why),
    )


@step(
    "given",
    r"(?:ấp|khóm|thôn|tổ dân phố) \"(?P<hamlet>[^\"]+)\" của \"(?P<unit>[^\"]+)\" đã tiếp dân"
    r" ngày (?P<day>[^\s\"]+)",
    description="Ấp đã đón buổi tiếp dân vào một ngày trước đây (lịch sử luân phiên); buổi"
    " làm việc của tháng đó được lên lịch nếu chưa có.",
    example='ấp "Ô Rồm" của "Ninh Thới" đã tiếp dân ngày 05/02/2024',
    section=Section.SESSIONS,
)
def _hosted(nghedan_world: World, hamlet: str, unit: str, day: str) -> None:
    code = nghedan_world.unit(unit)
    d = parse_date(day)
    month = Month.of(d)
    ensure_session(nghedan_world, code, month, SessionLevel.COMMUNE)
    nghedan_world.given(
        f"tiếp dân tại {hamlet}",
        HoldReception(
            unit=code,
            month=month,
            hamlet=nghedan_world.hamlet(code, hamlet),
            attendees=0,
            occurred_at=nghedan_world.at_day(d, 9),
        ),
    )


@step(
    "given",
    SESSION + r" đã kết thúc(?: với lý do chưa đạt chỉ tiêu \"(?P<why>[^\"]+)\")?",
    description="Buổi làm việc đã kết thúc (có thể kèm lý do chưa đạt chỉ tiêu thăm hỏi).",
    example='buổi làm việc tháng 03/2024 của "Ninh Thới" đã kết thúc với lý do chưa đạt chỉ'
    ' tiêu "mưa bão"',
    section=Section.SESSIONS,
)
def _closed(nghedan_world: World, sup: str | None, month: str, unit: str, why: str | None) -> None:
    nghedan_world.given(
        "kết thúc buổi làm việc", build.close_session(nghedan_world, sup, month, unit, why)
    )


# --- complaints ---------------------------------------------------------------------------


@step(
    "given",
    r"công dân \"(?P<citizen>[^\"]+)\" đã nêu ý kiến \"(?P<label>[^\"]+)\""
    r"(?: về \"(?P<category>[^\"]+)\")? tại " + SESSION,
    description="Một công dân đã nêu ý kiến (gọi theo nhãn) tại buổi làm việc; buổi làm việc"
    " được lên lịch vào thứ Hai đầu tháng nếu chưa có.",
    example='công dân "Nguyễn Văn Nam" đã nêu ý kiến "đường ấp ngập" về "hạ tầng" tại buổi'
    ' làm việc tháng 03/2024 của "Ninh Thới"',
    section=Section.COMPLAINTS,
)
def _raised(
    nghedan_world: World,
    citizen: str,
    label: str,
    category: str | None,
    sup: str | None,
    month: str,
    unit: str,
) -> None:
    ensure_session(nghedan_world, *build.session(nghedan_world, sup, month, unit))
    nghedan_world.given(
        f"ý kiến {label}",
        build.raise_complaint(nghedan_world, citizen, label, category, sup, month, unit),
    )


@step(
    "given",
    r"ý kiến \"(?P<label>[^\"]+)\" ở trạng thái \"(?P<state>[^\"]+)\"",
    description="Đưa ý kiến đã nêu tới một trạng thái: đang mở, trả lời tại chỗ, tiếp thu,"
    " hẹn trả lời, chuyển cơ quan có thẩm quyền, đã trả lời, đã giải quyết, đã rút (cần một"
    " cán bộ của xã để trả lời).",
    example='ý kiến "đường ấp ngập" ở trạng thái "tiếp thu, hẹn trả lời"',
    section=Section.COMPLAINTS,
)
def _complaint_state(nghedan_world: World, label: str, state: str) -> None:
    w = nghedan_world
    outcome = enum_value(ComplaintOutcome, state, "trạng thái ý kiến")
    code = w.complaint_units.get(label)
    if code is None:
        raise BddError(f'Chưa có ý kiến "{label}"; hãy ghi ý kiến trước (công dân ... đã nêu).')
    appointment = build.appointment(w.now + timedelta(days=7), "Trụ sở UBND")
    commands = {
        ComplaintOutcome.OPEN: [],
        ComplaintOutcome.ANSWERED_ON_SPOT: ["spot"],
        ComplaintOutcome.TAKEN_ON_RECORD: ["record"],
        ComplaintOutcome.REFERRED: ["refer"],
        ComplaintOutcome.ANSWERED: ["record", "answer"],
        ComplaintOutcome.RESOLVED: ["spot", "resolve"],
        ComplaintOutcome.WITHDRAWN: ["withdraw"],
    }[outcome]
    official = ""
    if {"spot", "answer", "resolve"} & set(commands):
        officials = w.officials_of.get(code)
        if not officials:
            raise BddError(
                f'Để ý kiến "{label}" ở trạng thái "{state}" cần một cán bộ của xã trả lời;'
                ' hãy khai báo: Cho cán bộ "..." của "...".'
            )
        official = officials[0]
    build_step: dict[str, Callable[[], Command]] = {
        "spot": lambda: build.answer(
            w,
            label,
            official,
            "Đã giải thích cho công dân",
            "Theo quy định hiện hành",
            on_spot=True,
        ),
        "record": lambda: build.take_on_record(
            w, label, RecordReason.NEEDS_VERIFICATION, appointment, "UBND xã"
        ),
        "refer": lambda: build.refer(w, label, "Cơ quan có thẩm quyền", appointment),
        "answer": lambda: build.answer(w, label, official, "Đã trả lời"),
        "resolve": lambda: build.resolve(w, label, official),
        "withdraw": lambda: build.withdraw(w, label, "Công dân rút ý kiến"),
    }
    for name in commands:
        w.given(state, build_step[name]())


# --- visits -------------------------------------------------------------------------------


@step(
    "given",
    r"đoàn (?P<team>" + NAMES + r") đã (?P<done>thăm|lên kế hoạch thăm) hộ"
    r" \"(?P<household>[^\"]+)\" tại " + SESSION + r"(?: và tặng quà " + MONEY + ")?",
    description="Đoàn cán bộ đã thăm (hoặc mới lên kế hoạch thăm) một hộ trong buổi làm việc;"
    " quà (nếu có) chi từ quỹ, do đoàn duyệt.",
    example='đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024'
    ' của "Ninh Thới" và tặng quà 500.000 đồng',
    section=Section.VISITS,
)
def _visited(
    nghedan_world: World,
    team: str,
    done: str,
    household: str,
    sup: str | None,
    month: str,
    unit: str,
    amount: str | None,
) -> None:
    code, m, level = build.session(nghedan_world, sup, month, unit)
    members = _names(team)
    nghedan_world.given(
        "thăm hộ", build.plan_visit(nghedan_world, members, household, code, m, level)
    )
    if done == "thăm":
        gift = parse_money(amount) if amount else Vnd(0)
        nghedan_world.given(
            f"thăm hộ {household}",
            build.conduct_visit(
                nghedan_world, household, gift, approvers=members if gift else None
            ),
        )


# --- volunteer work -----------------------------------------------------------------------


@step(
    "given",
    r"hoạt động tình nguyện \"(?P<name>[^\"]+)\" loại \"(?P<kind>[^\"]+)\" của"
    r" \"(?P<unit>[^\"]+)\" tại \"(?P<place>[^\"]+)\" bắt đầu lúc " + DATETIME,
    description="Lên kế hoạch một hoạt động tình nguyện (loại: dọn vệ sinh, phát quang, làm"
    " đường, xây nhà, sửa nhà, nhà vệ sinh, khác); nhiệm vụ là tên hoạt động.",
    example='hoạt động tình nguyện "Phát quang đường ấp" loại "phát quang" của "Ninh Thới"'
    ' tại "Ấp Ô Rồm" bắt đầu lúc 10/03/2024 07:00',
    section=Section.VOLUNTEER,
)
def _work(nghedan_world: World, name: str, kind: str, unit: str, place: str, at: str) -> None:
    nghedan_world.given(
        f"hoạt động {name}", build.plan_work(nghedan_world, name, kind, unit, place, at)
    )


@step(
    "given",
    r"tình nguyện viên đã được thông báo về hoạt động \"(?P<name>[^\"]+)\" lúc " + DATETIME,
    description="Tình nguyện viên đã được báo thời gian, địa điểm, nhiệm vụ vào một thời điểm.",
    example='tình nguyện viên đã được thông báo về hoạt động "Phát quang đường ấp" lúc'
    " 08/03/2024 07:00",
    section=Section.VOLUNTEER,
)
def _notified(nghedan_world: World, name: str, at: str) -> None:
    nghedan_world.given(f"thông báo {name}", build.notify_volunteers(nghedan_world, name, at))


# --- the demo and the generic step --------------------------------------------------------


@step(
    "given",
    r"dữ liệu mẫu của huyện Cầu Kè 6 tháng đầu năm 2024 đã được ghi nhận",
    description="Ghi toàn bộ dữ liệu mẫu của 11 xã, thị trấn huyện Cầu Kè (tháng 1–6/2024)"
    " bằng các lệnh của văn phòng xã; phải là bước đầu tiên của kịch bản.",
    example="dữ liệu mẫu của huyện Cầu Kè 6 tháng đầu năm 2024 đã được ghi nhận",
    section=Section.DEMO,
)
def _demo(nghedan_world: World) -> None:
    nghedan_world.load_demo()


@step(
    "given",
    r"đã thực hiện lệnh \"(?P<command>[^\"]+)\" với:",
    description="Ghi bất kỳ lệnh nào trong 48 lệnh của hệ thống với bảng trường | giá trị"
    " (phải được chấp nhận).",
    example='đã thực hiện lệnh "ReviewMonth" với:',
    table=(
        "| trường     | giá trị                       |",
        "| unit       | Ninh Thới                     |",
        "| month      | 03/2024                       |",
        "| summary    | Hoàn thành nhiệm vụ tháng 2   |",
        "| next_focus | Chăm lo Tết cho hộ khó khăn   |",
    ),
    section=Section.GENERIC,
)
def _generic_given(nghedan_world: World, command: str, datatable: list[list[str]]) -> None:
    try:
        built = build_command(nghedan_world, command, datatable)
    except InvalidInputError as refusal:
        raise BddError(f"Lệnh {command}: {refusal.message('vi')}") from refusal
    nghedan_world.given(f"lệnh {command}", built)


# --- helpers ------------------------------------------------------------------------------


def _table(
    datatable: list[list[str]], required: tuple[str, ...], optional: tuple[str, ...]
) -> list[dict[str, str]]:
    """The rows of a table with a header row, as dicts; unknown or missing columns refused."""
    if not datatable:
        raise ParseError("Bảng trống.")
    header = [h.strip().lower() for h in datatable[0]]
    unknown = [h for h in header if h not in required + optional]
    missing = [h for h in required if h not in header]
    if unknown or missing:
        raise ParseError(
            f"Bảng phải có cột: {', '.join(required)}"
            + (f" (tùy chọn: {', '.join(optional)})" if optional else "")
            + (f"; cột không hiểu: {', '.join(unknown)}" if unknown else "")
            + "."
        )
    return [dict(zip(header, (c.strip() for c in row), strict=True)) for row in datatable[1:]]


table_rows = _table
