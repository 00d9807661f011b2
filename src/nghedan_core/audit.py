"""The fund audit (kiểm toán quỹ) and the tamper evidence of the history (DESIGN.md §5).

`audit` replays the log — from the database (`NgheDan.records`) or from an exported JSONL
file (`nghedan_core.exchange.read_events`), with no database at all — in **one streaming
pass**, keeping memory in proportion to the streams and funds, never to the events (only
the optional ledger lines grow with the fund's movements). It returns an `AuditReport`:
the ledger, the totals of every fund, the **invariant checks** and the **history digest**.

Tamper evidence works on two levels:

- **The chain.** Every event carries ``hash = SHA-256(canonical content + prev)`` where
  ``prev`` is the hash of the previous event of its stream (``GENESIS`` for version 1), see
  `nghedan_core.serialization.event_hash`. An edited event no longer matches its hash; a
  deleted event leaves a gap in its stream's versions; an inserted or replaced event does not
  link to its neighbours; a reordered stream shows its versions out of order. `verify` names
  the **first** broken event (position, stream, version, topic, and why).
- **The digest.** ``d0 = GENESIS``, ``d_i = SHA-256(d_{i-1} + hash_i)`` over the events'
  hashes in global order (both as lowercase hex text, concatenated, UTF-8). What the chain
  alone cannot see — the **last** events of a stream deleted, events appended with a
  correctly recomputed hash, or events of different streams reordered — changes the digest.
  So a digest published earlier (printed by an audit, kept by an auditor, carried by a
  disclosure) is checked with ``verify(records, expected_digest=..., digest_at=position)``:
  any rewrite of the history up to that position makes it fail.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from json.encoder import encode_basestring
from typing import Any, ClassVar, Final

import attrs

from nghedan_core._layout import JSON_ESCAPED, content_tail
from nghedan_core.authority import SETUP_TOPICS, import_refusal, roles_recording
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import DomainError, Lang
from nghedan_core.messages import Names, format_money, format_number
from nghedan_core.policies.authority import (
    ANSWERER,
    APPROVER,
    ASSESSOR,
    SELECTOR,
    NamedRole,
    check_named,
)
from nghedan_core.policies.impartiality import month_number, selection_covers, selection_window
from nghedan_core.policies.timing import moment_vi, window_seconds
from nghedan_core.projections._base import EventRecord, Projection
from nghedan_core.projections.ledger import FundLedger, LedgerView, business_day
from nghedan_core.serialization import CANONICAL, CONVERTER, GENESIS
from nghedan_core.values import Vnd, has_visible_text

__all__ = [
    "AUDIT_MESSAGES",
    "CANONICAL",
    "CHECK_CODES",
    "AuditReport",
    "Break",
    "ChainBrokenError",
    "ChainVerifier",
    "Check",
    "FundAuditor",
    "UnitTotals",
    "audit",
    "json_text",
    "next_digest",
    "record_hash",
    "verify",
]

#: the sources a receipt may lawfully come from
LAWFUL_SOURCES: Final = frozenset({"flag_ceremony", "lawful_donation", "session"})

#: the invariant checks, in the order the report lists them
CHECK_CODES: Final = (
    "chain.intact",
    "fund.balance_never_negative",
    "fund.disbursement_to_selected_household",
    "fund.approvers_not_related",
    "fund.approved_by_distinct_leaders",
    "fund.lawful_sources",
    "fund.disclosures_match_ledger",
    "fund.disclosure_digest_anchored",
    "fund.corrections_declared",
    "fund.payments_match_supports",
    "acts.officials_held_role",
    "time.not_ahead_of_recording",
    "time.late_entries_declared",
    "acts.actor_held_role",
    "payload.readable",
)

#: most business times the audit keeps parsed (then it starts afresh)
_MOMENTS: Final = 10_000
#: at most so many (actor, topic, unit) acts remembered as held (`FundAuditor._held`)
_HELD: Final = 20_000


#: how far back (in events) a disclosure's digest may be: the events recorded between
#: computing it and storing the disclosure (other writers, earlier commands of its group)
DIGEST_WINDOW: Final = 10_000

#: code -> (Vietnamese, English). ``<code>`` states the invariant when it holds;
#: ``<code>.failed`` describes the first violation; ``chain.<reason>`` why an event broke.
AUDIT_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "chain.intact": (
        "Chuỗi băm nguyên vẹn: {events} sự kiện, không sự kiện nào bị sửa, xóa, chèn hay đảo"
        " thứ tự.",
        "The hash chain is intact: {events} events, none edited, deleted, inserted or reordered.",
    ),
    "chain.intact.failed": (
        "Chuỗi băm bị phá vỡ ({count} chỗ); chỗ đầu tiên: {first}",
        "The hash chain is broken ({count} places); the first: {first}",
    ),
    "fund.balance_never_negative": (
        "Số dư quỹ không bao giờ âm.",
        "No fund balance ever went negative.",
    ),
    "fund.balance_never_negative.failed": (
        "Số dư quỹ {unit} âm ({balance} đ) tại vị trí {position} ({count} lần).",
        "The balance of fund {unit} went negative ({balance} đ) at position {position}"
        " ({count} times).",
    ),
    "fund.disbursement_to_selected_household": (
        "Mọi khoản chi đều cho hộ đã được bình xét chọn trong {window} tháng tính đến tháng"
        " chi (kể cả tháng chi).",
        "Every payment went to a household selected within the {window} months up to and"
        " including its month.",
    ),
    "fund.disbursement_to_selected_household.failed": (
        "Khoản chi tại vị trí {position} cho hộ {household} chưa được bình xét chọn trong"
        " {window} tháng tính đến tháng {month} ({count} khoản).",
        "The payment at position {position} went to household {household}, not selected within"
        " the {window} months up to and including {month} ({count} payments).",
    ),
    "fund.approvers_not_related": (
        "Không người duyệt chi nào là người thân của hộ được chi (đã kê khai).",
        "No approver had declared a relation to the household paid.",
    ),
    "fund.approvers_not_related.failed": (
        "Khoản chi tại vị trí {position}: người duyệt {official} đã kê khai quan hệ với hộ"
        " {household} ({count} khoản).",
        "The payment at position {position}: approver {official} had declared a relation to"
        " household {household} ({count} payments).",
    ),
    "fund.approved_by_distinct_leaders": (
        "Mọi khoản chi đều do chính lãnh đạo đương nhiệm của đơn vị duyệt: đủ số người khác"
        " nhau (từ {threshold} cần hai người, mỗi người tự duyệt), không ai là người đề nghị.",
        "Every payment was approved by serving leaders of its own unit, enough distinct ones"
        " (two, each approving as themselves, from {threshold}), none of them its requester.",
    ),
    "fund.approved_by_distinct_leaders.failed": (
        "Khoản chi tại vị trí {position}: {reason} ({count} khoản).",
        "The payment at position {position}: {reason} ({count} payments).",
    ),
    "fund.lawful_sources": (
        "Mọi khoản thu đều từ nguồn hợp pháp (chào cờ, buổi Nghe dân nói, nhà tài trợ có tên).",
        "Every receipt came from a lawful source (flag ceremony, session, named donor).",
    ),
    "fund.lawful_sources.failed": (
        "Khoản thu tại vị trí {position} không từ nguồn hợp pháp: {reason} ({count} khoản).",
        "The receipt at position {position} is not from a lawful source: {reason}"
        " ({count} receipts).",
    ),
    "fund.disclosures_match_ledger": (
        "Mọi kỳ công khai ({disclosures}) khớp với sổ quỹ.",
        "Every disclosure ({disclosures}) matches the ledger.",
    ),
    "fund.disclosures_match_ledger.failed": (
        "Công khai tại vị trí {position} (quỹ {unit}, {period}) không khớp sổ quỹ: {fields}"
        " ({count} lần).",
        "The disclosure at position {position} (fund {unit}, {period}) does not match the"
        " ledger: {fields} ({count} disclosures).",
    ),
    "fund.disclosure_digest_anchored": (
        "Mọi kỳ công khai mang mã băm của lịch sử đã công khai.",
        "Every disclosure carries the digest of the history it disclosed.",
    ),
    "fund.corrections_declared": (
        "Không việc nào của quỹ (cam kết, thu, đề nghị, duyệt, chi, hoàn) được ghi lùi vào kỳ"
        " đã công khai mà không khai là đính chính.",
        "No act of a fund (pledge, receipt, request, approval, payment, reversal) was dated"
        " into a published period without being declared a correction.",
    ),
    "fund.corrections_declared.failed": (
        "Sự kiện tại vị trí {position} ({topic}, ngày {day}) ghi lùi vào kỳ {period} của quỹ"
        " {unit} đã công khai, không khai là đính chính ({count} sự kiện).",
        "The event at position {position} ({topic}, {day}) is dated into the period {period}"
        " of fund {unit}, already published, and is not declared a correction ({count}"
        " events).",
    ),
    "fund.payments_match_supports": (
        "Mọi khoản chi quỹ có hỗ trợ tương ứng cho hộ, mọi hỗ trợ do quỹ chi có khoản chi.",
        "Every payment from a fund has its support to the household, and every support paid"
        " by a fund its payment.",
    ),
    "fund.payments_match_supports.failed": (
        "Sự kiện tại vị trí {position} ({topic}, khoản chi {disbursement}) không có {missing}"
        " tương ứng ({count} sự kiện).",
        "The event at position {position} ({topic}, disbursement {disbursement}) has no"
        " matching {missing_en} ({count} events).",
    ),
    "time.not_ahead_of_recording": (
        "Không sự kiện nào có thời điểm muộn hơn lúc ghi quá {skew} phút.",
        "No event is dated more than {skew} minutes after it was recorded.",
    ),
    "time.not_ahead_of_recording.failed": (
        "Sự kiện tại vị trí {position} ({topic}) có thời điểm {at}, muộn hơn lúc ghi {recorded}"
        " quá {skew} phút ({count} sự kiện).",
        "The event at position {position} ({topic}) is dated {at}, more than {skew} minutes"
        " after it was recorded at {recorded} ({count} events).",
    ),
    "time.late_entries_declared": (
        "Mọi sự kiện có thời điểm sớm hơn {days} ngày trước lúc ghi đều khai lý do ghi muộn"
        " hoặc được nhập từ nơi khác.",
        "Every event dated more than {days} days before it was recorded states why it was"
        " entered late, or was imported.",
    ),
    "time.late_entries_declared.failed": (
        "Sự kiện tại vị trí {position} ({topic}) có thời điểm {at}, sớm hơn {days} ngày trước"
        " lúc ghi {recorded}, không khai lý do ghi muộn và không được nhập ({count} sự kiện).",
        "The event at position {position} ({topic}) is dated {at}, more than {days} days"
        " before it was recorded at {recorded}, with no late-entry reason and not imported"
        " ({count} events).",
    ),
    "payload.readable": (
        "Nội dung mọi sự kiện quỹ, hộ, người thân đều đọc được đủ các trường.",
        "Every fund, household and relative event has all the fields its kind needs.",
    ),
    "payload.readable.failed": (
        "Sự kiện tại vị trí {position} ({topic}) thiếu hoặc sai trường: {error} ({count} sự kiện).",
        "The event at position {position} ({topic}) has missing or malformed fields: {error}"
        " ({count} events).",
    ),
    "acts.officials_held_role": (
        "Mọi cán bộ được ghi tên (người trả lời, bình xét, thẩm định, duyệt chi) đều giữ vai trò"
        " đó tại đơn vị vào lúc ghi.",
        "Every official named on an act (answerer, selector, assessor, approver) held the role"
        " in the unit at its moment.",
    ),
    "acts.officials_held_role.failed": (
        "Sự kiện tại vị trí {position} ({topic}) ghi tên cán bộ {official}, người không giữ vai"
        " trò đó tại {unit} vào lúc ấy: {reason} ({count} sự kiện).",
        "The event at position {position} ({topic}) names official {official}, who did not hold"
        " the role in {unit} at its moment: {reason} ({count} events).",
    ),
    "acts.actor_held_role": (
        "Mọi sự kiện ghi tên người thực hiện đều do một cán bộ đang tại chức, có vai trò làm"
        " việc đó tại đơn vị, hoặc do quản trị viên thiết lập hồ sơ.",
        "Every event naming its actor was recorded by a serving official holding a role for"
        " that act in the unit, or by the administrator setting the record up.",
    ),
    "acts.actor_held_role.failed": (
        "Sự kiện tại vị trí {position} ({topic}) do {official} ghi, người không có quyền làm"
        " việc đó tại {unit} vào lúc ấy ({count} sự kiện).",
        "The event at position {position} ({topic}) was recorded by {official}, who had no"
        " authority for that act in {unit} at its moment ({count} events).",
    ),
    "fund.disclosure_digest_anchored.failed": (
        "Công khai tại vị trí {position} mang mã {digest}, không phải mã của lịch sử trước nó"
        " ({count} lần).",
        "The disclosure at position {position} carries {digest}, not the digest of the history"
        " before it ({count} disclosures).",
    ),
    # why an event breaks the chain
    "chain.edited": (
        "sự kiện ở vị trí {position} (luồng {stream}, phiên bản {version}, {topic}) không khớp"
        " với mã băm của nó: nội dung đã bị sửa.",
        "the event at position {position} (stream {stream}, version {version}, {topic}) does"
        " not match its hash: its content was edited.",
    ),
    "chain.gap": (
        "sự kiện ở vị trí {position} (luồng {stream}, {topic}) có phiên bản {version} trong khi"
        " cần phiên bản {expected}: thiếu sự kiện (bị xóa) hoặc bị đảo thứ tự.",
        "the event at position {position} (stream {stream}, {topic}) has version {version}"
        " where version {expected} was expected: events are missing (deleted) or out of"
        " order.",
    ),
    "chain.out_of_order": (
        "sự kiện ở vị trí {position} (luồng {stream}, phiên bản {version}, {topic}) đứng sau"
        " phiên bản {last} của cùng luồng: bị đảo thứ tự hoặc trùng lặp.",
        "the event at position {position} (stream {stream}, version {version}, {topic}) comes"
        " after version {last} of its stream: reordered or duplicated.",
    ),
    "chain.relinked": (
        "sự kiện ở vị trí {position} (luồng {stream}, phiên bản {version}, {topic}) không nối"
        " với sự kiện trước của luồng: có sự kiện bị chèn hoặc thay thế.",
        "the event at position {position} (stream {stream}, version {version}, {topic}) does"
        " not link to the previous event of its stream: an event was inserted or replaced.",
    ),
    "chain.position": (
        "sự kiện ở vị trí {position} (luồng {stream}, phiên bản {version}) đứng sau vị trí"
        " {last}: thứ tự chung đã bị sửa.",
        "the event at position {position} (stream {stream}, version {version}) comes after"
        " position {last}: the global order was edited.",
    ),
    "chain.digest": (
        "mã tổng hợp lịch sử tại vị trí {position} là {actual}, khác mã đã công bố {expected}:"
        " có sự kiện bị xóa, chèn hoặc đảo thứ tự.",
        "the history digest at position {position} is {actual}, not the published {expected}:"
        " events were deleted, inserted or reordered.",
    ),
}


#: the parameters of the audit's messages that are counts (``3.569 sự kiện``); positions
#: stay as the log numbers them
_COUNTS: Final = frozenset({"events", "count"})


def _render(code: str, params: Mapping[str, object], lang: Lang) -> str:
    """The message `code` in `lang`; money and counts as the catalogue writes them in it."""
    vi, en = AUDIT_MESSAGES[code]
    shown = {
        k: format_money(v, lang)
        if isinstance(v, Vnd)
        else format_number(v, lang)
        if k in _COUNTS and type(v) is int
        else v
        for k, v in params.items()
    }
    return (vi if lang == "vi" else en).format(**shown)


# --- the chain and the digest -------------------------------------------------------------


_sha256: Final = hashlib.sha256


def json_text(value: object) -> str:
    """`value` as canonical JSON; text (the common case) by the encoder's own C function."""
    if type(value) is str:
        return encode_basestring(value)
    return CANONICAL.encode(value)


