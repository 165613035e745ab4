"""The link stage over the store: feed the engine what is new, persist links, networks and hubs.

Incremental by default: the engine's state is saved beside the store after each run and only ads
that are new, or have a new version, are fed next time (``rebuild`` recomputes everything). The
state file and the database are kept in step by the state's SHA-256, recorded in the same
transaction as the run's links: a missing or different file means a rebuild, never a silent drift.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from threadline.config import Config
from threadline.link.engine import LinkEngine
from threadline.link.records import LinkAd, LinkResult
from threadline.link.settings import LinkSettings
from threadline.link.state import LinkState, capture, restore
from threadline.store import links as store_links
from threadline.store.records import AdForLink, LinkRow
from threadline.store.store import Store

log = logging.getLogger(__name__)
PAGE = 5000
EPOCH_DAY = 86_400


@dataclass(slots=True)
class LinkReport:
    mode: str
    ads: int = 0
    links: int = 0
    retracted: int = 0
    networks_changed: int = 0
    hubs: int = 0
    rebuild_advised: bool = False
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)


def state_path(config: Config) -> Path:
    """Where the engine state lives: the setting, else beside a SQLite file, else the working folder."""
    if config.link_state:
        return Path(config.link_state)
    url = make_url(config.db)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.linkstate")
    return Path("threadline.linkstate")


def link_text(title: str | None, body: str) -> str:
    return f"{title or ''}\n{body}"


def to_link_ad(a: AdForLink) -> LinkAd:
    return LinkAd(
        ad=a.ad_id,
        text=link_text(a.title, a.body),
        identifiers=a.identifiers,
        site=a.site,
        city=a.location,
        day=int(a.first_seen.timestamp()) // EPOCH_DAY,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def settings_from(config: Config) -> LinkSettings:
    return LinkSettings(template_threshold=config.link_template_threshold, hub_min_ads=config.link_hub_min_ads)


def _load(path: Path, store: Store, settings: LinkSettings) -> LinkEngine | None:
    """The saved engine, if it is the one the store's last link run left behind."""
    with store.connect() as conn:
        expected = store_links.last_state_sha(conn)
    if expected is None or not path.is_file():
        return None
    if _sha256(path) != expected:
        log.warning("link state %s does not match the store's last link run: rebuilding", path)
        return None
    with path.open("rb") as fh:
        return restore(LinkState.read(fh), settings)


def _apply(store: Store, run_id: int, result: LinkResult, report: LinkReport) -> None:
    with store.engine.begin() as conn:
        report.retracted += store_links.retract_links(
            conn, (LinkRow(x.a, x.b, x.reason, x.evidence, x.score) for x in result.retracted)
        )
        report.links += store_links.write_links(
            conn, run_id, (LinkRow(x.a, x.b, x.reason, x.evidence, x.score) for x in result.links)
        )
        store_links.set_networks(conn, result.removed, [(c.cluster, c.members) for c in result.clusters])
        store_links.record_hubs(conn, run_id, ((h.kind, h.value, h.ads, h.reason) for h in result.hubs))
    report.networks_changed += len(result.clusters)
    report.hubs += len(result.hubs)
    report.rebuild_advised |= result.rebuild_advised
    for stage, seconds in result.stages:
        report.stages[stage] = report.stages.get(stage, 0.0) + seconds


def run_link(
    store: Store, config: Config, *, rebuild: bool = False, progress: Callable[[int], None] | None = None
) -> LinkReport:
    """Link what is new (or everything, with ``rebuild``) and persist the result."""
    started = time.perf_counter()
    settings = settings_from(config)
    path = state_path(config)
    engine = None if rebuild else _load(path, store, settings)
    mode = "incremental" if engine is not None else "rebuild"
    report = LinkReport(mode)
    with store.engine.begin() as conn:
        if engine is None:
            store_links.clear(conn)
        run_id = store_links.start_run(conn, mode)
    engine = engine or LinkEngine(settings)
    fed: list[tuple[int, int]] = []

    def stream() -> Iterator[LinkAd]:
        after = 0
        while True:
            with store.connect() as conn:
                page, last = store_links.ads_for_link(conn, after, PAGE, only_changed=mode == "incremental")
            if not last:
                return
            for a in page:
                fed.append((a.ad_id, a.version_id))
                yield to_link_ad(a)
            if progress is not None:
                progress(len(page))
            after = last

    _apply(store, run_id, engine.add(stream()), report)
    _apply(store, run_id, engine.review_hubs(), report)
    report.ads = len(fed)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        capture(engine).write(fh)
    sha = _sha256(tmp)
    with store.engine.begin() as conn:
        store_links.mark_linked(conn, fed)
        store_links.finish_run(conn, run_id, _counts(report), sha)
    os.replace(tmp, path)  # after the commit: a crash in between leaves a mismatch, i.e. a rebuild
    report.seconds = time.perf_counter() - started
    return report


def _counts(report: LinkReport) -> dict[str, int]:
    return {
        "ads": report.ads,
        "links": report.links,
        "retracted": report.retracted,
        "networks_changed": report.networks_changed,
        "hubs": report.hubs,
    }
