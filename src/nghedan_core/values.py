"""Value objects shared by every aggregate: money, unit codes, persons, appointments, enums.

Everything here is immutable and pure. Money is integer đồng (`Vnd`), never float.
Fields that hold personal data carry ``metadata={"personal": True}`` so that public views,
exports and (later) erasure can find them without a second list to keep in step.
"""

from __future__ import annotations

import calendar
import enum
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar, Final, NewType
from uuid import UUID, uuid5

import attrs

from nghedan_core.messages import Lang, word

__all__ = [
    "DESCRIPTION",
    "MAX_COUNT",
    "MAX_VND",
    "NAMESPACE",
    "PERSONAL",
    "PUBLISHED_KEY",
    "UNIT_CODE_PATTERN",
    "VIETNAM_TZ",
    "Appointment",
    "ComplaintCategory",
    "ComplaintOutcome",
    "ContributionSource",
    "DeregistrationReason",
    "DisbursementPurpose",
    "FundingSource",
    "HardshipCause",
    "HouseholdCategory",
    "Month",
    "OfficialRole",
    "Person",
    "RecordReason",
    "SessionLevel",
    "SupervisorKind",
    "SupportKind",
    "UnitCode",
    "UnitKind",
    "Vnd",
    "VolunteerWorkKind",
    "business_date",
    "check_text",
    "check_unit_code",
    "has_visible_text",
    "in_model_years",
    "is_personal",
    "label_vi",
    "lone_surrogate_paths",
    "stable_id",
]

#: Namespace for every `uuid5` over a natural key (unit code, session key, command id, ...).
NAMESPACE: Final = UUID("6f1c2a4e-5b7d-5e0a-9c3b-1d2e3f405162")

#: Business dates are in Vietnam's time zone (UTC+7, no daylight saving).
VIETNAM_TZ: Final = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

#: attrs metadata marking a field as personal data.
PERSONAL: Final = {"personal": True}
#: attrs metadata keys read by the one walk over fields (`nghedan_core.fields`): a field's
#: one-sentence description, and the key it is published under when not its name
DESCRIPTION: Final = "description"
PUBLISHED_KEY: Final = "key"

MAX_TEXT: Final = 10_000

#: the largest count a command may carry (attendees, participants, metres...)
MAX_COUNT: Final = 10**9
COUNT_MESSAGE: Final = "larger than 1.000.000.000"

#: no amount in the model comes near this (a million billion đồng); larger is an input error
MAX_VND: Final = 10**15


def stable_id(kind: str, *key: object) -> UUID:
    """Return the `uuid5` of a natural key, e.g. ``stable_id("unit", "29500")``."""
    return uuid5(NAMESPACE, ":".join([kind, *(str(k) for k in key)]))


def business_date(moment: datetime) -> date:
    """Return the calendar date of `moment` in Vietnam (the date a clerk would write)."""
    return moment.astimezone(VIETNAM_TZ).date()


def label_vi(value: str) -> str:
    """The Vietnamese word for an enum value (``"flag_ceremony"`` → ``"chào cờ"``).

    The words live in `nghedan_core.messages.VOCABULARY`, with their English.
    """
    return word(value, "vi")


def is_personal(field: attrs.Attribute[Any]) -> bool:
    """Tell whether an attrs field holds personal data."""
    return bool(field.metadata.get("personal", False))


#: the control characters (Unicode category Cc, a fixed set) but tab and newline, and the
#: surrogates (Cs): what free text may not hold
_CONTROL: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they
#: make text read otherwise than it is stored ("Trojan source"); free text may not hold them
_BIDI_CONTROL: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern): like the
#: format characters (category Cf: zero-width spaces and joiners, U+FEFF) and white space,
#: they do not count as visible text
_BLANK_LOOKING: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_text(value: str) -> bool:
    """Tell whether `value` holds one character that draws something.

    White space, format characters (zero-width spaces, joiners, U+FEFF) and letters that
    draw nothing do not count: a name made only of them names nobody.
    """
    return any(
        not ch.isspace() and ch not in _BLANK_LOOKING and unicodedata.category(ch) != "Cf"
        for ch in value
    )


