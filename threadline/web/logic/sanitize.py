"""Hostile ad HTML made safe to look at: nh3 sanitising, then a document for a sandboxed iframe.

Ad content is written by the people being investigated, so it is treated as an attack in three
layers: nh3 keeps only inert formatting tags (no scripts, styles, forms, frames, event handlers or
links that go anywhere); the document is served with a Content-Security-Policy that forbids every
script, connection, frame and form even if something slipped through; and the page embeds it in an
``<iframe sandbox>`` (no scripts, an opaque origin). Images are not fetched from plain http (an
investigator's visit must not be announced to whoever runs the server) and are blurred until clicked
(focused), a CSS-only effect since no script may run in the frame.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

import nh3

from threadline.capture.values import looks_like_html

# Formatting only: no <a href>, no <form>, no <style>; nh3 never passes <script> or on* attributes.
TAGS = {
    "b", "i", "u", "em", "strong", "small", "big", "sub", "sup", "br", "p", "div", "span", "pre", "code",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "td", "th", "caption", "img", "a", "font", "center", "s", "del", "ins",
}  # fmt: skip
ATTRIBUTES = {"img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
DROP_WITH_CONTENT = {
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "title", "head",
}  # fmt: skip

# The framed document's own policy: nothing but inline style and https/data images.
CONTENT_CSP = (
    "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; "
    "form-action 'none'; frame-ancestors 'self'; base-uri 'none'"
)
CONTENT_HEADERS = {
    "Content-Security-Policy": CONTENT_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;margin:12px;color:#222;overflow-wrap:anywhere}"
    "img{max-width:45%;max-height:320px;filter:blur(18px);cursor:pointer;margin:4px;outline:none}"
    "img:focus{filter:none}"
    ".imgs{border-top:1px solid #ddd;margin-top:12px;padding-top:8px}"
    "pre{white-space:pre-wrap;font:inherit}"
)


def clean_html(markup: str) -> str:
    """``markup`` with only inert formatting left; images get ``tabindex`` so a click unblurs them."""
    return nh3.clean(
        markup,
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes={"https", "data"},
        link_rel=None,
        set_tag_attribute_values={"img": {"tabindex": "0", "referrerpolicy": "no-referrer", "loading": "lazy"}},
        strip_comments=True,
        url_relative="deny",
    )


def safe_image(url: str) -> str | None:
    """The https URL of an ad image, or None (other schemes are never fetched)."""
    return url if url.lower().startswith("https://") else None


def captured_markup(raw: bytes, content_type: str | None) -> str | None:
    """The HTML the capture holds, when it can be read without a parser of its own: an HTTP block's
    plain (not chunked, not compressed) HTML body, or the HTML ``body`` of an imported JSON line.
    None otherwise (the page then shows the parsed text, which is the same evidence in words)."""
    if raw.startswith(b"HTTP/"):
        head, sep, payload = raw.partition(b"\r\n\r\n")
        lowered = head.lower()
        if not sep or b"transfer-encoding: chunked" in lowered or b"content-encoding:" in lowered:
            return None
        return payload.decode("utf-8", errors="replace") if looks_like_html(payload) else None
    if raw.startswith(b"{"):
        try:
            record = json.loads(raw)
        except ValueError:
            return None
        body = record.get("body") if isinstance(record, dict) else None
        return body if isinstance(body, str) and looks_like_html(body.encode("utf-8")) else None
    return None


def content_document(title: str | None, body: str, images: Sequence[str], markup: str | None = None) -> str:
    """The whole document the sandboxed iframe shows for one version: the captured HTML (``markup``)
    sanitised when there is some, else the version's text."""
    if markup is not None:
        inner = clean_html(markup)
    elif looks_like_html(body.encode("utf-8")):
        inner = clean_html(body)
    else:
        inner = f"<pre>{html.escape(body)}</pre>"
    pictures = "".join(
        f'<img src="{html.escape(url, quote=True)}" alt="ad image {i + 1} (click to unblur)" tabindex="0" '
        f'referrerpolicy="no-referrer" loading="lazy">'
        for i, url in enumerate(u for u in map(safe_image, images) if u)
    )
    heading = f"<h2>{html.escape(title)}</h2>" if title else ""
    gallery = f'<div class="imgs">{pictures}</div>' if pictures and markup is None else ""
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{_STYLE}</style></head>'
        f"<body>{heading}{inner}{gallery}</body></html>"
    )
