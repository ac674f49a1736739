"""Real-browser journeys: Playwright driving Debian's Chromium against pytest-django's
live server on 127.0.0.1.

- One browser for all the journeys (launching Chromium takes a few seconds), one fresh
  context per test, in Arabic, with JavaScript on or off (`js_enabled`, parametrize it).
- Every request the context makes is recorded; after each test, any request that went
  anywhere but the live server fails the test with the list.
- `journey.step(page, "name")` checks that the page is Arabic and right-to-left (and passes
  tests/security/a11y.py) and saves a screenshot to
  test-artifacts/e2e/<test-name>/NN-<name>.png for a person to look at.

Chromium is never downloaded (`playwright install` needs the internet): Debian's package
is used, which .ci/run installs. Where it is missing, the journeys are skipped.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.security.a11y import assert_accessible

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
# Requests that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}

# pytest-django's live server listens on 127.0.0.1, never on a name that could resolve
# elsewhere (an explicit --liveserver still wins).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """Debian's Chromium, once for all the journeys in this folder.

    Playwright's synchronous API keeps an asyncio event loop marked as running on the main
    thread for as long as it is started. Two consequences for Django, handled here for
    exactly as long as Playwright runs (package scope, so the tests pytest-django orders
    after these ones find everything as it was):

    - Django refuses database calls from a thread with a running loop
      (SynchronousOnlyOperation). The test code here is synchronous, so the guard is
      lifted with DJANGO_ALLOW_ASYNC_UNSAFE.
    - Django keeps database connections in an asgiref Local, which a running loop switches
      from thread-local to context-local storage: the test code gets new connection
      objects, without the snapshot of the migrated database that `serialized_rollback`
      restores after each flush. The snapshot is handed over to them, and they are closed
      before the loop stops (on PostgreSQL an open one would keep the test database from
      being dropped).
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: browser journeys skipped "
            "(install Debian's chromium package, as .ci/run does)"
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, snapshot in snapshots.items():
                connections[alias]._test_serialized_contents = snapshot
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                with django_db_blocker.unblock():
                    connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def js_enabled():
    """Override with @pytest.mark.parametrize("js_enabled", [True, False])."""
    return True


def foreign_requests(urls: list[str], allowed_netloc: str) -> list[str]:
    """The URLs that went to another host (or another port) than `allowed_netloc`."""
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc == allowed_netloc:
            continue
        foreign.append(url)
    return foreign


class BrowserSession:
    """Browser contexts for one test, and every URL they asked for."""

    def __init__(self, browser, live_server, js_enabled):
        self.browser = browser
        self.js_enabled = js_enabled
        self.live_server = live_server
        self.netloc = urlsplit(live_server.url).netloc
        self.requested: list[str] = []
        self.stand_ins: dict[str, str] = {}  # URL -> body, answered by the browser itself
        self.contexts = []
        self.context = self.new_context()

    def new_context(self, js_enabled=None):
        """A fresh context (a second browser, say) whose requests are recorded too."""
        context = self.browser.new_context(
            locale="ar",
            java_script_enabled=self.js_enabled if js_enabled is None else js_enabled,
            viewport={"width": 1024, "height": 768},
        )
        context.set_default_timeout(10_000)
        context.on("request", lambda request: self.requested.append(request.url))
        context.on(
            "page",
            lambda page: page.on("websocket", lambda ws: self.requested.append(ws.url)),
        )
        for url, body in self.stand_ins.items():
            self._route(context, url, body)
        self.contexts.append(context)
        return context

    def answer_in_browser(self, url: str, body: str = "<!DOCTYPE html><title>elsewhere</title>"):
        """Stand in for another site: requests to `url` are answered by the browser itself
        (every context of this session) and never reach the network, so a test can see
        what a real cross-origin visit would carry (its Referer, say)."""
        self.stand_ins[url] = body
        for context in self.contexts:
            self._route(context, url, body)

    @staticmethod
    def _route(context, url, body):
        context.route(
            url,
            lambda route: route.fulfill(status=200, content_type="text/html", body=body),
        )

    def url(self, path: str) -> str:
        return self.live_server.url + path

    def new_page(self):
        return self.context.new_page()

    def close(self):
        for context in self.contexts:
            context.close()

    def foreign(self) -> list[str]:
        requested = [url for url in self.requested if url not in self.stand_ins]
        return foreign_requests(requested, self.netloc)


@pytest.fixture
def browser_session(browser, live_server, js_enabled):
    session = BrowserSession(browser, live_server, js_enabled)
    yield session
    session.close()
    foreign = session.foreign()
    if foreign:
        pytest.fail(
            f"requests left {session.netloc}:\n" + "\n".join(sorted(set(foreign))),
            pytrace=False,
        )


def wait_for_path(page, path: str):
    """Wait until the page is at `path` on any host (query string and fragment aside)."""
    page.wait_for_url(lambda url: urlsplit(url).path == path)


class Journey:
    """Numbered screenshots of a journey's key pages. Each page is checked first: Arabic
    and right-to-left, and (our pages, not the Wagtail admin) the keyboard and
    screen-reader sanity rules of tests/security/a11y.py."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def step(self, page, name: str, *, ours: bool = True):
        page.wait_for_load_state()
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl"), (
            f"{name}: {page.url} is not <html lang='ar' dir='rtl'>"
        )
        if ours:
            assert_accessible(page.content(), f"{name}: {page.url}")
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=True)


@pytest.fixture
def journey(request):
    name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    return Journey(folder)
