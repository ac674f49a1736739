"""Keyboard and screen-reader sanity on every page that exists today, signed out and signed
in, in both languages. New pages: add them here, or call `assert_accessible` in your own
tests (see a11y.py)."""

import pytest

from tests.accounts.factories import UserFactory

from .a11y import accessibility_problems, assert_accessible

PUBLIC_PAGES = ["/{lang}/", "/{lang}/accounts/login/", "/{lang}/accounts/signup/"]
SIGNED_IN_PAGES = [
    "/{lang}/",
    "/{lang}/accounts/me/",
    "/{lang}/accounts/logout/",
    "/{lang}/accounts/password/change/",
    "/{lang}/accounts/2fa/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages(client, home_page, lang, path):
    response = client.get(path.format(lang=lang))
    assert response.status_code == 200
    assert_accessible(response)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages(client, home_page, lang, path):
    client.force_login(UserFactory())
    response = client.get(path.format(lang=lang))
    assert response.status_code == 200
    assert_accessible(response)


@pytest.mark.django_db
def test_error_page(client, home_page):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert_accessible(response)


GOOD = """<!DOCTYPE html><html><body>
<a class="skip-link" href="#main">Skip to content</a>
<nav><a href="/">Home</a></nav>
<main id="main" tabindex="-1"><h1>Title</h1>
<form>
  <input type="hidden" name="csrfmiddlewaretoken" value="x">
  <label for="id_name">Name</label><input id="id_name" name="name">
  <label>Age <input name="age" type="number"></label>
  <input name="q" aria-label="Search">
  <span id="hint">Colour</span><select name="colour" aria-labelledby="hint"></select>
  <label for="id_notes">Notes</label><textarea id="id_notes" name="notes"></textarea>
  <input type="submit" value="Send"><button type="submit">Send</button>
</form>
<template><input name="in-template"></template>
</main></body></html>"""


def test_a_good_page_passes():
    assert accessibility_problems(GOOD) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ('<label for="id_name">Name</label>', ""),
            "<input name='name' id='id_name'> has no label",
        ),
        (('<label for="id_name">Name</label>', '<label for="id_name"> </label>'), "has no label"),
        (('aria-label="Search"', ""), "<input name='q'> has no label"),
        (('aria-labelledby="hint"', 'aria-labelledby="nowhere"'), "<select name='colour'>"),
        (('<label for="id_notes">Notes</label>', ""), "<textarea name='notes' id='id_notes'>"),
        (("<h1>Title</h1>", ""), "0 <h1> elements"),
        (("<h1>Title</h1>", "<h1>Title</h1><h1>Again</h1>"), "2 <h1> elements"),
        (('<main id="main" tabindex="-1">', "<div>"), "0 <main> elements"),
        (("</main>", "</main><main hidden></main><main></main>"), "2 <main> elements"),
        (('<a class="skip-link" href="#main">Skip to content</a>', ""), "not a skip link"),
        (
            ('<a class="skip-link" href="#main">Skip to content</a>', ""),
            "the first focusable element is <a>",
        ),
        (('href="#main"', 'href="#content"'), "points at #content"),
        (('<main id="main"', "<main"), "<main> has no id"),
        (("Skip to content</a>", "</a>"), "the skip link has no text"),
        (("<body>", '<body><button type="button">Menu</button>'), "<button>, not a skip link"),
        (('<input name="q"', '<input name="q" tabindex="3"'), "positive tabindex"),
    ],
)
def test_each_rule_can_fail(change, problem):
    old, new = change
    assert old in GOOD
    problems = accessibility_problems(GOOD.replace(old, new, 1))
    assert any(problem in found for found in problems), problems


def test_what_is_not_focusable_does_not_count_as_first():
    html = GOOD.replace(
        "<body>",
        '<body><a name="top">anchor</a><div tabindex="-1">x</div>'
        '<input type="hidden" name="h"><button disabled>off</button>',
    )
    assert accessibility_problems(html) == []
