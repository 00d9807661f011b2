"""The catalogue of messages: every template and every word, in both languages, reads clean.

Each refusal template is rendered with sample parameters of the right types (dates, moments,
money, months, enum members, ids with a name lookup), each word of the vocabulary in both
languages; none may carry the other language's words, an ISO date or a machine form (UUID,
event topic, CamelCase command name, snake_case code).
"""

from __future__ import annotations

import re
import string
from datetime import date, datetime
from uuid import UUID

import pytest

from nghedan_core import values
from nghedan_core.aggregates import COMMANDS, EVENT_TOPICS
from nghedan_core.aggregates.session import SessionStatus
from nghedan_core.errors import (
    MESSAGES,
    InvalidStateError,
    JustificationRequiredError,
    Violation,
    raise_for,
)
from nghedan_core.messages import (
    VOCABULARY,
    Lang,
    command_words,
    event_words,
    format_moment,
    format_money,
    format_number,
    money_in_words,
    render,
    show,
    word,
)
from nghedan_core.projections import ComplaintStatus
from nghedan_core.projections.ledger import LineKind
from nghedan_core.values import VIETNAM_TZ, Month, OfficialRole, SessionLevel, Vnd

OFFICIAL = UUID("646dfa76-1c2a-4e5b-8d7d-5e0a9c3b1d2e")
HOUSEHOLD = UUID("0d9b1f3a-7c55-4e0e-9a5e-2b4f6c8d0e1f")
PLEDGE = UUID("11111111-2222-4333-8444-555555555555")
PAYMENT = UUID("21111111-2222-4333-8444-555555555555")
SESSION = UUID("31111111-2222-4333-8444-555555555555")

#: what the adapter's lookup would answer, per language (names are data: ASCII in English
#: samples so that the check for Vietnamese letters looks at the words, not the names)
NAMES: dict[Lang, dict[str, str]] = {
    "vi": {
        "29257": "Xã Ninh Thới (29257)",
        "29260": "Xã Hòa Ân (29260)",
        "29257-01": "Ấp Ngãi Hiệp (29257-01)",
        "29257-02": "Ấp Mới (29257-02)",
        str(OFFICIAL): "Trần Văn Bình",
        str(HOUSEHOLD): "Thạch Thị Hoa",
        str(PLEDGE): "cam kết của Công ty Minh Phát",
        str(PAYMENT): "khoản chi cho hộ Thạch Thị Hoa",
        str(SESSION): "tháng 03/2024 của Xã Ninh Thới (29257)",
    },
    "en": {
        "29257": "Ninh Thoi (29257)",
        "29260": "Hoa An (29260)",
        "29257-01": "Ngai Hiep (29257-01)",
        "29257-02": "Moi (29257-02)",
        str(OFFICIAL): "Tran Van Binh",
        str(HOUSEHOLD): "Thach Thi Hoa",
        str(PLEDGE): "the pledge of Minh Phat Ltd",
        str(PAYMENT): "the payment to Thach Thi Hoa",
        str(SESSION): "the session of 03/2024 of Ninh Thoi (29257)",
    },
}

MOMENT = datetime(2024, 5, 10, 8, 0, tzinfo=VIETNAM_TZ)
LATER = datetime(2024, 5, 11, 7, 30, tzinfo=VIETNAM_TZ)

