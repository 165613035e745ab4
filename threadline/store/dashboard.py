"""Store reads behind the dashboard that the analysis tables do not answer directly: the newest
edits that hid a detail (with the ad they were made to)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from threadline.store.schema import ad, ad_version, indicator_hit, site


@dataclass(frozen=True, slots=True)
class EditRow:
    ad_id: int
    site: str
    site_ad_id: str
    name: str
    evidence: str
    ad_version_id: int


def recent_edits(conn: Connection, names: Sequence[str], limit: int) -> list[EditRow]:
    """Newest first: edit flags are written when the version that made the edit is analysed."""
    q = (
        sa.select(
            indicator_hit.c.ad_id,
            site.c.name.label("site"),
            ad.c.site_ad_id,
            indicator_hit.c.name,
            indicator_hit.c.evidence,
            indicator_hit.c.ad_version_id,
        )
        .join(ad, ad.c.id == indicator_hit.c.ad_id)
        .join(site, site.c.id == ad.c.site_id)
        .join(ad_version, ad_version.c.id == indicator_hit.c.ad_version_id)
        .where(indicator_hit.c.name.in_(list(names)))
        .order_by(ad_version.c.first_seen.desc(), indicator_hit.c.id.desc())
        .limit(limit)
    )
    return [EditRow(**r._mapping) for r in conn.execute(q)]
