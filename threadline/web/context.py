"""What every request handler of the web app shares: the store, settings, clock, cookie signer and
templates, kept on ``app.state.web`` and handed to routes with ``Depends(web)``.

The clock is a constructor argument (not ``datetime.now`` called in place) so idle timeouts and
lockouts are decided by one source of time, which a test can move forward.

:class:`TokenCache` keeps API tokens found live for ``TOKEN_TTL`` seconds, so the screening API
(hundreds of calls a second from one platform) does not read the token table on every call. A
token disabled in the store stops working within ``TOKEN_TTL`` seconds, in every server process.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fastapi import Request
from itsdangerous import TimestampSigner
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import make_url

from threadline.config import Config
from threadline.store.accounts import TokenRow
from threadline.store.store import Store

HERE = Path(__file__).parent
Clock = Callable[[], datetime]
TOKEN_TTL = 5.0  # seconds: how late a revocation may take effect


class TokenCache:
    """Live tokens by (scope, SHA-256 of the secret), each trusted for ``ttl`` seconds after it was
    read from the store. Only live tokens are kept, so the cache is never larger than the token
    table, and a wrong guess always goes to the store. Monotonic time, not the app clock: this is
    about how fresh a copy is, not about the time of day."""

    def __init__(self, ttl: float = TOKEN_TTL) -> None:
        self.ttl = ttl
        self._rows: dict[tuple[str, str], tuple[float, TokenRow]] = {}

    def get(self, scope: str, digest: str) -> TokenRow | None:
        found = self._rows.get((scope, digest))
        if found is None:
            return None
        if time.monotonic() >= found[0]:
            del self._rows[(scope, digest)]
            return None
        return found[1]

    def put(self, scope: str, digest: str, row: TokenRow) -> None:
        self._rows[(scope, digest)] = (time.monotonic() + self.ttl, row)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Web:
    store: Store
    config: Config
    clock: Clock
    signer: TimestampSigner
    templates: Environment
    tokens: TokenCache


def secret_path(config: Config) -> Path:
    if config.web_secret_file:
        return Path(config.web_secret_file)
    url = make_url(config.db)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + ".secret")
    return Path("threadline.secret")


def load_secret(path: Path) -> bytes:
    """The cookie-signing key, created (mode 0600) on first use so no one has to invent one."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def template_env() -> Environment:
    # Autoescape on for every template: ad text is hostile, and nothing in it may become markup.
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def make_web(store: Store, config: Config, clock: Clock = utcnow) -> Web:
    signer = TimestampSigner(load_secret(secret_path(config)), salt="threadline-session")
    return Web(store, config, clock, signer, template_env(), TokenCache())


def web(request: Request) -> Web:
    """Dependency: the app's shared context."""
    ctx: Web = request.app.state.web
    return ctx


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
