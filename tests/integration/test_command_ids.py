"""Idempotency per unit (issue 14 item 6): a ``command_id`` is unique within the acting unit.

The same id in another unit is another command; the same id in the same unit with other
content is refused, naming the earlier act; the same command sent again records nothing.
"""

from __future__ import annotations

from uuid import uuid4

import pytest

from nghedan_core import (
    ContributionSource,
    NgheDan,
    OpenFund,
    ReceiveContribution,
    RegisterUnit,
    UnitKind,
    Vnd,
)
from nghedan_core.errors import CommandIdReusedError
from nghedan_core.exchange import import_commands
from nghedan_core.serialization import unstructure

from world import COMMUNE, at, build_world

OTHER = "29501"


def _other_commune(app: NgheDan) -> None:
    app.handle(
        RegisterUnit(
            code=OTHER, name="Xã Hòa Ân", kind=UnitKind.COMMUNE, parent="94", occurred_at=at(1)
        )
    )
    app.handle(OpenFund(unit=OTHER, occurred_at=at(1)))


def _receipt(unit: str, amount: int, command_id: str) -> ReceiveContribution:
    return ReceiveContribution(
        unit=unit,
        receipt_id=uuid4(),
        amount=Vnd(amount),
        source=ContributionSource.FLAG_CEREMONY,
        occurred_at=at(4, 7),
        command_id=command_id,
    )


def _balances(app: NgheDan) -> tuple[int, int]:
    ours, theirs = app.fund(COMMUNE), app.fund(OTHER)
    assert ours is not None
    assert theirs is not None
    return ours.balance.amount, theirs.balance.amount


def test_the_same_id_in_two_communes_records_two_receipts(backend_url: str) -> None:
    """One commune's command id does not swallow another commune's receipt with that id."""
    app = NgheDan(backend_url)
    build_world(app, fund_vnd=0)
    _other_commune(app)
    assert app.handle(_receipt(COMMUNE, 100_000, "phieu-thu-0001"))
    assert app.handle(_receipt(OTHER, 300_000, "phieu-thu-0001"))
    assert _balances(app) == (100_000, 300_000)


def test_the_same_id_in_two_communes_records_two_receipts_in_one_group() -> None:
    """Group commits keep ids per unit too: two communes' receipts, one id, both recorded."""
    app = NgheDan("memory://")
    build_world(app, fund_vnd=0)
    _other_commune(app)
    result = app.handle_many([_receipt(COMMUNE, 100_000, "pt-1"), _receipt(OTHER, 300_000, "pt-1")])
    assert result.error is None
    assert all(result.recorded)
    assert _balances(app) == (100_000, 300_000)


def test_the_same_id_with_other_content_in_the_same_unit_is_refused(backend_url: str) -> None:
    """An id reused in the commune for another receipt is refused, naming the earlier act."""
    app = NgheDan(backend_url)
    build_world(app, fund_vnd=0)
    app.handle(_receipt(COMMUNE, 100_000, "phieu-thu-0001"))
    position = app.max_position()
    with pytest.raises(CommandIdReusedError) as refused:
        app.handle(_receipt(COMMUNE, 900_000, "phieu-thu-0001"))
    assert refused.value.code == "command.id_reused"
    assert refused.value.params["command"] == "ReceiveContribution"
    assert refused.value.params["at"] == at(4, 7).isoformat()
    assert "04/03/2024" in refused.value.message("vi")
    assert "nhận đóng góp" in refused.value.message("vi")
    assert app.max_position() == position


def test_the_same_id_with_other_content_is_refused_in_a_group() -> None:
    """A group commit stops at a reused id with the same refusal, the earlier commands kept."""
    app = NgheDan("memory://")
    build_world(app, fund_vnd=0)
    result = app.handle_many(
        [_receipt(COMMUNE, 100_000, "pt-1"), _receipt(COMMUNE, 200_000, "pt-1")]
    )
    assert len(result.recorded) == 1
    assert isinstance(result.error, CommandIdReusedError)


def test_the_same_command_sent_again_records_nothing(backend_url: str) -> None:
    """A retry of the very same command (same id, unit and content) is a no-op."""
    app = NgheDan(backend_url)
    build_world(app, fund_vnd=0)
    command = _receipt(COMMUNE, 100_000, "phieu-thu-0001")
    assert app.handle(command)
    position = app.max_position()
    assert app.handle(command) == ()
    assert app.handle_many([command]).recorded == ((),)
    assert app.max_position() == position


def test_a_reimport_of_the_same_file_records_nothing() -> None:
    """An import run twice keeps recording nothing the second time (content-bound ids)."""
    app = NgheDan("memory://")
    build_world(app, fund_vnd=0)
    data = {"command": "ReceiveContribution", **unstructure(_receipt(COMMUNE, 5_000, "x"))}
    del data["command_id"]
    import json

    lines = [json.dumps(data, ensure_ascii=False)]
    assert import_commands(app, lines).recorded == 1
    assert import_commands(app, lines).recorded == 0
