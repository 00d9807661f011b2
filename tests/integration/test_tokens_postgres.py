"""The HTTP adapter's token store on PostgreSQL: issue, find by hash, expire, revoke."""

from __future__ import annotations

from datetime import date

from nghedan_core import NgheDan
from nghedan_http import Role, TokenStore
from nghedan_http.auth import TOKENS_TABLE, hash_token


def test_tokens_live_in_the_stores_schema_as_hashes_only(postgres_url: str) -> None:
    import psycopg

    app = NgheDan(postgres_url)
    store = TokenStore(app)
    secret, record = store.issue(Role.CLERK, "29257", expires=date(2099, 1, 1))
    expired, _ = store.issue(Role.LEADER, "29257", expires=date(2000, 1, 2))
    principal = store.authenticate(secret)
    assert principal is not None
    assert (principal.role, principal.unit) == (Role.CLERK, "29257")
    assert store.authenticate(expired) is None
    assert store.authenticate(secret + "x") is None
    # another server on the same database sees the token, and its revocation at once
    other = TokenStore(NgheDan(postgres_url))
    assert other.authenticate(secret) is not None
    assert store.revoke(record.token_id)
    assert not store.revoke(record.token_id)
    assert other.authenticate(secret) is None
    assert {r.token_id for r in other.list()} >= {record.token_id}
    # only the hash is stored, in the store's own schema
    schema = postgres_url.split("schema=", 1)[1]
    with psycopg.connect(postgres_url.split("?", 1)[0]) as conn:
        rows = conn.execute(f'SELECT * FROM "{schema}".{TOKENS_TABLE}').fetchall()  # noqa: S608
    text = repr(rows)
    assert hash_token(secret) in text
    assert secret not in text
