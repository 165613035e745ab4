"""Every setting of Threadline in one place, with its default and help text.

Values are resolved in this order, later winning: the defaults below, the ``[threadline]`` table of
a TOML file (``THREADLINE_CONFIG`` or ``./threadline.toml`` when present), ``THREADLINE_<NAME>``
environment variables, and finally explicit overrides from an entry point (``--db`` and friends).
``threadline config`` prints the resolved list, so a user can always see where a value came from.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from threadline.errors import ConfigError

MiB = 1024 * 1024


def _setting(default: Any, help: str) -> Any:
    return dataclasses.field(default=default, metadata={"help": help})


@dataclasses.dataclass(frozen=True, slots=True)
class Config:
    """Resolved settings. Construct with :func:`load_config`, not directly."""

    db: str = _setting(
        "sqlite:///threadline.db",
        "Store URL (SQLAlchemy form): sqlite:///file.db or postgresql+psycopg://...",
    )
    max_record_bytes: int = _setting(
        32 * MiB, "Largest WARC/CDR record accepted, in bytes, before it is quarantined as too large."
    )
    max_payload_bytes: int = _setting(
        16 * MiB,
        "Largest decoded HTTP payload (after gzip/deflate/chunked decoding) accepted; guards against "
        "decompression bombs.",
    )
    max_line_bytes: int = _setting(8 * MiB, "Longest JSONL/CSV line accepted, in bytes.")
    ingest_batch: int = _setting(2000, "Records written to the store per transaction during ingest.")
    workers: int = _setting(0, "Worker processes for parsing during ingest; 0 means one per CPU core.")
    default_region: str = _setting("US", "Region assumed for phone numbers written without a country code.")
    site_configs: str = _setting("", "Folder of extra TOML site adapters (CSS selectors), added to the built-in ones.")
    link_state: str = _setting(
        "", "File of the linking engine's saved state; default: beside a SQLite store, else ./threadline.linkstate."
    )
    link_template_threshold: float = _setting(
        0.6, "Estimated Jaccard similarity (of masked word 3-grams) needed to link two ads by text template."
    )
    link_hub_min_ads: int = _setting(
        25, "An identifier is examined as a possible hub (support phone, spam link) once this many ads carry it."
    )
    indicators_file: str = _setting(
        "", "TOML file of indicator definitions, weights and citations; default: the packaged analyze/indicators.toml."
    )
    analyze_area_code_km: float = _setting(
        800.0, "A phone's area code is flagged as far from the advertised city beyond this many kilometres."
    )
    analyze_low_price_ratio: float = _setting(
        0.6, "An hourly price below this share of the median hourly price of its city (and currency) is flagged."
    )
    analyze_lookback_days: int = _setting(
        3,
        "Displacement: networks count as active on the closed site when seen there this many days before it "
        "(longer windows add posters who had stopped anyway and inflate 'not seen again').",
    )
    analyze_min_labels: int = _setting(
        10, "Analyst labels (with at least two of each class) needed before labels re-rank networks."
    )
    web_host: str = _setting(
        "127.0.0.1", "Address `threadline serve` listens on (loopback unless you mean to expose it)."
    )
    web_port: int = _setting(8000, "Port `threadline serve` listens on.")
    web_secret_file: str = _setting(
        "",
        "File holding the key that signs session cookies (created, mode 0600, when missing); default: beside a "
        "SQLite store, else ./threadline.secret. Keep it out of backups shared with others.",
    )
    web_idle_minutes: int = _setting(30, "A web session unused for this many minutes ends; the user logs in again.")
    web_lockout_failures: int = _setting(5, "Consecutive failed logins that lock an account.")
    web_lockout_minutes: int = _setting(10, "How long a locked account refuses every login, even a correct one.")
    web_cookie_secure: str = _setting(
        "auto", "Mark the session cookie Secure: yes, no, or auto (only when the request came over HTTPS)."
    )
    crawl_user_agent: str = _setting(
        "ThreadlineCrawler/0.1 (+https://github.com/threadline; research on trafficking ads)",
        "User-Agent the crawler sends and matches against robots.txt (a crawl file's [crawl] table can override it).",
    )
    crawl_timeout: float = _setting(
        30.0, "Seconds one fetch may take, connection to last byte, before it is abandoned."
    )
    crawl_max_bytes: int = _setting(8 * MiB, "Largest response body the crawler downloads; longer ones are abandoned.")
    crawl_warc_bytes: int = _setting(
        256 * MiB, "The crawler starts a new WARC.gz file once the current one is this large (compressed)."
    )
    crawl_batch: int = _setting(50, "Captures the crawler ingests per store transaction (also flushed every second).")
    crawl_backoff_max: float = _setting(
        300.0, "Longest pause, in seconds, after errors or 429/503 answers before a host is asked again."
    )
    crawl_max_redirects: int = _setting(
        5, "Redirects the crawler follows for one URL, each one checked by the SSRF guard."
    )
    export_signing_key: str = _setting(
        "",
        "Ed25519 private key (PEM) that signs evidence packages; created (mode 0600) on first use; default: "
        "beside web_secret_file when set, else beside a SQLite store, else ./threadline-signing.key. Give its "
        "public half (public-key.pem in every package) to recipients separately.",
    )
    cache_dir: str = _setting(
        "",
        "Folder for derived data kept between runs (the gazetteer table); default: $XDG_CACHE_HOME/threadline "
        "or ~/.cache/threadline; 'off' rebuilds it in every process instead.",
    )
    sim_ads: int = _setting(50_000, "Ad versions the synthetic world generates by default.")
    sim_seed: int = _setting(7, "Seed of the synthetic world; the same seed gives the same world.")

    def describe(self) -> list[tuple[str, Any, str]]:
        """(name, value, help) for every setting, for ``threadline config``."""
        return [(f.name, getattr(self, f.name), f.metadata["help"]) for f in dataclasses.fields(self)]


FIELDS = {f.name: f for f in dataclasses.fields(Config)}


def _coerce(name: str, raw: Any, source: str) -> Any:
    kind = type(FIELDS[name].default)
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    if kind is int and isinstance(raw, str):
        try:
            return int(raw.replace("_", ""))
        except ValueError:
            raise ConfigError(f"{source}: setting {name!r} must be a whole number, got {raw!r}") from None
    if kind is str and isinstance(raw, str):
        return raw
    if kind is float and isinstance(raw, int | float | str) and not isinstance(raw, bool):
        try:
            return float(raw)
        except ValueError:
            raise ConfigError(f"{source}: setting {name!r} must be a number, got {raw!r}") from None
    raise ConfigError(f"{source}: setting {name!r} must be a {kind.__name__}, got {raw!r}")


def _from_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    table = data.get("threadline", {})
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [threadline] must be a table")
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in FIELDS:
            raise ConfigError(f"config file {path}: unknown setting {key!r}")
        out[key] = _coerce(key, value, str(path))
    return out


def load_config(
    overrides: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Config:
    """Resolve settings from defaults, TOML file, environment and explicit overrides."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_file or (Path(env["THREADLINE_CONFIG"]) if env.get("THREADLINE_CONFIG") else None)
    if path is None and Path("threadline.toml").is_file():
        path = Path("threadline.toml")
    if path is not None:
        values.update(_from_toml(path))
    for name in FIELDS:
        key = f"THREADLINE_{name.upper()}"
        if env.get(key):
            values[name] = _coerce(name, env[key], key)
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in FIELDS:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, value, f"option {name}")
    return Config(**values)
