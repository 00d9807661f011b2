"""Personal data: encrypted before hashing, erasable by destroying a key, encrypted at rest.

The dataset is the demo (one district's half year): every citizen's and head of household's
name, phone and address, every contributor and relative named in it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from nghedan_core import NgheDan
from nghedan_core.audit import audit, verify
from nghedan_core.demo import demo_actor, demo_commands
from nghedan_core.erasure import erase_person, subject_units
from nghedan_core.errors import InvalidInputError, NotFoundError
from nghedan_core.exchange import export_events, restore_events
from nghedan_core.personal import (
    ERASED_TEXT,
    KEYS_TABLE,
    TOKEN_PREFIX,
    UNREADABLE_TEXT,
    is_token,
)
from nghedan_core.projections import ComplaintBoard, EventRecord, HouseholdHistory, fold
from nghedan_core.storage import new_cipher_key
from personal_values import admin_of, personal_values

AT = datetime(2024, 7, 1, 8, 0, tzinfo=UTC)
#: the administrator of every store of these tests (the same id: the same digests)
ADMIN = UUID("00000000-0000-4000-8000-0000000000ad")


@pytest.fixture(scope="module")
def commands() -> list[Any]:
    return list(demo_commands())


@pytest.fixture(scope="module")
def secrets(commands: list[Any]) -> set[str]:
    found = personal_values(commands)
    assert len(found) > 300  # names, phones, circumstances of the whole district
    return found


def load(app: NgheDan, commands: list[Any]) -> None:
    """The demo's history, recorded by an import (ADR 0019), each act by its demo official."""
    if app.administrator() is None and not app.max_position():
        app.start_record("Quản trị viên kiểm thử", administrator_id=ADMIN)
    for command in commands:
        result = app.handle_many(
            [command], actor=demo_actor(app, command), group=False, imported=True
        )
        assert result.error is None


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, commands: list[Any]) -> Path:
    path = tmp_path_factory.mktemp("personal") / "demo.db"
    app = NgheDan(f"sqlite:///{path}", clock=lambda: AT)
    load(app, commands)
    app.close()
    return path


def copy_of(db: Path, tmp_path: Path) -> Path:
    """A copy of a SQLite store with its keystore file (``…-keys.db`` beside it)."""
    target = tmp_path / "copy.db"
    for source, copy in ((db, target), (keys_file(db), keys_file(target))):
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
    return target


def keys_file(db: Path) -> Path:
    return db.with_name(f"{db.stem}-keys{db.suffix}")


def raw_text(db: Path) -> str:
    """Every stored event, view and key row as text, as someone with the file would read it."""
    with sqlite3.connect(db) as c:
        rows = [r[0] for r in c.execute("SELECT state FROM stored_events")]
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if "nghedan_views" in tables:
            rows += [r[0] for r in c.execute("SELECT data FROM nghedan_views")]
    return "\n".join(r.decode("utf-8", "replace") if isinstance(r, bytes) else r for r in rows)


def test_no_personal_value_is_stored_in_clear(demo_db: Path, secrets: set[str]) -> None:
    """Names, phones, addresses, circumstances, contributors: only tokens are stored."""
    text = raw_text(demo_db)
    leaked = sorted(s for s in secrets if s in text)
    assert leaked == []
    assert text.count("\ue000pd1:") > 800


def test_views_reveal_names_only_when_asked(demo_db: Path, tmp_path: Path) -> None:
    app = NgheDan(f"sqlite:///{copy_of(demo_db, tmp_path)}")
    board = fold(ComplaintBoard(), app.records()).view(AT)
    assert all(is_token(e.citizen) for e in board.entries if e.citizen)
    revealed = app.reveal(board)
    names = {e.citizen for e in revealed.entries}
    assert not any(is_token(n) for n in names)
    assert all(n and n not in (ERASED_TEXT, UNREADABLE_TEXT) for n in names)
    # the aggregates read their events decrypted
    complaint = revealed.entries[0]
    stream = app.stream(__import__("uuid").UUID(complaint.complaint_id))
    assert stream[0].event.citizen.full_name == complaint.citizen  # type: ignore[attr-defined]


