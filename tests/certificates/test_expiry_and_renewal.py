from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from certificates import services, signal_handlers
from certificates.models import Certificate
from tests.accounts.factories import UserFactory

from .factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(home_page):
    course, _lessons = make_course(home_page, validity_months=12)
    user = UserFactory()
    certificate, _ = services.issue_certificate(user, course)
    # The holder chose how their name appears, which draws the files.
    certificate = services.choose_name(certificate, "own", "Amal Test")
    return course, user, certificate


def test_states(expiring):
    _course, _user, certificate = expiring
    now = timezone.now()
    assert certificate.state(now) == "valid"
    assert certificate.state(now + timedelta(days=366)) == "expired"
    assert Certificate.objects.current(now).filter(pk=certificate.pk).exists()
    assert not Certificate.objects.current(now + timedelta(days=366)).exists()
    services.revoke(certificate, "Mistake")
    assert certificate.state(now) == "revoked"
    assert certificate.state(now + timedelta(days=366)) == "revoked"


def test_expiry_date_is_printed_on_the_certificate(expiring):
    _course, _user, certificate = expiring
    data = services.certificate_data(certificate)
    assert data.expires_on == timezone.localdate(certificate.expires_at)


def test_renewal_extends_from_the_new_pass(expiring):
    course, user, certificate = expiring
    later = certificate.issued_at + timedelta(days=400)  # expired by then
    old_png = certificate.png.name
    renewed = services.renew_certificate(user, course, when=later)
    assert renewed.pk == certificate.pk
    assert renewed.expires_at == services.add_months(later, 12)
    assert renewed.renewed_at == later
    assert renewed.code == certificate.code
    assert renewed.issued_at == certificate.issued_at
    assert renewed.state(later + timedelta(days=1)) == "valid"
    assert renewed.png.name != old_png  # the new expiry date is printed


def test_renewing_before_the_files_are_drawn_draws_nothing_until_they_are_needed(home_page):
    course, _lessons = make_course(home_page, validity_months=12)
    user = UserFactory()
    certificate, _ = services.issue_certificate(user, course)
    later = certificate.issued_at + timedelta(days=400)
    renewed = services.renew_certificate(user, course, when=later)
    assert not renewed.png and renewed.expires_at == services.add_months(later, 12)
    # Drawn at the first need, with the renewed expiry date.
    drawn = services.ensure_files(renewed)
    assert drawn.png and drawn.pdf
    assert services.certificate_data(drawn).expires_on == timezone.localdate(drawn.expires_at)


def test_passing_again_the_same_day_changes_nothing(expiring):
    course, user, certificate = expiring
    renewed = services.renew_certificate(user, course, when=certificate.issued_at)
    assert renewed.rendered_at == certificate.rendered_at
    assert renewed.renewed_at is None


def test_revoked_certificate_is_not_renewed(expiring):
    course, user, certificate = expiring
    services.revoke(certificate, "Mistake")
    assert (
        services.renew_certificate(user, course, when=timezone.now() + timedelta(days=400)) is None
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_course_without_validity_has_nothing_to_renew(certificate, trainee, course):
    assert certificate.expires_at is None
    assert services.renew_certificate(trainee, course) is None


def test_final_quiz_pass_renews_but_a_module_quiz_does_not(expiring):
    """The handler for quizzes.signals.quiz_passed (connected once quizzes is merged): a
    quiz directly under the course is its final exam."""
    course, user, certificate = expiring
    later = certificate.issued_at + timedelta(days=400)
    module = course.get_children().first()
    module_quiz = SimpleNamespace(get_parent=lambda: module)
    signal_handlers.renew_on_quiz_passed(
        sender=None, user=user, quiz=module_quiz, attempt=SimpleNamespace(submitted_at=later)
    )
    certificate.refresh_from_db()
    assert certificate.renewed_at is None
    final_quiz = SimpleNamespace(get_parent=lambda: course.page_ptr)
    signal_handlers.renew_on_quiz_passed(
        sender=None, user=user, quiz=final_quiz, attempt=SimpleNamespace(submitted_at=later)
    )
    certificate.refresh_from_db()
    assert certificate.expires_at == services.add_months(later, 12)


def test_expired_certificate_verifies_as_expired_and_renewal_makes_it_valid(client, expiring):
    course, user, certificate = expiring
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    html = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert "This certificate has expired." in html
    services.renew_certificate(user, course)
    html = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert "This certificate is valid." in html


def test_renewal_listens_to_quiz_passed_once_quizzes_has_its_signal():
    signals = pytest.importorskip("quizzes.signals", reason="quizzes is not merged yet")
    receivers = [r[0][0] for r in signals.quiz_passed.receivers]
    assert "certificates.renew_on_quiz_passed" in receivers
