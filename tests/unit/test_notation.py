"""The one reader of Vietnamese notation: money, counts, dates, moments and months."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta, timezone

import pytest

from nghedan_core import VIETNAM_TZ, Month, Vnd
from nghedan_core.errors import Problem
from nghedan_core.notation import (
    NotationError,
    iso_date,
    iso_moment,
    iso_month,
    parse_count,
    parse_date,
    parse_moment,
    parse_money,
    parse_month,
    read_money,
)
from nghedan_core.values import MAX_VND

UTC_ = timezone(timedelta(0))

# --- money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2.350.000", 2_350_000),
        ("2.350.000 đ", 2_350_000),
        ("2.350.000đ", 2_350_000),
        ("2.350.000 đồng", 2_350_000),
        ("2.350.000 VND", 2_350_000),
        ("2.350.000 VNĐ", 2_350_000),
        ("2350000", 2_350_000),
        ("500000 đ", 500_000),
        ("999 đồng", 999),
        ("0 đồng", 0),
        ("  1.000  ", 1_000),
        ("1.000.000.000.000.000 đ", MAX_VND),
    ],
)
def test_money_written_the_vietnamese_way_is_read(text: str, amount: int) -> None:
    """Dot-grouped or plain whole đồng, with or without the unit, is the amount."""
    assert parse_money(text) == Vnd(amount)
    assert read_money(text) == amount


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        (
            "26,500,000 đồng",
            "dùng dấu phẩy để ngăn cách hàng nghìn",
            "groups thousands with commas",
        ),
        ("2.5 đồng", "nhóm hàng nghìn bằng dấu chấm", "thousands grouped by dots"),
        ("26.500.00 đ", "nhóm hàng nghìn bằng dấu chấm", "thousands grouped by dots"),
        ("26.500.000,5 đ", "không có phần thập phân", "without decimals"),
        ("1,5 đồng", "không có phần thập phân", "without decimals"),
        ("-5.000 đồng", "không được âm", "must not be negative"),
        ("năm trăm đồng", "Không đọc được số tiền", "Cannot read the amount"),
        ("26 500 000 đồng", "Không đọc được số tiền", "Cannot read the amount"),
        ("đồng", "Thiếu số tiền", "No amount"),
        ("", "Thiếu số tiền", "No amount"),
        ("1.000.000.000.000.001 đ", "lớn hơn 1.000.000.000.000.000 đ", "larger than"),
        ("9" * 5000, "lớn hơn 1.000.000.000.000.000 đ", "larger than"),
    ],
)
def test_money_that_could_be_misread_is_refused_in_both_languages(
    text: str, vi: str, en: str
) -> None:
    """Commas, decimals, signs, words and huge numbers are refused, never guessed."""
    with pytest.raises(NotationError) as refused:
        parse_money(text, "--amount")
    assert vi in refused.value.message("vi")
    assert en in refused.value.message("en")
    assert refused.value.field == "--amount"


def test_read_money_only_reads_the_notation() -> None:
    """The sign and the range are left to the caller; text that is not money is None."""
    assert read_money("-26.500.000 đ") == -26_500_000
    assert read_money("9" * 5000) == MAX_VND + 1
    assert read_money("-" + "9" * 5000) == -(MAX_VND + 1)
    assert read_money("26,500,000") is None
    assert read_money("hai triệu") is None


def test_counts_are_whole_numbers_grouped_by_dots() -> None:
    """``1.146`` and ``1146`` are counts; ``1,146`` and ``-3`` are refused."""
    assert parse_count("1.146") == 1146
    assert parse_count("40") == 40
    with pytest.raises(NotationError, match="dấu phẩy"):
        parse_count("1,146")
    with pytest.raises(NotationError, match="không được âm"):
        parse_count("-3", what=("số lượt người", "participants"))
    with pytest.raises(NotationError, match="quá lớn"):
        parse_count("9" * 5000)


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("09/07/2024", date(2024, 7, 9)),
        ("9/7/2024", date(2024, 7, 9)),
        ("2024-07-09", date(2024, 7, 9)),
        ("29/02/2024", date(2024, 2, 29)),
        (" 09/07/2024 ", date(2024, 7, 9)),
    ],
)
def test_dates_are_day_first_or_iso(text: str, day: date) -> None:
    """``09/07/2024`` is 9 July 2024, as ``2024-07-09`` is."""
    assert parse_date(text) == day
    assert iso_date(text) == day.isoformat()


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("31/02/2024", "ngày không hợp lệ: '31/02/2024' (ngày này không có trên lịch)", "no such"),
        ("2024-02-30", "không có trên lịch", "not a valid date: '2024-02-30'"),
        ("03-04-2024", "Không đọc được ngày '03-04-2024'", "Cannot read the date"),
        ("2024/03/04", "04/03/2024", "04/03/2024"),
        ("04.03.2024", "04/03/2024", "2024-03-04"),
        ("4/3/24", "04/03/2024", "04/03/2024"),
        ("", "Không đọc được ngày", "Cannot read the date"),
    ],
)
def test_malformed_or_impossible_dates_are_refused(text: str, vi: str, en: str) -> None:
    """A date not day first nor ISO, or not on the calendar, is refused with how to write one."""
    with pytest.raises(NotationError) as refused:
        parse_date(text, "--from")
    assert vi in refused.value.vi
    assert en in refused.value.en
    assert refused.value.problem() == Problem("--from", refused.value.vi, refused.value.en)


def test_iso_date_rewrites_the_notation_only() -> None:
    """The calendar is the caller's: ``30/02/2024`` is rewritten, ``hôm nay`` is not a date."""
    assert iso_date("30/02/2024") == "2024-02-30"
    assert iso_date("hôm nay") is None


