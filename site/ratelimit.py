"""Fixed-window counters in the shared cache (Redis when there are several app servers), for
the rate limits that allauth does not cover (certificate lookups, quiz posts). Callers name
what they count by a keyed hash (never an address or a user id in clear)."""

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def hashed(namespace: str, value: str) -> str:
    """A keyed hash of `value` to put in a cache key (HMAC with the secret key)."""
    return salted_hmac(namespace, value, algorithm="sha256").hexdigest()[:32]


def windows(prefix: str, who: str, limits):
    """(key, allowed, seconds) for the current window of each (allowed, seconds) limit."""
    now = int(time.time())
    for allowed, seconds in limits:
        yield f"{prefix}:{seconds}:{now // seconds}:{who}", allowed, seconds


def used_up(entries) -> bool:
    """Whether any window is already full (counts nothing)."""
    return any((cache.get(key) or 0) >= allowed for key, allowed, _seconds in entries)


def count(entries) -> None:
    """Count one event in every window."""
    for key, _allowed, seconds in entries:
        if cache.add(key, 1, seconds + 5):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds + 5)
