"""Tables of the web side (migration 0006): accounts, sessions, API tokens, the audit log, cases and
watchlists. They sit on the evidence store's one ``metadata`` so Alembic and every query see them.

Secrets never land here in clear: passwords are argon2 hashes, session ids and API tokens are kept as
SHA-256 digests (a stolen database copy cannot be replayed as a login). The audit log is append-only
(database triggers refuse UPDATE and DELETE) and hash-chained; ``audit_head`` anchors its end so a
deleted last record is detected too.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from threadline.store.schema import Id, metadata
from threadline.store.types import UTCDateTime

app_user = Table(
    "app_user",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # admin | analyst | viewer
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_logins", Integer, nullable=False, default=0),  # consecutive, reset by a good login
    Column("locked_until", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
)

web_session = Table(
    "web_session",
    metadata,
    Column("id_sha256", String(64), primary_key=True),
    Column("user_id", Id, ForeignKey("app_user.id"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("source", String(100)),
)

api_token = Table(
    "api_token",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("scope", String(20), nullable=False),  # screen
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Id, primary_key=True, autoincrement=False),  # 1, 2, 3 ... without gaps
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),  # user name, token:<name>, or cli:<os user>
    Column("action", String(40), nullable=False),
    Column("object", Text, nullable=False),
    Column("outcome", String(20), nullable=False),  # ok | denied | failed | not-found
    Column("source", String(100), nullable=False),  # client address, or "cli"
    Column("prev_sha256", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
    Index("ix_audit_log_actor", "actor"),
    Index("ix_audit_log_action", "action"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("seq", Id, nullable=False),
    Column("sha256", String(64), nullable=False),
)

case = Table(
    "case_file",
    metadata,
    Column("id", Id, primary_key=True),
    Column("title", Text, nullable=False),
    Column("status", String(20), nullable=False),  # open | active | closed
    Column("created_by", Id, ForeignKey("app_user.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

case_member = Table(
    "case_member",
    metadata,
    Column("case_id", Id, ForeignKey("case_file.id"), primary_key=True),
    Column("user_id", Id, ForeignKey("app_user.id"), primary_key=True),
)

# A network is kept by one of its ads (its id when added): network ids change when networks merge,
# the ad does not, so the case follows the ad into whatever network holds it later.
case_item = Table(
    "case_item",
    metadata,
    Column("id", Id, primary_key=True),
    Column("case_id", Id, ForeignKey("case_file.id"), nullable=False, index=True),
    Column("kind", String(10), nullable=False),  # network | ad
    Column("ad_id", Id, ForeignKey("ad.id"), nullable=False),
    Column("added_by", String(100), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    UniqueConstraint("case_id", "kind", "ad_id", name="uq_case_item"),
)

case_note = Table(
    "case_note",
    metadata,
    Column("id", Id, primary_key=True),
    Column("case_id", Id, ForeignKey("case_file.id"), nullable=False, index=True),
    Column("author", String(100), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("text", Text, nullable=False),
)

watch = Table(
    "watch",
    metadata,
    Column("id", Id, primary_key=True),
    Column("user_id", Id, ForeignKey("app_user.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # extraction kind: phone | email | handle | payment
    Column("value", Text, nullable=False),  # normalised as the extraction table stores it
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("checked_upto", Id, nullable=False),  # newest extraction id already compared
    UniqueConstraint("user_id", "kind", "value", name="uq_watch"),
)

watch_hit = Table(
    "watch_hit",
    metadata,
    Column("id", Id, primary_key=True),
    Column("watch_id", Id, ForeignKey("watch.id"), nullable=False, index=True),
    Column("ad_version_id", Id, ForeignKey("ad_version.id"), nullable=False),
    Column("found_at", UTCDateTime, nullable=False),
    Column("seen", Boolean, nullable=False, default=False),
    UniqueConstraint("watch_id", "ad_version_id", name="uq_watch_hit"),
)
