"""Logging in to members-only sites with a form, credentials from the environment.

A site's ``[site.login]`` names the form's URL, its field names and the environment variables that
hold the user name and password (never the file). The crawler logs in when a page sends it to the
login form, and again whenever the session lapses. The login exchange itself is never archived:
the POST body holds the password, and a WARC is evidence shared with others.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from threadline.capture.crawl.config import Login
from threadline.capture.crawl.fetch import Fetcher
from threadline.capture.crawl.warcfile import Exchange
from threadline.errors import CrawlError
from threadline.parse.select import every


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def needs_login(exchanges: list[Exchange], login: Login) -> bool:
    """Whether this fetch ended at (or was redirected to) the login form."""
    target = _path(login.url)
    for exchange in exchanges:
        location = exchange.header("location")
        if location and _path(urljoin(exchange.url, location)) == target:
            return True
    return _path(exchanges[-1].url) == target and _path(exchanges[0].url) != target


def _hidden_fields(html: bytes) -> dict[str, str]:
    tree = LexborHTMLParser(html)
    out: dict[str, str] = {}
    for node in every(tree, 'form input[type="hidden"]'):
        name = node.attributes.get("name")
        if name:
            out[name] = node.attributes.get("value") or ""
    return out


async def log_in(fetcher: Fetcher, login: Login) -> bool:
    """Fetch the form (for its cookies and hidden fields), post the credentials; True on success."""
    try:
        form_page = await fetcher.fetch(login.url)
        fields = _hidden_fields(form_page[-1].body) if form_page[-1].status == 200 else {}
        fields[login.user_field] = login.user
        fields[login.password_field] = login.password
        answer = await fetcher.fetch(login.url, form=fields)
    except CrawlError:
        return False
    final = answer[-1]
    still_form = f'name="{login.password_field}"'.encode() in final.body
    return final.status < 400 and not still_form