def check_text(value: str, *, allow_empty: bool = False, max_length: int = MAX_TEXT) -> str:
    """Validate free text: NFC, no control characters, bounded length; return it unchanged.

    Raises `ValueError` with a short English reason (rendered in Vietnamese by the
    converter's error messages).
    """
    if not isinstance(value, str):
        msg = "must be text"
        raise TypeError(msg)
    if not allow_empty and not value.strip():
        msg = "must not be empty"
        raise ValueError(msg)
    if value.strip() and not has_visible_text(value):
        msg = "holds only invisible characters"
        raise ValueError(msg)
    if len(value) > max_length:
        msg = f"longer than {max_length} characters"
        raise ValueError(msg)
    if not unicodedata.is_normalized("NFC", value):
        msg = "not in Unicode NFC form"
        raise ValueError(msg)
    # a lone surrogate (Cs: from a "\\ud800" JSON escape or an undecodable argument) cannot
    # be stored as UTF-8: it is refused with the control characters
    if _CONTROL.search(value) is not None:
        msg = "contains control characters"
        raise ValueError(msg)
    if _BIDI_CONTROL.search(value) is not None:
        msg = "contains bidirectional control characters"
        raise ValueError(msg)
    return value


def lone_surrogate_paths(data: object, path: str = "$") -> list[str]:
    """The JSON paths of every key or text in `data` holding a lone surrogate.

    JSON may escape half a character (a lone surrogate, U+D800 to U+DFFF); such text can
    be neither stored nor answered as UTF-8, so adapters refuse it on input. Walks without
    recursion: a deeply nested document cannot exhaust the stack.
    """
    found: list[str] = []
    todo: list[tuple[str, object]] = [(path, data)]
    while todo:
        where, value = todo.pop()
        if isinstance(value, str):
            if _has_surrogate(value):
                found.append(where)
        elif isinstance(value, dict):
            for key, item in value.items():
                name = key if isinstance(key, str) else str(key)
                if _has_surrogate(name):  # named with the half character escaped
                    name = name.encode("utf-8", "backslashreplace").decode()
                    found.append(f"{where}.{name}")
                todo.append((f"{where}.{name}", item))
        elif isinstance(value, (list, tuple)):
            todo.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return sorted(set(found))


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Attrs validator for required free text."""
    if value is None:
        return
    try:
        check_text(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        msg = f"{attribute.name}: {e}"
        raise ValueError(msg) from e


text_validator: Final = _text

UnitCode = NewType("UnitCode", str)
#: an official unit code: digits and letters (and ``.``, ``_``, ``-``), at most 32
UNIT_CODE_PATTERN: Final = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$"
_UNIT_CODE = re.compile(UNIT_CODE_PATTERN)


def check_unit_code(value: str) -> UnitCode:
    """Validate an official unit code (digits and letters, up to 32) and return it."""
    if not isinstance(value, str) or not _UNIT_CODE.match(value):
        msg = "not a unit code (letters, digits, '.', '_', '-'; at most 32)"
        raise ValueError(msg)
    return UnitCode(value)


@attrs.frozen(order=True)
class Vnd:
    """An amount of money in whole đồng (integer, never negative).

    >>> str(Vnd(26_500_000))
    '26.500.000 đ'
    >>> Vnd(3) + Vnd(4)
    Vnd(amount=7)
    """

    amount: int = attrs.field()

    @amount.validator
    def _check(self, _attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            msg = "money must be a whole number of đồng"
            raise TypeError(msg)
        if value < 0:
            msg = "money must not be negative"
            raise ValueError(msg)
        if value > MAX_VND:
            msg = "money larger than 1.000.000.000.000.000 đ"
            raise ValueError(msg)

    ZERO: ClassVar[Vnd]  # set below the class

    def __add__(self, other: Vnd) -> Vnd:
        """Add two amounts."""
        return Vnd(self.amount + other.amount)

    def __sub__(self, other: Vnd) -> Vnd:
        """Subtract; raises `ValueError` if the result would be negative."""
        return Vnd(self.amount - other.amount)

    def __bool__(self) -> bool:
        """Return whether the amount is non-zero."""
        return self.amount != 0

    def __str__(self) -> str:
        """Format as Vietnamese money: dots between thousands, then `đ`."""
        return f"{self.amount:,}".replace(",", ".") + " đ"


Vnd.ZERO = Vnd(0)


@attrs.frozen(order=True)
class Month:
    """A calendar month, e.g. ``Month(2024, 3)``; written as ``2024-03``."""

    year: int = attrs.field(
        validator=attrs.validators.and_(attrs.validators.ge(2000), attrs.validators.le(2200))
    )
    month: int = attrs.field(
        validator=attrs.validators.and_(attrs.validators.ge(1), attrs.validators.le(12))
    )

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``YYYY-MM``."""
        m = re.fullmatch(r"(\d{4})-(\d{2})", text)
        msg = "month must be written YYYY-MM"
        if not m:
            raise ValueError(msg)
        try:
            return cls(int(m.group(1)), int(m.group(2)))
        except ValueError:
            raise ValueError(msg) from None

    @classmethod
    def of(cls, day: date) -> Month:
        """Return the month containing `day`."""
        return cls(day.year, day.month)

    def first_day(self) -> date:
        """Return the first day of the month."""
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        """Return the last day of the month (December 2200 too, unlike ``next()``)."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        """Return the following month."""
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def months_until(self, other: Month) -> int:
        """Return how many months lie from this month to `other` (negative if before)."""
        return (other.year - self.year) * 12 + (other.month - self.month)

    def __str__(self) -> str:
        """Write as ``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"