def record_hash(record: EventRecord, payload_json: str | bytes | None = None) -> str:
    """The hash `record` should carry: `serialization.event_hash` over its stored content.

    Builds the canonical JSON of the hashed content around the payload's canonical JSON
    (`payload_json`; else the record's own `payload_json`, the bytes a reader found stored;
    else the payload encoded now), so the bytes hashed are the bytes stored.
    """
    if payload_json is None:
        payload_json = record.payload_json or CANONICAL.encode(record.payload)
    prev, recorded_at, stream, topic = (
        record.prev,
        record.recorded_at,
        record.stream_id,
        record.topic,
    )
    if (
        type(prev) is type(recorded_at) is type(stream) is type(topic) is str
        and JSON_ESCAPED.search(f"{prev}{recorded_at}{stream}{topic}") is None
    ):
        # nothing to escape (the usual case): quoting is all canonical JSON adds
        rest = f',"prev":"{prev}","recorded_at":"{recorded_at}"' + content_tail(
            stream, topic, int(record.version)
        )
    else:
        text = json_text
        rest = (
            f',"prev":{text(prev)},"recorded_at":{text(recorded_at)},"stream":{text(stream)},'
            f'"topic":{text(topic)},"version":{int(record.version)}}}'
        )
    # the keys in sorted order: actor (when named), payload, prev, recorded_at, stream,
    # topic, version
    actor = record.actor
    head = "{" if actor is None else f'{{"actor":{json_text(actor)},'
    if isinstance(payload_json, bytes):  # as stored: encoding the payload again is slow
        return _sha256(head.encode() + b'"payload":' + payload_json + rest.encode()).hexdigest()
    return _sha256(f'{head}"payload":{payload_json}{rest}'.encode()).hexdigest()


