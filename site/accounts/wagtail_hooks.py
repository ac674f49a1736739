"""When centre staff delete a user in the Wagtail admin, the same erasers run as when the
person deletes their own account: Wagtail's own deletion would leave their sessions, log
entries and revision snapshots behind (and log the deletion under their username)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from . import services


@hooks.register("before_delete_user")
def erase_user_deleted_in_admin(request, user):
    # Wagtail has checked that the staff member may delete this user; GET shows its
    # confirmation page as usual.
    if request.method != "POST":
        return None
    services.delete_account(user)
    messages.success(
        request, _("The user was deleted, with everything the platform held about them.")
    )
    return redirect("wagtailusers_users:index")


@hooks.register("before_bulk_action")
def erase_users_bulk_deleted_in_admin(request, action_type, objects, action):
    if action_type != "delete" or getattr(action, "model", None) is not get_user_model():
        return None
    # `objects` holds only the users this staff member may delete.
    for user in objects:
        services.delete_account(user)
    messages.success(
        request,
        ngettext(
            "%(count)d user was deleted, with everything the platform held about them.",
            "%(count)d users were deleted, with everything the platform held about them.",
            len(objects),
        )
        % {"count": len(objects)},
    )
    return redirect(action.next_url)
