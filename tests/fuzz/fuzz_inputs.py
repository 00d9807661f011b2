"""Hostile input for every surface: one module of hypothesis strategies shared by the fuzz tests.

Everything a careless or malicious caller could send: wrong types, huge numbers, negative or
fractional đồng, impossible dates and times out of any calendar, overlong and non-NFC text,
control characters and half characters (lone surrogates), deeply nested JSON, huge payloads,
SQL and HTML injection, format-string and template injection. Strategies come in three
shapes: JSON values (for command files and POST bodies), command-line strings, and raw bytes.

Examples per test are bounded (`examples`) so the whole fuzz suite stays within about two
minutes on a two-core machine; ``NGHEDAN_FUZZ_SCALE=5`` multiplies them for a longer hunt.
The runs stay random (no fixed seed): hypothesis prints the falsifying example when one fails.
"""

from __future__ import annotations

import os
import unicodedata
from typing import Any, Final

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from nghedan_core.values import MAX_TEXT

#: ``NGHEDAN_FUZZ_SCALE``: a multiplier of every fuzz test's number of examples
SCALE: Final = max(1, int(os.environ.get("NGHEDAN_FUZZ_SCALE", "1") or "1"))


def examples(n: int) -> settings:
    """Settings of a fuzz test: `n` examples (times `SCALE`), no deadline, still random."""
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.filter_too_much,
        ],
    )


# --- text ---------------------------------------------------------------------------------

INJECTIONS: Final = (
    "'; DROP TABLE stored_events; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; DELETE FROM stored_events WHERE 1=1",
    "29500' UNION SELECT * FROM sqlite_master --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<b>đậm</b>",
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{0.__class__}",
    "{unit}",
    "%s%s%n",
    "../../../../etc/passwd",
    "${jndi:ldap://x}",
)
BROKEN_TEXT: Final = (
    "",
    " ",
    "\t\n",
    "\x00",
    "Xã\x00Hòa",
    "\x1b[31mđỏ",
    "dòng\rmới",
    "\u0085",
    "\x7f",
    "\ud800",
    "a\udfffb",
    "\udcff",
    unicodedata.normalize("NFD", "Xã Hòa Ân"),
    unicodedata.normalize("NFD", "Nguyễn Thị Mười"),
    "\u200b",
    "\ufeff",
    "\U0010ffff",
    "🙂" * 3,
    "x" * (MAX_TEXT + 1),
)
#: text that looks like numbers, money, dates and times, but is not (or not usable)
LOOKALIKES: Final = (
    "26,500,000",
    "26.500.000,5",
    "-26.500.000",
    "0.5",
    "1e6",
    "NaN",
    "Infinity",
    "-0",
    "٢٠٢٤",
    "２０２４-０３",
    "²",
    "9" * 30,
    "9" * 5000,
    "-" + "9" * 5000,
    "2024-02-30",
    "2023-02-29",
    "30/02/2024",
    "31/04/2024",
    "0000-01-01",
    "0001-01-01",
    "1999-12-31",
    "2201-01-01",
    "9999-12-31",
    "2024-13",
    "2024-00",
    "1999-12",
    "2024-3",
    "2024-W01-1",
    "0001-01-01T00:00:00+07:00",
    "0001-01-01T00:00:00-23:59",
    "9999-12-31T23:59:59-07:00",
    "9999-12-31T23:59:59+14:00",
    "2024-03-04T08:00:00",
    "2024-03-04T25:00:00+07:00",
    "2024-03-04T08:00:00+24:00",
    "04/03/2024 08:00",
    "31/12/9999 23:59",
    "01/01/0001 00:00",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
)

hostile_text = st.one_of(
    st.sampled_from(INJECTIONS + BROKEN_TEXT + LOOKALIKES),
    st.text(max_size=40),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Mn", "Lo", "So"]),
        max_size=20,
    ),
    st.builds(lambda a, b: a + b, st.sampled_from(INJECTIONS), st.text(max_size=10)),
    st.integers(MAX_TEXT - 2, MAX_TEXT + 50).map(lambda n: "ư" * n),
)

#: what a shell can pass as an argument (no NUL: a real argv cannot hold one)
cli_text = hostile_text.map(lambda s: s.replace("\x00", "\\0"))

# --- JSON values --------------------------------------------------------------------------

huge_ints = st.one_of(
    st.integers(10**15, 10**15 + 2),
    st.integers(2**63 - 2, 2**64 + 2),
    st.integers(0, 4299).map(lambda n: 10**n),
    st.integers(0, 4299).map(lambda n: -(10**n)),
    st.integers(),
)
money_values = st.one_of(
    st.sampled_from([-1, -26_500_000, 0.5, 26_500_000.0, 1e15, 1e308, -0.0, 10**15 + 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    huge_ints,
    st.sampled_from(["26500000", "26.500.000", "26,500,000", "26.500.000 đ", ""]),
)
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    huge_ints,
    money_values,
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
hostile_json: st.SearchStrategy[Any] = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(hostile_text, inner, max_size=4),
    ),
    max_leaves=12,
)


def nested(depth: int, *, leaf: str = "1") -> str:
    """JSON text of `depth` nested arrays and objects, built without recursion."""
    opening = "".join('{"a":' if i % 2 else "[" for i in range(depth))
    closing = "".join("}" if i % 2 else "]" for i in reversed(range(depth)))
    return opening + leaf + closing


#: JSON text that no ordinary generator makes: deep nesting, numbers beyond int(), NaN,
#: escaped half characters, duplicate keys, huge payloads
raw_json_texts = st.one_of(
    st.integers(1, 3000).map(nested),
    st.sampled_from(
        [
            "[" * 100_000,
            '{"amount": NaN}',
            '{"amount": Infinity}',
            '{"amount": -Infinity}',
            '{"amount": 1' + "0" * 5000 + "}",
            '{"amount": 1e400}',
            '{"name": "\\ud800"}',
            '{"\\udfff": 1}',
            '{"unit": "29500", "unit": 5}',
            '{"amount": 5} trailing',
            '{"amount": 05}',
            "'single quotes'",
            "{",
            "",
            "null",
            "[]",
            '"text"',
            "123",
            "\ufeff{}",
        ]
    ),
    st.integers(10_000, 200_000).map(lambda n: '{"note": "' + "x" * n + '"}'),
    st.text(max_size=60),
)


def replace_some(template: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """`template` with some of its fields replaced by hostile values, removed, or added to."""
    out = dict(template)
    keys = sorted(out)
    for key in data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True)):
        action = data.draw(st.sampled_from(["replace", "replace", "replace", "drop"]))
        if action == "drop":
            out.pop(key, None)
        else:
            out[key] = data.draw(hostile_json)
    if data.draw(st.booleans()):
        out[data.draw(hostile_text)] = data.draw(hostile_scalars)
    return out
