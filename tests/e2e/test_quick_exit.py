"""The quick-exit link, in a real browser.

What Chromium does (checked, and asserted below so a change shows up):
- JavaScript on: three presses of Escape call `location.replace()`, which swaps the current
  history entry for the exit page. The page the person was reading is gone from history;
  `history.back()` goes to the page *before* it, which may well be another page of ours:
  quick exit does not clear history, as the README says.
- JavaScript off: the visible link is an ordinary link. It leaves, but the page it was
  clicked on stays in history and `history.back()` returns to it.
- In both cases the request to the exit site carries no Referer: the site people flee to
  is not told where they came from. (Checked against a stand-in for another site that the
  browser answers itself; with the exit on our own server the browser would rightly send
  a same-origin Referer.)
"""

import pytest

from .conftest import wait_for_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A 404 on our own server, so nothing leaves 127.0.0.1 (under /static/, so no language
# redirect comes in between).
EXIT_PATH = "/static/quick-exit-test/"


@pytest.fixture
def exit_url(settings, live_server):
    settings.MADAFE_QUICK_EXIT_URL = live_server.url + EXIT_PATH
    return settings.MADAFE_QUICK_EXIT_URL


def exit_requests(page):
    """Record the request headers of every visit to the exit page."""
    seen = []
    page.on(
        "request",
        lambda request: seen.append(request.headers) if request.url.endswith(EXIT_PATH) else None,
    )
    return seen


def test_escape_three_times_leaves_and_replaces_the_page_in_history(
    browser_session, journey, home_page, exit_url
):
    page = browser_session.new_page()
    visits = exit_requests(page)
    page.goto(browser_session.url("/ar/"))
    journey.step(page, "home")
    page.goto(browser_session.url("/ar/accounts/login/"))
    journey.step(page, "login")
    length_before = page.evaluate("history.length")

    # Twice is not enough (Escape also closes things: one press must not throw people out).
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == browser_session.url("/ar/accounts/login/")
    assert visits == []

    page.keyboard.press("Escape")
    page.wait_for_url(exit_url)
    assert len(visits) == 1
    # The login page was replaced, not pushed down: history is no longer.
    assert page.evaluate("history.length") == length_before

    # Back goes past it, to the page before: ours too. Replacing one entry is all a page
    # can do; it does not clear history.
    page.go_back()
    wait_for_path(page, "/ar/")
    journey.step(page, "back-skips-the-exited-page")
    page.go_forward()
    page.wait_for_url(exit_url)


def test_clicking_the_link_with_javascript_also_replaces_the_page(
    browser_session, home_page, exit_url
):
    page = browser_session.new_page()
    page.goto(browser_session.url("/ar/"))
    page.goto(browser_session.url("/ar/accounts/signup/"))
    length_before = page.evaluate("history.length")
    page.locator("#quick-exit").click()
    page.wait_for_url(exit_url)
    assert page.evaluate("history.length") == length_before
    page.go_back()
    wait_for_path(page, "/ar/")


@pytest.mark.parametrize("js_enabled", [False], ids=["js-off"])
def test_without_javascript_the_visible_link_leaves(
    browser_session, journey, home_page, exit_url, js_enabled
):
    page = browser_session.new_page()
    visits = exit_requests(page)
    page.goto(browser_session.url("/ar/accounts/login/"))
    journey.step(page, "login")
    link = page.locator("#quick-exit")
    assert link.is_visible()
    assert link.get_attribute("href") == exit_url

    # Escape does nothing without JavaScript.
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert visits == []

    link.click()
    page.wait_for_url(exit_url)
    assert len(visits) == 1
    # An ordinary link: the page stays in history and back returns to it.
    page.go_back()
    wait_for_path(page, "/ar/accounts/login/")


@pytest.mark.parametrize("js_enabled", [True, False], ids=["js-on", "js-off"])
def test_the_exit_site_is_not_told_where_people_came_from(
    browser_session, home_page, settings, js_enabled
):
    elsewhere = "http://127.0.0.1:9/weather/"  # another origin, answered by the browser
    browser_session.answer_in_browser(elsewhere)
    settings.MADAFE_QUICK_EXIT_URL = elsewhere
    page = browser_session.new_page()
    sent = []
    page.on("request", lambda request: sent.append(request) if request.url == elsewhere else None)
    page.goto(browser_session.url("/ar/accounts/login/"))
    if js_enabled:
        for _ in range(3):
            page.keyboard.press("Escape")
    else:
        page.locator("#quick-exit").click()
    page.wait_for_url(elsewhere)
    assert len(sent) == 1
    assert "referer" not in sent[0].headers
