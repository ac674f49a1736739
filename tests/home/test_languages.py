import re

import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_arabic_by_default(client, home_page):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_root_follows_browser_preference(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("ar", "ar", "rtl"), ("en", "en", "ltr")]
)
def test_html_lang_and_dir(client, home_page, prefix, lang, direction):
    html = client.get(f"/{prefix}/").content.decode()
    assert re.search(rf'<html lang="{lang}" dir="{direction}">', html)


def test_arabic_home_page_is_in_arabic(client, home_page):
    html = client.get("/ar/").content.decode()
    assert "أكاديمية مدافع" in html
    assert "تسجيل الدخول" in html  # "Sign in", from our catalogue


def test_language_switch_keeps_the_page(client, home_page):
    html = client.get("/ar/accounts/login/").content.decode()
    assert 'href="/en/accounts/login/"' in html
    html = client.get("/en/accounts/signup/").content.decode()
    assert 'href="/ar/accounts/signup/"' in html


def test_home_page_both_languages_are_editable_fields(home_page):
    home_page.intro_ar = "مرحبا"
    home_page.intro_en = "Welcome"
    home_page.save()
    from django.utils import translation

    with translation.override("en"):
        assert home_page.intro == "Welcome"
    with translation.override("ar"):
        assert home_page.intro == "مرحبا"
