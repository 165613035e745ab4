"""HTML to ad text, the same way for every adapter, so versions compare like with like.

Block elements and ``<br>`` break lines, white space inside a line folds to one space, empty lines
go: ``<p>Hi  there</p><p>Call me</p>`` reads ``"Hi there\\nCall me"`` whatever the layout. Scripts,
styles and templates never reach the text (ad HTML is hostile and its code is not content).

Two ways to the same text: the reference is a walk over the parsed tree (iterative, so a page of ten
thousand nested ``<div>`` cannot exhaust the recursion limit); the usual way is the element's markup
as lexbor serialises it, read with three regex passes, which costs a third of the walk's Python per
node. Serialised markup is regular enough for that: text escapes ``&``, ``<``, ``>`` and no-break
spaces, attribute values are double-quoted with ``"`` escaped, and a comment cannot hold its own
end. Markup holding an element whose text is serialised unescaped (script, style and the other
raw-text elements), whose content is not its children (template), that nests inside skipped
content (object), or foreign content (svg, math), takes the walk: ad text rarely holds any of them.
"""

from __future__ import annotations

import html
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
_SPACES = re.compile(r"[\n\r\t\f\v]")  # the _WS characters
_ATTRS = r'(?:\s[^>"]*(?:"[^"]*"[^>"]*)*)?'  # attributes of a serialised tag, quoted values may hold ">"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS)) + ")" + _ATTRS + "/?>")
_ANY_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')
_WALK_TAGS = SKIP_TAGS | {"xmp", "noembed", "noframes", "plaintext", "svg", "math"}
_NEEDS_WALK = re.compile(r"<(?:" + "|".join(sorted(_WALK_TAGS - {"-comment"})) + r")[\s/>]")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Fold white space inside lines and drop empty lines."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(filter(None, lines))


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
    if not node.is_element_node or node.tag in _WALK_TAGS:
        return walk_text(node)
    markup = node.inner_html
    if not markup or _NEEDS_WALK.search(markup):
        return walk_text(node)
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", _COMMENT.sub("", _SPACES.sub(" ", markup))))
    return normalise_text(html.unescape(text) if "&" in text else text)


def walk_text(node: LexborNode) -> str:
    """:func:`node_text` by walking the tree: the reference, and the way for any markup."""
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
