"""Strict parsing of money, dates, times, months and numbers as staff write them."""

from datetime import date, datetime

import pytest

from nghedan_bdd.parsing import (
    ParseError,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_km,
    parse_money,
    parse_month,
    parse_percent,
)
from nghedan_core import VIETNAM_TZ, Month, Vnd


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("26.500.000 đồng", 26_500_000),
        ("26.500.000 đ", 26_500_000),
        ("26.500.000đ", 26_500_000),
        ("500000 đ", 500_000),
        ("1.000 đồng", 1_000),
        ("999 đồng", 999),
        ("0 đồng", 0),
        ("128.500.000", 128_500_000),
    ],
)
def test_money_written_the_vietnamese_way_is_read(text, amount):
    assert parse_money(text) == Vnd(amount)


def test_money_with_commas_for_thousands_is_refused_not_misread():
    with pytest.raises(ParseError) as refused:
        parse_money("26,500,000 đồng")
    message = str(refused.value)
    assert "'26,500,000' dùng dấu phẩy để ngăn cách hàng nghìn" in message
    assert "26.500.000 đồng" in message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2.5 đồng", "nhóm hàng nghìn bằng dấu chấm"),
        ("26.500.00 đồng", "nhóm hàng nghìn bằng dấu chấm"),
        ("26.500.000,5 đ", "không có phần thập phân"),
        ("1,5 đồng", "không có phần thập phân"),
        ("-5.000 đồng", "không được âm"),
        ("năm trăm đồng", "Không đọc được số tiền"),
        ("đồng", "Thiếu số tiền"),
        ("26 500 000 đồng", "Không đọc được số tiền"),
    ],
)
def test_ambiguous_or_malformed_money_is_refused_with_a_message(text, says):
    with pytest.raises(ParseError, match=says):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("04/03/2024", date(2024, 3, 4)),
        ("4/3/2024", date(2024, 3, 4)),
        ("2024-03-04", date(2024, 3, 4)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_day_first_or_iso(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/2024", "không có trên lịch"),
        ("2024-02-30", "không có trên lịch"),
        ("03-04-2024", "04/03/2024"),
        ("2024/03/04", "04/03/2024"),
        ("04.03.2024", "04/03/2024"),
        ("4/3/24", "04/03/2024"),
        ("", "Không đọc được ngày"),
    ],
)
def test_malformed_dates_are_refused(text, says):
    with pytest.raises(ParseError, match=says):
        parse_date(text)


def test_times_are_in_vietnam():
    assert parse_datetime("04/03/2024 08:30") == datetime(2024, 3, 4, 8, 30, tzinfo=VIETNAM_TZ)
    assert parse_datetime("04/03/2024 lúc 14:00") == datetime(2024, 3, 4, 14, tzinfo=VIETNAM_TZ)
    assert parse_datetime("04/03/2024") == datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
    assert parse_datetime("2024-03-04T08:00") == datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
    assert parse_datetime("2024-03-04T01:00+00:00").utcoffset().total_seconds() == 0
    with pytest.raises(ParseError, match="không hợp lệ"):
        parse_datetime("04/03/2024 25:00")
    with pytest.raises(ParseError):
        parse_datetime("2024-03-04Tmorning")


def test_months_numbers_lengths_rates_and_yes_no():
    assert parse_month("03/2024") == Month(2024, 3)
    assert parse_month("3/2024") == Month(2024, 3)
    assert parse_month("tháng 03/2024") == Month(2024, 3)
    assert parse_month("2024-03") == Month(2024, 3)
    with pytest.raises(ParseError):
        parse_month("13/2024")
    with pytest.raises(ParseError):
        parse_month("March 2024")
    assert parse_int("1.146") == 1146
    with pytest.raises(ParseError, match="dấu phẩy"):
        parse_int("1,146")
    assert parse_km("46,3 km") == 46_300
    assert parse_km("2") == 2_000
    with pytest.raises(ParseError, match="dấu phẩy"):
        parse_km("46.3 km")
    assert parse_percent("100 %") == 1.0
    assert parse_percent("99,5%") == 0.995
    with pytest.raises(ParseError):
        parse_percent("100")
    assert parse_bool("có") is True
    assert parse_bool("không") is False
    with pytest.raises(ParseError):
        parse_bool("có lẽ")
