"""A plain-language summary for the National Human Trafficking Hotline's online tip form: what was
seen, where, when, the contact details advertised, and what is and is not known — written for a
hotline advocate reading it, not for a tool.

Ad text is not copied in (the advocate gets the links and identifiers; the wording stays in the
evidence package), and the risk indicators are named as reasons to look, never as conclusions.
"""

from __future__ import annotations

from threadline.export.data import Bundle

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
