"""The web app: ``create_app(store, config)`` builds the FastAPI application over an open store.

Routers come from :data:`threadline.web.routes.ROUTERS`. Every answer carries a strict Content
Security Policy (no inline script, nothing from other origins), ``nosniff``, no referrer and
``no-store`` caching: pages show evidence about possible victims, and nothing of it should linger in a
shared browser cache. A route may set its own CSP (the sandboxed ad frame does); it is kept.

The headers are added by a plain ASGI middleware that edits the response-start message: Starlette's
``@app.middleware("http")`` (BaseHTTPMiddleware) wraps every response in a stream through a task
group, which cost the screening API 0.5 to 1 ms of its per-request CPU.
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from threadline.accounts.audit import Who
from threadline.config import Config
from threadline.errors import NotFound, UserError
from threadline.store.store import Store
from threadline.web.auth import LoginRequired, Principal, current_session
from threadline.web.context import HERE, Clock, client_address, make_web, utcnow
from threadline.web.pages import render
from threadline.web.routes import ROUTERS

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Raw (lower-case name, value) pairs as they go on the wire, prepared once.
DEFAULT_HEADERS = tuple(
    (k.lower().encode(), v.encode()) for k, v in {"Content-Security-Policy": CSP, **HEADERS}.items()
)


class SecurityHeaders:
    """Adds each of :data:`DEFAULT_HEADERS` the response does not set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", ()))
                present = {name.lower() for name, _ in raw}
                raw.extend(pair for pair in DEFAULT_HEADERS if pair[0] not in present)
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    ctx = request.app.state.web
    session = current_session(request, ctx)
    # An error page for a logged-in user keeps their navigation.
    principal = None if session is None else Principal(session, Who(session.user.name, client_address(request)))
    return render(request, ctx, "error.html", principal, status_code=status, status=status, message=message)


async def _login_required(request: Request, _exc: Exception) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": "log in first"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={target}", status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    response = _error(request, exc.status_code, str(exc.detail))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, str(exc))


async def _user_error(request: Request, exc: Exception) -> Response:
    return _error(request, 400, str(exc))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_json(request):
        return JSONResponse({"error": "invalid request", "detail": exc.errors()}, status_code=422)
    return _error(request, 422, "invalid request: " + "; ".join(str(e.get("msg")) for e in exc.errors()))


def create_app(store: Store, config: Config, clock: Clock = utcnow) -> FastAPI:
    app = FastAPI(
        title="Threadline",
        version="1",
        description="Find and follow trafficking networks in online ads. Indicators are leads, never verdicts.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.web = make_web(store, config, clock)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(UserError, _user_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_middleware(SecurityHeaders)
    return app