def next_digest(digest: str, event_hash: str) -> str:
    """One step of the history digest: ``SHA-256(digest + event_hash)`` as hex text."""
    return _sha256((digest + event_hash).encode()).hexdigest()


@attrs.frozen
class Break:
    """The first place the history is broken: which event, and why (`reason`).

    `reason` is ``edited``, ``gap``, ``out_of_order``, ``relinked``, ``position`` (the
    global order of an export goes backwards) or ``digest`` (the history digest differs from
    the expected one; then only `position` is known).
    """

    position: int
    reason: str
    stream_id: str | None = None
    version: int | None = None
    topic: str | None = None
    params: Mapping[str, Any] = attrs.field(factory=dict)

    def message(self, lang: Lang = "vi") -> str:
        """Why the history is broken here, Vietnamese by default."""
        return _render(
            f"chain.{self.reason}",
            {
                "position": self.position,
                "stream": self.stream_id,
                "version": self.version,
                "topic": self.topic,
                **self.params,
            },
            lang,
        )

    def to_dict(self, lang: Lang = "vi") -> dict[str, Any]:
        """JSON-ready: the event, the reason and the message."""
        return {
            "position": self.position,
            "stream_id": self.stream_id,
            "version": self.version,
            "topic": self.topic,
            "reason": self.reason,
            "message": self.message(lang),
        }


class ChainBrokenError(DomainError):
    """The history's hash chain (or digest) is broken at `brk` (restore refuses it)."""

    code = "audit.chain_broken"

    def __init__(self, brk: Break) -> None:
        """Keep the break."""
        self.brk = brk
        super().__init__(position=brk.position, reason=brk.reason)

    def message(self, lang: Lang = "vi", names: Names | None = None) -> str:  # noqa: ARG002
        """The break in words."""
        head = "Lịch sử bị phá vỡ: " if lang == "vi" else "The history is broken: "
        return head + self.brk.message(lang)