def test_erasure_hides_the_person_everywhere_and_the_audit_still_verifies(
    demo_db: Path, tmp_path: Path, commands: list[Any]
) -> None:
    app = NgheDan(f"sqlite:///{copy_of(demo_db, tmp_path)}", clock=lambda: AT)
    before = list(export_events(app.records()))
    report_before = audit(app.records(), lines=False)
    head = next(
        c.head for c in commands if type(c).__name__ == "RegisterHousehold" and c.head.phone
    )
    raised = [c for c in commands if getattr(c, "citizen", None) == head]

    erasure = erase_person(app, str(head.person_id), actor=admin_of(app))

    assert str(head.person_id) in erasure.destroyed
    assert len(erasure.subjects) >= 2  # the person and the household they head
    after = list(export_events(app.records()))
    # nothing stored was changed: one event more (the erasure, ids only), the rest identical
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert json.loads(after[-1])["topic"] == "nghedan.PersonalDataErased"
    assert verify(app.records()) is None
    report_after = audit(app.records(), lines=False)
    assert report_after.passed
    assert report_after.totals == report_before.totals
    # every view shows the placeholder, the other households keep their names
    history = app.reveal(fold(HouseholdHistory(), app.records()).view())
    mine = [h for h in history.households.values() if h.head == ERASED_TEXT]
    assert len(mine) == len(erasure.subjects) - 1
    assert all(h.circumstances in (None, ERASED_TEXT) for h in mine)
    others = [h for h in history.households.values() if h.head != ERASED_TEXT]
    assert others
    assert all(h.head and not is_token(h.head) for h in others)
    board = app.reveal(fold(ComplaintBoard(), app.records()).view(AT))
    assert head.full_name not in {e.citizen for e in board.entries}
    if raised:
        assert ERASED_TEXT in {e.citizen for e in board.entries}
    # the aggregates too, in this process and in a fresh one
    household = next(c for c in commands if getattr(c, "head", None) == head)
    for reader in (app, NgheDan(app.database_url)):
        event = reader.stream(household.household_id)[0].event
        assert event.head.full_name == ERASED_TEXT  # type: ignore[attr-defined]
        assert event.head.phone == ERASED_TEXT  # type: ignore[attr-defined]
    # erasing again destroys nothing more, and is recorded again
    again = erase_person(app, str(head.person_id), actor=admin_of(app))
    assert again.destroyed == ()


def test_erasure_refuses_an_unknown_or_malformed_id(demo_db: Path, tmp_path: Path) -> None:
    app = NgheDan(f"sqlite:///{copy_of(demo_db, tmp_path)}")
    count = app.max_position()
    with pytest.raises(InvalidInputError):
        erase_person(app, "not-a-uuid", actor=admin_of(app))
    with pytest.raises(NotFoundError):
        erase_person(app, "2f0e5c1e-3f1a-5b7e-9d4c-2a6f8e1b3c5d", actor=admin_of(app))
    assert app.max_position() == count


def test_new_data_after_an_erasure_gets_a_new_key(tmp_path: Path, commands: list[Any]) -> None:
    app = NgheDan("memory://", clock=lambda: AT)
    load(app, commands[:200])
    register = next(c for c in commands[:200] if type(c).__name__ == "RegisterHousehold")
    erase_person(app, str(register.head.person_id), actor=admin_of(app))
    rows = app.personal.keystore.fetch([str(register.head.person_id)])
    assert rows[str(register.head.person_id)].key is None
    app.personal.keystore.ensure([str(register.head.person_id)])
    history = app.reveal(fold(HouseholdHistory(), app.records()).view())
    # the old tokens stay unreadable under the new key
    assert history.households[str(register.household_id)].head == ERASED_TEXT


def test_same_commands_same_keystore_same_time_same_digest(
    tmp_path: Path, commands: list[Any]
) -> None:
    """Deterministic encryption: the digest can be reproduced with the keystore."""
    keys = f"sqlite:///{tmp_path / 'keys.db'}"
    digests = []
    for name in ("a", "b"):
        app = NgheDan(f"sqlite:///{tmp_path / name}.db", clock=lambda: AT, keys_url=keys)
        load(app, commands[:300])
        digests.append(audit(app.records(), lines=False).digest)
        # the keys are not in the events' database
        with sqlite3.connect(tmp_path / f"{name}.db") as c:
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
        assert KEYS_TABLE not in tables
        app.close()
    assert digests[0] == digests[1]
    other = NgheDan(f"sqlite:///{tmp_path / 'c'}.db", clock=lambda: AT)
    load(other, commands[:300])
    assert audit(other.records(), lines=False).digest != digests[0]


