"""Fast paths of the parse stage give exactly what the general code gives.

``node_text`` reads serialised markup where the tree walk (``walk_text``) is the reference; photo
links skip ``urljoin`` when they are plain; table cells are found by walking, not by a compiled
selector. Each is checked node by node or link by link, on hostile hand-made markup and (text) on
every page of a small simulated world.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest

from threadline.capture.detect import find_inputs, read_input
from threadline.capture.records import Capture, Origin
from threadline.config import load_config
from threadline.parse.adapters._html import first_tag, join_url
from threadline.parse.text import node_text, parse_html, walk_text
from threadline.simulate import simulate

HOSTILE = [
    "<div id=a>Hi &amp; bye &lt;p&gt; not a tag &nbsp;x\u00a0y<br>next<br/>line</div>",
    '<div title="a>b &quot;q&quot;" data-x=\'<p>\'>one<span class="x>y">two</span><p>three</p></div>',
    "<div>a<!-- hidden <p> comment -->b<!---->c<!-- x --->d<?php echo 1 ?>e</div>",
    "<div>keep<script>var p = '<p>' && 1 < 2;</script>this<style>p{}</style>text</div>",
    "<div>a<template><p>never</p></template>b<object><p>fallback</p><object>in</object></object>c</div>",
    "<div>a<noscript><p>n</p></noscript>b<iframe><p>f</p></iframe>c<xmp>1 < 2 &amp;</xmp>d</div>",
    "<div>a<svg><style>x&lt;/style&gt;y</style><text>svg text</text></svg><math><mi>x</mi></math>b</div>",
    "<div>tab\there\r\nline\fform\u000bvt<pre>  pre  text  </pre>x<table><tr><td>1</td><td>2</td></tr></table></div>",
    "<div><p>\u2003em\u2003space\u2028sep</p><p>\u00e9t\u00e9 &eacute; &#233; &#x1F600;</p><h1>T</h1><li>i</li></div>",
    "<div><b>bo</b><i>ld</i> <a href='/x?a=1&b=2'>link</a><dir>d</dir><param>p<header>h</header></div>",
    "<div>" + "<div>deep " * 300 + "</div>" * 300 + "</div>",
    "<title>Title &amp; co</title><textarea>a <b> &amp;</textarea><p>x</p>",
    "plain text only, no markup &amp; an entity",
    "<div>a<p></p><br><br><hr>b<p> </p>c<span> </span>d</div>",
]


def every_node_agrees(html: str) -> int:
    tree = parse_html(html)
    checked = 0
    for node in tree.root.traverse(include_text=True):
        assert node_text(node) == walk_text(node), node.html
        checked += 1
    return checked


@pytest.mark.parametrize("html", HOSTILE)
def test_node_text_matches_the_walk_on_hostile_markup(html: str) -> None:
    assert every_node_agrees(html) > 0


@pytest.mark.parametrize("html", HOSTILE)
def test_first_tag_is_css_first(html: str) -> None:
    tree = parse_html(html + "<table><tr><th>a<td><b>x</b><time datetime=t>y</time><table><tr><th>in</table></table>")
    for node in tree.root.traverse():
        for tag in ("th", "td", "b", "time", "p", "div", "table"):
            found, expected = first_tag(node, tag), node.css_first(tag)
            assert (found and found.mem_id) == (expected and expected.mem_id), (node.tag, tag)


def test_node_text_reads_markup_as_lines() -> None:
    tree = parse_html("<div>Hi  &amp;\n there<p>Call&nbsp;me</p><script>x</script>now</div>")
    assert node_text(tree.css_first("div")) == "Hi & there\nCall me\nnow"


def test_node_text_matches_the_walk_on_a_simulated_world(tmp_path: Path) -> None:
    simulate(tmp_path, 150, seed=3, workers=1)
    config = load_config({}, env={})
    items = (item for source in find_inputs([tmp_path / "warc"]) for item in read_input(source, config))
    pages = [c for c in items if isinstance(c, Capture) and c.http_status == 200]
    assert len(pages) > 100
    for capture in pages:
        every_node_agrees(capture.payload.decode("utf-8", "replace"))


BASES = [
    "https://citynights.example/ad.php?id=1&city=x",
    "http://velvetboard.example/la/555-title-abcd1234",
    "https://user:pw@Host.Example:8080/a/b/c.html?q#f",
    "https:///no-host/path",
    "ftp://files.example/dir/",
    "https://anuncioslatinos.example/anuncio/7/",
]
REFS = [
    "/pics/abc_m.jpg",
    "/fotos/a.b.c.jpg",
    "https://cdn.velvetboard.example/i/93/800.jpg",
    "http://img.pagelist.example/photos/9d/9d.jpg",
    "HTTPS://CDN.example/x.jpg",
    "//cdn.example/x.jpg",
    "/a/../b.jpg",
    "/a/./b.jpg",
    "/a//b.jpg",
    "/a/b/",
    "/a;params/b.jpg",
    "/a b.jpg",
    "/a%20b.jpg",
    "/a/.hidden",
    "/a?x=1",
    "/a#frag",
    " /lead-space.jpg",
    "/tab\tin.jpg",
    "relative/x.jpg",
    "../up.jpg",
    "x.jpg",
    "data:image/png;base64,AAAA",
    "/\u00e9t\u00e9.jpg",
    "https://cdn.example:8443/p.jpg",
    "https://cdn.example/p.jpg?size=2",
    "/",
    "",
]


@pytest.mark.parametrize("base", BASES)
def test_join_url_is_urljoin(base: str) -> None:
    capture = Capture(base, datetime(2018, 1, 1, tzinfo=UTC), b"", b"", Origin("t"))
    for ref in REFS:
        assert join_url(capture, ref) == urljoin(base, ref), ref
