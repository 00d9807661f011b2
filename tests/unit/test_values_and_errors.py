"""Value objects, the error catalogue and the policy configuration."""

from __future__ import annotations

import string
import sys
import unicodedata
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nghedan_core.aggregates.official import RelativeDeclared
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import (
    MESSAGES,
    AppointmentBeforeComplaintError,
    AppointmentBeyondLimitError,
    BasisRequiredError,
    ConflictOfInterestError,
    DomainError,
    DualApprovalRequiredError,
    InsufficientBalanceError,
    InvalidInputError,
    JustificationRequiredError,
    NonPositiveAmountError,
    NotEligibleError,
    NoticeMissingError,
    NoticeTooLateError,
    NotSelectedError,
    OpenComplaintsError,
    RotationReasonRequiredError,
    RuleViolatedError,
    SchedulingReasonRequiredError,
    ShortfallReasonRequiredError,
    UnlawfulSourceError,
    Violation,
    error_class,
    message,
)
from nghedan_core.messages import show
from nghedan_core.serialization import load_policy_config
from nghedan_core.values import (
    VIETNAM_TZ,
    Month,
    Person,
    Vnd,
    business_date,
    check_text,
    is_personal,
)

# --- Vnd ---------------------------------------------------------------------------------


def test_money_formats_with_dots_between_thousands() -> None:
    """26500000 đồng is written the Vietnamese way."""
    assert str(Vnd(26_500_000)) == "26.500.000 đ"
    assert str(Vnd(0)) == "0 đ"
    assert str(Vnd(999)) == "999 đ"
    assert str(Vnd(1_000)) == "1.000 đ"


def test_negative_money_is_refused() -> None:
    """There is no negative amount of money."""
    with pytest.raises(ValueError, match="negative"):
        Vnd(-1)


@pytest.mark.parametrize("amount", [1.0, 5.5, True, False, "5"])
def test_money_is_a_whole_number_of_dong(amount: object) -> None:
    """Floats, booleans and text are not đồng."""
    with pytest.raises(TypeError, match="whole number"):
        Vnd(amount)  # type: ignore[arg-type]


def test_money_adds_and_subtracts() -> None:
    """Amounts add and subtract; the zero amount is falsy."""
    assert Vnd(3) + Vnd(4) == Vnd(7)
    assert Vnd(7) - Vnd(7) == Vnd.ZERO
    assert not Vnd.ZERO
    assert Vnd(1)


def test_subtracting_below_zero_raises() -> None:
    """A subtraction that would go negative raises instead of wrapping."""
    with pytest.raises(ValueError, match="negative"):
        Vnd(1) - Vnd(2)


def test_money_is_ordered() -> None:
    """Amounts compare by value."""
    assert Vnd(4_999_999) < Vnd(5_000_000) <= Vnd(5_000_000)


# --- Month -------------------------------------------------------------------------------


def test_month_parses_and_writes_yyyy_mm() -> None:
    """A month is written ``YYYY-MM`` and parsed back."""
    assert Month.parse("2024-03") == Month(2024, 3)
    assert str(Month(2024, 3)) == "2024-03"


@pytest.mark.parametrize(
    "text", ["2024-3", "2024-13", "2024-00", "24-03", "1999-12", "2024/03", ""]
)
def test_month_refuses_other_writings(text: str) -> None:
    """Anything but a valid ``YYYY-MM`` in range is refused with one message."""
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)


@given(st.integers(2000, 2200), st.integers(1, 12))
def test_month_round_trips_through_its_writing(year: int, month: int) -> None:
    """Writing then parsing gives the same month."""
    assert Month.parse(str(Month(year, month))) == Month(year, month)


def test_next_month_wraps_to_the_next_year() -> None:
    """December is followed by January of the next year."""
    assert Month(2024, 11).next() == Month(2024, 12)
    assert Month(2024, 12).next() == Month(2025, 1)


def test_months_until_counts_calendar_months() -> None:
    """The distance between months counts calendar months, negative backwards."""
    assert Month(2024, 1).months_until(Month(2025, 1)) == 12
    assert Month(2024, 12).months_until(Month(2025, 1)) == 1
    assert Month(2025, 1).months_until(Month(2024, 12)) == -1
    assert Month(2024, 5).months_until(Month(2024, 5)) == 0


def test_month_of_a_day_and_its_first_day() -> None:
    """A day belongs to its month, which starts on the 1st."""
    assert Month.of(date(2024, 2, 29)) == Month(2024, 2)
    assert Month(2024, 2).first_day() == date(2024, 2, 1)


