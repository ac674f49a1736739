"""The account's own part of "Download my data" and "Delete my account".

Exported: username, optional email and names, date joined, last sign-in, roles, and whether
two-factor authentication is on. Never the passphrase hash, the two-factor secrets or the
recovery codes.

Erased: the user row and everything that hangs off it in the libraries we use, which do not
all clean up after a user themselves:

- sessions (stored encoded, not linked by a foreign key): every one signed in as the user;
- Wagtail: reference-index entries pointing at the user, log entries about the user (deleted) and by the user (their foreign key has no
  database constraint and is left dangling by Wagtail: set to empty), revision snapshots
  that name the user as owner, locker or commenter (scrubbed), unfinished uploads and the
  profile picture (deleted with their files);
- Django admin log entries about the user;
- allauth's email addresses and authenticators, Wagtail's profile, comments, subscriptions
  and editing sessions go with the user row (ON DELETE CASCADE), and any file a cascaded
  row stored is deleted after commit.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import router
from django.db.models import FileField, Q
from django.db.models.deletion import Collector
from django.utils.translation import gettext_lazy as _

from .personal_data import delete_files_after_commit
from .policy import has_mfa

LABELS = {
    "username": _("Username"),
    "email": _("Email address"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "date_joined": _("Account created"),
    "last_login": _("Last sign-in"),
    "groups": _("Roles"),
    "two_factor_authentication": _("Two-factor authentication on"),
}


def export_account(user) -> dict:
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "two_factor_authentication": has_mfa(user),
    }


# --- Erasure ------------------------------------------------------------------------------

# Keys under which Wagtail's revision snapshots store a user's id.
_USER_KEYS = frozenset(
    {"owner", "locked_by", "user", "resolved_by", "requested_by", "finished_by", "uploaded_by_user"}
)
# Lists whose items are the user's own words (a page's admin comments and their replies).
_OWN_ITEMS_KEYS = frozenset({"wagtail_admin_comments", "comments", "replies"})


def scrub_user(data, user_pk: int):
    """A copy of a JSON value with every reference to `user_pk` under a user key emptied,
    and the user's own comments and replies removed."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in _USER_KEYS and value == user_pk:
                out[key] = None
            elif key in _OWN_ITEMS_KEYS and isinstance(value, list):
                out[key] = [
                    scrub_user(item, user_pk)
                    for item in value
                    if not (isinstance(item, dict) and item.get("user") == user_pk)
                ]
            else:
                out[key] = scrub_user(value, user_pk)
        return out
    if isinstance(data, list):
        return [scrub_user(item, user_pk) for item in data]
    return data


def _erase_sessions(user) -> None:
    """Every stored session signed in as this user. Sessions are encoded, so each is
    decoded; they are deleted through the session engine so its cache forgets them too."""
    engine = import_module(settings.SESSION_ENGINE)
    wanted = str(user.pk)
    doomed = []
    for session in Session.objects.only("session_key", "session_data").iterator():
        if str(session.get_decoded().get("_auth_user_id", "")) == wanted:
            doomed.append(session.session_key)
    for key in doomed:
        engine.SessionStore(session_key=key).delete(key)


def _erase_wagtail(user) -> None:
    from wagtail.models import (
        Comment,
        CommentReply,
        ModelLogEntry,
        PageLogEntry,
        ReferenceIndex,
        Revision,
        UploadedFile,
    )

    user_type = ContentType.objects.get_for_model(user, for_concrete_model=True)
    # Wagtail's reference index records which objects point at the user (comments).
    ReferenceIndex.objects.filter(to_content_type=user_type, to_object_id=str(user.pk)).delete()
    ReferenceIndex.objects.filter(base_content_type=user_type, object_id=str(user.pk)).delete()
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
    for log_model in (ModelLogEntry, PageLogEntry):
        log_model.objects.filter(user_id=user.pk).update(user=None)

    # Revision snapshots copy the owner, the locker and the comments of a page.
    commented = set(Comment.objects.filter(user=user).values_list("page_id", flat=True))
    commented |= set(
        CommentReply.objects.filter(user=user).values_list("comment__page_id", flat=True)
    )
    revisions = Revision.objects.filter(
        Q(content__owner=user.pk)
        | Q(content__locked_by=user.pk)
        | Q(user=user)
        | Q(object_id__in=[str(pk) for pk in commented], base_content_type__model="page")
    )
    for revision in revisions.iterator():
        scrubbed = scrub_user(revision.content, user.pk)
        if scrubbed != revision.content:
            Revision.objects.filter(pk=revision.pk).update(content=scrubbed)

    uploads = UploadedFile.objects.filter(uploaded_by_user=user)
    delete_files_after_commit(
        UploadedFile._meta.get_field("file").storage, uploads.values_list("file", flat=True)
    )
    uploads.delete()


def _erase_admin_log(user) -> None:
    user_type = ContentType.objects.get_for_model(user, for_concrete_model=True)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()


def files_of_cascaded_rows(user) -> list[tuple[object, str]]:
    """(storage, name) of every file held by a row that deleting `user` would delete."""
    collector = Collector(using=router.db_for_write(type(user)))
    collector.collect([user])
    found = []

    def _fields(model):
        return [f for f in model._meta.concrete_fields if isinstance(f, FileField)]

    for model, instances in collector.data.items():
        for file_field in _fields(model):
            for instance in instances:
                name = getattr(instance, file_field.attname)
                if name:
                    found.append((file_field.storage, str(name)))
    for queryset in collector.fast_deletes:
        for file_field in _fields(queryset.model):
            for name in queryset.values_list(file_field.attname, flat=True):
                if name:
                    found.append((file_field.storage, str(name)))
    return found


def erase_account(user) -> None:
    _erase_sessions(user)
    _erase_wagtail(user)
    _erase_admin_log(user)
    for storage, name in files_of_cascaded_rows(user):
        delete_files_after_commit(storage, [name])
    user.delete()