@attrs.frozen
class Person:
    """A natural person named in a record. Every field but the id is personal data."""

    person_id: UUID
    full_name: str = attrs.field(validator=_text, metadata=PERSONAL)
    phone: str | None = attrs.field(default=None, validator=_text, metadata=PERSONAL)
    address: str | None = attrs.field(default=None, validator=_text, metadata=PERSONAL)


def _aware(_instance: object, attribute: attrs.Attribute[Any], value: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        msg = f"{attribute.name}: must be a timezone-aware date and time"
        raise ValueError(msg)


aware_validator: Final = _aware

#: the years a business date of a command may fall in (those `Month` can name)
MIN_YEAR: Final = 2000
MAX_YEAR: Final = 2200
YEARS_MESSAGE: Final = f"must lie in the years {MIN_YEAR} to {MAX_YEAR}"


def in_model_years(value: date | datetime) -> bool:
    """Whether `value` (a datetime: its Vietnam date) falls in `MIN_YEAR`..`MAX_YEAR`."""
    if isinstance(value, datetime):
        try:
            value = business_date(value)
        except OverflowError:  # 0001-01-01T00:00-07:00 and the like
            return False
    return MIN_YEAR <= value.year <= MAX_YEAR


def _command_time(instance: object, attribute: attrs.Attribute[Any], value: datetime) -> None:
    """Attrs validator of a command's time: aware, and within the model's years."""
    _aware(instance, attribute, value)
    if not in_model_years(value):
        msg = f"{attribute.name}: {YEARS_MESSAGE}"
        raise ValueError(msg)


def _command_date(_instance: object, attribute: attrs.Attribute[Any], value: date) -> None:
    """Attrs validator of a command's business date: within the model's years."""
    if isinstance(value, date) and not in_model_years(value):
        msg = f"{attribute.name}: {YEARS_MESSAGE}"
        raise ValueError(msg)


command_time_validator: Final = _command_time
command_date_validator: Final = _command_date


@attrs.frozen
class Appointment:
    """When and where a citizen will be answered (hẹn thời gian, địa điểm)."""

    at: datetime = attrs.field(validator=_aware)
    place: str = attrs.field(validator=_text)


class _Labelled(enum.StrEnum):
    """A string enum whose members carry a Vietnamese label."""

    @property
    def label_vi(self) -> str:
        """The Vietnamese word for this value."""
        return word(self, "vi")

    def label(self, lang: Lang = "vi") -> str:
        """The word for this value in `lang` (`nghedan_core.messages.word`)."""
        return word(self, lang)


class UnitKind(_Labelled):
    """Kind of administrative unit."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    WARD = "ward"
    TOWN = "town"
    SPECIAL_ZONE = "special_zone"
    HAMLET = "hamlet"

    @property
    def is_commune_level(self) -> bool:
        """Commune, ward, town or special zone: the level that holds monthly sessions."""
        return self in {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN, UnitKind.SPECIAL_ZONE}


class OfficialRole(_Labelled):
    """What an official may do in the model."""

    CLERK = "clerk"
    LEADER = "leader"
    SUPERVISOR = "supervisor"
    MTTQ = "mttq"
    INSPECTORATE = "inspectorate"


class SessionLevel(_Labelled):
    """Commune session, or one held by the supervising level at its own points."""

    COMMUNE = "commune"
    SUPERVISORY = "supervisory"


class HouseholdCategory(_Labelled):
    """Qualifying categories of a household to be supported."""

    POLICY_FAMILY = "policy_family"
    POOR = "poor"
    NEAR_POOR = "near_poor"
    LONELY_ELDERLY = "lonely_elderly"
    STUDIOUS_CHILD = "studious_child"
    POOR_PATIENT = "poor_patient"
    HOUSING_DIFFICULTY = "housing_difficulty"
    OTHER_HARDSHIP = "other_hardship"


class HardshipCause(_Labelled):
    """Causes of hardship found on a visit (fixed list)."""

    ILLNESS = "illness"
    OLD_AGE = "old_age"
    DISABILITY = "disability"
    LACK_OF_LABOUR = "lack_of_labour"
    LACK_OF_LAND = "lack_of_land"
    LACK_OF_CAPITAL = "lack_of_capital"
    LACK_OF_SKILLS = "lack_of_skills"
    NATURAL_DISASTER = "natural_disaster"
    MANY_DEPENDANTS = "many_dependants"
    SOCIAL_EVILS = "social_evils"
    OTHER = "other"


class DisbursementPurpose(_Labelled):
    """What a fund disbursement is for."""

    GIFT = "gift"
    HOUSE_BUILDING = "house_building"
    HOUSE_REPAIR = "house_repair"
    TOILET = "toilet"
    OTHER_SUPPORT = "other_support"

    @property
    def support_kind(self) -> SupportKind:
        """The household support this disbursement delivers."""
        return _PURPOSE_TO_SUPPORT[self]


class SupportKind(_Labelled):
    """Kind of support delivered to a household."""

    GIFT = "gift"
    HOUSE_BUILT = "house_built"
    HOUSE_REPAIRED = "house_repaired"
    TOILET = "toilet"
    OTHER = "other"


_PURPOSE_TO_SUPPORT: Final = {
    DisbursementPurpose.GIFT: SupportKind.GIFT,
    DisbursementPurpose.HOUSE_BUILDING: SupportKind.HOUSE_BUILT,
    DisbursementPurpose.HOUSE_REPAIR: SupportKind.HOUSE_REPAIRED,
    DisbursementPurpose.TOILET: SupportKind.TOILET,
    DisbursementPurpose.OTHER_SUPPORT: SupportKind.OTHER,
}


class FundingSource(_Labelled):
    """Who paid for a support."""

    FUND = "fund"
    DONOR = "donor"
    BUDGET = "budget"


class ContributionSource(_Labelled):
    """Where a contribution comes from; only these are lawful."""

    FLAG_CEREMONY = "flag_ceremony"
    LAWFUL_DONATION = "lawful_donation"
    SESSION = "session"


class VolunteerWorkKind(_Labelled):
    """Kinds of volunteer work."""

    CLEANING = "cleaning"
    TREE_TRIMMING = "tree_trimming"
    ROAD_BUILDING = "road_building"
    HOUSE_BUILDING = "house_building"
    HOUSE_REPAIR = "house_repair"
    TOILET = "toilet"
    OTHER = "other"


class ComplaintCategory(_Labelled):
    """Subject of a complaint."""

    LAND = "land"
    INFRASTRUCTURE = "infrastructure"
    ENVIRONMENT = "environment"
    SOCIAL_POLICY = "social_policy"
    SECURITY_ORDER = "security_order"
    ADMINISTRATIVE = "administrative"
    OTHER = "other"


class ComplaintOutcome(_Labelled):
    """Where a complaint stands."""

    OPEN = "open"
    ANSWERED_ON_SPOT = "answered_on_spot"
    TAKEN_ON_RECORD = "taken_on_record"
    REFERRED = "referred"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


class RecordReason(_Labelled):
    """Why a complaint was taken on record instead of answered on the spot."""

    BEYOND_AUTHORITY = "beyond_authority"
    NEEDS_VERIFICATION = "needs_verification"
    NOT_CERTAIN = "not_certain"


class SupervisorKind(_Labelled):
    """Who supervises answers given to citizens."""

    MTTQ = "mttq"
    PEOPLES_INSPECTORATE = "peoples_inspectorate"


class DeregistrationReason(_Labelled):
    """Why a household leaves the list."""

    ESCAPED_POVERTY = "escaped_poverty"
    MOVED = "moved"
    DECEASED = "deceased"
    OTHER = "other"
