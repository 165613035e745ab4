"""Tips: CyberTipline-style XML reports and plain-language summaries for the Human Trafficking Hotline.

**CyberTipline**: the XML an electronic service provider's reporting workflow sends to NCMEC, for one
network or one ad, checked against ``schemas/cybertipline.xsd`` before it is written. What goes in:
the incident type, the time span, the ads' URLs, the identifiers reported (phones, e-mails, handles —
each handle as a reported user of its service), and every capture's SHA-256 as file details. What
stays out: ad text and Threadline's risk score, which are leads for the analyst, not facts for a
report. A tip whose schema check fails is never written.

**Hotline**: what was seen, where, when, the contact details advertised, and what is and is not known —
written for a hotline advocate reading the web form. Ad text is not copied in, and the indicators are
named as reasons to look, never as conclusions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from threadline.errors import UserError
from threadline.export.data import Bundle

SCHEMA_PATH = Path(__file__).with_name("schemas") / "cybertipline.xsd"
INCIDENT = "Child Sex Trafficking"
_SCHEMA: list[etree.XMLSchema] = []  # parsed once per process


def schema() -> etree.XMLSchema:
    if not _SCHEMA:
        _SCHEMA.append(etree.XMLSchema(etree.parse(str(SCHEMA_PATH))))
    return _SCHEMA[0]


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _zulu(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def minors_stated(bundle: Bundle) -> int:
    return sum(1 for ev in bundle.networks for a in ev.network.ages if a < 18)


def build_tip(bundle: Bundle, reporter: str, reporter_email: str | None = None) -> etree._Element:
    ads = [m for ev in bundle.networks for m in ev.network.ads]
    firsts = [m.first_seen for m in ads if m.first_seen]
    if not ads or not firsts:
        raise UserError(f"{bundle.subject} has no ad seen live: nothing to report")
    lasts = [m.last_seen or m.first_seen for m in ads if m.first_seen]
    root = etree.Element("report")
    summary = _sub(root, "incidentSummary")
    _sub(summary, "incidentType", INCIDENT)
    if minors_stated(bundle):
        _sub(summary, "escalateToHighPriority", "an ad states an age under 18")
    _sub(summary, "incidentDateTime", _zulu(min(firsts)))
    _sub(
        summary,
        "incidentDateTimeDescription",
        f"first ad seen {_zulu(min(firsts))}, last seen {_zulu(max(x for x in lasts if x))}",
    )
    page = _sub(_sub(root, "internetDetails"), "webPageIncident")
    for url in sorted({m.url for m in ads}):
        _sub(page, "url", url)
    sites = sorted({m.site for m in ads})
    _sub(
        page,
        "additionalInfo",
        f"{len(ads)} online ads on {', '.join(sites)}, linked by Threadline "
        f"({bundle.subject}); the ad sites host the content",
    )
    _sub(page, "thirdPartyHostedContent", "true")
    person = _sub(_sub(root, "reporter"), "reportingPerson")
    _sub(person, "firstName", reporter)
    if reporter_email:
        _sub(person, "email", reporter_email)
    idents = [i for ev in bundle.networks for i in ev.identifiers]
    phones = sorted({i.value for i in idents if i.kind == "phone"})
    emails = sorted({i.value for i in idents if i.kind == "email"})
    if phones or emails:
        reported = _sub(root, "personOrUserReported")
        who = _sub(reported, "personOrUserReportedPerson")
        for p in phones:
            _sub(who, "phone", p, type="Mobile")
        for e in emails:
            _sub(who, "email", e)
        _sub(reported, "thirdPartyUserReported", "true")
        _sub(reported, "additionalInfo", "contact details advertised in the ads")
    for handle in sorted({i.value for i in idents if i.kind in ("handle", "payment")}):
        service, _, name = handle.partition(":")
        reported = _sub(root, "personOrUserReported")
        _sub(reported, "espService", service)
        _sub(reported, "screenName", name or handle)
        _sub(reported, "thirdPartyUserReported", "true")
    for ev in bundle.networks:
        for versions in ev.versions.values():
            for v in versions:
                fd = _sub(root, "fileDetails")
                _sub(fd, "originalFileName", f"capture {v.capture.id}: {v.capture.url}")
                _sub(fd, "originalFileHash", v.capture.sha256, hashType="SHA256")
                _sub(fd, "fileViewedByEsp", "true")
                _sub(fd, "publiclyAvailable", "true")
                _sub(fd, "additionalInfo", f"captured {_zulu(v.capture.captured_at)}")
    _sub(
        root,
        "additionalInfo",
        "Produced by Threadline from archived public ads. Linking and indicators are "
        "leads for a human, not findings about any person.",
    )
    return root


def validate(root: etree._Element) -> list[str]:
    s = schema()
    return [] if s.validate(root) else [f"line {e.line}: {e.message}" for e in s.error_log]


def cybertipline_xml(bundle: Bundle, reporter: str, reporter_email: str | None = None) -> bytes:
    root = build_tip(bundle, reporter, reporter_email)
    problems = validate(root)
    if problems:
        raise UserError("the tip does not match schemas/cybertipline.xsd: " + "; ".join(problems[:5]))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


HOTLINE = "National Human Trafficking Hotline: 1-888-373-7888 (text 233733), humantraffickinghotline.org"
MAX_URLS = 25


def _day(bundle: Bundle, first: bool) -> str:
    times = [(m.first_seen if first else m.last_seen) for ev in bundle.networks for m in ev.network.ads]
    known = [t for t in times if t]
    if not known:
        return "unknown"
    return (min(known) if first else max(known)).strftime("%B %-d, %Y")


def hotline_text(bundle: Bundle, reporter: str) -> str:
    ads = [m for ev in bundle.networks for m in ev.network.ads]
    cities = sorted({f"{c.name}, {c.region}" for ev in bundle.networks for c in ev.network.cities})
    sites = sorted({m.site for m in ads})
    idents = sorted(
        {
            (i.kind, i.value)
            for ev in bundle.networks
            for i in ev.identifiers
            if i.kind in ("phone", "email", "handle", "payment")
        }
    )
    indicators = sorted({h.name.replace("_", " ") for ev in bundle.networks for h in ev.hits})
    minors = sum(1 for ev in bundle.networks for a in ev.network.ages if a < 18)
    lines = [
        "Tip for the National Human Trafficking Hotline",
        "",
        f"From: {reporter}",
        f"About: {len(ads)} online advertisement(s) that appear to be posted by the same person or group "
        f"({bundle.subject} in our records).",
        f"When: first seen {_day(bundle, True)}, last seen {_day(bundle, False)}.",
        f"Where: advertised in {', '.join(cities) if cities else 'no city we could identify'}; "
        f"on the site(s) {', '.join(sites)}.",
    ]
    if minors:
        lines.append(
            f"Possible minor: {minors} stated age(s) under 18 in these ads. We are also reporting this to "
            "the NCMEC CyberTipline."
        )
    if idents:
        lines += ["", "Contact details advertised:"]
        lines += [f"  - {kind}: {value}" for kind, value in idents]
    if indicators:
        lines += ["", "Why we are concerned (signs to look into, not proof): " + ", ".join(indicators) + "."]
    lines += ["", "Ad addresses (we did not contact anyone through them):"]
    lines += [f"  - {u}" for u in sorted({m.url for m in ads})[:MAX_URLS]]
    if len(ads) > MAX_URLS:
        lines.append(f"  - and {len(ads) - MAX_URLS} more, available on request")
    lines += [
        "",
        "What we do not know: who posted these ads, and whether anyone in them is being exploited. The ads were "
        "linked because they share contact details or wording. Copies of every ad as we captured it, with "
        "integrity hashes, are kept and can be provided to law enforcement.",
        "",
        HOTLINE,
    ]
    return "\n".join(lines) + "\n"