def test_business_date_is_the_date_in_vietnam() -> None:
    """17:30 UTC is already the next day in Vietnam."""
    from datetime import UTC, datetime

    assert business_date(datetime(2024, 3, 3, 17, 30, tzinfo=UTC)) == date(2024, 3, 4)
    assert business_date(datetime(2024, 3, 4, 0, 30, tzinfo=VIETNAM_TZ)) == date(2024, 3, 4)


# --- check_text --------------------------------------------------------------------------


def test_text_in_nfc_is_returned_unchanged() -> None:
    """Valid Vietnamese text, with newlines and tabs, comes back as given."""
    text = "Đường ấp 3 bị ngập\n\tkhi mưa lớn"
    assert check_text(text) is text


def test_decomposed_text_is_refused() -> None:
    """Text not in Unicode NFC (e.g. a combining accent) is refused."""
    with pytest.raises(ValueError, match="NFC"):
        check_text("Nguye\u0302\u0303n")


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\r", "\x7f"])
def test_control_characters_are_refused(control: str) -> None:
    """Control characters other than newline and tab are refused."""
    with pytest.raises(ValueError, match="control"):
        check_text(f"a{control}b")


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_refused_unless_allowed(text: str) -> None:
    """Blank text is refused, unless the caller allows empty text."""
    with pytest.raises(ValueError, match="empty"):
        check_text(text)
    assert check_text(text, allow_empty=True) == text


def test_text_length_is_bounded() -> None:
    """Text longer than the limit is refused; text at the limit is fine."""
    assert check_text("a" * 10, max_length=10) == "a" * 10
    with pytest.raises(ValueError, match="longer than 10"):
        check_text("a" * 11, max_length=10)
    with pytest.raises(ValueError, match="longer than 10000"):
        check_text("a" * 10_001)


def test_text_must_be_a_string() -> None:
    """A number is not text."""
    with pytest.raises(TypeError):
        check_text(5)  # type: ignore[arg-type]


# --- personal data -----------------------------------------------------------------------


def test_person_fields_except_the_id_are_personal() -> None:
    """Name, phone and address of a person are personal data; the id is not."""
    personal = {f.name: is_personal(f) for f in attrs.fields(Person)}
    assert personal == {"person_id": False, "full_name": True, "phone": True, "address": True}


def test_relative_name_on_an_event_is_personal() -> None:
    """Events mark personal fields too (a declared relative's name)."""
    fields = attrs.fields(RelativeDeclared)
    assert is_personal(fields.person_name)
    assert not is_personal(fields.relation)


def test_person_name_is_validated_as_text() -> None:
    """A person's name must be non-empty NFC text."""
    from uuid import uuid4

    with pytest.raises(ValueError, match="full_name"):
        Person(person_id=uuid4(), full_name=" ")


# --- the message catalogue ---------------------------------------------------------------