# --- moments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("10/05/2024 08:00", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("10/05/2024 lúc 08:00", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("10/05/2024 8h00", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("10/05/2024 08:00:30", datetime(2024, 5, 10, 8, 0, 30, tzinfo=VIETNAM_TZ)),
        ("08:00 ngày 10/05/2024", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("08:00 10/05/2024", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("14h30 ngày 10/05/2024", datetime(2024, 5, 10, 14, 30, tzinfo=VIETNAM_TZ)),
        ("2024-05-10T08:00", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("2024-05-10 08:00", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("10/05/2024T08:00", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("2024-05-10T01:00+00:00", datetime(2024, 5, 10, 1, tzinfo=UTC_)),
        ("2024-05-10T01:00Z", datetime(2024, 5, 10, 1, tzinfo=UTC_)),
        ("10/05/2024 08:00+07:00", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("10/05/2024", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
        ("10/05/2024 08:00.", datetime(2024, 5, 10, 8, tzinfo=VIETNAM_TZ)),
    ],
)
def test_moments_in_every_accepted_form(text: str, moment: datetime) -> None:
    """Day then time, time then day, or ISO; no zone means Vietnam time, a day alone 08:00."""
    read = parse_moment(text)
    assert read == moment
    assert read.utcoffset() == moment.utcoffset()


def test_a_day_alone_is_the_time_the_caller_says() -> None:
    """A date alone is 08:00 unless told; `iso_moment` takes it as midnight; None refuses it."""
    assert parse_moment("10/05/2024", day_alone=time(0)).hour == 0
    assert iso_moment("10/05/2024") == "2024-05-10T00:00:00+07:00"
    assert iso_moment("08:00 ngày 10/05/2024") == "2024-05-10T08:00:00+07:00"
    with pytest.raises(NotationError, match="không phải ngày hoặc ngày giờ hợp lệ"):
        parse_moment("10/05/2024", day_alone=None)


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("10/05/2024 25:00", "Giờ '10/05/2024 25:00' không hợp lệ", "is not valid"),
        ("10/05/2024 08:61", "không hợp lệ", "is not valid"),
        ("31/02/2024 08:00", "không có trên lịch", "no such day"),
        ("2024-05-10Tmorning", "không phải ngày hoặc ngày giờ hợp lệ", "not a valid date or"),
        ("tuần sau", "không phải ngày hoặc ngày giờ hợp lệ: 'tuần sau'", "not a valid date or"),
        ("", "không phải ngày hoặc ngày giờ hợp lệ", "08:00 ngày 04/03/2024"),
    ],
)
def test_malformed_moments_are_refused(text: str, vi: str, en: str) -> None:
    """A moment that is not one of the forms, or not on the clock, is refused in both languages."""
    with pytest.raises(NotationError) as refused:
        parse_moment(text, "--as-of")
    assert vi in refused.value.vi
    assert en in refused.value.en
    assert refused.value.field == "--as-of"
    assert iso_moment(text) is None


# --- months -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["03/2024", "3/2024", "tháng 03/2024", "2024-03", " 2024-03 "])
def test_03_2024_is_the_same_month_as_2024_03(text: str) -> None:
    """Every way to write March 2024 reads as ``Month(2024, 3)``."""
    assert parse_month(text) == parse_month("2024-03") == Month(2024, 3)
    assert iso_month(text) == "2024-03"


@pytest.mark.parametrize("text", ["13/2024", "2024-13", "2024-3", "03-2024", "March 2024", ""])
def test_a_month_in_neither_form_is_refused_naming_both(text: str) -> None:
    """The refusal says both ways to write a month, in Vietnamese and in English."""
    with pytest.raises(NotationError) as refused:
        parse_month(text, "--month")
    assert "tháng phải viết dạng YYYY-MM hoặc MM/YYYY (vd 2024-03 hoặc 03/2024)" in refused.value.vi
    assert "a month is written YYYY-MM or MM/YYYY (e.g. 2024-03 or 03/2024)" in refused.value.en
    assert refused.value.field == "--month"


def test_decomposed_unicode_is_read_as_composed() -> None:
    """``đồng`` and ``tháng`` typed in NFD are read as their NFC spelling."""
    assert parse_money(unicodedata.normalize("NFD", "2.000 đồng")) == Vnd(2000)
    assert parse_month(unicodedata.normalize("NFD", "tháng 3/2024")) == Month(2024, 3)
