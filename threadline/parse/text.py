"""HTML to ad text, the same way for every adapter, so versions compare like with like.

Block elements and ``<br>`` break lines, white space inside a line folds to one space, empty lines
go: ``<p>Hi  there</p><p>Call me</p>`` reads ``"Hi there\\nCall me"`` whatever the layout. Scripts,
styles and templates never reach the text (ad HTML is hostile and its code is not content). The
walk is iterative, so a page of ten thousand nested ``<div>`` cannot exhaust the recursion limit.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "-comment"})
_WS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Fold white space inside lines and drop empty lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _children(node: LexborNode) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def node_text(node: LexborNode | None) -> str:
    """Visible text of an element, one line per block element or ``<br>``, normalised."""
    if node is None:
        return ""
    parts: list[str] = []
    stack: list[LexborNode | None] = list(reversed(_children(node)))  # None marks a block's end
    while stack:
        item = stack.pop()
        if item is None:
            parts.append("\n")
            continue
        tag = item.tag
        if tag == "-text":
            parts.append((item.text_content or "").translate(_WS))
        elif tag not in SKIP_TAGS:
            if tag in BLOCK_TAGS:
                parts.append("\n")
                stack.append(None)
            stack.extend(reversed(_children(item)))
    return normalise_text("".join(parts))


def charset_of(content_type: str | None, payload: bytes) -> str:
    """The charset from the HTTP Content-Type, else from a ``<meta>`` near the top, else UTF-8."""
    for source in ((content_type or "").encode("latin-1", "replace"), payload[:1024]):
        found = _CHARSET.search(source)
        if found:
            name = found.group(1).decode("ascii").lower()
            try:
                "".encode(name)
            except LookupError:
                continue
            return name
    return "utf-8"


def parse_html(payload: bytes | str, content_type: str | None = None) -> LexborHTMLParser:
    """Parse a page, decoding bytes by their declared charset (bad bytes become U+FFFD)."""
    if isinstance(payload, bytes):
        payload = payload.decode(charset_of(content_type, payload), errors="replace")
    return LexborHTMLParser(payload)


def html_to_text(html: str) -> str:
    """Text of an HTML fragment or page (used for imported bodies that carry HTML)."""
    tree = parse_html(html)
    return node_text(tree.body or tree.root)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<" in head and any(t in head for t in ("<p", "<br", "<div", "<html", "<span", "<b>", "<a ", "<li"))
