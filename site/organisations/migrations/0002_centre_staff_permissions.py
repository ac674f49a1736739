"""Give the "Centre staff" group what it needs to manage associations in the Wagtail admin.

Associations: add, change, view (no delete: deactivate instead; a superuser can delete).
Invite codes: add, change, delete, view. Memberships: change (the role), delete, view; nobody
adds a membership from the admin (people join with a code). Trainers get none of these."""

from django.db import migrations

CENTRE_STAFF = "Centre staff"
GRANTS = {
    "organisation": ("add", "change", "view"),
    "invitecode": ("add", "change", "delete", "view"),
    "membership": ("change", "delete", "view"),
}


def _permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the last migration; create ours now.
    app_config = apps.get_app_config("organisations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
    return Permission.objects.filter(
        content_type__app_label="organisations", codename__in=codenames
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=CENTRE_STAFF)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=CENTRE_STAFF).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="organisations")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("accounts", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