def test_a_restore_without_the_keys_cannot_read_names(demo_db: Path, tmp_path: Path) -> None:
    app = NgheDan(f"sqlite:///{copy_of(demo_db, tmp_path)}")
    lines = list(export_events(app.records()))
    restored = NgheDan(f"sqlite:///{tmp_path / 'restored.db'}")
    restore_events(restored, lines)
    assert audit(restored.records(), lines=False).digest == audit(app.records(), lines=False).digest
    board = restored.reveal(fold(ComplaintBoard(), restored.records()).view(AT))
    assert {e.citizen for e in board.entries} == {UNREADABLE_TEXT}
    # with the keys loaded from a backup, the names are back
    restored.personal.keystore.load(app.personal.keystore.rows())
    board = restored.reveal(fold(ComplaintBoard(), restored.records()).view(AT))
    assert UNREADABLE_TEXT not in {e.citizen for e in board.entries}


def test_encryption_at_rest_leaves_nothing_readable_in_the_file(
    tmp_path: Path, commands: list[Any], secrets: set[str]
) -> None:
    key = new_cipher_key()
    path = tmp_path / "sealed.db"
    app = NgheDan(f"sqlite:///{path}", clock=lambda: AT, cipher_key=key)
    load(app, commands[:400])
    digest = audit(app.records(), lines=False).digest
    assert verify(app.records()) is None
    app.close()
    raw = path.read_bytes()
    for wal in tmp_path.glob("sealed.db-*"):
        raw += wal.read_bytes()
    for marker in (b"complaint_id", b"payload", b"recorded_at", b"occurred_at"):
        assert marker not in raw
    assert not [s for s in secrets if s.encode() in raw]
    with sqlite3.connect(keys_file(path)) as c:
        stored = [r[0] for r in c.execute(f"SELECT key FROM {KEYS_TABLE}")]  # noqa: S608
    assert stored
    # the per-person keys are wrapped with the at-rest key: none is stored as itself
    reopened = NgheDan(f"sqlite:///{path}", cipher_key=key)
    raw_keys = {row.key for _, row in reopened.personal.keystore.rows()}
    assert not any(k is not None and k.hex() in "".join(stored) for k in raw_keys)
    assert audit(reopened.records(), lines=False).digest == digest
    board = reopened.reveal(fold(ComplaintBoard(), reopened.records()).view(AT))
    assert board.entries
    assert UNREADABLE_TEXT not in {e.citizen for e in board.entries}


def test_an_encrypted_store_without_its_key_says_so(tmp_path: Path, commands: list[Any]) -> None:
    path = tmp_path / "sealed.db"
    app = NgheDan(f"sqlite:///{path}", cipher_key=new_cipher_key())
    load(app, commands[:20])
    app.close()
    with pytest.raises(InvalidInputError) as plain:
        NgheDan(f"sqlite:///{path}")
    assert "NGHEDAN_CIPHER_KEY" in plain.value.problems[0].message_en
    with pytest.raises(InvalidInputError) as wrong:
        NgheDan(f"sqlite:///{path}", cipher_key=new_cipher_key())
    assert "wrong encryption key" in wrong.value.problems[0].message_en
    load(NgheDan(f"sqlite:///{tmp_path / 'plain.db'}"), commands[:2])
    with pytest.raises(InvalidInputError) as needless:
        NgheDan(f"sqlite:///{tmp_path / 'plain.db'}", cipher_key=new_cipher_key())
    assert "not encrypted" in needless.value.problems[0].message_en


@pytest.mark.parametrize("key", ["", "abc", "not base64 !", "QUJD"])
def test_a_bad_cipher_key_is_refused_clearly(key: str) -> None:
    if key == "":  # empty: encryption at rest off
        assert NgheDan("memory://", cipher_key=key).mapper.cipher is None
        return
    with pytest.raises(InvalidInputError) as caught:
        NgheDan("memory://", cipher_key=key)
    assert "base64" in caught.value.problems[0].message_vi


def test_erasure_on_postgresql(postgres_url: str, commands: list[Any], secrets: set[str]) -> None:
    app = NgheDan(postgres_url, clock=lambda: AT)
    load(app, commands[:300])
    register = next(c for c in commands[:300] if type(c).__name__ == "RegisterHousehold")
    lines = list(export_events(app.records()))
    assert not [s for s in secrets if s in "".join(lines)]
    erase_person(app, str(register.head.person_id), actor=admin_of(app))
    assert verify(app.records()) is None
    assert list(export_events(app.records()))[: len(lines)] == lines
    reader = NgheDan(postgres_url)
    history = reader.reveal(fold(HouseholdHistory(), reader.records()).view())
    assert history.households[str(register.household_id)].head == ERASED_TEXT
    assert {h.head for h in history.households.values()} - {ERASED_TEXT}


