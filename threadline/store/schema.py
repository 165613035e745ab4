"""Tables of the evidence store (SQLAlchemy Core), the one description every query uses.

The evidence chain is: ``blob`` (raw bytes, content-addressed by SHA-256, compressed) <- ``capture``
(one fetch or import of those bytes: URL, time, origin) <- ``sighting`` (what the parse stage saw in
that capture) -> ``ad_version`` (one distinct content of an ``ad``). Captures and blobs are never
updated or deleted by ingest. Alembic migrations in ``migrations/`` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from threadline.store.types import UTCDateTime

metadata = MetaData()

# BigInteger ids would be wrong on SQLite (no ROWID alias), so ids use Integer with a BigInteger
# variant for PostgreSQL, where national-scale archives pass 2**31 rows.
Id = BigInteger().with_variant(Integer(), "sqlite")

site = Table(
    "site",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("domain", String(300)),
)

blob = Table(
    "blob",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("compression", String(16), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

ingest_run = Table(
    "ingest_run",
    metadata,
    Column("id", Id, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(20), nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("counts", JSON, nullable=False),
    Column("seconds", JSON),
)

ingest_file = Table(
    "ingest_file",
    metadata,
    Column("id", Id, primary_key=True),
    Column("run_id", Id, ForeignKey("ingest_run.id"), nullable=False, index=True),
    Column("path", Text, nullable=False),
    Column("format", String(20), nullable=False),
    Column("counts", JSON, nullable=False),
    Column("error", Text),
)

capture = Table(
    "capture",
    metadata,
    Column("id", Id, primary_key=True),
    Column("sha256", String(64), ForeignKey("blob.sha256"), nullable=False),
    Column("url", Text, nullable=False),
    Column("captured_at", UTCDateTime, nullable=False),
    Column("content_type", String(200)),
    Column("http_status", Integer),
    Column("http_headers", JSON),
    Column("origin", Text, nullable=False),
    Column("run_id", Id, ForeignKey("ingest_run.id"), nullable=False),
    UniqueConstraint("sha256", "url", "captured_at", name="uq_capture_event"),
)

ad = Table(
    "ad",
    metadata,
    Column("id", Id, primary_key=True),
    Column("site_id", Id, ForeignKey("site.id"), nullable=False),
    Column("site_ad_id", String(300), nullable=False),
    Column("url", Text, nullable=False),
    Column("first_seen", UTCDateTime),  # null until seen live (a removal can come first)
    Column("last_seen", UTCDateTime),
    Column("deleted_at", UTCDateTime),
    UniqueConstraint("site_id", "site_ad_id", name="uq_ad_site_id"),
)

ad_version = Table(
    "ad_version",
    metadata,
    Column("id", Id, primary_key=True),
    Column("ad_id", Id, ForeignKey("ad.id"), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("title", Text),
    Column("body", Text, nullable=False),
    Column("location", Text),
    Column("posted_at", UTCDateTime),
    Column("images", JSON, nullable=False),
    Column("extra", JSON, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("capture_id", Id, ForeignKey("capture.id"), nullable=False),
    Column("adapter", String(100), nullable=False),
    UniqueConstraint("ad_id", "content_sha256", name="uq_version_content"),
)

sighting = Table(
    "sighting",
    metadata,
    Column("capture_id", Id, ForeignKey("capture.id"), primary_key=True),
    Column("kind", String(10), nullable=False),  # ad | removed | other
    Column("ad_id", Id, ForeignKey("ad.id")),
    Column("ad_version_id", Id, ForeignKey("ad_version.id")),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("adapter", String(100), nullable=False),
    Index("ix_sighting_ad", "ad_id", "seen_at"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Id, primary_key=True),
    Column("run_id", Id, ForeignKey("ingest_run.id"), nullable=False),
    Column("origin", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("sample", LargeBinary),
    UniqueConstraint("origin", "kind", "reason", name="uq_quarantine_record"),
)

# -- extraction (0002) ---------------------------------------------------------------------------
# One row per value found in a version's text. Spans index into records.version_text(): title, body, then
# the labelled boxes — the one string every extractor and every highlighter sees.
extraction = Table(
    "extraction",
    metadata,
    Column("id", Id, primary_key=True),
    Column("ad_version_id", Id, ForeignKey("ad_version.id"), nullable=False),
    Column("kind", String(20), nullable=False),  # phone | email | url | handle | payment | age | price | place | name
    Column("value", Text, nullable=False),  # normalised: E.164, lower-case email, "snapchat:name", "21", ...
    Column("raw", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("rule", String(60), nullable=False),
    Column("attrs", JSON, nullable=False),  # kind-specific facts: obfuscated, minor, per_minutes, lat/lon ...
    Index("ix_extraction_kind_value", "kind", "value"),
    Index("ix_extraction_version", "ad_version_id"),
)

extracted_version = Table(
    "extracted_version",
    metadata,
    Column("ad_version_id", Id, ForeignKey("ad_version.id"), primary_key=True),
    Column("extracted_at", UTCDateTime, nullable=False),
    Column("extractor", String(40), nullable=False),
)

# -- linking (0003) ------------------------------------------------------------------------------
# Every link keeps its reason and evidence, so a network can be explained edge by edge. A network's
# id is the smallest ad id in it (stable while membership is unchanged); an ad in no multi-ad
# network has no network_member row and is a network of one under its own id.
link = Table(
    "link",
    metadata,
    Column("id", Id, primary_key=True),
    Column("ad_a", Id, ForeignKey("ad.id"), nullable=False),
    Column("ad_b", Id, ForeignKey("ad.id"), nullable=False),
    Column("reason", String(20), nullable=False),  # phone | email | handle | payment | image | template
    Column("evidence", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("run_id", Id, nullable=False),
    Index("ix_link_a", "ad_a"),
    Index("ix_link_b", "ad_b"),
)

network_member = Table(
    "network_member",
    metadata,
    Column("ad_id", Id, ForeignKey("ad.id"), primary_key=True),
    Column("network_id", Id, nullable=False, index=True),
)

hub = Table(
    "hub",
    metadata,
    Column("id", Id, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("value", Text, nullable=False),
    Column("ads", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("run_id", Id, nullable=False),
    UniqueConstraint("kind", "value", name="uq_hub"),
)

linked_ad = Table(
    "linked_ad",
    metadata,
    Column("ad_id", Id, ForeignKey("ad.id"), primary_key=True),
    Column("version_id", Id, nullable=False),  # the newest version the engine has seen
)

link_run = Table(
    "link_run",
    metadata,
    Column("id", Id, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("mode", String(20), nullable=False),  # rebuild | incremental
    Column("counts", JSON, nullable=False),
    Column("state_sha256", String(64)),  # of the engine state file this run left behind
)

# -- analysis (0004) -----------------------------------------------------------------------------
# Indicators are leads, never verdicts: every hit keeps the evidence it fired on (the matched text and
# its span in version_text(), or the facts of an edit) so a score can always be taken apart again.
indicator_hit = Table(
    "indicator_hit",
    metadata,
    Column("id", Id, primary_key=True),
    Column("ad_id", Id, ForeignKey("ad.id"), nullable=False),
    Column("ad_version_id", Id, ForeignKey("ad_version.id"), nullable=False),
    Column("name", String(40), nullable=False),
    Column("start", Integer),  # span in version_text(); null for facts that are not a piece of text
    Column("end", Integer),
    Column("evidence", Text, nullable=False),
    Index("ix_indicator_hit_ad", "ad_id"),
    Index("ix_indicator_hit_version", "ad_version_id"),
    Index("ix_indicator_hit_name", "name"),
)

analyzed_version = Table(
    "analyzed_version",
    metadata,
    Column("ad_version_id", Id, ForeignKey("ad_version.id"), primary_key=True),
    Column("analyzed_at", UTCDateTime, nullable=False),
)

network_risk = Table(
    "network_risk",
    metadata,
    Column("network_id", Id, primary_key=True),
    Column("ads", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("mo", String(20), nullable=False),  # trafficking | independent | spa | spam | not-relevant
    Column("minors", Integer, nullable=False),  # ads with a stated age under 18
    Column("features", JSON, nullable=False),
    Column("contributions", JSON, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("run_id", Id, nullable=False),
    Index("ix_network_risk_score", "score"),
)

# A label names the network by one of its ads (the network id at labelling time): network ids change
# when networks merge, the ad does not, so a label follows its ad into whatever network holds it.
network_label = Table(
    "network_label",
    metadata,
    Column("id", Id, primary_key=True),
    Column("ad_id", Id, ForeignKey("ad.id"), nullable=False, index=True),
    Column("label", String(20), nullable=False),
    Column("analyst", String(100), nullable=False),
    Column("labelled_at", UTCDateTime, nullable=False),
    Column("note", Text),
)

analysis_run = Table(
    "analysis_run",
    metadata,
    Column("id", Id, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("mode", String(20), nullable=False),  # rebuild | incremental
    Column("counts", JSON, nullable=False),
)