#: sample parameters of the right types, by parameter name
SAMPLES: dict[str, object] = {
    "summary": "",  # filled per language below
    "attempts": 20,
    "command_id": "phieu-thu-0042",
    "command": "ReceiveContribution",
    "day": "18/03/2024",
    "events": 3,
    "period": "01/03/2024–31/03/2024",
    "unit": "29257",
    "into": "29260",
    "hamlet": "29257-01",
    "expected": "29257-01",
    "chosen": "29257-02",
    "official": str(OFFICIAL),
    "household": str(HOUSEHOLD),
    "pledge": str(PLEDGE),
    "disbursement": str(PAYMENT),
    "session": str(SESSION),
    "role": OfficialRole.SUPERVISOR.value,
    "date": date(2024, 7, 9).isoformat(),
    "first_monday": date(2024, 7, 1).isoformat(),
    "last_supported": date(2024, 2, 5).isoformat(),
    "month": str(Month(2024, 7)),
    "at": MOMENT.isoformat(),
    "raised_at": LATER.isoformat(),
    "now": LATER.isoformat(),
    "notified_at": MOMENT.isoformat(),
    "starts_at": LATER.isoformat(),
    "limit_days": 30,
    "count": 3,
    "achieved": 1,
    "required": 2,
    "relation": "",  # free text typed by a person: filled per language below
    "cooldown_months": 12,
    "amount": str(Vnd(26_500_000)),
    "balance": str(Vnd(1_000_000)),
    "threshold": str(Vnd(5_000_000)),
    "remaining": str(Vnd(2_000_000)),
    "reason": "donor_unnamed",
    "hours": 24,
    "key": "29257",
    "units": "29250, 29251",
    "kind": "unit",
    "state": "closed",
    "action": "CloseSession",
    "official_unit": "29260",
    "scope": "29260",
    "other": "29260",
    "skew": 5,
    "days": 7,
    "since": "13/03/2024 09:00",
}
TYPED: dict[Lang, dict[str, object]] = {
    "vi": {"summary": "--amount: thiếu số tiền", "relation": "em ruột"},
    "en": {"summary": "--amount: the amount is missing", "relation": "sibling"},
}

#: English words that never belong in a Vietnamese text (all ASCII: a Vietnamese word
#: written without its marks is not among them)
ENGLISH: frozenset[str] = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "of",
        "and",
        "not",
        "cannot",
        "must",
        "has",
        "have",
        "been",
        "with",
        "for",
        "from",
        "already",
        "exists",
        "found",
        "no",
        "session",
        "sessions",
        "unit",
        "units",
        "household",
        "households",
        "official",
        "officials",
        "fund",
        "complaint",
        "complaints",
        "visit",
        "pledge",
        "payment",
        "receipt",
        "reversal",
        "closed",
        "scheduled",
        "cancelled",
        "open",
        "supervisor",
        "supervisory",
        "commune",
        "district",
        "province",
        "ward",
        "town",
        "hamlet",
        "role",
        "state",
        "kind",
        "level",
        "leader",
        "clerk",
        "gift",
        "toilet",
        "donor",
        "budget",
        "other",
        "recorded",
        "planned",
        "conducted",
        "answered",
        "resolved",
        "withdrawn",
        "due",
        "overdue",
        "selected",
        "completed",
        "left",
    ]
)
#: a letter with Vietnamese marks (Latin-1 supplement, Latin Extended-A/B and Additional)
VIETNAMESE_LETTER = re.compile("[À-ɏḀ-ỿ]")
MACHINE = {
    "an ISO date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "a UUID": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}"),
    "an event topic": re.compile(r"\b[a-z]+\.[A-Z][A-Za-z]+"),
    "a CamelCase name": re.compile(r"\b[A-Z][a-z]+[A-Z][A-Za-z]*\b"),
    "a snake_case code": re.compile(r"\b[a-z]+_[a-z_]+\b"),
}


def problems_of(text: str, lang: Lang) -> list[str]:
    """What is wrong with `text` as a message in `lang` (empty: nothing)."""
    found = [f"{what}: {m.group(0)!r}" for what, p in MACHINE.items() if (m := p.search(text))]
    if lang == "vi":
        words = {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}
        found += [f"English word {w!r}" for w in sorted(words & ENGLISH)]
    elif (m := VIETNAMESE_LETTER.search(text)) is not None:
        found.append(f"Vietnamese letter {m.group(0)!r}")
    return found