class ChainVerifier:
    """Checks each stream's chain and computes the history digest, one record at a time.

    Keeps one (version, hash) pair per stream, packed into one text once verified, so a long
    history's quarter of a million streams stay small. After a break the stream's
    head moves on to the broken event, so each tampering is counted once, not once per
    later event.
    """

    __slots__ = ("_heads", "breaks", "digest", "events", "first_break", "last_position", "recent")

    def __init__(self) -> None:
        """Start before the first event."""
        #: stream -> its head: a verified hash (64 hexadecimal digits) followed by the
        #: version's digits (~115 bytes in memory, against 169 for a tuple of the two; 40
        #: bytes packed were 73, but packing and comparing them cost a fifth of the chain's
        #: time), else (version, hash as found)
        self._heads: dict[str, str | tuple[int, str]] = {}
        self.digest: str = GENESIS
        #: the history digest before each of the last `DIGEST_WINDOW` events (newest last):
        #: a disclosure names how many events its digest covers
        self.recent: deque[str] = deque(maxlen=DIGEST_WINDOW)
        self.events = 0
        self.last_position = 0
        self.breaks = 0
        self.first_break: Break | None = None

    def apply(self, record: EventRecord, payload_json: str | bytes | None = None) -> Break | None:
        """Take one record into account; return its break, if it breaks the history.

        `payload_json`, when given, is the canonical JSON of the record's payload.
        """
        return self.link(
            record.position,
            record.stream_id,
            record.version,
            record.topic,
            record.prev,
            record.hash,
            record_hash(record, payload_json),
        )

    def link(
        self,
        position: int,
        stream_id: str,
        version: int,
        topic: str,
        prev: str,
        event_hash: str,
        actual: str,
    ) -> Break | None:
        """`apply` for an event given by its fields; `actual` is the hash its content has.

        The checks, in order: the global position moves forward, the stream's version is
        the next one, the content matches the event's hash, and `prev` is the stream's
        previous hash.
        """
        # the usual case, an intact event, first: the stream's head must be exactly
        # (prev, version - 1) packed as below, or nothing for a new stream's first event
        if actual == event_hash and position > self.last_position and type(version) is int:
            heads = self._heads
            head = heads.get(stream_id)
            # a head's hash is 64 digits long, so the texts are equal only if prev is it
            if (
                version == 1 and prev == GENESIS
                if head is None
                else version > 1 and head == f"{prev}{version - 1}"
            ):
                self.last_position = position
                heads[stream_id] = f"{actual}{version}"
                digest = self.digest
                self.recent.append(digest)
                self.digest = _sha256((digest + event_hash).encode()).hexdigest()
                self.events += 1
                return None
        head = self._heads.get(stream_id)
        if head is None:
            last_version, last_hash = 0, GENESIS
        elif isinstance(head, str):
            last_version, last_hash = int(head[64:]), head[:64]
        else:
            last_version, last_hash = head
        found = None
        if position <= self.last_position:
            found = Break(
                position, "position", stream_id, version, topic, {"last": self.last_position}
            )
        else:
            self.last_position = position
            if version <= last_version:
                found = Break(
                    position, "out_of_order", stream_id, version, topic, {"last": last_version}
                )
            elif version > last_version + 1:
                found = Break(
                    position, "gap", stream_id, version, topic, {"expected": last_version + 1}
                )
            elif actual != event_hash:
                found = Break(position, "edited", stream_id, version, topic)
            elif prev != last_hash:
                found = Break(position, "relinked", stream_id, version, topic)
        if actual == event_hash and type(version) is int:
            # a verified hash is a SHA-256 hex digest: 64 digits, then the version's
            self._heads[stream_id] = f"{actual}{version}"
        else:
            self._heads[stream_id] = (version, event_hash)
        self.recent.append(self.digest)
        self.digest = _sha256((self.digest + event_hash).encode()).hexdigest()
        self.events += 1
        if found is not None:
            self.breaks += 1
            if self.first_break is None:
                self.first_break = found
        return found

    def check_digest(self, expected: str) -> Break | None:
        """A `Break` when the digest so far is not `expected`."""
        if self.digest == expected:
            return None
        return Break(
            self.last_position, "digest", params={"actual": self.digest, "expected": expected}
        )


def verify(
    records: Iterable[EventRecord],
    *,
    expected_digest: str | None = None,
    digest_at: int | None = None,
) -> Break | None:
    """The first broken event of the history, or None when it is intact.

    With `expected_digest` (a digest published earlier), also fail when the history digest
    differs: at `digest_at` (the last position the digest covered), or at the end of the
    history when `digest_at` is None. That is how deleting the **last** event of a stream,
    appending a forged event with a correctly recomputed hash, or reordering events of
    different streams — none of which breaks a per-stream chain — is detected.
    """
    chain = ChainVerifier()
    pending = expected_digest
    for record in records:
        if pending is not None and digest_at is not None and record.position > digest_at:
            brk = chain.check_digest(pending)
            if brk is not None:
                return attrs.evolve(brk, position=digest_at)
            pending = None
        brk = chain.apply(record)
        if brk is not None:
            return brk
    if pending is not None:
        brk = chain.check_digest(pending)
        if brk is not None and digest_at is not None:
            return attrs.evolve(brk, position=digest_at)
        return brk
    return None


# --- the report ---------------------------------------------------------------------------


@attrs.frozen
class Check:
    """One invariant: whether it holds, in words, and where it first failed."""

    code: str
    passed: bool
    #: Vietnamese; `message("en")` gives the English
    detail: str
    first_position: int | None
    detail_en: str = ""
    #: how many events violate it
    violations: int = 0

    def message(self, lang: Lang = "vi") -> str:
        """The check in words."""
        return self.detail if lang == "vi" else self.detail_en

    def to_dict(self, lang: Lang = "vi") -> dict[str, Any]:
        """JSON-ready."""
        return {
            "code": self.code,
            "passed": self.passed,
            "detail": self.message(lang),
            "first_position": self.first_position,
            "violations": self.violations,
        }


@attrs.frozen
class UnitTotals:
    """The totals of one unit's fund over the whole history (whole đồng)."""

    unit: str
    receipts_vnd: int
    payments_vnd: int
    reversals_vnd: int
    balance_vnd: int
    #: the lowest running balance (negative only in a broken history)
    lowest_vnd: int


@attrs.frozen
class AuditReport:
    """What `audit` found: digest, totals, checks, and (optionally) the ledger."""

    events: int
    last_position: int
    #: the history digest after the last event (see the module's documentation)
    digest: str
    totals: tuple[UnitTotals, ...]
    checks: tuple[Check, ...]
    first_break: Break | None
    ledger: LedgerView | None = None

    @property
    def passed(self) -> bool:
        """Whether every check holds."""
        return all(c.passed for c in self.checks)

    def check(self, code: str) -> Check:
        """The check called `code`."""
        return next(c for c in self.checks if c.code == code)

    def to_dict(self, lang: Lang = "vi") -> dict[str, Any]:
        """JSON-ready: money in whole đồng, dates ISO 8601, messages in `lang`."""
        data: dict[str, Any] = {
            "events": self.events,
            "last_position": self.last_position,
            "digest": self.digest,
            "passed": self.passed,
            "first_break": None if self.first_break is None else self.first_break.to_dict(lang),
            "checks": [c.to_dict(lang) for c in self.checks],
            "totals": {t.unit: CONVERTER.unstructure(t) for t in self.totals},
        }
        if self.ledger is not None:
            data["ledger"] = {
                "lines": CONVERTER.unstructure(self.ledger.lines),
                "disclosures": CONVERTER.unstructure(self.ledger.disclosures),
            }
        return data

    def to_json(self, lang: Lang = "vi") -> str:
        """The report as JSON text (keys sorted, Vietnamese kept readable)."""
        return json.dumps(self.to_dict(lang), ensure_ascii=False, sort_keys=True, indent=2)


# --- the fold -----------------------------------------------------------------------------


class _Finding:
    """Violations of one check: how many, and the first one's position and parameters."""

    __slots__ = ("count", "params", "position")

    def __init__(self) -> None:
        self.count = 0
        self.position: int | None = None
        self.params: dict[str, Any] = {}

    def add(self, position: int, **params: Any) -> None:
        if self.count == 0:
            self.position = position
            self.params = params
        self.count += 1


