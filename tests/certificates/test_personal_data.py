"""Certificates in "Download my data" and "Delete my account"."""

import json

import pytest

from certificates import services
from certificates.models import Certificate
from madafe.accounts.services import delete_account
from tests.accounts.factories import UserFactory
from tests.accounts.leftovers import find_leftovers

pytestmark = pytest.mark.django_db


def test_certificates_are_in_the_data_download(client, certificate, trainee):
    services.choose_name(certificate, "pseudonym", "Nour")
    services.revoke(certificate, "Issued by mistake")
    client.force_login(trainee)
    data = json.loads(client.get("/en/accounts/me/data.json").content)
    (exported,) = data["sections"]["certificates"]
    assert exported["code"] == certificate.code
    assert exported["course_title_ar"] == "الأمن الرقمي للمدافعين"
    assert exported["course_title_en"] == "Digital security for defenders"
    assert exported["status"] == "revoked"
    assert exported["revoked_reason"] == "Issued by mistake"
    assert exported["name_choice"] == "pseudonym"
    assert exported["display_name"] == "Nour"
    html = client.get("/en/accounts/me/data/").content.decode()
    assert certificate.code in html
    assert "Name on the certificate" in html


def test_data_download_holds_only_ones_own_certificates(client, certificate, course):
    other = UserFactory(username="other-holder")
    client.force_login(other)
    data = json.loads(client.get("/en/accounts/me/data.json").content)
    assert data["sections"]["certificates"] == []


def test_deleting_the_account_leaves_no_certificate_and_no_file(
    home_page, course, django_capture_on_commit_callbacks
):
    user = UserFactory(
        id=987_654_322,
        username="zq-cert-holder",
        first_name="Zqcertfirst",
        email="zq-c@example.org",
    )
    certificate, _ = services.issue_certificate(user, course)
    certificate = services.choose_name(certificate, "own", "Zqcertfirst Zqcertlast")
    storage = certificate.png.storage
    names = [certificate.png.name, certificate.pdf.name]
    assert all(storage.exists(name) for name in names)
    code = certificate.code
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user)
    assert not Certificate.objects.filter(code=code).exists()
    assert not any(storage.exists(name) for name in names)
    assert (
        find_leftovers(
            987_654_322, ["zq-cert-holder", "Zqcertfirst", "Zqcertlast", "zq-c@example.org"]
        )
        == []
    )
