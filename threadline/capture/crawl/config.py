"""The crawl file (``threadline crawl CONFIG.toml``): what to crawl, how often, and how politely.

::

    [crawl]
    warc_dir = "crawl-warc"                 # rotating WARC.gz files go here
    allow_networks = ["127.0.0.1/32"]       # non-public addresses the SSRF guard lets through
    obey_robots = true                      # false only for investigators acting under legal authority
    [resolve]                               # like curl --resolve: names answered without DNS
    "*.example" = "127.0.0.1"
    [[site]]
    name = "pagelist"
    start_urls = ["http://pagelist.example:8080/"]
    follow = "a.city, a[rel=next]"         # links to more listing pages (CSS)
    ads = "a"                               # links to ad pages (CSS), kept when they match ad_pattern
    ad_pattern = "/\\d+\\.html$"
    listing_interval = "10m"                # how often listings are read again for new ads
    revisit_interval = "1h"                 # how often a known ad is fetched again for edits
    rate = 2.0                              # requests per second per host (0: no limit)
    concurrency = 2
    [site.login]                            # optional; credentials come from the environment only
    url = "http://velvetboard.example:8080/login"
    user_env = "VB_USER"
    password_env = "VB_PASSWORD"

Durations are seconds or strings such as ``"90s"``, ``"10m"``, ``"2h"``, ``"1d"``. Settings that
apply to every crawl (user agent, timeouts, size limits) live in :mod:`threadline.config`; the
``[crawl]`` table may override them for one crawl.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from threadline.config import Config
from threadline.errors import ConfigError

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86_400.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


@dataclass(frozen=True, slots=True)
class Login:
    url: str
    user: str
    password: str
    user_field: str = "username"
    password_field: str = "password"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    name: str
    start_urls: tuple[str, ...]
    hosts: tuple[str, ...]  # host names (and their sub-domains) this site's links may lead to
    follow: str = "a[rel=next]"
    ads: str = "a"
    ad_pattern: str = ""
    sitemaps: tuple[str, ...] = ()
    listing_interval: float = 600.0
    revisit_interval: float = 3600.0
    rate: float = 1.0
    concurrency: int = 2
    proxy: str | None = None
    closed_marker: str = ""
    login: Login | None = None
    obey_robots: bool = True


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    path: Path
    warc_dir: Path
    sites: tuple[SiteConfig, ...]
    allow_networks: tuple[str, ...]
    resolve: tuple[tuple[str, str], ...]
    settings: Config
    prefix: str = "threadline-crawl"


def duration(value: Any, what: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(f"{what} must be seconds or a duration such as '90s', '10m', '2h', got {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{what} must be a string or a list of strings, got {value!r}")


def _login(raw: Any, site: str, env: Mapping[str, str]) -> Login | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or "url" not in raw:
        raise ConfigError(f"site {site}: [site.login] needs a url")
    if "password" in raw or "user" in raw:
        raise ConfigError(f"site {site}: credentials never go in the file; name variables with user_env/password_env")
    names = (str(raw.get("user_env", "")), str(raw.get("password_env", "")))
    missing = [n or "(unnamed)" for n in names if not n or n not in env]
    if missing:
        raise ConfigError(f"site {site}: login credentials missing from the environment: {', '.join(missing)}")
    return Login(
        str(raw["url"]),
        env[names[0]],
        env[names[1]],
        str(raw.get("user_field", "username")),
        str(raw.get("password_field", "password")),
    )


def _site(raw: Any, crawl: Mapping[str, Any], env: Mapping[str, str]) -> SiteConfig:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise ConfigError("every [[site]] needs a name")
    name = raw["name"]
    starts = _strings(raw.get("start_urls", []), f"site {name}: start_urls")
    if not starts:
        raise ConfigError(f"site {name}: start_urls is empty")
    hosts = tuple(sorted({(urlsplit(u).hostname or "") for u in starts} | set(_strings(raw.get("hosts", []), "hosts"))))
    pattern = str(raw.get("ad_pattern", ""))
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"site {name}: ad_pattern is not a regular expression: {exc}") from None
    concurrency = int(raw.get("concurrency", 2))
    rate = float(raw.get("rate", 1.0))
    if concurrency < 1 or rate < 0:
        raise ConfigError(f"site {name}: concurrency must be at least 1 and rate at least 0")
    return SiteConfig(
        name=name,
        start_urls=starts,
        hosts=hosts,
        follow=str(raw.get("follow", "a[rel=next]")),
        ads=str(raw.get("ads", "a")),
        ad_pattern=pattern,
        sitemaps=_strings(raw.get("sitemaps", []), f"site {name}: sitemaps"),
        listing_interval=duration(raw.get("listing_interval", 600), f"site {name}: listing_interval"),
        revisit_interval=duration(raw.get("revisit_interval", 3600), f"site {name}: revisit_interval"),
        rate=rate,
        concurrency=concurrency,
        proxy=str(raw["proxy"]) if raw.get("proxy") else None,
        closed_marker=str(raw.get("closed_marker", "")),
        login=_login(raw.get("login"), name, env),
        obey_robots=bool(raw.get("obey_robots", crawl.get("obey_robots", True))),
    )


def load_crawl_config(path: Path, settings: Config, env: Mapping[str, str] | None = None) -> CrawlConfig:
    """Read and check a crawl file; ConfigError says what is wrong and where."""
    env = os.environ if env is None else env
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read crawl file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"crawl file {path} is not valid TOML: {exc}") from None
    crawl = data.get("crawl", {})
    overrides = {k: v for k, v in crawl.items() if k.startswith("crawl_")}
    unknown = set(crawl) - set(overrides) - {"warc_dir", "allow_networks", "obey_robots", "prefix"}
    if unknown:
        raise ConfigError(f"crawl file {path}: unknown [crawl] keys: {', '.join(sorted(unknown))}")
    for key in overrides:
        if not hasattr(settings, key):
            raise ConfigError(f"crawl file {path}: unknown setting {key!r}")
    settings = Config(**{**{f: getattr(settings, f) for f in settings.__dataclass_fields__}, **overrides})
    allow = _strings(crawl.get("allow_networks", []), "allow_networks")
    for net in allow:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            raise ConfigError(f"crawl file {path}: allow_networks entry {net!r} is not a network") from None
    resolve = data.get("resolve", {})
    if not isinstance(resolve, dict) or not all(isinstance(v, str) for v in resolve.values()):
        raise ConfigError(f"crawl file {path}: [resolve] maps host names to addresses")
    sites = tuple(_site(raw, crawl, env) for raw in data.get("site", []))
    if not sites:
        raise ConfigError(f"crawl file {path}: no [[site]] to crawl")
    if len({s.name for s in sites}) != len(sites):
        raise ConfigError(f"crawl file {path}: site names must be unique")
    warc_dir = Path(str(crawl.get("warc_dir", "crawl-warc")))
    if not warc_dir.is_absolute():
        warc_dir = path.parent / warc_dir
    return CrawlConfig(
        path, warc_dir, sites, allow, tuple(resolve.items()), settings, str(crawl.get("prefix", "threadline-crawl"))
    )
