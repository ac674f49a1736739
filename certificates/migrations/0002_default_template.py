from django.db import migrations

DEFAULT = {
    "name": "Madafe Academy",
    "paper_colour": "#FFFDF7",
    "primary_colour": "#0B4F6C",
    "accent_colour": "#B07D1A",
    "text_colour": "#1F2933",
    "signatory_name": "أكاديمية مدافع",
    "signatory_name_ar": "أكاديمية مدافع",
    "signatory_name_en": "Madafe Academy",
    "signatory_title": "فريق التدريب",
    "signatory_title_ar": "فريق التدريب",
    "signatory_title_en": "Training team",
}


def create_default(apps, schema_editor):
    """A default template, so certificates can be issued before anyone designs one.
    Idempotent: an existing default is left as editors made it."""
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    if not CertificateTemplate.objects.filter(is_default=True).exists():
        CertificateTemplate.objects.create(is_default=True, **DEFAULT)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
