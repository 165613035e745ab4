"""Login, logout, lockout, idle timeout and CSRF over the real app and store."""

from __future__ import annotations

from collections.abc import Callable

from web_helpers import PASSWORD, Clock, WebClient, log_in


def test_login_then_dashboard_then_logout(login: Callable[[str], WebClient]) -> None:
    client = login("analyst")
    assert client.csrf
    page = client.get("/")
    assert page.status_code == 200
    assert "1-888-373-7888" in page.text and "CyberTipline" in page.text
    assert client.form("/logout").status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_session_cookie_flags(anon: WebClient, users: object) -> None:
    response = log_in(anon, "viewer")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_wrong_password_is_refused_and_lockout_after_five(anon: WebClient, users: object, clock: Clock) -> None:
    for _ in range(5):
        assert log_in(anon, "viewer", "wrong password!").status_code == 401
    locked = log_in(anon, "viewer")  # the right password, but locked
    assert locked.status_code == 401 and "locked" in locked.text
    clock.advance(minutes=10, seconds=1)
    assert log_in(anon, "viewer").status_code == 303


def test_idle_timeout(login: Callable[[str], WebClient], clock: Clock) -> None:
    client = login("viewer")
    clock.advance(minutes=29)
    assert client.get("/", follow_redirects=False).status_code == 200
    clock.advance(minutes=29)  # used 29 minutes ago: still live
    assert client.get("/", follow_redirects=False).status_code == 200
    clock.advance(minutes=31)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_post_without_csrf_is_refused(login: Callable[[str], WebClient]) -> None:
    client = login("analyst")
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.post("/logout", data={"csrf_token": "nope"}, follow_redirects=False).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200  # still logged in


def test_login_next_is_never_an_open_redirect(anon: WebClient, users: object) -> None:
    response = anon.post(
        "/login", data={"username": "viewer", "password": PASSWORD, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert response.headers["location"] == "/"
