"""Account-level actions a trainee takes on their own account."""

from django.contrib.auth import update_session_auth_hash

from .models import new_session_epoch


def sign_out_other_sessions(request) -> None:
    """End every session of this user except the one making the request."""
    user = request.user
    user.session_epoch = new_session_epoch()
    user.save(update_fields=["session_epoch"])
    update_session_auth_hash(request, user)
