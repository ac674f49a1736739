"""Rate limits on the shared cache: sign-in, sign-up, certificate verification. Each is
shown to trigger, and to be shared: two separate test clients (two browsers, or two app
servers behind one proxy) count against the same limit. With Redis (REDIS_URL, or the
default redis://127.0.0.1:6379/5), two separate cache connections in two threads see the
same counter; skipped with a message when Redis cannot be reached."""

import os
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from certificates import ratelimit as certificate_ratelimit
from madafe.accounts.adapter import client_token
from tests.accounts.factories import PASSPHRASE, UserFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
WRONG = "not the passphrase at all"
# What allauth's limits are set to in settings (base.py), as the tests rely on them.
USERNAME_LIMIT = 5
SIGNUP_LIMIT = 20


def browser(address="192.0.2.10"):
    return Client(REMOTE_ADDR=address)


def sign_in(client, username, password):
    return client.post("/en/accounts/login/", {"login": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_limits_are_configured_as_documented(settings):
    from allauth.account import app_settings

    limits = app_settings.RATE_LIMITS
    assert limits["login_failed"] == f"10/m/ip,{USERNAME_LIMIT}/15m/key"
    assert limits["signup"] == f"{SIGNUP_LIMIT}/m/ip"
    assert limits["login"]


def test_failed_sign_ins_lock_the_username_across_browsers_and_addresses(home_page):
    UserFactory(username="salem")
    first, second = browser("192.0.2.10"), browser("198.51.100.7")
    for attempt in range(USERNAME_LIMIT):
        client = first if attempt % 2 else second
        response = sign_in(client, "salem", WRONG)
        assert response.status_code == 200
        assert not signed_in(client)
    # Now even the right passphrase is refused, from either browser, and from a third.
    for client in (first, second, browser("203.0.113.5")):
        response = sign_in(client, "salem", PASSPHRASE)
        assert not signed_in(client)
        assert "Too many failed login attempts" in response.content.decode()
    # Another username is not locked.
    UserFactory(username="huda")
    third = browser("203.0.113.5")
    sign_in(third, "huda", PASSPHRASE)
    assert signed_in(third)


def test_failed_sign_ins_from_one_address_are_limited_across_browsers(home_page):
    for n in range(10):
        client = browser()
        UserFactory(username=f"person-{n}")
        sign_in(client, f"person-{n}", WRONG)
    UserFactory(username="innocent")
    client = browser()
    response = sign_in(client, "innocent", PASSPHRASE)
    assert not signed_in(client)
    assert response.status_code in (200, 429)


def _signup(client, n):
    return client.post(
        "/en/accounts/signup/",
        {"username": f"new-{n}", "password1": "short", "password2": "different"},
    )


def test_sign_up_is_limited_per_address_across_browsers(home_page):
    clients = [browser(), browser()]
    for n in range(SIGNUP_LIMIT):
        assert _signup(clients[n % 2], n).status_code == 200  # the form, with its errors
    response = _signup(browser(), SIGNUP_LIMIT)
    assert response.status_code == 429
    # Another address still signs up.
    assert _signup(browser("198.51.100.7"), 0).status_code == 200


def _verify(client, code="AAAA-BBBB-CCCC-DDDD"):
    return client.get("/en/certificates/verify/", {"code": code})


def test_certificate_guessing_is_limited_across_browsers(home_page):
    misses = certificate_ratelimit.MISS_LIMITS[0][0]
    clients = [browser(), browser()]
    for n in range(misses):
        assert _verify(clients[n % 2]).status_code == 404
    assert _verify(browser()).status_code == 429
    assert _verify(browser("198.51.100.7")).status_code == 404


def test_the_cache_never_holds_an_address(home_page):
    from django.core.cache import cache

    address = "192.0.2.10"
    sign_in(browser(address), "nobody", WRONG)
    _verify(browser(address))
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys, "the counters are in the local-memory cache during tests"
    assert not any(address in key for key in keys)
    assert client_token(address) == client_token(address)
    assert client_token(address) != client_token("192.0.2.11")
    # One IPv6 /64 is one client.
    assert client_token("2001:db8:1:2::1") == client_token("2001:db8:1:2:ffff::9")


# --- Redis: separate connections share the counters -------------------------------------------


def _redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


@pytest.fixture
def redis_cache():
    if not _redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: shared-cache test skipped")
    # A prefix of its own, and no clear(): on Redis that would empty the whole database,
    # which other test runs may be using.
    config = {
        "default": {
            "BACKEND": "madafe.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"madafe-test-{uuid.uuid4().hex}",
            "TIMEOUT": 600,
        }
    }
    with override_settings(CACHES=config):
        yield caches["default"]
        client = caches["default"]._cache.get_client(write=True)
        for key in client.scan_iter(f"{config['default']['KEY_PREFIX']}:*"):
            client.delete(key)


def _in_another_thread(work):
    """Run `work` in a thread of its own: Django gives it its own cache connection, as a
    second app server would have."""
    errors = []

    def run():
        try:
            work()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            caches.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors == []


def test_two_cache_connections_see_the_same_counter(redis_cache):
    connection = caches.create_connection("default")
    other = caches.create_connection("default")
    assert connection is not other
    connection.set("probe", 1)
    other.incr("probe")
    assert connection.get("probe") == 2


def _request(address="192.0.2.10"):
    from django.test import RequestFactory

    # allauth counts POSTs only, as its views do.
    return RequestFactory(REMOTE_ADDR=address).post("/en/accounts/login/")


# The other "server" counts through the same functions the views use, in a thread of its
# own (with its own cache connection); it needs no database, which on SQLite in memory
# threads cannot share. The test's own request then goes through the real view.


def test_certificate_limit_is_shared_through_redis(redis_cache, home_page):
    misses = certificate_ratelimit.MISS_LIMITS[0][0]

    def guess():
        for _ in range(misses):
            certificate_ratelimit.record_lookup(_request(), found=False)

    _in_another_thread(guess)
    assert _verify(browser()).status_code == 429
    assert _verify(browser("198.51.100.7")).status_code == 404


def test_sign_in_limit_is_shared_through_redis(redis_cache, home_page):
    from allauth.account.adapter import get_adapter

    UserFactory(username="salem")

    def guess():
        for _ in range(USERNAME_LIMIT):
            request = _request("198.51.100.7")
            get_adapter(request).pre_authenticate(request, username="salem", password=WRONG)

    _in_another_thread(guess)
    client = browser()
    response = sign_in(client, "salem", PASSPHRASE)
    assert not signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()


def test_quiz_posts_are_limited_per_account_across_browsers(home_page):
    """Quiz posts (start, save, submit) count per account, not per address: two browsers
    signed in as one person share the limit; another person is not affected."""
    from quizzes import ratelimit as quiz_ratelimit
    from tests.certificates.factories import make_course
    from tests.quizzes.factories import make_quiz

    course, lessons = make_course(home_page)
    quiz = make_quiz(lessons[0].get_parent().specific)
    user = UserFactory(username="quiz-taker")
    browsers = [browser(), browser("198.51.100.7")]
    for client in browsers:
        client.force_login(user)
    limit = quiz_ratelimit.POST_LIMITS[0][0]
    for n in range(limit):
        response = browsers[n % 2].post(f"/en/quizzes/{quiz.pk}/start/")
        assert response.status_code == 302
    assert browsers[0].post(f"/en/quizzes/{quiz.pk}/start/").status_code == 429
    assert browsers[1].post(f"/en/quizzes/{quiz.pk}/start/").status_code == 429
    someone_else = browser()
    someone_else.force_login(UserFactory(username="another-taker"))
    assert someone_else.post(f"/en/quizzes/{quiz.pk}/start/").status_code == 302