def sample(code: str, lang: Lang) -> dict[str, object]:
    """Sample parameters for every field the template of `code` names."""
    if code == "selection.justification_required":
        soft = [
            Violation("selection.out_of_rank", {"count": 2}, soft=True),
            Violation("quota.shortfall_reason_required", {"achieved": 1, "required": 2}, soft=True),
        ]
        with pytest.raises(JustificationRequiredError) as e:
            raise_for(soft)
        return e.value.params
    fields = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[code][0]) if name}
    return {name: TYPED[lang].get(name, SAMPLES[name]) for name in fields}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_reads_in_its_own_language_without_machine_forms(
    code: str, lang: Lang
) -> None:
    """Each refusal, rendered with typed parameters and names, holds only its language's words."""
    text = render(code, sample(code, lang), lang, NAMES[lang].get)
    assert "{" not in text
    assert problems_of(text, lang) == [], text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("group", "code"), [(g, c) for g, table in VOCABULARY.items() for c in table]
)
def test_every_word_of_the_vocabulary_is_in_its_own_language(
    group: str, code: str, lang: Lang
) -> None:
    """Each vocabulary entry, in each language, holds only that language's words."""
    text = word(code, lang, group)
    assert text
    assert problems_of(text, lang) == [], text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("kind", "state", "action"),
    [
        (kind, state, action)
        for kind in VOCABULARY["record"]
        for state in [*VOCABULARY["state"], *VOCABULARY["ComplaintOutcome"]]
        for action in ("CloseSession", "PlanVisit", "SelectHousehold")
    ],
)
def test_every_refusal_of_state_reads_in_words(
    kind: str, state: str, action: str, lang: Lang
) -> None:
    """A state refusal names its record, state and command in words, whichever they are."""
    text = InvalidStateError(kind=kind, state=state, action=action).message(lang)
    assert problems_of(text, lang) == [], text


def test_every_enum_value_of_the_model_has_words_in_both_languages() -> None:
    """Every value of every enum in `values` (and the board's, ledger's, session's) has words."""
    enums = [
        cls
        for cls in vars(values).values()
        if isinstance(cls, type)
        and issubclass(cls, values._Labelled)
        and cls is not values._Labelled
    ]
    missing = [
        f"{cls.__name__}.{m.value}"
        for cls in [*enums, SessionStatus, ComplaintStatus, LineKind]
        for m in cls
        if m.value not in VOCABULARY.get(cls.__name__, {})
    ]
    assert len(enums) >= 14
    assert missing == []


def test_every_command_and_event_has_words() -> None:
    """Every command class and every event class is named in words, in both languages."""
    commands = [c.__name__ for c in COMMANDS if c.__name__ not in VOCABULARY["command"]]
    events = [t for t in EVENT_TOPICS if t.rsplit(".", 1)[-1] not in VOCABULARY["event"]]
    assert commands == []
    assert events == []


def test_command_names_are_shown_in_words() -> None:
    """``CloseSession`` reads "kết thúc buổi làm việc" / "close the session"."""
    assert command_words("CloseSession") == "kết thúc buổi làm việc"
    assert command_words("CloseSession", "en") == "close the session"
    assert event_words("unit.UnitRegistered") == "đăng ký đơn vị"


def test_a_closed_session_refusal_names_the_command_and_state_in_words() -> None:
    """Not ``Không thể CloseSession … trạng thái closed``: the words, in each language."""
    error = InvalidStateError(kind="session", state="closed", action="CloseSession")
    assert error.message() == (
        "Không thể kết thúc buổi làm việc: buổi làm việc đang ở trạng thái đã kết thúc."
    )
    assert error.message("en") == "Cannot close the session: the session is closed."


def test_dates_moments_and_money_are_written_the_vietnamese_way() -> None:
    """``Ngày 09/07/2024``, ``08:00 ngày 10/05/2024`` and ``26.500.000 đ``; English alike."""
    assert render("scheduling.reason_required", sample("scheduling.reason_required", "vi")) == (
        "Ngày 09/07/2024 không phải thứ Hai đầu tháng (01/07/2024); cần ghi lý do."
    )
    assert format_moment(MOMENT) == "08:00 ngày 10/05/2024"
    assert format_moment(MOMENT.isoformat(), "en") == "08:00 on 10/05/2024"
    assert show("amount", str(Vnd(26_500_000))) == "26.500.000 đ"
    assert show("amount", Vnd(26_500_000), "en") == "26,500,000 VND"