def test_an_encrypted_state_that_starts_like_json_is_still_seen_as_encrypted(
    tmp_path: Path, commands: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nonce is random: 1 store in 256 starts with ``{``; it is not taken for plain JSON."""
    import os

    from eventsourcing.cryptography import AESCipher

    monkeypatch.setattr(AESCipher, "random_bytes", staticmethod(lambda n: b"{" + os.urandom(n - 1)))
    path = tmp_path / "sealed.db"
    key = new_cipher_key()
    app = NgheDan(f"sqlite:///{path}", cipher_key=key)
    load(app, commands[:3])
    app.close()
    with sqlite3.connect(path) as c:
        first = c.execute("SELECT state FROM stored_events LIMIT 1").fetchone()[0]
    assert first[:1] == b"{"
    with pytest.raises(InvalidInputError) as wrong:
        NgheDan(f"sqlite:///{path}", cipher_key=new_cipher_key())
    assert "wrong encryption key" in wrong.value.problems[0].message_en
    with pytest.raises(InvalidInputError) as plain:
        NgheDan(f"sqlite:///{path}")
    assert "is encrypted" in plain.value.problems[0].message_en
    assert verify(NgheDan(f"sqlite:///{path}", cipher_key=key).records()) is None


def test_a_store_whose_first_row_was_edited_still_opens_for_the_audit(
    tmp_path: Path, commands: list[Any]
) -> None:
    """An edited first row is tampering, for `verify` to name: not a missing or wrong key."""
    key = new_cipher_key()
    for name, cipher in (("plain", None), ("sealed", key)):
        path = tmp_path / f"{name}.db"
        app = NgheDan(f"sqlite:///{path}", cipher_key=cipher)
        load(app, commands[:5])
        app.close()
        with sqlite3.connect(path) as c:
            c.execute("UPDATE stored_events SET state = ? WHERE rowid = 1", (b"\xffgarbage",))
        reopened = NgheDan(f"sqlite:///{path}", cipher_key=cipher)
        if cipher is None:
            broken = verify(reopened.records())
            assert broken is not None
            assert broken.position == 1
        else:
            with pytest.raises(ValueError, match="altered"):
                list(reopened.records())


def test_forgetting_states_leaves_no_decrypted_record_in_the_application(
    tmp_path: Path, commands: list[Any]
) -> None:
    """`forget_states` drops every cached state, also those the selection rule kept."""
    app = NgheDan(f"sqlite:///{tmp_path / 'f.db'}", clock=lambda: AT)
    try:
        load(app, commands[:400])  # registrations, sessions and selections of households
        assert app._candidates
        app.forget_states()
        assert not app._cache
        assert not app._candidates
    finally:
        app.close()


def _record(position: int, stream: str, payload: dict[str, Any]) -> EventRecord:
    return EventRecord(position, stream, 1, "x.Y", "2024-03-04T00:00:00+00:00", payload, "", "")


def test_the_units_of_a_subject_are_every_unit_its_data_lies_in() -> None:
    """Streams holding a token of a subject answer with every unit they name, or None."""
    person, other = uuid4(), uuid4()

    def token(subject: UUID) -> str:
        return f"{TOKEN_PREFIX}{subject.hex}rest"

    records = [
        _record(1, "a", {"unit": "29500", "citizen": {"full_name": token(person)}}),
        _record(2, "b", {"unit": "29501"}),
        # the official moved: data in its stream lies in both units
        _record(3, "b", {"relative": {"full_name": token(person)}}),
        _record(4, "b", {"to_unit": "29502"}),
        _record(5, "c", {"names": [token(other), token(person)]}),  # a list, no unit
        _record(6, "d", {"unit": "29503", "head": {"full_name": token(other)}}),
        _record(7, "e", {"unit": "29504", "note": f"{TOKEN_PREFIX}not-hex"}),
    ]
    assert subject_units([str(person)], records) == {"29500", "29501", "29502", None}
    assert subject_units([str(other)], records) == {None, "29503"}
    assert subject_units([str(uuid4())], records) == set()
