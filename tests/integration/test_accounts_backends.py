"""The workspace's accounts on every backend: created, signed in, the password changed."""

from __future__ import annotations

from uuid import uuid4

from argon2 import PasswordHasher

from nghedan_core import NgheDan, OfficialRole, RegisterOfficial, RegisterUnit, UnitKind
from nghedan_http.workspace import AccountStore

CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def test_an_account_is_kept_in_the_stores_database_as_a_hash(backend_url: str) -> None:
    """Another server on the same database signs the official in; the password is not kept."""
    app = NgheDan(backend_url)
    app.handle(RegisterUnit(code="29257", name="Xã Ninh Thới", kind=UnitKind.COMMUNE))
    oid = uuid4()
    app.handle(
        RegisterOfficial(
            official_id=oid,
            unit="29257",
            full_name="Trần Văn An",
            position="Chủ tịch UBND xã",
            roles=frozenset({OfficialRole.LEADER}),
        )
    )
    created = AccountStore(app, CHEAP).create(oid)
    assert created is not None
    password, account = created
    assert account.login == "tran.van.an"
    assert account.must_change
    assert password not in account.password_hash
    assert AccountStore(app, CHEAP).create(oid) is None  # one account per official
    other = AccountStore(app if backend_url == "memory://" else NgheDan(backend_url), CHEAP)
    signed = other.sign_in("tran.van.an", password)
    assert signed is not None
    assert signed.official == oid
    assert other.sign_in("tran.van.an", password + "x") is None
    assert other.sign_in("nobody", password) is None
    other.change_password("tran.van.an", "mat-khau-moi-cua-toi")
    changed = AccountStore(app, CHEAP).get("tran.van.an")
    assert changed is not None
    assert not changed.must_change
    assert AccountStore(app, CHEAP).sign_in("tran.van.an", password) is None
    assert AccountStore(app, CHEAP).sign_in("tran.van.an", "mat-khau-moi-cua-toi") is not None
