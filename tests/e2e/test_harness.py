"""The harness's own checks can fail (no browser needed)."""

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
