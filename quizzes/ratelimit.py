"""Rate limit of quiz form posts (start, save, submit), in the shared cache (Redis when
there are several app servers). Counted per account, not per address: the members of one
association often share one connection. The key holds a keyed hash of the user id."""

from madafe.ratelimit import count, hashed, used_up, windows

# (posts, seconds) per account.
POST_LIMITS = ((30, 60), (600, 24 * 3600))


def _keys(user, limits):
    return list(windows("quizzes:rl", hashed("quizzes.ratelimit", str(user.pk)), limits))


def refused(user, limits=None) -> bool:
    """Whether a limit is already used up (consumes nothing)."""
    return used_up(_keys(user, POST_LIMITS if limits is None else limits))


def consume(user, limits=None) -> None:
    count(_keys(user, POST_LIMITS if limits is None else limits))


def check_and_count(user) -> bool:
    """Count this post; False when the user is over a limit (the post is refused)."""
    if refused(user):
        return False
    consume(user)
    return True
