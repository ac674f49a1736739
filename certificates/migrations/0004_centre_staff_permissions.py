from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Centre staff"
CODENAMES = [
    "manage_certificates",
    "download_certificate_archives",
    "add_certificatetemplate",
    "change_certificatetemplate",
    "delete_certificatetemplate",
]


def grant(apps, schema_editor):
    """Centre staff revoke, reinstate and re-issue certificates, download archives and
    design certificate templates."""
    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="certificates", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="certificates", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_certificate"),
        ("accounts", "0002_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
