"""Every page's <title> reads "Page title · Madafe Academy": one separator, then the site's
name in the page's language, on Wagtail pages and on plain views alike."""

import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext

from quizzes import services as quiz_services
from tests.accounts.factories import UserFactory
from tests.courses.factories import course_index, lessons_of, make_course, modules_of
from tests.quizzes.factories import make_quiz

pytestmark = pytest.mark.django_db

SEPARATOR = " · "


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "no <title>"
    return unescape(match.group(1)).strip()


@pytest.fixture
def pages(home_page):
    index = course_index(home_page)
    course = make_course(index, modules=1, lessons=1, sequential=False)
    quiz = make_quiz(modules_of(course)[0])
    return {"index": index, "course": course, "lesson": lessons_of(course)[0], "quiz": quiz}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_kind_of_page_has_one_separator_before_the_site_name(client, pages, lang):
    trainee = UserFactory()
    client.force_login(trainee)
    attempt = quiz_services.start_attempt(trainee, pages["quiz"])
    urls = {
        "catalogue": pages["index"].url,
        "course": pages["course"].url,
        "lesson": pages["lesson"].url,
        "glossary": pages["course"].url + "glossary/",
        "my learning": "/learning/",
        "quiz attempt": f"/quizzes/attempts/{attempt.pk}/",
        "my account": "/accounts/me/",
        "my associations": "/associations/",
        "my certificates": "/certificates/",
        "verify a certificate": "/certificates/verify/",
        "not found": "/no-such-page/",
    }
    with translation.override(lang):
        site = gettext("Madafe Academy")
    for name, url in urls.items():
        path = (
            url
            if url.startswith(f"/{lang}/")
            else f"/{lang}{url.removeprefix('/ar').removeprefix('/en')}"
        )
        response = client.get(path)
        assert response.status_code in (200, 404), (name, path, response.status_code)
        title = title_of(response)
        assert title.count(SEPARATOR) == 1, (name, title)
        page_title, site_name = title.split(SEPARATOR)
        assert page_title.strip() and site_name == site, (name, title)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sign_in_and_sign_up_pages_too(client, db, lang):
    with translation.override(lang):
        site = gettext("Madafe Academy")
    for path in (f"/{lang}/accounts/login/", f"/{lang}/accounts/signup/"):
        response = client.get(path)
        assert response.status_code == 200, path
        title = title_of(response)
        assert title.count(SEPARATOR) == 1 and title.endswith(SEPARATOR + site), title