class _Fund:
    """One fund: running figures, and per business day the sums a disclosure needs."""

    __slots__ = (
        "balance",
        "days",
        "lowest",
        "payments",
        "published",
        "receipts",
        "reversals",
        "unit",
    )

    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.balance = 0
        self.lowest = 0
        self.receipts = 0
        self.payments = 0
        self.reversals = 0
        #: business day (ISO text, which sorts as dates do) -> [receipts, payments, reversals,
        #: corrections in, corrections out] (a correction counts from the day after the
        #: last published period: ADR 0016)
        self.days: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        #: the periods published so far (first day, last day, as ISO text)
        self.published: list[tuple[str, str]] = []

    def period_of(self, day: str) -> tuple[str, str] | None:
        """The published period `day` falls in, if any."""
        return next(((f, t) for f, t in self.published if f <= day <= t), None)

    def counted_day(self, day: str) -> str:
        """The day a correction dated `day` counts from: the day after the last period."""
        if not self.published:
            return day
        last = max(t for _, t in self.published)
        if day > last:
            return day
        return (date.fromisoformat(last) + timedelta(days=1)).isoformat()

    def move(self, day: str, column: int, amount: int, *, correction: bool = False) -> None:
        if correction:
            self.days[self.counted_day(day)][4 if column == 1 else 3] += amount
        else:
            self.days[day][column] += amount
        if column == 0:
            self.receipts += amount
            self.balance += amount
        elif column == 1:
            self.payments += amount
            self.balance -= amount
            self.lowest = min(self.lowest, self.balance)
        else:
            self.reversals += amount
            self.balance += amount

    def disclosure(self, period_from: str, period_to: str) -> dict[str, int]:
        opening = receipts = payments = reversals = corrections_in = corrections_out = 0
        for day, (r, p, v, ci, co) in self.days.items():
            if day < period_from:
                opening += r - p + v + ci - co
            elif day <= period_to:
                receipts += r
                payments += p
                reversals += v
                corrections_in += ci
                corrections_out += co
        return {
            "opening": opening,
            "receipts": receipts,
            "payments": payments,
            "reversals": reversals,
            "corrections_in": corrections_in,
            "corrections_out": corrections_out,
            "closing": opening + receipts - payments + reversals + corrections_in - corrections_out,
        }


def _shared(value: Any) -> Any:
    """`value`, a text as the one copy of it kept (`sys.intern`); anything else as it is.

    The auditor keeps a unit code per stream, household and complaint: a quarter of a
    million streams at 1,000,000 events would otherwise hold as many copies of a few
    thousand codes (~15 MB).
    """
    return sys.intern(value) if type(value) is str else value


def _day(occurred_at: str) -> str:
    """The Vietnam business day of an ISO 8601 time, as ISO text (fast for +07:00 times)."""
    if occurred_at.endswith("+07:00") and len(occurred_at) >= 16:
        return occurred_at[:10]
    return business_day(occurred_at).isoformat()


def _month_number(day_or_month: str) -> int:
    """``YYYY-MM[-DD]`` as a `month_number`, the policy's months."""
    return month_number(int(day_or_month[:4]), int(day_or_month[5:7]))


#: the policy numbers of the model's defaults (one shared, immutable value)
_DEFAULT_CONFIG: Final = PolicyConfig()


