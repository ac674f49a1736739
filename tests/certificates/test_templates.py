import pytest
from django.db import IntegrityError, transaction

from certificates.models import CertificateTemplate, default_template
from certificates.rendering import Signatory
from tests.accounts.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db


def test_default_template_exists_after_migrations():
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.signatory_name_ar == "أكاديمية مدافع"
    assert template.signatory_name_en == "Madafe Academy"


def test_default_template_is_created_idempotently():
    CertificateTemplate.objects.all().delete()
    first = default_template()
    second = default_template()
    assert first.pk == second.pk
    assert CertificateTemplate.objects.count() == 1
    assert first.is_default


def test_default_template_keeps_what_editors_changed():
    template = default_template()
    template.primary_colour = "#123456"
    template.save()
    assert default_template().primary_colour == "#123456"


def test_only_one_default_template():
    old = default_template()
    new = CertificateTemplate.objects.create(name="Advocacy", is_default=True)
    old.refresh_from_db()
    assert not old.is_default
    assert default_template() == new
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateTemplate.objects.filter(pk=old.pk).update(is_default=True)


def test_template_values_carry_both_languages():
    template = CertificateTemplate.objects.create(
        name="Two signatures",
        primary_colour="#111111",
        signatory_name_ar="ليلى بن علي",
        signatory_name_en="Leila Ben Ali",
        signatory_title_ar="مديرة البرامج",
        signatory_title_en="Programme director",
        second_signatory_name_ar="سامي الترهوني",
        second_signatory_name_en="Sami Tarhouni",
    )
    values = template.values()
    assert values.primary_colour == "#111111"
    assert values.background is None
    assert values.signatories == (
        Signatory("ليلى بن علي", "Leila Ben Ali", "مديرة البرامج", "Programme director"),
        Signatory("سامي الترهوني", "Sami Tarhouni", "", ""),
    )


def test_empty_signatories_are_left_out():
    template = CertificateTemplate.objects.create(name="No signature")
    assert template.values().signatories == ()


def test_colour_must_be_hex():
    from django.core.exceptions import ValidationError

    template = CertificateTemplate(name="Bad", primary_colour="red")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "primary_colour" in error.value.message_dict


def test_template_is_a_snippet_edited_in_both_languages(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    activate_totp(admin)
    client.force_login(admin)
    template = default_template()
    response = client.get(f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in (
        "signatory_name_ar",
        "signatory_name_en",
        "signatory_title_ar",
        "signatory_title_en",
        "second_signatory_name_ar",
        "second_signatory_title_en",
        "primary_colour",
        "background",
    ):
        assert f'name="{field}"' in html, field
