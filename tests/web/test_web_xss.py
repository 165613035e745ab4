"""Stored XSS: ads carrying a few hundred known payloads (titles, bodies, locations, URLs, ad ids,
labelled boxes) go through the real pipeline; every page showing them is opened in Chromium, and no
script may run: a payload that ran would call back to a listener on 127.0.0.1 or open a dialog."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from live_server import CHROMIUM, serve
from playwright.sync_api import sync_playwright
from web_helpers import PASSWORD, Clock
from web_world import build
from xss_payloads import VECTORS, payload

from threadline.accounts.audit import Who
from threadline.accounts.users import Role, add_user
from threadline.casework.cases import add_item, create_case
from threadline.config import load_config
from threadline.store import pages as store_pages
from threadline.store.store import Store
from threadline.web.app import create_app

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium (make test installs it)")
ADS = 40  # x 8 fields = 320 payloads, every vector many times
# Beyond "nothing ran" (the CSP alone would stop most payloads): no ad text became markup at all.
INJECTED = """() => [...document.querySelectorAll('*')].filter(e =>
  [...e.attributes].some(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
  || (e.tagName === 'SCRIPT' && !(e.getAttribute('src') || '').startsWith('/static/'))
  || ['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META'].includes(e.tagName) && !e.matches('iframe.adframe, head meta')
).map(e => e.outerHTML.slice(0, 120))"""


class Listener(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012  (shared on purpose: the handler class is the only state)

    def do_GET(self) -> None:
        Listener.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def listener() -> Iterator[str]:
    Listener.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def hostile_ads(cb: str) -> list[dict[str, Any]]:
    ads = []
    for i in range(ADS):
        p = [payload(i * 8 + k, cb) for k in range(8)]
        ads.append({
            # (the first ad's id stays plain: the world builder names its input file after it)
            "ad_id": f"x{i}{p[0][:40]}" if i else "x0", "title": p[1], "location": p[2] + " Las Vegas, NV",
            "body": f"{p[3]} call 702-555-0188 {p[4]} <p>{p[5]}</p>", "url": f"{cb}/ad{i}?{p[6]}",
            "captured_at": f"2024-04-{1 + i % 28:02d}T10:00:00Z", "extra": {"age": p[7]},
            "images": [f"{cb}/img{i}.jpg", f"javascript:fetch('{cb}/im{i}')"],
        })  # fmt: skip
    return ads


def test_no_payload_runs_anywhere(sqlite_url: str, tmp_path: Path, listener: str) -> None:
    assert len(VECTORS) <= ADS * 8
    store = Store.open(sqlite_url)
    config = load_config({"db": sqlite_url, "web_secret_file": str(tmp_path / "secret")}, env={})
    build(store, config, tmp_path, hostile_ads(listener))
    clock = Clock()
    user = add_user(store, Who("cli:test", "cli"), "analyst", Role.analyst, PASSWORD, clock())
    with store.connect() as conn:
        first = store_pages.ad_id_of(conn, "pagelist", hostile_ads(listener)[0]["ad_id"])
    case = create_case(store, user, Who("analyst", "test"), "<script>alert('case')</script>", clock())
    add_item(store, user, Who("analyst", "test"), case.id, "network", str(first), clock())
    dialogs: list[str] = []
    with serve(create_app(store, config)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/login")
        page.fill("input[name=username]", "analyst")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        ad_ids = [h["ad_id"] for h in page.request.get(f"{url}/api/v1/search?q=702-555-0188").json()["hits"]]
        assert len(ad_ids) == ADS
        pages = ["/", "/search?q=702-555-0188", "/search?q=script", f"/networks/{first}", f"/cases/{case.id}"]
        pages += [f"/ads/{a}" for a in ad_ids]
        for path in pages:
            response = page.goto(url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            for frame in page.frames:  # the sandboxed ad frames must have loaded too
                frame.wait_for_load_state("load")
                assert frame.evaluate(INJECTED) == [], (path, frame.url)
        page.wait_for_timeout(500)
        browser.close()
    store.close()
    assert dialogs == []
    assert Listener.hits == []
