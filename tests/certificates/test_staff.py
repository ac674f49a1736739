import io
import zipfile

import pytest
from django.contrib.auth.models import Group

from certificates import services
from certificates.models import Certificate
from courses.models import CoursePage
from tests.accounts.factories import UserFactory

from .factories import centre_staff, make_course, trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(centre_staff())
    return client


def test_centre_staff_have_the_permissions():
    group = Group.objects.get(name="Centre staff")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "manage_certificates",
        "download_certificate_archives",
        "change_certificatetemplate",
    } <= codenames
    trainers = set(
        Group.objects.get(name="Trainers").permissions.values_list("codename", flat=True)
    )
    assert "manage_certificates" not in trainers


def test_staff_list_and_find_by_code(staff_client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = staff_client.get("/admin/certificates/")
    assert response.status_code == 200
    assert certificate.code in response.content.decode()
    response = staff_client.get("/admin/certificates/", {"q": certificate.code.lower()})
    assert certificate.code in response.content.decode()
    response = staff_client.get("/admin/certificates/", {"q": "MDF-0000-0000-0000-0000"})
    assert certificate.code not in response.content.decode()


def test_staff_list_query_count_does_not_grow(staff_client, course, django_assert_max_num_queries):
    for i in range(10):
        services.issue_certificate(UserFactory(username=f"holder-{i}"), course)
    with django_assert_max_num_queries(25):
        assert staff_client.get("/admin/certificates/", {"course": course.pk}).status_code == 200


def test_revoke_with_reason(staff_client, certificate, client):
    response = staff_client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": ""})
    assert response.status_code == 200
    assert "اذكر سبب إلغاء هذه الشهادة" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    response = staff_client.post(
        f"/admin/certificates/{certificate.pk}/revoke/",
        {"reason": "Completed with another person's account"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Completed with another person's account"
    assert certificate.revoked_at is not None
    html = staff_client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert "revoked" in html


def test_reinstate(staff_client, certificate):
    services.revoke(certificate, "Mistake")
    response = staff_client.post(f"/admin/certificates/{certificate.pk}/reinstate/")
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert certificate.state() == "valid"
    assert staff_client.get(f"/admin/certificates/{certificate.pk}/reinstate/").status_code == 405


def test_reinstate_refused_when_another_valid_one_exists(certificate, trainee, course):
    services.revoke(certificate, "Mistake")
    Certificate.objects.create(
        user=trainee,
        course=course,
        code="MDF-AAAA-BBBB-CCCC-DDDD",
        course_title_ar="x",
        course_title_en="x",
    )
    with pytest.raises(services.CertificateError):
        services.reinstate(certificate)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_reissue_after_a_course_change(staff_client, certificate, course):
    services.choose_name(certificate, "own", "Salma")
    code, issued_at, old_png = certificate.code, certificate.issued_at, certificate.png.name
    page = CoursePage.objects.get(pk=course.pk)
    page.title_en = "Digital security for human-rights defenders"
    page.title_ar = "الأمن الرقمي للمدافعين عن حقوق الإنسان"
    page.estimated_hours = 20
    page.save()
    certificate.refresh_from_db()
    assert certificate.course_title_en == "Digital security for defenders"  # frozen
    response = staff_client.post(f"/admin/certificates/{certificate.pk}/reissue/")
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.course_title_en == "Digital security for human-rights defenders"
    assert certificate.course_title_ar == "الأمن الرقمي للمدافعين عن حقوق الإنسان"
    assert certificate.hours == 20
    assert (certificate.code, certificate.issued_at, certificate.shown_name) == (
        code,
        issued_at,
        "Salma",
    )
    assert certificate.png.name != old_png
    assert certificate.reissued_at is not None


def test_zip_of_a_course_for_staff(staff_client, course, home_page):
    holders = [UserFactory(username=f"zip-holder-{i}") for i in range(3)]
    issued = [services.issue_certificate(user, course)[0] for user in holders]
    services.choose_name(issued[0], "own", "Salma")
    services.revoke(issued[2], "Mistake")
    other_course, _ = make_course(home_page)
    other = services.issue_certificate(holders[0], other_course)[0]
    response = staff_client.get(f"/admin/certificates/course/{course.pk}/zip/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert names == {
        f"{issued[0].code}.pdf",
        f"{issued[0].code}.png",
        f"{issued[1].code}.pdf",
        f"{issued[1].code}.png",
        "certificates.csv",
    }
    assert other.code not in "".join(names)
    assert archive.read(f"{issued[0].code}.pdf").startswith(b"%PDF-")
    listing = archive.read("certificates.csv").decode("utf-8-sig")
    assert "Salma" in listing
    assert "zip-holder" not in listing  # usernames stay in the admin


@pytest.mark.parametrize("who", ["anonymous", "trainee", "trainer"])
def test_zip_and_staff_pages_only_for_staff(client, certificate, course, who):
    if who == "trainee":
        client.force_login(UserFactory(username="just-a-trainee"))
    elif who == "trainer":
        client.force_login(trainer())
    for url, method in (
        (f"/admin/certificates/course/{course.pk}/zip/", "get"),
        ("/admin/certificates/", "get"),
        (f"/admin/certificates/{certificate.pk}/revoke/", "post"),
        (f"/admin/certificates/{certificate.pk}/reissue/", "post"),
    ):
        response = getattr(client, method)(url, {"reason": "x"} if method == "post" else None)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"] or response["Location"].startswith(
                "/admin/"
            )
        assert response.get("Content-Type") != "application/zip"
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_trainer_is_turned_away_without_a_zip(client, course, certificate):
    """Wagtail answers a PermissionDenied in the admin by sending the user back to the
    dashboard with a message."""
    client.force_login(trainer())
    response = client.get(f"/admin/certificates/course/{course.pk}/zip/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_admin_menu_shows_certificates_to_staff_only(client):
    client.force_login(centre_staff())
    assert "/admin/certificates/" in client.get("/admin/").content.decode()
    client.force_login(trainer())
    assert "/admin/certificates/" not in client.get("/admin/").content.decode()


def test_zip_of_an_association_for_staff(staff_client, course, home_page):
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    association = OrganisationFactory()
    other_association = OrganisationFactory()
    member, coordinator, outsider = (UserFactory(username=f"assoc-{i}") for i in range(3))
    MembershipFactory(user=member, organisation=association)
    MembershipFactory(user=coordinator, organisation=association, role="coordinator")
    MembershipFactory(user=outsider, organisation=other_association)
    second_course, _ = make_course(home_page)
    expected = [
        services.issue_certificate(member, course)[0],
        services.issue_certificate(member, second_course)[0],
        services.issue_certificate(coordinator, course)[0],
    ]
    revoked = services.issue_certificate(coordinator, second_course)[0]
    services.revoke(revoked, "Mistake")
    outside = services.issue_certificate(outsider, course)[0]

    listing = staff_client.get("/admin/certificates/", {"association": association.public_id})
    html = listing.content.decode()
    assert outside.code not in html
    assert f"/admin/certificates/association/{association.public_id}/zip/" in html

    response = staff_client.get(f"/admin/certificates/association/{association.public_id}/zip/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    codes_in_zip = {
        name.rsplit(".", 1)[0] for name in archive.namelist() if name != "certificates.csv"
    }
    assert codes_in_zip == {certificate.code for certificate in expected}


def test_association_zip_only_for_staff(client, course):
    from tests.organisations.factories import OrganisationFactory

    association = OrganisationFactory()
    client.force_login(trainer())
    response = client.get(f"/admin/certificates/association/{association.public_id}/zip/")
    assert response.status_code == 302
    assert response.get("Content-Type") != "application/zip"
