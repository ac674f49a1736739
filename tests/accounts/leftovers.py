"""Find every row, in every installed app's tables, that still refers to a person.

Used after an account is deleted. It looks at every model Django knows (including the
automatic many-to-many tables), so an app added later is covered without touching this file:

- every foreign key (and one-to-one) to the user model, with or without a database
  constraint, holding the user's id;
- every integer column holding the user's id (an id kept without a foreign key);
- every text, char, email, slug, JSON (and StreamField) column containing the user's id
  or any of their strings (username, email, names), as text;
- every session, decoded (sessions are stored encoded, so a plain text search misses them).

Give the user an unusual id and distinctive strings so that "contains" has no false hits.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models.functions import Cast

# By internal type, so subclasses (EmailField, SlugField, RichTextField, Wagtail's StreamField,
# which stores JSON) are covered too.
TEXT_TYPES = {"CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField"}
INTEGER_TYPES = {
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "AutoField",
    "BigAutoField",
}


@dataclass(frozen=True)
class Leftover:
    table: str
    column: str
    pk: object
    why: str

    def __str__(self):
        return f"{self.table}.{self.column} (row {self.pk}): {self.why}"


def scanned_models():
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed and not meta.auto_created:
            continue
        yield model


def find_leftovers(user_pk: int, needles: list[str]) -> list[Leftover]:
    user_model = get_user_model()
    needles = [n for n in {str(user_pk), *needles} if n]
    found = []
    for model in scanned_models():
        table = model._meta.db_table
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                for pk in model._base_manager.filter(**{field.attname: user_pk}).values_list(
                    "pk", flat=True
                ):
                    found.append(Leftover(table, field.column, pk, "foreign key to the user"))
            elif field.get_internal_type() in INTEGER_TYPES and not field.is_relation:
                for pk in model._base_manager.filter(**{field.attname: user_pk}).values_list(
                    "pk", flat=True
                ):
                    found.append(Leftover(table, field.column, pk, "the user's id as a number"))
            elif field.get_internal_type() in TEXT_TYPES and not field.is_relation:
                as_text = Cast(field.name, models.TextField())
                queryset = model._base_manager.annotate(_scan_text=as_text)
                for needle in needles:
                    for pk in queryset.filter(_scan_text__contains=needle).values_list(
                        "pk", flat=True
                    ):
                        found.append(Leftover(table, field.column, pk, f"contains {needle!r}"))
    for session in Session.objects.all():
        decoded = session.get_decoded()
        text = repr(decoded)
        if str(decoded.get("_auth_user_id")) == str(user_pk) or any(
            n in text for n in needles if n != str(user_pk)
        ):
            found.append(Leftover(Session._meta.db_table, "session_data", "…", "session"))
    return found
