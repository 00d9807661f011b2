"""Strict scalars: no silent coercion of numbers, text and booleans at any boundary."""

import pytest

from nghedan_core.aggregates.complaint import RecordCitizenFeedback
from nghedan_core.aggregates.session import HoldFlagCeremony
from nghedan_core.errors import InvalidInputError
from nghedan_core.serialization import structure

UUID_TEXT = "6f1c2a4e-5b7d-5e0a-9c3b-1d2e3f405162"
CEREMONY = {"unit": "29500", "month": "2024-03", "attendees": 5}


def problems(data, cls):
    with pytest.raises(InvalidInputError) as caught:
        structure(data, cls)
    return [(p.path, p.message_en) for p in caught.value.problems]


@pytest.mark.parametrize("value", ["5", 5.0, 5.5, True])
def test_only_a_json_integer_is_a_whole_number(value):
    """'5', 5.0, 5.5 and true are not a count of attendees."""
    assert problems({**CEREMONY, "attendees": value}, HoldFlagCeremony) == [
        ("$.attendees", "expected a whole number")
    ]


def test_a_number_is_not_text():
    """29500 (a number) is not the unit code '29500'."""
    assert problems({**CEREMONY, "unit": 29500}, HoldFlagCeremony) == [("$.unit", "expected text")]


@pytest.mark.parametrize("value", ["false", "yes", 1, 0])
def test_only_true_or_false_is_a_boolean(value):
    """'false' must not become True."""
    body = {"complaint_id": UUID_TEXT, "satisfied": value}
    assert problems(body, RecordCitizenFeedback) == [("$.satisfied", "expected true or false")]


def test_policy_file_with_quoted_number_is_refused(tmp_path):
    """monthly_quota = "3" in TOML is refused, not read as 3."""
    from nghedan_core.serialization import load_policy_config

    path = tmp_path / "p.toml"
    path.write_text('monthly_quota = "3"\nhamlet_rotation = "no"\n')
    with pytest.raises(InvalidInputError) as caught:
        load_policy_config(path)
    assert sorted(p.path for p in caught.value.problems) == ["$.hamlet_rotation", "$.monthly_quota"]