class FundAuditor:
    """The one-pass fold behind `audit`, also fed record by record (a server's live audit).

    `config` is the province's `PolicyConfig`: the selection window of a payment is the
    domain's own rule (`nghedan_core.policies.selection_covers`) with those numbers. `units`
    limits the funds reported and checked (all when empty); `lines=False` leaves out the
    ledger's lines; `chain` is a `ChainVerifier` the records come linked into already (else
    `apply` links them into the auditor's own). `apply` (or `take`, for records linked
    already) takes one record; `report` is the `AuditReport` of the records so far.
    """

    __slots__ = (
        "_held",
        "_moments",
        "_window",
        "administrator",
        "chain",
        "complaint_unit",
        "config",
        "disclosures",
        "findings",
        "funds",
        "head_of",
        "household_unit",
        "ledger",
        "officials",
        "paid",
        "parent_of",
        "relatives",
        "requests",
        "selected",
        "stream_unit",
        "supported",
        "units",
    )

    def __init__(
        self,
        config: PolicyConfig = _DEFAULT_CONFIG,
        *,
        units: Collection[str] = (),
        lines: bool = True,
        chain: ChainVerifier | None = None,
    ) -> None:
        """An auditor that has seen no record yet."""
        self.config = config
        self.units = frozenset(units)
        #: a chain the records come linked into already (`audit`'s `chain`), else our own
        self.chain = chain if chain is not None else ChainVerifier()
        self.ledger = FundLedger() if lines else None
        self.funds: dict[str, _Fund] = {}  # fund stream id -> fund
        self.selected: dict[str, tuple[int, ...]] = {}  # household -> month numbers
        self.head_of: dict[str, str] = {}  # household -> head person id
        self.relatives: dict[str, set[str]] = defaultdict(set)  # official -> ids
        #: official -> (unit, roles), while in office
        self.officials: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.parent_of: dict[str, str] = {}  # unit -> its parent
        self.household_unit: dict[str, str] = {}  # household -> unit
        self.complaint_unit: dict[str, str] = {}  # complaint -> unit
        #: payment id -> (requester, the approvals recorded) of a payment requested
        self.requests: dict[str, tuple[str, list[str]]] = {}
        self.disclosures = 0
        #: business and recording times read (text -> seconds since 1970): many share one
        self._moments: dict[str, float] = {}
        #: the late-entry window and the skew, in seconds (`policies.timing.window_seconds`)
        self._window = window_seconds(config)
        self.findings = {code: _Finding() for code in CHECK_CODES[1:]}
        #: disbursement id -> (position, unit) of its payment, of its fund-paid support
        self.paid: dict[str, tuple[int, str]] = {}
        self.supported: dict[str, tuple[int, str | None]] = {}
        #: the administrator who started the store (`RecordStarted`), once seen
        self.administrator: str | None = None
        #: stream -> the unit its first event recorded something in
        self.stream_unit: dict[str, str] = {}
        #: (actor, topic, unit) of acts found recorded by an official holding the role, while
        #: the officials, the units' parents and the administrator stay as they were: an
        #: official records the same kind of act in the same unit again and again, and the
        #: answer is the same until one of them changes (each change forgets them all)
        self._held: set[tuple[str, str, str]] = set()

    def apply(self, record: EventRecord) -> None:
        """Link `record` into the chain, then take it into account."""
        self.chain.apply(record)
        self.take(record)

    def take(self, record: EventRecord) -> None:
        """Take a record already linked into the chain into account."""
        if record.actor is not None:
            self._actor(record)
        handler = self.HANDLERS.get(record.topic)
        if handler is not None or not record.topic.startswith("nghedan."):
            try:
                self._timed(record)
                if handler is None:
                    return
                handler(self, record)
                if self.ledger is not None and record.topic.startswith("fund."):
                    self.ledger.apply(record)
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                # a payload edited into nonsense is a finding, never a crash of the audit
                self.findings["payload.readable"].add(
                    record.position, topic=record.topic, error=f"{type(e).__name__}: {e}"
                )

    def _timed(self, record: EventRecord) -> None:
        """An act's business time against its recording time (`policies.timing`, ADR 0019).

        Neither later than its recording beyond the skew, nor earlier than the late-entry
        window without a late-entry reason, unless imported. The markers of command ids
        (``nghedan.*``) are not acts and are not checked.
        """
        p = record.payload
        occurred, recorded = p["occurred_at"], record.recorded_at
        moments = self._moments
        at, now = moments.get(occurred), moments.get(recorded)
        if at is None or now is None:
            if len(moments) > _MOMENTS:
                moments.clear()
            at = moments[occurred] = datetime.fromisoformat(occurred).timestamp()
            now = moments[recorded] = datetime.fromisoformat(recorded).timestamp()
        behind, ahead = self._window
        if at > now + ahead:
            self.findings["time.not_ahead_of_recording"].add(
                record.position,
                topic=record.topic,
                at=moment_vi(datetime.fromisoformat(occurred)),
                recorded=moment_vi(datetime.fromisoformat(record.recorded_at)),
                skew=self.config.clock_skew_minutes,
            )
        elif at < now - behind and not p.get("late_entry_reason") and p.get("imported") is not True:
            self.findings["time.late_entries_declared"].add(
                record.position,
                topic=record.topic,
                at=moment_vi(datetime.fromisoformat(occurred)),
                recorded=moment_vi(datetime.fromisoformat(record.recorded_at)),
                days=self.config.late_entry_days,
            )

    def _fund(self, record: EventRecord) -> _Fund | None:
        fund = self.funds.get(record.stream_id)
        if fund is None or (self.units and fund.unit not in self.units):
            return None
        return fund

    # fund events

    def _opened(self, record: EventRecord) -> None:
        self.funds[record.stream_id] = _Fund(record.payload["unit"])

    def _received(self, record: EventRecord) -> None:
        fund = self._fund(record)
        if fund is None:
            return
        p = record.payload
        day = _day(p["occurred_at"])
        fund.move(day, 0, p["amount"], correction=self._dated(fund, record, day))
        source = p.get("source")
        if source not in LAWFUL_SOURCES:
            self.findings["fund.lawful_sources"].add(
                record.position, reason=f"nguồn {source!r} / source {source!r}"
            )
        elif source == "lawful_donation" and not has_visible_text(p.get("donor") or ""):
            self.findings["fund.lawful_sources"].add(
                record.position,
                reason="nguồn xã hội hóa không ghi tên nhà tài trợ / a donation names no donor",
            )

    def _paid(self, record: EventRecord) -> None:
        fund = self._fund(record)
        if fund is None:
            return
        p = record.payload
        day = _day(p["occurred_at"])
        fund.move(day, 1, p["amount"], correction=self._dated(fund, record, day))
        self.paid[str(p["disbursement_id"])] = (record.position, fund.unit)
        if fund.balance < 0:
            self.findings["fund.balance_never_negative"].add(
                record.position, unit=fund.unit, balance=fund.balance
            )
        household = p["household_id"]
        config = self.config
        if not selection_covers(self.selected.get(household, ()), _month_number(day), config):
            self.findings["fund.disbursement_to_selected_household"].add(
                record.position,
                household=household,
                month=day[:7],
                window=selection_window(config),
            )
        self._named(record, p["approvers"], APPROVER, fund.unit)
        problem = self._approvals(p)
        if problem is not None:
            self.findings["fund.approved_by_distinct_leaders"].add(record.position, reason=problem)
        head = self.head_of.get(household)
        for official in p["approvers"]:
            related = self.relatives.get(official)
            if related and (household in related or (head is not None and head in related)):
                self.findings["fund.approvers_not_related"].add(
                    record.position, official=official, household=household
                )

    def _approvals(self, p: Mapping[str, Any]) -> str | None:
        """What is wrong with a payment's approvals (ADR 0017), in both languages; None: fine."""
        approvers = [str(a) for a in p["approvers"]]
        needed = 2 if p["amount"] >= self.config.dual_approval_threshold_vnd else 1
        if len(set(approvers)) != len(approvers):
            return "một người duyệt được ghi hai lần / an approver is named twice"
        if len(approvers) < needed:
            return (
                f"cần {needed} người duyệt, chỉ có {len(approvers)}"
                f" / needs {needed} approvers, has {len(approvers)}"
            )
        # that each approver was a serving leader of the unit is `acts.officials_held_role`
        request = self.requests.pop(str(p["disbursement_id"]), None)
        if request is None:
            if needed > 1:
                return (
                    "chi từ ngưỡng hai người duyệt mà không có đề nghị và lượt duyệt của từng"
                    " người / paid at the two-approver threshold without a request and each"
                    " approver's own approval"
                )
            return None
        requester, approved = request
        if requester in approvers:
            return (
                f"người đề nghị {requester} cũng là người duyệt"
                f" / the requester {requester} is also an approver"
            )
        if sorted(approved) != sorted(approvers):
            return (
                "người duyệt ghi trên khoản chi khác với những người đã tự duyệt"
                " / the approvers named differ from those who approved"
            )
        return None

    def _requested(self, record: EventRecord) -> None:
        self._fund_act(record)
        p = record.payload
        self.requests[str(p["disbursement_id"])] = (str(p["requested_by"]), [])

    def _approved(self, record: EventRecord) -> None:
        self._fund_act(record)
        p = record.payload
        request = self.requests.get(str(p["disbursement_id"]))
        if request is not None:
            request[1].append(str(p["approver"]))

    def _fund_act(self, record: EventRecord) -> None:
        """A fund act that moves no money is dated into no published period either."""
        fund = self._fund(record)
        if fund is not None:
            self._dated(fund, record, _day(record.payload["occurred_at"]))

    def _reversed(self, record: EventRecord) -> None:
        fund = self._fund(record)
        if fund is not None:
            p = record.payload
            day = _day(p["occurred_at"])
            fund.move(day, 2, p["amount"], correction=self._dated(fund, record, day))

    def _dated(self, fund: _Fund, record: EventRecord, day: str) -> bool:
        """Whether a movement counts as a declared correction (ADR 0016).

        One dated into a period already published without being declared is flagged.
        """
        correction = record.payload.get("correction_reason") is not None
        period = fund.period_of(day)
        if period is not None and not correction:
            self.findings["fund.corrections_declared"].add(
                record.position,
                topic=record.topic,
                day=day,
                unit=fund.unit,
                period=f"{period[0]}..{period[1]}",
            )
        return correction and period is not None

    def _disclosed(self, record: EventRecord) -> None:
        fund = self._fund(record)
        if fund is None:
            return
        self.disclosures += 1
        p = record.payload
        period_from, period_to = p["period_from"], p["period_to"]
        expected = fund.disclosure(period_from, period_to)
        published = {key: p.get(key, 0) for key in expected}
        wrong = [
            f"{key} {published[key]} ≠ {expected[key]}"
            for key in expected
            if published[key] != expected[key]
        ]
        if wrong:
            self.findings["fund.disclosures_match_ledger"].add(
                record.position,
                unit=fund.unit,
                period=f"{period_from}..{period_to}",
                fields="; ".join(wrong),
            )
        if not self._anchored(p.get("digest"), p.get("digest_events"), record):
            self.findings["fund.disclosure_digest_anchored"].add(
                record.position, digest=p.get("digest")
            )
        fund.published.append((period_from, period_to))

    def _anchored(self, digest: object, covered: object, record: EventRecord) -> bool:
        """Whether a disclosure's digest is the history's digest it claims to be.

        ADR 0011: the digest of the first `covered` events, which come before it (within
        the last `DIGEST_WINDOW` events). ADR 0003, disclosures without a count: the fund
        stream's head when it was decided (its `prev`), or the digest just before it.
        """
        recent = self.chain.recent  # the digest just before this disclosure is the last
        if covered is None:
            return digest in (record.prev, recent[-1])
        if not isinstance(covered, int) or isinstance(covered, bool):
            return False
        before = self.chain.events - 1  # events before this disclosure
        back = before - covered
        if not 0 <= back < len(recent):
            return False
        return recent[-1 - back] == digest

    # household and official events

    def _registered(self, record: EventRecord) -> None:
        self.head_of[record.stream_id] = record.payload["head"]["person_id"]
        self.household_unit[record.stream_id] = _shared(record.payload["unit"])

    def _assessed(self, record: EventRecord) -> None:
        unit = self.household_unit.get(record.stream_id)
        if unit is not None:
            self._named(record, (record.payload["assessed_by"],), ASSESSOR, unit)

    def _supported(self, record: EventRecord) -> None:
        p = record.payload
        if p.get("funded_by") == "fund" or p.get("disbursement_id") is not None:
            key = str(p.get("disbursement_id"))
            self.supported[key] = (record.position, self.household_unit.get(record.stream_id))

    def _unmatched(self) -> None:
        """Payments without their support and fund-paid supports without their payment."""
        # made afresh: the report may be made more than once
        finding = self.findings["fund.payments_match_supports"] = _Finding()
        unmatched = [
            (position, "fund.DisbursementMade", d, "hỗ trợ cho hộ", "support to the household")
            for d, (position, unit) in self.paid.items()
            if d not in self.supported and (not self.units or unit in self.units)
        ] + [
            (position, "household.SupportDelivered", d, "khoản chi quỹ", "payment from the fund")
            for d, (position, unit) in self.supported.items()
            if d not in self.paid and (not self.units or unit in self.units)
        ]
        for position, topic, d, missing, missing_en in sorted(unmatched):
            finding.add(
                position, topic=topic, disbursement=d, missing=missing, missing_en=missing_en
            )

    def _selected(self, record: EventRecord) -> None:
        unit = self.household_unit.get(record.stream_id)
        if unit is not None:
            self._named(record, record.payload["selected_by"], SELECTOR, unit)
        month = _month_number(record.payload["month"])
        months = self.selected.get(record.stream_id, ())
        if month not in months:  # a tuple: a household is selected a few times at most
            self.selected[record.stream_id] = (*months, month)

    def _related(self, record: EventRecord) -> None:
        p = record.payload
        for key in ("household_id", "person_id"):
            if p.get(key):
                self.relatives[record.stream_id].add(p[key])

    def _official_registered(self, record: EventRecord) -> None:
        self._held.clear()
        p = record.payload
        self.officials[record.stream_id] = (p["unit"], tuple(p["roles"]))

    def _official_transferred(self, record: EventRecord) -> None:
        self._held.clear()
        held = self.officials.get(record.stream_id)
        if held is not None:
            self.officials[record.stream_id] = (record.payload["to_unit"], held[1])

    def _official_left(self, record: EventRecord) -> None:
        self._held.clear()
        self.officials.pop(record.stream_id, None)

    def _unit_registered(self, record: EventRecord) -> None:
        parent = record.payload.get("parent")
        if parent:
            self._held.clear()
            self.parent_of[record.payload["code"]] = parent

    def _complaint_raised(self, record: EventRecord) -> None:
        self.complaint_unit[record.stream_id] = _shared(record.payload["unit"])

    def _answered(self, record: EventRecord) -> None:
        unit = self.complaint_unit.get(record.stream_id)
        p = record.payload
        official = str(p.get("answered_by") or p.get("resolved_by"))
        if unit is not None:
            self._named(record, (official,), ANSWERER, unit)

    def _named(
        self, record: EventRecord, officials: Iterable[str], named: NamedRole, unit: str
    ) -> None:
        """Every official named on the act at `record` held `named`'s role in `unit` then."""
        if self.units and unit not in self.units:
            return
        above: list[str] = []
        parent = self.parent_of.get(unit)
        while parent is not None and parent not in above:
            above.append(parent)
            parent = self.parent_of.get(parent)
        for official in officials:
            held = self.officials.get(str(official))
            if held is None:
                reason = "không đang tại chức / not in office"
            else:
                found = check_named(
                    str(official),
                    official_unit=held[0],
                    roles=held[1],
                    named=named,
                    unit=unit,
                    above=above,
                )
                if not found:
                    continue
                reason = found[0].code
            self.findings["acts.officials_held_role"].add(
                record.position, topic=record.topic, official=official, unit=unit, reason=reason
            )

    def _actor(self, record: EventRecord) -> None:
        """The event's actor held, at its moment, a role that records it in its unit."""
        topic, actor, payload = record.topic, str(record.actor), record.payload
        if topic == "nghedan.RecordStarted":
            if self.administrator is None and actor == str(payload.get("administrator_id")):
                self._held.clear()
                self.administrator = actor
                return
            unit = "—"
        else:
            unit = self._unit_of(record)
            if (act := (actor, topic, unit)) in self._held:
                return
            if (roles := roles_recording(topic)) is None:
                return  # a marker: checked with its command
            if actor == self.administrator:
                if topic.startswith(SETUP_TOPICS):
                    return
            elif (held := self.officials.get(actor)) is not None and not roles.isdisjoint(held[1]):
                scope = held[0]
                here: str | None = unit
                seen = 0
                while here is not None and seen < 64:  # the unit itself, or one above it
                    if here == scope or unit == "—":
                        if len(self._held) >= _HELD:
                            self._held.clear()
                        self._held.add(act)
                        return
                    here, seen = self.parent_of.get(here), seen + 1
            if payload.get("imported") is True and self._may_import(record, actor, unit):
                return
        if self.units and unit not in self.units:
            return
        self.findings["acts.actor_held_role"].add(
            record.position, topic=topic, official=actor, unit=unit
        )

    def _may_import(self, record: EventRecord, actor: str, unit: str) -> bool:
        """An imported event's operator may import history into its unit then (ADR 0018).

        The application's rule for imports, `authority.import_refusal`, read with the
        officials and units as they stood at the event.
        """
        held = self.officials.get(actor)
        if held is None:
            return False
        return (
            import_refusal(
                record.topic,
                actor,
                held[1],
                held[0],
                (None if unit == "—" else unit,),
                self._covers,
            )
            is None
        )

    def _covers(self, scope: str, unit: str) -> bool:
        """`scope` is `unit` or a unit above it (the parents registered so far)."""
        here: str | None = unit
        seen = 0
        while here is not None and seen < 64:
            if here == scope:
                return True
            here, seen = self.parent_of.get(here), seen + 1
        return False

    def _unit_of(self, record: EventRecord) -> str:
        """The unit an event records something in: its payload's, else its stream's."""
        payload = record.payload
        unit = payload.get("unit")
        if record.topic.startswith("unit."):
            unit = payload.get("parent") or payload.get("code")
        elif record.topic == "official.OfficialTransferred":
            unit = self.stream_unit.get(record.stream_id)
        if isinstance(unit, str):
            stream_unit = self.stream_unit
            if record.stream_id not in stream_unit:
                stream_unit[record.stream_id] = _shared(unit)
            return unit
        return self.stream_unit.get(record.stream_id, "—")

    # the report

    def report(self) -> AuditReport:
        """The audit of the records taken so far."""
        chain = self.chain
        self._unmatched()
        checks = [self._chain_check()]
        for code, finding in self.findings.items():
            if finding.count == 0:
                params: dict[str, Any] = {
                    "window": selection_window(self.config),
                    "threshold": self.config.dual_approval_threshold,
                    "disclosures": self.disclosures,
                    "skew": self.config.clock_skew_minutes,
                    "days": self.config.late_entry_days,
                }
                checks.append(_check(code, passed=True, params=params))
            else:
                params = {**finding.params, "position": finding.position, "count": finding.count}
                checks.append(
                    _check(
                        code,
                        passed=False,
                        params=params,
                        position=finding.position,
                        n=finding.count,
                    )
                )
        totals = tuple(
            UnitTotals(
                unit=f.unit,
                receipts_vnd=f.receipts,
                payments_vnd=f.payments,
                reversals_vnd=f.reversals,
                balance_vnd=f.balance,
                lowest_vnd=f.lowest,
            )
            for f in sorted(self.funds.values(), key=lambda f: f.unit)
            if not self.units or f.unit in self.units
        )
        ledger = None
        if self.ledger is not None:
            ledger = self.ledger.view()
            if self.units:
                ledger = LedgerView(
                    lines=tuple(x for x in ledger.lines if x.unit in self.units),
                    balances={u: b for u, b in ledger.balances.items() if u in self.units},
                    disclosures=tuple(d for d in ledger.disclosures if d.unit in self.units),
                    lowest={u: b for u, b in ledger.lowest.items() if u in self.units},
                )
        return AuditReport(
            events=chain.events,
            last_position=chain.last_position,
            digest=chain.digest,
            totals=totals,
            checks=tuple(checks),
            first_break=chain.first_break,
            ledger=ledger,
        )

    def _chain_check(self) -> Check:
        brk = self.chain.first_break
        if brk is None:
            return _check("chain.intact", passed=True, params={"events": self.chain.events})
        vi = {"count": self.chain.breaks, "first": brk.message("vi")}
        en = {"count": self.chain.breaks, "first": brk.message("en")}
        return Check(
            code="chain.intact",
            passed=False,
            detail=_render("chain.intact.failed", vi, "vi"),
            first_position=brk.position,
            detail_en=_render("chain.intact.failed", en, "en"),
            violations=self.chain.breaks,
        )

    #: the events the audit reads, and how (functions of the fold, not bound methods: a fold
    #: holding its own bound methods would be a cycle, freed only by the garbage collector)
    HANDLERS: ClassVar[dict[str, Callable[[FundAuditor, EventRecord], None]]] = {
        "fund.FundOpened": _opened,
        "fund.ContributionReceived": _received,
        "fund.DisbursementMade": _paid,
        "fund.DisbursementReversed": _reversed,
        "fund.DisclosurePublished": _disclosed,
        "fund.PaymentRequested": _requested,
        "fund.PaymentApproved": _approved,
        "fund.PaymentRejected": _fund_act,
        "fund.ContributionPledged": _fund_act,
        "fund.PledgeCancelled": _fund_act,
        "household.HouseholdRegistered": _registered,
        "household.HouseholdAssessed": _assessed,
        "household.HouseholdSelected": _selected,
        "household.SupportDelivered": _supported,
        "official.RelativeDeclared": _related,
        "official.OfficialRegistered": _official_registered,
        "official.OfficialTransferred": _official_transferred,
        "official.OfficialLeft": _official_left,
        "unit.UnitRegistered": _unit_registered,
        "complaint.ComplaintRaised": _complaint_raised,
        "complaint.ComplaintAnsweredOnSpot": _answered,
        "complaint.ComplaintAnswered": _answered,
        "complaint.ComplaintResolved": _answered,
    }


