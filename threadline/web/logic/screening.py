"""Screening for platforms: one ad in the public import format in, in milliseconds, what it carries
(identifiers, indicators with evidence), which known networks it joins and how risky they are, a
possible-minor flag, and a recommended action. The ad is not stored unless the caller asks.

The recommendation is a lead for the platform's reviewers, never a verdict about a person:

* ``block-pending-review``: a stated age under 18, or an identifier shared with a network that has a
  possible minor or a risk score of at least ``BLOCK_SCORE``;
* ``human-review``: an identifier shared with a network scored at least ``REVIEW_SCORE`` or guessed
  as trafficking, or ad-level indicators whose positive weights add up to ``REVIEW_POINTS``;
* ``allow`` otherwise. Every reason is listed with the recommendation.

Per request there are no scans: the extractor runs on the one text (its tables are built at
startup by :func:`warm_up`), and known identifiers are index lookups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from threadline.analyze.adlevel import facts_by_version, version_hits
from threadline.analyze.rules import Rules, load_rules
from threadline.capture.ad_rows import ad_capture, validate_row
from threadline.capture.records import Origin
from threadline.config import Config
from threadline.errors import RecordError, UserError
from threadline.extract.api import extract
from threadline.extract.api import warm_up as warm_extractor
from threadline.extract.stage import rows_for
from threadline.ingest.prepare import prepare_capture
from threadline.parse.registry import Parser, from_fields
from threadline.store import screening as store_screening
from threadline.store.records import version_text
from threadline.store.screening import KnownIdentifier, KnownNetwork
from threadline.store.store import Store

ACTIONS = ("allow", "human-review", "block-pending-review")
BLOCK_SCORE = 4.0
REVIEW_SCORE = 2.0
REVIEW_POINTS = 1.0
LINK_KINDS = ("phone", "email", "handle", "payment")


@dataclass(frozen=True, slots=True)
class ScreenIndicator:
    name: str
    weight: float
    evidence: str
    start: int | None
    end: int | None


@dataclass(slots=True)
class ScreenResult:
    identifiers: dict[str, list[dict[str, Any]]]  # the extractor's JSON contract
    indicators: list[ScreenIndicator]
    known: list[KnownIdentifier]
    networks: list[KnownNetwork]
    possible_minor: bool
    action: str
    reasons: list[str]
    stored: bool = False
    text: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "reasons": self.reasons,
            "possible_minor": self.possible_minor,
            "identifiers": self.identifiers,
            "indicators": [
                {"name": i.name, "weight": i.weight, "evidence": i.evidence, "start": i.start, "end": i.end}
                for i in self.indicators
            ],
            "known_identifiers": [
                {"kind": k.kind, "value": k.value, "ads": k.ads, "networks": list(k.networks), "hub": k.hub}
                for k in self.known
            ],
            "networks": [
                {"network_id": n.network_id, "ads": n.ads, "score": n.score, "mo": n.mo, "minors": n.minors}
                for n in self.networks
            ],
            "stored": self.stored,
            "note": "Indicators are leads for a human reviewer, never verdicts.",
        }


class Screener:
    """Holds what every request shares: the indicator rules, the parser, the settings."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.rules: Rules = load_rules(config.indicators_file)
        self.parser = Parser.from_config(config)

    def warm_up(self) -> None:
        """Build the extractor's lazy tables now, not during the first request."""
        warm_extractor()

    def screen(self, store: Store, record: Mapping[str, Any], keep: bool = False) -> ScreenResult:
        try:
            row = validate_row(record)
        except RecordError as exc:
            raise UserError(f"not an ad in the import format: {exc}") from None
        capture = ad_capture(row, row.body, Origin("screen-api"))
        page = from_fields(capture)
        ad = page.ad
        assert ad is not None  # from_fields always yields an ad
        text = version_text(ad.title, ad.body, ad.extra)
        found = extract(text, location=ad.location)
        rows = rows_for(0, found)
        hits = version_hits(0, 0, text, facts_by_version(rows).get(0), self.rules, self.config.analyze_area_code_km)
        indicators = [ScreenIndicator(h.name, self.rules.weight(h.name), h.evidence, h.start, h.end) for h in hits]
        pairs = list(dict.fromkeys((r.kind, r.value) for r in rows if r.kind in LINK_KINDS))
        with store.connect() as conn:
            known = store_screening.known_identifiers(conn, pairs)
            nets = sorted({n for k in known if not k.hub for n in k.networks})
            networks = store_screening.known_networks(conn, nets)
        minor = any(i.name == "possible_minor" for i in indicators)
        action, reasons = recommend(minor, indicators, networks)
        stored = False
        if keep:
            self._store(store, capture)
            stored = True
        return ScreenResult(found.to_json(), indicators, known, networks, minor, action, reasons, stored, text)

    def _store(self, store: Store, capture: Any) -> None:
        """Keep the ad as evidence, the way ingest would (a run of one record)."""
        prepared = prepare_capture(capture, self.parser)
        run_id = store.start_run(["screen-api"])
        counts = store.write_batch(run_id, [prepared])
        store.finish_run(run_id, "finished", counts.as_dict(), 0.0)


def recommend(minor: bool, indicators: list[ScreenIndicator], networks: list[KnownNetwork]) -> tuple[str, list[str]]:
    reasons: list[str] = []
    block = review = False
    if minor:
        block = True
        reasons.append("possible minor: " + "; ".join(i.evidence for i in indicators if i.name == "possible_minor"))
    for n in networks:
        what = f"shares an identifier with network {n.network_id} ({n.ads} ads"
        what += f", score {n.score:.2f}, M.O. {n.mo})" if n.score is not None else ", not scored yet)"
        if n.minors:
            block = True
            reasons.append(f"{what}, which has {n.minors} ad(s) with a stated age under 18")
        elif n.score is not None and n.score >= BLOCK_SCORE:
            block = True
            reasons.append(f"{what}: score at or above {BLOCK_SCORE}")
        elif (n.score is not None and n.score >= REVIEW_SCORE) or n.mo == "trafficking":
            review = True
            reasons.append(what)
    points = sum(w for w in {i.name: i.weight for i in indicators}.values() if w > 0)
    if points >= REVIEW_POINTS:
        review = True
        names = sorted({i.name for i in indicators if i.weight > 0})
        reasons.append(f"ad indicators worth {points:.2f} points: {', '.join(names)}")
    action = "block-pending-review" if block else "human-review" if review else "allow"
    return action, reasons or ["no indicator or known network calls for review"]
