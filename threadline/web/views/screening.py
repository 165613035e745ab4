"""``POST /api/v1/screen``: platforms screen an ad before it goes live (API token, scope "screen").

The screener (indicator rules, parser) is built and the extractor warmed when the app starts, so
no request pays for a lazily built table. Screening calls are not written to the audit log: the
caller is a platform's token, the ad is not stored unless ``store=true``, and the hash-chained log
(one serialised write per record) would cost more than the whole screening budget.

After the warm-up the process's objects are moved out of the garbage collector's reach
(``gc.freeze``): the extractor's tables, the rules and the app are some 200,000 long-lived objects,
and a full collection walking them took 130 ms, every such pause landing on some request's latency
(the p99 of the screening benchmark). They live as long as the process anyway.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from threadline.store.accounts import TokenRow
from threadline.web.auth import require_token
from threadline.web.context import Web, web
from threadline.web.logic.screening import Screener

SCOPE = "screen"
EXAMPLE = {
    "site": "pagelist",
    "ad_id": "12345",
    "url": "https://pagelist.example/ads/12345",
    "captured_at": "2018-03-02T10:00:00Z",
    "title": "New in town",
    "body": "call seven 0 two 555 oh one four three",
    "location": "Las Vegas, NV",
}


def screener_of(app: FastAPI, ctx: Web) -> Screener:
    found: Screener | None = getattr(app.state, "screener", None)
    if found is None:
        found = app.state.screener = Screener(ctx.config)
        found.warm_up()
    return found


@asynccontextmanager
async def warm(app: FastAPI) -> AsyncIterator[None]:
    screener_of(app, app.state.web)
    gc.collect()
    gc.freeze()
    yield


router = APIRouter(lifespan=warm)


@router.post("/api/v1/screen", tags=["screening"])
async def screen(
    request: Request,
    token: Annotated[TokenRow, Depends(require_token(SCOPE))],
    ad: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
    store: Annotated[bool, Query(description="keep the ad as evidence in the store")] = False,
) -> JSONResponse:
    """Screen one ad (JSONL import format): identifiers, indicators with evidence, known networks
    and their risk, a possible-minor flag and a recommended action (allow | human-review |
    block-pending-review). Leads for a human reviewer, never verdicts."""
    # Screening is a millisecond of CPU and index reads: run inline on the event loop rather than pay
    # a thread hop per request. Keeping the ad is a write transaction that may wait for the store's
    # writer, so that (rare) call goes to the thread pool and never stalls other requests. The answer
    # is plain JSON types, so FastAPI's recursive encoder is skipped too.
    ctx = web(request)
    screener = screener_of(request.app, ctx)
    if store:
        result = await run_in_threadpool(screener.screen, ctx.store, ad, True)
    else:
        result = screener.screen(ctx.store, ad)
    return JSONResponse(result.to_json())
