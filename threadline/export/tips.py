"""CyberTipline-style reports: the XML an electronic service provider's reporting workflow sends to
NCMEC, for one network or one ad, checked against ``schemas/cybertipline.xsd`` before it is written.

What goes in: the incident type, the time span, the ads' URLs, the identifiers reported (phones,
e-mails, handles — each handle as a reported user of its service), and every capture's SHA-256 as
file details. What stays out: ad text and Threadline's risk score, which are leads for the analyst,
not facts for a report. A tip whose schema check fails is never written.
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