def _check(
    code: str,
    *,
    passed: bool,
    params: Mapping[str, Any],
    position: int | None = None,
    n: int = 0,
) -> Check:
    key = code if passed else f"{code}.failed"
    return Check(
        code=code,
        passed=passed,
        detail=_render(key, params, "vi"),
        first_position=position,
        detail_en=_render(key, params, "en"),
        violations=n,
    )


def audit(
    records: Iterable[EventRecord],
    *,
    units: Collection[str] = (),
    config: PolicyConfig = _DEFAULT_CONFIG,
    lines: bool = True,
    also: Sequence[Projection[Any]] = (),
    chain: ChainVerifier | None = None,
) -> AuditReport:
    """Replay `records` (global order) once into an `AuditReport`.

    `units` limits the funds reported and checked (all when empty); the chain and the digest
    always cover the whole history. `lines=False` leaves out the ledger's lines, keeping
    memory flat however many movements the funds had. A payment must go to a household whose
    selection covers its business month, by the same rule and `config` (the province's
    `PolicyConfig`) as the domain's (`nghedan_core.policies.selection_covers`). The
    projections in `also` are fed the same records in the same pass, after the audit took
    each one (a replay for the audit and a report reads the log once). `chain`, when given,
    is a `ChainVerifier` each record is linked into as it is read, before the audit sees
    it (`NgheDan.audit`'s reader does so while it holds the stored bytes); by default the
    audit links the records itself.
    """
    auditor = FundAuditor(config, units=units, lines=lines, chain=chain)
    apply = auditor.apply if chain is None else auditor.take
    others = [projection.apply for projection in also]
    count = 0
    for record in records:
        count += 1
        if count == 1 and chain is not None:
            _check_linked(chain, count)
        apply(record)
        for other in others:
            other(record)
    if chain is not None:
        _check_linked(chain, count)
    return auditor.report()


def _check_linked(chain: ChainVerifier, count: int) -> None:
    """Records said to come linked into `chain` must have been, one by one as read."""
    if chain.events != count:
        msg = (
            f"{count} records were read but {chain.events} linked into the audit's chain: "
            "link each record as it is read (NgheDan.records(chain=...))"
        )
        raise ValueError(msg)
