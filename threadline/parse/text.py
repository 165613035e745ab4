"""HTML to ad text, the same way for every adapter, so versions compare like with like.

Block elements become line breaks, runs of white space fold to one space, blank lines go. Scripts,
styles and templates never reach the text: ad HTML is hostile and its code is not content.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_DROP = "script, style, template, noscript, iframe, object"
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalise_text(text: str) -> str:
    """Fold white space inside lines and drop empty lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def node_text(node: LexborNode | None) -> str:
    """Visible text of an element, block elements on their own lines."""
    if node is None:
        return ""
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag in BLOCK_TAGS:
            parts.append("\n")
    return normalise_text("".join(parts))


def parse_html(payload: bytes | str) -> LexborHTMLParser:
    """Parse a page and strip the elements whose content is never ad text."""
    tree = LexborHTMLParser(payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))
    for bad in tree.css(_DROP):
        bad.decompose()
    return tree


def html_to_text(html: str) -> str:
    """Text of an HTML fragment or page (used for imported bodies that carry HTML)."""
    tree = parse_html(html)
    return node_text(tree.body or tree.root)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<" in head and any(t in head for t in ("<p", "<br", "<div", "<html", "<span", "<b>", "<a ", "<li"))
