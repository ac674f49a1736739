"""madafe.cache.RedisCache: Django's Redis backend with one client per connection pool,
against the real Redis (skipped with a message when it cannot be reached)."""

import os
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    prefix = f"madafe-test-{uuid.uuid4().hex}"
    config = {
        "default": {
            "BACKEND": "madafe.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=config):
        yield caches["default"]
        client = caches["default"]._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_one_client_is_reused_for_every_operation(redis_cache):
    first = redis_cache._cache.get_client("a")
    redis_cache.set("a", {"x": 1})
    assert redis_cache.get("a") == {"x": 1}
    assert redis_cache.incr("n", 1) if redis_cache.add("n", 1) else True
    assert redis_cache._cache.get_client("b", write=True) is first


def test_the_shared_client_works_from_many_threads(redis_cache):
    redis_cache.set("counter", 0)
    errors = []

    def work():
        try:
            for _ in range(50):
                redis_cache.incr("counter")
                redis_cache.get("counter")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert redis_cache.get("counter") == 8 * 50