#: the parameters each code is raised with (by policies, aggregates and the application)
PARAMS: dict[str, dict[str, object]] = {
    "input.invalid": {"summary": "$.amount: expected a whole number"},
    "not_found": {"kind": "fund", "key": "29500"},
    "already_exists": {"kind": "unit", "key": "29500"},
    "state.invalid": {"kind": "session", "state": "closed", "action": "CloseSession"},
    "concurrency.conflict": {"attempts": 20},
    "unit.not_commune_level": {"unit": "29"},
    "unit.not_hamlet_of": {"hamlet": "Ấp 9", "unit": "29500"},
    "unit.unknown": {"units": "29250, 29251"},
    "fund.not_opened": {"unit": "29500"},
    "unit.merged": {"unit": "29500", "into": "29501"},
    "official.inactive": {"official": "O1"},
    "command.id_reused": {
        "command_id": "phieu-thu-1",
        "unit": "29500",
        "command": "ReceiveContribution",
        "at": "04/03/2024 07:00",
    },
    "period.published": {"unit": "29500", "day": "18/03/2024", "period": "01/03/2024–31/03/2024"},
    "period.correction_not_needed": {"unit": "29500", "day": "18/03/2024"},
    "time.in_future": {"at": "20/03/2024 09:30", "now": "20/03/2024 09:00", "skew": 5},
    "time.too_late": {
        "at": "01/03/2024 08:00",
        "now": "20/03/2024 09:00",
        "days": 7,
        "since": "13/03/2024 09:00",
    },
    "time.late_entry_not_needed": {"at": "19/03/2024 08:00", "days": 7},
    "official.role_missing": {"official": "O1", "role": "leader"},
    "authority.role_forbidden": {"role": "mttq", "action": "MakeDisbursement"},
    "actor.required": {"action": "ReceiveContribution"},
    "actor.unknown": {"official": "O1"},
    "actor.not_serving": {"official": "O1"},
    "actor.setup_only": {"official": "O1", "action": "ReceiveContribution"},
    "actor.role_forbidden": {"official": "O1", "role": "mttq", "action": "MakeDisbursement"},
    "actor.import_forbidden": {"official": "O1", "role": "mttq", "action": "ApprovePayment"},
    "actor.import_out_of_scope": {
        "official": "O1",
        "action": "ApprovePayment",
        "unit": "29500",
        "scope": "29501",
    },
    "actor.out_of_scope": {
        "official": "O1",
        "action": "ReceiveContribution",
        "unit": "29500",
        "scope": "29501",
    },
    "actor.not_own_act": {"official": "O1", "action": "ApprovePayment"},
    "actor.record_started": {"events": 3},
    "authority.out_of_scope": {"unit": "29500", "scope": "29501"},
    "authority.official_not_of_unit": {"official": "O1", "official_unit": "29501", "unit": "29500"},
    **{
        f"authority.{act}_role": {"official": "O1", "unit": "29500"}
        for act in ("answerer", "selector", "assessor", "approver", "host", "visitor")
    },
    "authority.reference_out_of_unit": {
        "kind": "household",
        "key": "H1",
        "other": "29501",
        "unit": "29500",
    },
    "scheduling.reason_required": {"date": "2024-03-05", "first_monday": "2024-03-04"},
    "scheduling.date_outside_month": {"date": "2024-04-01", "month": "2024-03"},
    "scheduling.rotation_reason_required": {"expected": "Ấp 2", "chosen": "Ấp 1"},
    "answers.basis_required": {},
    "answers.appointment_before_complaint": {
        "at": "2024-03-04T08:00:00+07:00",
        "raised_at": "2024-03-04T09:00:00+07:00",
    },
    "answers.appointment_beyond_limit": {"at": "2024-05-04T08:00:00+07:00", "limit_days": 30},
    "session.open_complaints": {"count": 3},
    "session.wrong_session": {"session": "29500/2024-03"},
    "quota.shortfall_reason_required": {"achieved": 1, "required": 2},
    "selection.conflict_of_interest": {"official": "O1", "relation": "con", "household": "H1"},
    "selection.not_eligible": {"household": "H1"},
    "selection.recently_supported": {
        "household": "H1",
        "last_supported": "2024-06-03",
        "cooldown_months": 12,
    },
    "selection.out_of_rank": {"count": 2},
    "selection.justification_required": {"reasons": ["a", "b"], "codes": ["x", "y"]},
    "selection.not_selected": {"household": "H1"},
    "selection.deregistered": {"household": "H1"},
    "fund.non_positive_amount": {"amount": "0 đ"},
    "fund.insufficient_balance": {"balance": "1.000 đ", "amount": "2.000 đ"},
    "fund.unlawful_source": {"reason": "donor_unnamed"},
    "fund.dual_approval_required": {"amount": "5.000.000 đ", "threshold": "5.000.000 đ"},
    "fund.approval_required": {},
    "fund.pledge_settled": {"pledge": "P1"},
    "fund.household_of_other_unit": {"household": "H1", "unit": "29500"},
    "fund.receipt_source_mismatch": {"pledge": "P1"},
    "answers.appointment_in_past": {
        "at": "2024-03-04T08:00:00+07:00",
        "now": "2024-03-05T08:00:00+07:00",
    },
    "fund.receipt_exceeds_pledge": {"amount": "2.000 đ", "remaining": "1.000 đ"},
    "fund.already_reversed": {"disbursement": "D1"},
    "fund.request_required": {"amount": "6.000.000 đ", "threshold": "5.000.000 đ"},
    "fund.single_approver": {"count": 2},
    "fund.requester_not_of_unit": {"official": "O1", "unit": "26734"},
    "fund.requester_approves": {"official": "O1", "disbursement": "D1"},
    "fund.already_approved": {"official": "O1", "disbursement": "D1"},
    "fund.request_paid": {"disbursement": "D1"},
    "fund.request_rejected": {"disbursement": "D1"},
    "fund.rejecter_not_allowed": {"official": "O1", "unit": "26734", "disbursement": "D1"},
    "notice.too_late": {
        "hours": 24,
        "notified_at": "2024-03-04T08:00:00+07:00",
        "starts_at": "2024-03-04T20:00:00+07:00",
    },
    "notice.missing": {},
}


