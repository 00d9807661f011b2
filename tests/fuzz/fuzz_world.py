"""Well-formed commands of the shared test world, for the fuzzers to spoil one field at a time.

A command that is valid but for one hostile field reaches deeper (the converter's field
checks, the validators, the domain rules, the store) than random JSON ever does.
"""

from __future__ import annotations

from typing import Any

from world import COMMUNE, HAMLETS, World

WHEN = "2024-03-05T09:00:00+07:00"
NEW_ID = "0d5f8a4c-1b2e-4c3d-8e9f-a0b1c2d3e4f5"


def templates(world: World) -> list[dict[str, Any]]:
    """One well-formed command of each shape the fuzzers spoil (``command`` names it)."""
    chair = str(world.chair)
    household = str(world.household)
    return [
        {
            "command": "ReceiveContribution",
            "unit": COMMUNE,
            "receipt_id": NEW_ID,
            "amount": 500_000,
            "source": "session",
            "donor": "Công ty A",
            "occurred_at": WHEN,
        },
        {
            "command": "MakeDisbursement",
            "unit": COMMUNE,
            "disbursement_id": NEW_ID,
            "purpose": "other_support",
            "amount": 200_000,
            "household_id": household,
            "approvers": [chair],
            "occurred_at": WHEN,
        },
        {
            "command": "RaiseComplaint",
            "complaint_id": NEW_ID,
            "unit": COMMUNE,
            "month": "2024-03",
            "hamlet": HAMLETS[0],
            "citizen": {
                "person_id": NEW_ID,
                "full_name": "Kim Thị Mai",
                "phone": "0912345678",
                "address": "Ấp Ô Rồm",
            },
            "category": "infrastructure",
            "content": "Đường sạt lở",
            "occurred_at": WHEN,
        },
        {
            "command": "RegisterUnit",
            "code": "29500-09",
            "name": "Ấp Mới",
            "kind": "hamlet",
            "parent": COMMUNE,
            "occurred_at": WHEN,
        },
        {"command": "RenameUnit", "code": HAMLETS[1], "name": "Ấp Ngãi Hiệp A"},
        {
            "command": "HoldFlagCeremony",
            "unit": COMMUNE,
            "month": "2024-03",
            "attendees": 45,
            "occurred_at": "2024-03-04T07:00:00+07:00",
        },
        {
            "command": "PublishDisclosure",
            "unit": COMMUNE,
            "period_from": "2024-03-01",
            "period_to": "2024-03-31",
        },
        {
            "command": "ScheduleSession",
            "unit": COMMUNE,
            "month": "2024-04",
            "date": "2024-04-01",
            "reception_hamlet": HAMLETS[1],
            "hosts": [chair],
        },
        {
            "command": "PlanVolunteerWork",
            "work_id": NEW_ID,
            "unit": COMMUNE,
            "kind": "cleaning",
            "place": "Ấp Ô Rồm",
            "starts_at": "2024-03-20T07:00:00+07:00",
            "task": "Phát quang",
        },
        {
            "command": "AssessHousehold",
            "household_id": household,
            "criteria": ["Thu nhập"],
            "score": 40,
            "assessed_by": chair,
        },
    ]
