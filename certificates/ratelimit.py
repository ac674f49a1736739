"""Rate limits for code guessing, in the shared cache (Redis when there are several app
servers). The cache key holds a keyed hash of the client address, never the address."""

from allauth.account.adapter import get_adapter

from madafe.ratelimit import count, hashed, used_up, windows

# (attempts, seconds) per client address.
LOOKUP_LIMITS = ((30, 60), (300, 24 * 3600))
MISS_LIMITS = ((10, 15 * 60), (40, 24 * 3600))


def _client(request) -> str:
    address = get_adapter().get_client_ip(request) or "unknown"
    return hashed("certificates.ratelimit", address)


def _keys(request, action, limits):
    return list(windows(f"certificates:rl:{action}", _client(request), limits))


def exceeded(request, action: str, limits) -> bool:
    """Whether any of the limits is already used up (consumes nothing)."""
    return used_up(_keys(request, action, limits))


def consume(request, action: str, limits) -> None:
    count(_keys(request, action, limits))


def lookup_refused(request) -> bool:
    return exceeded(request, "lookup", LOOKUP_LIMITS) or exceeded(request, "miss", MISS_LIMITS)


def record_lookup(request, found: bool) -> None:
    consume(request, "lookup", LOOKUP_LIMITS)
    if not found:
        consume(request, "miss", MISS_LIMITS)