def fields_of(template: str) -> set[str]:
    """The ``str.format`` field names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_catalogued_code_has_sample_parameters() -> None:
    """The sample parameter table covers the whole catalogue (and nothing else)."""
    assert set(PARAMS) == set(MESSAGES)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_vietnamese_and_english_messages_use_the_same_parameters(code: str) -> None:
    """Both languages of a message name the same parameters."""
    vi, en = MESSAGES[code]
    assert fields_of(vi) == fields_of(en)


@pytest.mark.parametrize("code", sorted(MESSAGES))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_message_renders_without_leftover_placeholders(code: str, lang: str) -> None:
    """Given its parameters, every message renders completely in both languages."""
    rendered = message(code, PARAMS[code], lang)  # type: ignore[arg-type]
    assert "{" not in rendered
    assert "}" not in rendered
    used = fields_of(MESSAGES[code][0])
    for name, value in PARAMS[code].items():
        if name in used and isinstance(value, (str, int)):
            assert show(name, value, lang).casefold() in rendered.casefold()  # type: ignore[arg-type]


def test_messages_are_vietnamese_by_default() -> None:
    """Without a language, the Vietnamese message is given."""
    assert message("fund.approval_required", {}) == "Khoản chi phải có người duyệt."
    assert message("fund.approval_required", {}, "en") == "A payment needs an approver."


def test_list_parameters_are_joined_in_messages() -> None:
    """A list parameter is shown as its items joined by semicolons."""
    rendered = message("selection.justification_required", {"reasons": ["một", "hai"]})
    assert rendered == "Cần ghi lý do: một; hai"


def test_unknown_code_renders_as_itself() -> None:
    """A code missing from the catalogue shows the code rather than failing."""
    assert message("no.such_code", {"x": 1}) == "no.such_code"


POLICY_VIOLATIONS = [
    Violation("scheduling.reason_required", {"date": "2024-03-05", "first_monday": "2024-03-04"}),
    Violation("answers.appointment_beyond_limit", {"at": "2024-05-04", "limit_days": 30}),
    Violation("quota.shortfall_reason_required", {"achieved": 1, "required": 2}),
]


@pytest.mark.parametrize("violation", POLICY_VIOLATIONS, ids=lambda v: v.code)
def test_violation_messages_render_in_both_languages(violation: Violation) -> None:
    """A violation speaks Vietnamese by default and English on request."""
    assert violation.message() == message(violation.code, violation.params, "vi")
    assert violation.message("en") == message(violation.code, violation.params, "en")
    assert violation.message() != violation.message("en")


def test_policy_violations_render_completely() -> None:
    """The parameters each policy actually passes fill its message in both languages."""
    from datetime import datetime, timedelta
    from uuid import uuid4

    from nghedan_core import policies
    from nghedan_core.values import ContributionSource, HouseholdCategory

    config = PolicyConfig()
    official = uuid4()
    at = datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
    target = policies.Candidate(
        household_id=uuid4(),
        categories=frozenset(),
        last_supported=date(2024, 1, 1),
    )
    found = [
        *policies.check_session_date(date(2024, 3, 5), Month(2024, 3)),
        *policies.check_session_date(date(2024, 4, 5), Month(2024, 3)),
        *policies.check_rotation("B", ["A", "B"], {"B": date(2024, 1, 1)}, config),
        *policies.check_rotation("C", ["A", "B"], {}, config, unit="29500"),
        *policies.check_on_spot_answer(None),
        *policies.check_appointment(at, at, config),
        *policies.check_appointment(at, at + timedelta(days=31), config),
        *policies.check_notice(at, at + timedelta(hours=1), config),
        *policies.check_completion(validly_notified=False),
        *policies.check_amount(Vnd(0)),
        *policies.check_source(ContributionSource.LAWFUL_DONATION, None),
        *policies.check_balance(Vnd(1), Vnd(2)),
        *policies.check_approvers(Vnd(1), [], config),
        *policies.check_approvers(Vnd(10_000_000), [uuid4()], config),
        *policies.check_quota(0, config),
        *policies.check_conflict(
            [official],
            target,
            [policies.Relative(official, "con", household_id=target.household_id)],
        ),
        *policies.check_selection(
            target,
            [
                policies.Candidate(
                    household_id=uuid4(),
                    categories=frozenset({HouseholdCategory.POOR}),
                    hardship_score=9,
                )
            ],
            [],
            [],
            date(2024, 3, 4),
            config,
        ),
        *policies.check_selection(
            attrs.evolve(target, deregistered=True), [], [], [], date(2024, 3, 4), config
        ),
    ]
    assert {v.code for v in found} == {
        "scheduling.reason_required",
        "scheduling.date_outside_month",
        "scheduling.rotation_reason_required",
        "unit.not_hamlet_of",
        "answers.basis_required",
        "answers.appointment_before_complaint",
        "answers.appointment_beyond_limit",
        "notice.too_late",
        "notice.missing",
        "fund.non_positive_amount",
        "fund.unlawful_source",
        "fund.insufficient_balance",
        "fund.approval_required",
        "fund.dual_approval_required",
        "quota.shortfall_reason_required",
        "selection.conflict_of_interest",
        "selection.not_eligible",
        "selection.recently_supported",
        "selection.out_of_rank",
        "selection.deregistered",
    }
    for v in found:
        for lang in ("vi", "en"):
            rendered = v.message(lang)  # type: ignore[arg-type]
            assert "{" not in rendered, (v.code, lang, rendered)


# --- error classes -----------------------------------------------------------------------


def test_error_class_is_created_once_per_code() -> None:
    """Asking twice for a code's class gives the same class."""
    assert error_class("fund.insufficient_balance") is error_class("fund.insufficient_balance")
    assert error_class("test.made_up_rule") is error_class("test.made_up_rule")


