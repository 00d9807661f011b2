"""Nothing is dated into a published period (issue 14 item 5, ADR 0016).

A receipt dated into a month whose disclosure is published is refused, or recorded as a
declared correction that the next disclosure shows on its own line, the published month's
figures unchanged. An import keeps its business time and is held to the same rule.
"""

from __future__ import annotations

import json
from datetime import date
from uuid import uuid4

import pytest

from nghedan_core import ContributionSource, NgheDan, PublishDisclosure, ReceiveContribution, Vnd
from nghedan_core.errors import DomainError
from nghedan_core.exchange import import_commands
from nghedan_core.queries import Queries
from nghedan_core.serialization import unstructure
from nghedan_core.values import Month

from world import COMMUNE, at, build_world

MARCH = Month(2024, 3)


def _published_march(app: NgheDan) -> None:
    build_world(app)
    app.handle(
        PublishDisclosure(
            unit=COMMUNE,
            period_from=date(2024, 3, 1),
            period_to=date(2024, 3, 31),
            occurred_at=at(1, 9, month=4),
        )
    )


def _late_receipt(**kw: object) -> ReceiveContribution:
    return ReceiveContribution(
        unit=COMMUNE,
        receipt_id=uuid4(),
        amount=Vnd(1_000_000),
        source=ContributionSource.FLAG_CEREMONY,
        occurred_at=at(18, 7),
        **kw,  # type: ignore[arg-type]
    )


def test_a_receipt_dated_into_a_published_month_is_refused(backend_url: str) -> None:
    """A receipt dated 18/03 after March's disclosure is refused, nothing written."""
    app = NgheDan(backend_url)
    _published_march(app)
    position = app.max_position()
    with pytest.raises(DomainError) as refused:
        app.handle(_late_receipt())
    assert refused.value.code == "period.published"
    assert "18/03/2024" in refused.value.message("vi")
    assert app.max_position() == position


def test_a_declared_correction_shows_on_the_next_disclosure_only(backend_url: str) -> None:
    """As a correction it is recorded; March reads as published, April shows it apart."""
    app = NgheDan(backend_url)
    _published_march(app)
    queries = Queries(app)
    before = queries.disclosure(COMMUNE, MARCH)
    recorded = app.handle(_late_receipt(correction_reason="Phiếu thu 18/03 nhập sót"))
    assert recorded[0].event.correction_reason == "Phiếu thu 18/03 nhập sót"
    queries = Queries(app)
    assert queries.disclosure(COMMUNE, MARCH) == before
    april = queries.disclosure(COMMUNE, Month(2024, 4))
    assert (april.receipts_vnd, april.corrections_in_vnd) == (0, 1_000_000)
    assert april.closing_vnd == before.closing_vnd + 1_000_000
    assert [line.correction for line in april.corrections] == ["Phiếu thu 18/03 nhập sót"]
    published = app.handle(
        PublishDisclosure(
            unit=COMMUNE,
            period_from=date(2024, 4, 1),
            period_to=date(2024, 4, 30),
            occurred_at=at(2, 9, month=5),
        )
    )
    event = published[0].event
    assert (event.receipts, event.corrections_in) == (Vnd(0), Vnd(1_000_000))
    assert app.audit().passed


def test_a_correction_of_a_period_not_published_is_refused(backend_url: str) -> None:
    """A "correction" of a month not yet disclosed is no correction: refused."""
    app = NgheDan(backend_url)
    build_world(app)
    with pytest.raises(DomainError) as refused:
        app.handle(_late_receipt(correction_reason="nhầm"))
    assert refused.value.code == "period.correction_not_needed"


def test_an_import_keeps_its_time_and_is_refused_into_a_published_month() -> None:
    """An imported receipt dated into a published month is refused like any other."""
    app = NgheDan("memory://")
    _published_march(app)
    line = json.dumps({"command": "ReceiveContribution", **unstructure(_late_receipt())})
    result = import_commands(app, [line])
    assert result.recorded == 0
    assert result.failure is not None
    assert "period.published" in json.dumps(result.to_dict(), ensure_ascii=False)
