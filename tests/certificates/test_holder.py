"""The holder's side: "My certificates", the name choice, downloads."""

import io

import pytest
from PIL import Image

from certificates import services
from certificates.models import Certificate
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(certificate, what, fmt=None):
    if what == "download":
        return f"/en/certificates/{certificate.pk}/download/{fmt}/"
    return f"/en/certificates/{certificate.pk}/name/"


def test_my_certificates_lists_only_my_own(
    client, certificate, trainee, home_page, django_assert_max_num_queries
):
    from .factories import make_course

    other_course, _ = make_course(home_page, title_en="Someone else's course")
    services.issue_certificate(UserFactory(username="someone-else"), other_course)
    client.force_login(trainee)
    with django_assert_max_num_queries(8):
        response = client.get("/en/certificates/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Digital security for defenders" in html
    assert certificate.code in html
    assert "Someone else" not in html
    # No name chosen yet: the way on is choosing it, not downloading.
    assert _url(certificate, "name") in html
    assert _url(certificate, "download", "pdf") not in html
    assert response["Cache-Control"].count("no-store") == 1


def test_my_certificates_query_count_does_not_grow_with_certificates(
    client, trainee, home_page, django_assert_max_num_queries
):
    from .factories import make_course

    for _ in range(6):
        course, _lessons = make_course(home_page)
        services.issue_certificate(trainee, course)
    client.force_login(trainee)
    with django_assert_max_num_queries(8):
        assert client.get("/ar/certificates/").status_code == 200


def test_my_certificates_needs_sign_in(client):
    response = client.get("/en/certificates/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_nav_links_to_my_certificates(client, trainee, home_page):
    client.force_login(trainee)
    html = client.get("/ar/").content.decode()
    assert 'href="/ar/certificates/"' in html
    assert "شهاداتي" in html


def test_first_download_asks_for_the_name(client, certificate, trainee):
    client.force_login(trainee)
    response = client.get(_url(certificate, "download", "pdf"))
    assert response.status_code == 302
    assert response["Location"].startswith(_url(certificate, "name"))
    assert "next=" in response["Location"]


def test_choose_own_name_then_download(client, certificate, trainee, django_assert_max_num_queries):
    client.force_login(trainee)
    assert not certificate.png  # nothing drawn before the holder chooses
    old_png = services.ensure_files(certificate).png.read()  # as a staff archive would draw it
    response = client.post(
        _url(certificate, "name"),
        {
            "choice": "own",
            "name": "  Salma   Al-Warfalli ",
            "next": _url(certificate, "download", "png"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(certificate, "download", "png")
    certificate.refresh_from_db()
    assert certificate.name_choice == "own"
    assert certificate.shown_name == "Salma Al-Warfalli"
    new_png = certificate.png.read()
    assert new_png != old_png  # drawn again with the name
    with django_assert_max_num_queries(6):
        response = client.get(_url(certificate, "download", "png"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    assert f"madafe-certificate-{certificate.code}.png" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body == new_png
    assert Image.open(io.BytesIO(body)).size == (1754, 1240)
    response = client.get(_url(certificate, "download", "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_pseudonym_and_change_later_keeps_code_and_date(
    client, certificate, trainee, django_capture_on_commit_callbacks
):
    client.force_login(trainee)
    code, issued_at = certificate.code, certificate.issued_at
    client.post(_url(certificate, "name"), {"choice": "pseudonym", "name": "Nour"})
    certificate.refresh_from_db()
    first_png = certificate.png.name
    assert certificate.shown_name == "Nour"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(certificate, "name"), {"choice": "own", "name": "سلمى الورفلي"})
    certificate.refresh_from_db()
    assert certificate.shown_name == "سلمى الورفلي"
    assert (certificate.code, certificate.issued_at) == (code, issued_at)
    assert certificate.png.name != first_png
    # The replaced file is gone.
    assert not certificate.png.storage.exists(first_png)


def test_no_name_choice(client, certificate, trainee):
    client.force_login(trainee)
    assert certificate.rendered_at is None
    response = client.post(_url(certificate, "name"), {"choice": "none", "name": "ignored"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.name_choice == "none"
    assert certificate.display_name == ""
    assert certificate.shown_name is None
    # The choice drew the files (none are drawn at issue); choosing the same again does not.
    rendered_at = certificate.rendered_at
    assert rendered_at is not None and certificate.png
    client.post(_url(certificate, "name"), {"choice": "none"})
    certificate.refresh_from_db()
    assert certificate.rendered_at == rendered_at
    assert client.get(_url(certificate, "download", "pdf")).status_code == 200
    html = client.get("/en/certificates/").content.decode()
    assert "No name" in html


def test_own_name_needs_a_name(client, certificate, trainee):
    client.force_login(trainee)
    response = client.post(_url(certificate, "name"), {"choice": "own", "name": "   "})
    assert response.status_code == 200
    assert "Type the name to show" in response.content.decode()
    response = client.post(_url(certificate, "name"), {})
    assert "Choose what the certificate shows" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.name_choice == ""


def test_name_form_has_labels_and_works_in_arabic(client, certificate, trainee):
    client.force_login(trainee)
    html = client.get(f"/ar/certificates/{certificate.pk}/name/").content.decode()
    assert "<fieldset" in html and "<legend" in html
    assert 'for="id_name"' in html
    assert "اسم مستعار" in html


def test_bidi_controls_are_removed_from_names(certificate):
    certificate = services.choose_name(certificate, "own", "Sal\u202ema\u2066 \u200f")
    assert certificate.display_name == "Salma"


def test_other_users_cannot_see_name_or_download(client, certificate):
    client.force_login(UserFactory(username="intruder"))
    assert client.get(_url(certificate, "name")).status_code == 404
    assert client.post(_url(certificate, "name"), {"choice": "none"}).status_code == 404
    assert client.get(_url(certificate, "download", "png")).status_code == 404
    certificate.refresh_from_db()
    assert certificate.name_choice == ""


def test_anonymous_cannot_download(client, certificate):
    response = client.get(_url(certificate, "download", "pdf"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_revoked_certificate_cannot_be_downloaded(client, certificate, trainee):
    services.choose_name(certificate, "none")
    services.revoke(certificate, "Issued by mistake")
    client.force_login(trainee)
    assert client.get(_url(certificate, "download", "pdf")).status_code == 404
    html = client.get("/en/certificates/").content.decode()
    assert "Revoked" in html
    assert "Issued by mistake" not in html  # the reason is the centre's record


def test_next_cannot_leave_the_site(client, certificate, trainee):
    client.force_login(trainee)
    response = client.post(
        _url(certificate, "name"), {"choice": "none", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/certificates/"


def test_unknown_format_is_not_found(client, certificate, trainee):
    client.force_login(trainee)
    assert client.get(f"/en/certificates/{certificate.pk}/download/svg/").status_code == 404


def test_files_are_stored_under_unguessable_names(certificate):
    certificate = services.ensure_files(certificate)
    assert certificate.code not in certificate.png.name
    assert "trainee" not in certificate.png.name
    assert certificate.png.name.startswith("certificates/")
    assert Certificate.objects.get(pk=certificate.pk).pdf.name.endswith(".pdf")