def test_error_class_names_follow_the_code() -> None:
    """A new code gets a readable class name and is a rule violation."""
    cls = error_class("test.some_odd_rule")
    assert cls.__name__ == "TestSomeOddRuleError"
    assert cls.code == "test.some_odd_rule"
    assert issubclass(cls, RuleViolatedError)
    assert issubclass(cls, DomainError)


@pytest.mark.parametrize(
    ("cls", "code"),
    [
        (InsufficientBalanceError, "fund.insufficient_balance"),
        (ConflictOfInterestError, "selection.conflict_of_interest"),
        (JustificationRequiredError, "selection.justification_required"),
        (DualApprovalRequiredError, "fund.dual_approval_required"),
        (UnlawfulSourceError, "fund.unlawful_source"),
        (NonPositiveAmountError, "fund.non_positive_amount"),
        (BasisRequiredError, "answers.basis_required"),
        (AppointmentBeforeComplaintError, "answers.appointment_before_complaint"),
        (AppointmentBeyondLimitError, "answers.appointment_beyond_limit"),
        (NoticeTooLateError, "notice.too_late"),
        (NoticeMissingError, "notice.missing"),
        (OpenComplaintsError, "session.open_complaints"),
        (ShortfallReasonRequiredError, "quota.shortfall_reason_required"),
        (SchedulingReasonRequiredError, "scheduling.reason_required"),
        (RotationReasonRequiredError, "scheduling.rotation_reason_required"),
        (NotSelectedError, "selection.not_selected"),
        (NotEligibleError, "selection.not_eligible"),
    ],
)
def test_named_error_classes_carry_their_codes(cls: type[DomainError], code: str) -> None:
    """Each named refusal has its stable code and is what `error_class` returns for it."""
    assert cls.code == code
    assert code in MESSAGES
    assert error_class(code) is cls
    assert cls.__name__.endswith("Error")


def test_domain_error_renders_and_serialises_its_parameters() -> None:
    """An error gives its message in vi/en and a JSON-ready dict of parameters."""
    error = InsufficientBalanceError(balance=Vnd(1_000), amount=Vnd(2_000))
    assert error.message() == "Số dư quỹ 1.000 đ không đủ để chi 2.000 đ."
    assert str(error) == "The fund balance 1,000 VND is not enough to pay 2,000 VND."
    assert error.to_dict("en") == {
        "code": "fund.insufficient_balance",
        "message": "The fund balance 1,000 VND is not enough to pay 2,000 VND.",
        "params": {"balance": "1.000 đ", "amount": "2.000 đ"},
    }


# --- PolicyConfig ------------------------------------------------------------------------


