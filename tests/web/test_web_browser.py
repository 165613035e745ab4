"""The analyst's path in real Chromium (Debian's, driven by Playwright): log in, search by an
obfuscated phone, open the network, see the graph render, label it, add it to a case, log out.
Screenshots of the main pages go to docs/ when THREADLINE_SCREENSHOTS is set (for the README)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import CHROMIUM, serve
from playwright.sync_api import Browser, Page, expect, sync_playwright
from web_helpers import PASSWORD, Clock
from web_world import build

from threadline.accounts.audit import Who
from threadline.accounts.users import Role, add_user
from threadline.casework.cases import create_case
from threadline.config import Config, load_config
from threadline.store.store import Store
from threadline.web.app import create_app

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium (make test installs it)")
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def site(sqlite_url: str, tmp_path: Path) -> Iterator[str]:
    store = Store.open(sqlite_url)
    config: Config = load_config({"db": sqlite_url, "web_secret_file": str(tmp_path / "secret")}, env={})
    build(store, config, tmp_path)
    clock = Clock()
    user = add_user(store, Who("cli:test", "cli"), "analyst", Role.analyst, PASSWORD, clock())
    create_case(store, user, Who("analyst", "test"), "Las Vegas circuit", clock())
    with serve(create_app(store, config)) as url:
        yield url
    store.close()


def shot(page: Page, name: str) -> None:
    if os.environ.get("THREADLINE_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / f"web-{name}.png"), full_page=False)


def test_analyst_path(browser: Browser, site: str) -> None:
    url = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/login")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("header nav a[href='/search']")
    page.fill("input[name=q]", "seven 0 two 555 0143")
    page.press("input[name=q]", "Enter")
    expect(page.locator("#result-count")).to_contain_text("3 ads found")
    shot(page, "search")
    page.locator("a.hit-title").first.click()
    expect(page.locator("iframe.adframe").first).to_be_visible()
    shot(page, "ad")
    page.go_back()
    page.locator("a.net").first.click()
    expect(page.locator("#graph")).to_have_attribute("data-rendered", "4")  # 3 ads + the shared phone
    assert page.locator("#graph canvas").count() > 0
    shot(page, "network")
    page.select_option("form.label-form select[name=label]", "trafficking")
    page.fill("form.label-form input[name=note]", "third-person ads, one phone")
    page.click("form.label-form button")
    expect(page.locator("#current-label")).to_have_text("trafficking")
    net_url = page.url
    page.click("form.case-add button")
    expect(page.locator("body")).to_contain_text("Las Vegas circuit")
    net_id = net_url.split("/networks/", 1)[1].split("#")[0]
    expect(page.locator(f'a[href="/networks/{net_id}"]').first).to_be_visible()
    page.click("header form.logout button")
    expect(page.locator("input[name=username]")).to_be_visible()
    page.goto(f"{url}/search")
    expect(page.locator("input[name=password]")).to_be_visible()
