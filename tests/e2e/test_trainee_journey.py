"""A trainee's whole way, in Arabic, with JavaScript on and off: sign up → join an
association with an invite code → start a course → read and complete its lessons → fail
the quiz once, pass it → choose the name on the certificate → download the PDF → someone
else verifies the code in a fresh browser.

The course is built by the factories (two lessons and an end-of-module quiz, awarding a
certificate): the seeded demo course awards none, and its quiz comes with the quiz.toml
import, which is on another branch."""

import pytest

from certificates.models import Certificate
from certificates.services import verification_path
from quizzes.models import Attempt
from tests.certificates.factories import make_course
from tests.organisations.factories import InviteCodeFactory, OrganisationFactory
from tests.quizzes.factories import SINGLE, make_quiz

from .conftest import wait_for_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSPHRASE = "olive trees by the harbour at dawn"


def _path(page_object) -> str:
    return "/ar/" + page_object.url_path.split("/", 2)[2]


@pytest.mark.parametrize("js_enabled", [True, False], ids=["js-on", "js-off"])
def test_trainee_from_sign_up_to_a_verified_certificate(
    browser_session, journey, home_page, js_enabled
):
    username = "amina-" + ("js" if js_enabled else "nojs")
    organisation = OrganisationFactory(name_ar="جمعية الشاطئ", name_en="Coast association")
    invite = InviteCodeFactory(organisation=organisation)
    course, lessons = make_course(home_page, lessons=2)
    quiz = make_quiz(lessons[0].get_parent().specific, questions=[SINGLE])

    # Sign up.
    page = browser_session.new_page()
    page.goto(browser_session.url("/ar/accounts/signup/"))
    journey.step(page, "sign-up")
    form = page.locator("main form:has(input[name=password1])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password1]").fill(PASSPHRASE)
    form.locator("input[name=password2]").fill(PASSPHRASE)
    form.locator("button[type=submit]").click()
    wait_for_path(page, "/ar/")

    # Join the association with the invite code.
    page.goto(browser_session.url("/ar/associations/"))
    join = page.locator("main form[action$='/associations/join/']")
    join.locator("input[name=code]").fill(invite.code)
    join.locator("button[type=submit]").click()
    wait_for_path(page, "/ar/associations/")
    journey.step(page, "joined")
    assert "جمعية الشاطئ" in page.locator("main").inner_text()

    # Start the course, complete both lessons: each leads to the next step.
    page.goto(browser_session.url(_path(course)))
    journey.step(page, "course")
    page.locator("main form[action*='/learning/start/'] button[type=submit]").click()
    for number, lesson in enumerate(lessons, start=1):
        wait_for_path(page, _path(lesson))
        journey.step(page, f"lesson-{number}")
        page.locator("main form[action*='/learning/complete/'] button[type=submit]").click()
    wait_for_path(page, _path(quiz))
    journey.step(page, "quiz")

    # Fail the quiz once, then pass it.
    for attempt, answer in (("failed", "بنغازي"), ("passed", "طرابلس")):
        page.goto(browser_session.url(_path(quiz)))
        page.locator("main form[action*='/quizzes/'] button[type=submit]").click()
        page.wait_for_url(lambda url: "/quizzes/attempts/" in url)
        page.get_by_label(answer, exact=True).check()
        journey.step(page, f"attempt-{attempt}")
        page.locator("main button[name=action][value=submit]").click()
        page.wait_for_url(lambda url: url.rstrip("/").endswith("/result"))
        journey.step(page, f"result-{attempt}")

    attempts = Attempt.objects.filter(user__username=username, quiz=quiz).order_by("number")
    assert [a.passed for a in attempts] == [False, True]

    # The certificate: choose the name, download the PDF.
    certificate = Certificate.objects.get(user__username=username, course=course)
    page.goto(browser_session.url("/ar/certificates/"))
    journey.step(page, "my-certificates")
    page.locator(f'main a[href="/ar/certificates/{certificate.pk}/name/"]').click()
    wait_for_path(page, f"/ar/certificates/{certificate.pk}/name/")
    page.locator("main input[name=choice][value=pseudonym]").check()
    page.locator("main input[name=name]").fill("أمينة")
    page.locator("main form button[type=submit]").click()
    wait_for_path(page, "/ar/certificates/")
    with page.expect_download() as pdf:
        page.locator(f'main a[href="/ar/certificates/{certificate.pk}/download/pdf/"]').click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF-")

    # Someone else verifies the code, in a fresh browser.
    verifier = browser_session.new_context().new_page()
    verifier.goto(browser_session.url(verification_path(certificate.code)))
    journey.step(verifier, "verification")
    shown = verifier.locator("main").inner_text()
    assert "هذه الشهادة صالحة." in shown
    assert "أمينة" in shown
    assert username not in verifier.content()