def test_policy_defaults_follow_the_model() -> None:
    """The defaults are the model's numbers."""
    config = PolicyConfig()
    assert config.monthly_quota == 2
    assert config.reselection_cooldown_months == 12
    assert config.appointment_limit_days == 30
    assert config.volunteer_notice_hours == 24
    assert config.dual_approval_threshold_vnd == 5_000_000
    assert config.dual_approval_threshold == Vnd(5_000_000)
    assert config.supervisory_level == "province"
    assert config.hamlet_rotation is True


@pytest.mark.parametrize(
    "changes",
    [
        {"monthly_quota": -1},
        {"appointment_limit_days": 0},
        {"volunteer_notice_hours": True},
        {"supervisory_level": "county"},
    ],
)
def test_policy_config_refuses_bad_numbers(changes: dict[str, object]) -> None:
    """Negative counts, a zero appointment limit, booleans and unknown levels are refused."""
    with pytest.raises(ValueError, match=next(iter(changes))):
        PolicyConfig(**changes)  # type: ignore[arg-type]


def write(tmp_path: Path, text: str) -> Path:
    """Write `text` to a policy TOML file and return its path."""
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_policy_config_loads_from_toml(tmp_path: Path) -> None:
    """A province's TOML file overrides the defaults it names and keeps the others."""
    path = write(
        tmp_path,
        "monthly_quota = 3\n"
        "dual_approval_threshold_vnd = 10_000_000\n"
        'supervisory_level = "district"\n'
        "hamlet_rotation = false\n",
    )
    assert load_policy_config(path) == PolicyConfig(
        monthly_quota=3,
        dual_approval_threshold_vnd=10_000_000,
        supervisory_level="district",
        hamlet_rotation=False,
    )
    assert load_policy_config(str(path)).appointment_limit_days == 30


def test_empty_toml_gives_the_defaults(tmp_path: Path) -> None:
    """An empty file is the default policy."""
    assert load_policy_config(write(tmp_path, "")) == PolicyConfig()


def test_unknown_policy_key_is_refused_by_name(tmp_path: Path) -> None:
    """A misspelt key is named, not silently ignored."""
    with pytest.raises(InvalidInputError) as caught:
        load_policy_config(write(tmp_path, "monthly_qouta = 3\n"))
    [problem] = caught.value.problems
    assert problem.path == "$"
    assert "monthly_qouta" in problem.message("en")
    assert "monthly_qouta" in problem.message("vi")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('monthly_quota = "three"\n', "monthly_quota"),
        ("monthly_quota = -1\n", "monthly_quota"),
        ("dual_approval_threshold_vnd = [1]\n", "dual_approval_threshold_vnd"),
        ('supervisory_level = "county"\n', "supervisory_level"),
    ],
)
def test_wrong_policy_value_is_refused_by_key(tmp_path: Path, text: str, key: str) -> None:
    """A value of the wrong type or out of range is reported at its key's path."""
    with pytest.raises(InvalidInputError) as caught:
        load_policy_config(write(tmp_path, text))
    assert [p.path for p in caught.value.problems] == [f"$.{key}"]


def test_every_bad_policy_key_is_reported_at_once(tmp_path: Path) -> None:
    """Several mistakes in one file are all listed."""
    text = 'monthly_quota = -1\nsupervisory_level = "county"\nbogus = 1\n'
    with pytest.raises(InvalidInputError) as caught:
        load_policy_config(write(tmp_path, text))
    paths = sorted(p.path for p in caught.value.problems)
    assert paths == ["$", "$.monthly_quota", "$.supervisory_level"]


def test_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    """A syntax error is an input error naming the file, in both languages."""
    path = write(tmp_path, "monthly_quota = = 3\n")
    with pytest.raises(InvalidInputError) as caught:
        load_policy_config(path)
    [problem] = caught.value.problems
    assert problem.path == str(path)
    assert "TOML" in problem.message("en")
    assert "TOML" in problem.message("vi")


def test_text_refuses_exactly_the_control_characters_and_surrogates() -> None:
    """Every character of Unicode categories Cc and Cs but tab and newline, and no other.

    Between visible letters; the bidirectional controls are refused on their own account.
    """
    bidi = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        refused = unicodedata.category(c) in {"Cc", "Cs"} and c not in "\n\t"
        try:
            check_text(f"a{c}b")
            problem = ""
        except ValueError as e:
            problem = str(e)
        assert (problem == "contains control characters") == refused, (hex(code), problem)
        if code in bidi:
            assert problem == "contains bidirectional control characters", hex(code)
        elif not refused:
            assert problem in {"", "not in Unicode NFC form"}, (hex(code), problem)