def test_a_role_is_named_in_words() -> None:
    """``vai trò supervisor`` reads ``vai trò cấp giám sát``."""
    text = render("official.role_missing", {"official": str(OFFICIAL), "role": "supervisor"})
    assert text == f"Cán bộ {OFFICIAL} không có vai trò cấp giám sát."


def test_the_name_lookup_names_people_and_units_instead_of_ids() -> None:
    """With the adapter's lookup, an official and a household are named, not numbered."""
    params = {"official": str(OFFICIAL), "relation": "em ruột", "household": str(HOUSEHOLD)}
    text = render("selection.conflict_of_interest", params, "vi", NAMES["vi"].get)
    assert text.startswith("Cán bộ Trần Văn Bình có quan hệ em ruột với hộ Thạch Thị Hoa")


def test_a_justification_lists_its_reasons_in_the_language_asked() -> None:
    """The soft reasons of a justification refusal follow the language, not always Vietnamese."""
    text = render(
        "selection.justification_required", sample("selection.justification_required", "en"), "en"
    )
    assert text == (
        "A written justification is required: 2 households in greater hardship have not been"
        " supported yet. Only 1 of 2 households were visited; a shortfall reason is required."
    )


def test_enum_members_render_through_their_own_group() -> None:
    """An enum member finds its group: ``SessionLevel.SUPERVISORY`` is the supervisory level."""
    assert word(SessionLevel.SUPERVISORY, "en") == "supervisory level"
    assert word(SessionLevel.COMMUNE) == "xã"
    assert word("reversal", "vi", "LedgerSource") == "điều chỉnh ngược khoản chi"


def test_message_without_a_language_or_lookup_still_works() -> None:
    """``message()`` and ``message("en")`` keep working as the README shows them."""
    error = InvalidStateError(kind="visit", state="conducted", action="CancelVisit")
    assert error.message().startswith("Không thể hủy chuyến thăm")
    assert error.message("en") == "Cannot cancel the visit: the visit is already carried out."


def test_money_and_numbers_are_written_the_way_of_the_language() -> None:
    """``2.700.000 đ`` and ``1.234,5`` in Vietnamese; ``2,700,000 VND`` and ``1,234.5`` in English."""
    assert format_money(Vnd(2_700_000)) == "2.700.000 đ"
    assert format_money(2_700_000, "en") == "2,700,000 VND"
    assert format_money(-500_000, "en") == "-500,000 VND"
    assert format_number(1234.5, "vi", 1) == "1.234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_number(1_000_000) == "1.000.000"
    assert format_number(1_000_000, "en") == "1,000,000"


@pytest.mark.parametrize(
    ("amount", "vi", "en"),
    [
        (0, "Không đồng", "Zero dong"),
        (21, "Hai mươi mốt đồng", "Twenty-one dong"),
        (15_000, "Mười lăm nghìn đồng", "Fifteen thousand dong"),
        (105_000, "Một trăm linh năm nghìn đồng", "One hundred five thousand dong"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng", "One million five thousand dong"),
        (
            26_500_000,
            "Hai mươi sáu triệu năm trăm nghìn đồng",
            "Twenty-six million five hundred thousand dong",
        ),
        (2_001_000_000, "Hai tỷ không trăm linh một triệu đồng", "Two billion one million dong"),
    ],
)
def test_money_in_words_reads_as_a_receipt_writes_it(amount: int, vi: str, en: str) -> None:
    """The receipt's "Viết bằng chữ": linh for a missing ten, mốt and lăm after a ten."""
    assert money_in_words(Vnd(amount)) == vi
    assert money_in_words(amount, "en") == en
