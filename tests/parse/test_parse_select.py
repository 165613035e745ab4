"""The shared selector engine answers exactly what selectolax's own css/css_first answer, on any
page, across many pages in a row and from several threads at once."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from threadline.parse.select import every, first

SELECTORS = [
    "p",
    "div.a",
    "#x",
    "div.a p",
    "ul li",
    "span.b, p.c",
    "div > p:nth-child(2)",
    "[data-k]",
    "section.none",
    "html",
    "*",
]
TAGS = ["div", "p", "span", "ul", "li", "section"]


@st.composite
def pages(draw: st.DrawFn) -> str:
    def element(depth: int) -> str:
        tag = draw(st.sampled_from(TAGS))
        attrs = ""
        if draw(st.booleans()):
            attrs += f' class="{draw(st.sampled_from(["a", "b", "c", "a b"]))}"'
        if draw(st.integers(0, 5)) == 0:
            attrs += ' id="x"'
        if draw(st.integers(0, 4)) == 0:
            attrs += ' data-k="1"'
        inner = draw(st.text(alphabet="ab <&>", max_size=6))
        children = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))))
        return f"<{tag}{attrs}>{inner}{children}</{tag}>"

    return "<html><body>" + "".join(element(0) for _ in range(draw(st.integers(0, 4)))) + "</body></html>"


def html_of(nodes: list[object]) -> list[str | None]:
    return [n.html for n in nodes]  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(st.lists(pages(), min_size=1, max_size=4))
def test_same_nodes_as_selectolax_on_any_page(docs: list[str]) -> None:
    for doc in docs:  # several documents in a row through the one engine
        tree = LexborHTMLParser(doc)
        for query in SELECTORS:
            assert html_of(every(tree, query)) == html_of(tree.css(query))
            mine, theirs = first(tree, query), tree.css_first(query)
            assert (mine.html if mine else None) == (theirs.html if theirs else None)
            for scope in tree.css("div")[:3]:  # and from a node: the node itself and its descendants
                assert html_of(every(scope, query)) == html_of(scope.css(query))
                found = first(scope, query)
                expected = scope.css_first(query)
                assert (found.html if found else None) == (expected.html if expected else None)


def test_found_nodes_belong_to_their_own_page() -> None:
    a = LexborHTMLParser("<p id='x'>first page</p>")
    b = LexborHTMLParser("<p id='x'>second page</p>")
    node_a, node_b = first(a, "#x"), first(b, "#x")
    assert node_a is not None and node_b is not None
    assert (node_a.text(), node_b.text()) == ("first page", "second page")
    assert node_b.parser is b


def test_invalid_selector_raises_like_selectolax() -> None:
    tree = LexborHTMLParser("<p>x</p>")
    with pytest.raises(SelectolaxError):
        tree.css("p[")
    with pytest.raises(SelectolaxError):
        every(tree, "p[")
    with pytest.raises(SelectolaxError):
        first(tree, "p[")
    assert first(tree, "p") is not None  # the engine still works after a bad query


def test_each_thread_gets_answers_for_its_own_pages() -> None:
    errors: list[str] = []

    def work(n: int) -> None:
        for i in range(300):
            tree = LexborHTMLParser(f"<div class='a'><p id='x'>t{n}-{i}</p><p>other</p></div>")
            node = first(tree, "div.a #x")
            if node is None or node.text() != f"t{n}-{i}" or len(every(tree, "p")) != 2:
                errors.append(f"thread {n} page {i}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
