"""Rate limits for code guessing, in the shared cache (Redis when there are several app
servers). The cache key holds a keyed hash of the client address, never the address."""

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.utils.crypto import salted_hmac

# (attempts, seconds) per client address.
LOOKUP_LIMITS = ((30, 60), (300, 24 * 3600))
MISS_LIMITS = ((10, 15 * 60), (40, 24 * 3600))


def _client(request) -> str:
    address = get_adapter().get_client_ip(request) or "unknown"
    return salted_hmac("certificates.ratelimit", address, algorithm="sha256").hexdigest()[:32]


def _keys(request, action, limits):
    client = _client(request)
    now = int(time.time())
    for count, seconds in limits:
        yield f"certificates:rl:{action}:{seconds}:{now // seconds}:{client}", count, seconds


def exceeded(request, action: str, limits) -> bool:
    """Whether any of the limits is already used up (consumes nothing)."""
    return any(
        (cache.get(key) or 0) >= count for key, count, _seconds in _keys(request, action, limits)
    )


def consume(request, action: str, limits) -> None:
    for key, _count, seconds in _keys(request, action, limits):
        if cache.add(key, 1, seconds + 5):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds + 5)


def lookup_refused(request) -> bool:
    return exceeded(request, "lookup", LOOKUP_LIMITS) or exceeded(request, "miss", MISS_LIMITS)


def record_lookup(request, found: bool) -> None:
    consume(request, "lookup", LOOKUP_LIMITS)
    if not found:
        consume(request, "miss", MISS_LIMITS)
