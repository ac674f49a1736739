"""Rate limit of quiz form posts (start, save, submit), in the shared cache (Redis when
there are several app servers). Counted per account, not per address: the members of one
association often share one connection. The key holds a keyed hash of the user id."""

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

# (posts, seconds) per account.
POST_LIMITS = ((30, 60), (600, 24 * 3600))


def _keys(user, limits):
    who = salted_hmac("quizzes.ratelimit", str(user.pk), algorithm="sha256").hexdigest()[:32]
    now = int(time.time())
    for count, seconds in limits:
        yield f"quizzes:rl:{seconds}:{now // seconds}:{who}", count, seconds


def refused(user, limits=None) -> bool:
    """Whether a limit is already used up (consumes nothing)."""
    limits = POST_LIMITS if limits is None else limits
    return any((cache.get(key) or 0) >= count for key, count, _s in _keys(user, limits))


def consume(user, limits=None) -> None:
    limits = POST_LIMITS if limits is None else limits
    for key, _count, seconds in _keys(user, limits):
        if cache.add(key, 1, seconds + 5):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds + 5)


def check_and_count(user) -> bool:
    """Count this post; False when the user is over a limit (the post is refused)."""
    if refused(user):
        return False
    consume(user)
    return True
