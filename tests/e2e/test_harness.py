"""The harness's own checks can fail."""

from urllib.parse import urlsplit

import pytest

from .conftest import foreign_requests


def test_foreign_request_detector_flags_everything_but_the_live_server():
    requested = [
        "http://127.0.0.1:8123/ar/",
        "http://127.0.0.1:8123/static/css/site.css",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "blob:http://127.0.0.1:8123/5d1c",
        "about:blank",
        "https://fonts.example.org/f.woff2",
        "http://localhost:8123/ar/",
        "http://127.0.0.1:9999/other-port",
        "wss://push.example.net/",
        "chrome-extension://abc/script.js",
    ]
    assert foreign_requests(requested, "127.0.0.1:8123") == [
        "https://fonts.example.org/f.woff2",
        "http://localhost:8123/ar/",
        "http://127.0.0.1:9999/other-port",
        "wss://push.example.net/",
        "chrome-extension://abc/script.js",
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_browser_session_sees_a_request_to_another_host(browser_session):
    assert urlsplit(browser_session.live_server.url).hostname == "127.0.0.1"
    page = browser_session.new_page()
    # Refused inside the browser: nothing goes on the network.
    page.route("http://192.0.2.1/**", lambda route: route.abort())
    page.goto(browser_session.url("/static/css/site.css"))
    page.set_content('<img src="http://192.0.2.1/pixel.png">')
    page.wait_for_load_state()
    assert browser_session.foreign() == ["http://192.0.2.1/pixel.png"]
    # Without this, the check after the test fails it ("requests left 127.0.0.1:…"):
    # tried by hand.
    browser_session.requested.clear()
