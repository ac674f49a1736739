import threading
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from certificates import codes, services
from certificates.models import Certificate
from courses.services import complete_step
from tests.accounts.factories import UserFactory
from tests.conftest import postgresql_only

from .factories import make_course

pytestmark = pytest.mark.django_db


def test_issued_on_completion_and_not_before(home_page, django_capture_on_commit_callbacks):
    user = UserFactory()
    course, lessons = make_course(home_page, lessons=3)
    for lesson in lessons[:-1]:
        with django_capture_on_commit_callbacks(execute=True):
            complete_step(user, lesson)
        assert not Certificate.objects.filter(user=user).exists()
    with django_capture_on_commit_callbacks(execute=True):
        complete_step(user, lessons[-1])
    certificate = Certificate.objects.get(user=user)
    assert certificate.course.pk == course.pk
    assert certificate.status == Certificate.Status.VALID
    assert codes.normalise_code(certificate.code) == certificate.code
    # Frozen in both languages, with the track and hours.
    assert certificate.course_title_ar == "الأمن الرقمي للمدافعين"
    assert certificate.course_title_en == "Digital security for defenders"
    assert certificate.track == "digital-security"
    assert certificate.hours == 12
    # No files until the holder chooses how their name appears: that draws them.
    assert certificate.name_choice == ""
    assert not certificate.png and not certificate.pdf
    certificate = services.choose_name(certificate, "pseudonym", "Nour")
    assert certificate.png.storage.exists(certificate.png.name)
    assert certificate.pdf.storage.exists(certificate.pdf.name)
    assert certificate.png.read().startswith(b"\x89PNG")
    assert certificate.expires_at is None


def test_completing_again_does_not_issue_twice(home_page, django_capture_on_commit_callbacks):
    user = UserFactory()
    course, lessons = make_course(home_page, lessons=1)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            complete_step(user, lessons[0])
    assert Certificate.objects.filter(user=user).count() == 1


def test_no_certificate_for_a_course_that_awards_none(
    home_page, django_capture_on_commit_callbacks
):
    user = UserFactory()
    _course, lessons = make_course(home_page, lessons=1, awards_certificate=False)
    with django_capture_on_commit_callbacks(execute=True):
        complete_step(user, lessons[0])
    assert not Certificate.objects.exists()


def test_issue_is_idempotent(trainee, course):
    first, created = services.issue_certificate(trainee, course)
    second, created_again = services.issue_certificate(trainee, course)
    assert created and not created_again
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_a_revocation_is_never_replaced_by_a_new_certificate(certificate, trainee, course):
    services.revoke(certificate, "Cheating on the final quiz")
    again, created = services.issue_certificate(trainee, course)
    assert not created
    assert again.pk == certificate.pk
    assert again.status == Certificate.Status.REVOKED


def test_database_allows_one_valid_certificate_per_user_and_course(certificate, trainee, course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            user=trainee,
            course=course,
            code=codes.generate_code(),
            course_title_ar="x",
            course_title_en="x",
        )
    # A revoked one may sit beside a valid one.
    Certificate.objects.create(
        user=trainee,
        course=course,
        code=codes.generate_code(),
        course_title_ar="x",
        course_title_en="x",
        status=Certificate.Status.REVOKED,
    )


def test_codes_are_unique_in_the_database(certificate, course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            user=UserFactory(),
            course=course,
            code=certificate.code,
            course_title_ar="x",
            course_title_en="x",
        )


def test_expiry_comes_from_the_course_validity(home_page, trainee):
    course, _ = make_course(home_page, validity_months=24)
    certificate, _ = services.issue_certificate(trainee, course)
    assert certificate.expires_at == services.add_months(certificate.issued_at, 24)


def test_add_months_keeps_the_end_of_month():
    assert services.add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(
        2026, 2, 28, tzinfo=UTC
    )
    assert services.add_months(datetime(2026, 11, 22, tzinfo=UTC), 14) == datetime(
        2028, 1, 22, tzinfo=UTC
    )
    assert services.add_months(datetime(2028, 2, 29, tzinfo=UTC), 12) == datetime(
        2029, 2, 28, tzinfo=UTC
    )


def test_course_template_is_used(home_page, trainee):
    from certificates.models import CertificateTemplate, CourseTemplateAssignment

    course, _ = make_course(home_page)
    template = CertificateTemplate.objects.create(name="Advocacy", primary_colour="#123456")
    CourseTemplateAssignment.objects.create(template=template, course=course)
    certificate, _ = services.issue_certificate(trainee, course)
    assert certificate.template == template
    other, _ = make_course(home_page)
    assert services.issue_certificate(UserFactory(), other)[0].template.is_default


def test_rendering_failure_leaves_the_certificate_and_draws_it_later(trainee, course, monkeypatch):
    from certificates import rendering

    real_render = rendering.render

    def broken(data):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rendering, "render", broken)
    certificate, created = services.issue_certificate(trainee, course)
    assert created and not certificate.png
    monkeypatch.setattr(rendering, "render", real_render)
    certificate = services.ensure_files(certificate)
    assert certificate.png and certificate.pdf


def test_deleting_the_account_deletes_the_files(
    certificate, trainee, django_capture_on_commit_callbacks
):
    storage = certificate.png.storage
    names = [certificate.png.name, certificate.pdf.name]
    with django_capture_on_commit_callbacks(execute=True):
        trainee.delete()
    assert not Certificate.objects.exists()
    assert not any(storage.exists(name) for name in names)


def _race(threads, target):
    barrier = threading.Barrier(threads)
    errors = []

    def run():
        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_completing_the_same_course_leave_one_certificate(home_page):
    user = UserFactory()
    course, lessons = make_course(home_page, lessons=1)
    errors = _race(20, lambda: complete_step(user, lessons[0]))
    assert errors == []
    assert Certificate.objects.filter(user=user, course=course).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_issuing_at_once_leave_one_certificate(home_page):
    """Even if the completion signal came twenty times at once, issuing keeps one."""
    user = UserFactory()
    course, _lessons = make_course(home_page, lessons=1)
    results = []
    errors = _race(20, lambda: results.append(services.issue_certificate(user, course)))
    assert errors == []
    assert Certificate.objects.filter(user=user, course=course).count() == 1
    assert len({certificate.pk for certificate, _created in results}) == 1
    assert sum(created for _certificate, created in results) == 1


def test_certificate_carries_the_track_in_both_languages(certificate):
    data = services.certificate_data(certificate)
    assert data.track_en == "Information and digital security"
    assert data.track_ar and data.track_ar != data.track_en
    assert data.course_title_ar == "الأمن الرقمي للمدافعين"
    assert data.course_title_en == "Digital security for defenders"
    assert data.hours == 12
    assert data.holder_name is None
    assert data.verification_url.endswith(f"/ar/certificates/verify/{certificate.code}/")
