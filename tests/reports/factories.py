"""A hand-built data set for the report tests, written straight into the tables (no
services, no signals: certificates are rows here, not rendered files), so every figure can
be computed by hand. The expected figures are written out in test_services.py."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrollment, StepCompletion
from madafe.organisations.models import Region, Role
from quizzes.models import Attempt, QuizPage
from quizzes.services import recount_quiz_scores
from tests.accounts.factories import UserFactory
from tests.courses.factories import add_page, course_index, lessons_of, make_course
from tests.organisations.factories import MembershipFactory, OrganisationFactory

_codes = itertools.count(1)
TRIPOLI = datetime.timezone(datetime.timedelta(hours=2))


def at(day: str) -> datetime.datetime:
    """Noon in Tripoli on an ISO date: far from any month boundary in any time zone."""
    return datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=TRIPOLI)


def add_quiz(parent, slug="final-quiz", title_en="Final quiz") -> QuizPage:
    return add_page(
        parent,
        QuizPage(title=f"اختبار {slug}", title_ar=f"اختبار {slug}", title_en=title_en, slug=slug),
    )


def enrol(user, course, steps=(), completed_at=None) -> Enrollment:
    """An enrolment with completions of `steps` (steps of the course's outline), its
    `steps_done` counter written with them, as the services would."""
    enrolment = Enrollment.objects.create(
        user=user, course=course, completed_at=completed_at, steps_done=len(steps)
    )
    for step in steps:
        StepCompletion.objects.create(user=user, page_id=step.pk)
    return enrolment


def attempt(user, quiz, course, score, number=None, submitted=True) -> Attempt:
    """An attempt row; the enrolment's quiz counters recounted after it, as the services
    would keep them."""
    number = number or Attempt.objects.filter(user=user, quiz=quiz).count() + 1
    row = Attempt.objects.create(
        user=user,
        quiz=quiz,
        course=course,
        number=number,
        submitted_at=timezone.now() if submitted else None,
        score=Decimal(score) if submitted else None,
        passed=(Decimal(score) >= 70) if submitted else None,
    )
    recount_quiz_scores(user=user, course_ids=[course.pk])
    return row


def certificate(user, course, issued_at, status=Certificate.Status.VALID) -> Certificate:
    return Certificate.objects.create(
        user=user,
        course=course,
        code=f"TESTCODE{next(_codes):08d}",
        issued_at=issued_at,
        status=status,
        course_title_ar=course.title_ar,
        course_title_en=course.title_en,
        track=course.track,
    )


def member(organisation, username, **kwargs):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, **kwargs)
    return user


def build_data_set(home_page) -> dict:
    """Two associations, two courses.

    Course X ("Digital safety", digital-security): one module of four lessons and a final
    quiz under the course: five steps. Course Y ("Advocacy", advocacy): one module of two
    lessons: two steps.

    Association A (west): a1…a6. Association B (east): b1, b2, b3 and a1 (a1 is in both).

    X: a1 completed (2026-01-10), quiz 60 then 80; a2 3/5 steps, quiz 50; a3 1/5; a4 enrolled,
    nothing done; a5 completed (2026-02-03), quiz 90 (and an open attempt); b1 2/5;
    b2 completed (2026-02-20), quiz 70. Y: a1 1/2; a2 completed (2026-01-15); b1 completed
    (2026-02-25). a6 and b3 are enrolled nowhere.

    Certificates (issued on the completion date): a1 X, a2 Y, b2 X, b1 Y valid; a5 X revoked.
    """
    index = course_index(home_page)
    x = make_course(
        index, modules=1, lessons=4, track="digital-security", title_en="Digital safety"
    )
    quiz = add_quiz(x)
    y = make_course(index, modules=1, lessons=2, track="advocacy", title_en="Advocacy")
    xs = [*lessons_of(x), quiz]
    ys = lessons_of(y)
    org_a = OrganisationFactory(name_en="Association A", name_ar="جمعية أ", region=Region.WEST)
    org_b = OrganisationFactory(name_en="Association B", name_ar="جمعية ب", region=Region.EAST)
    u = {}
    for name in ("a1", "a2", "a3", "a4", "a5", "a6"):
        u[name] = member(org_a, name)
    for name in ("b1", "b2", "b3"):
        u[name] = member(org_b, name)
    MembershipFactory(user=u["a1"], organisation=org_b)

    enrol(u["a1"], x, xs, completed_at=at("2026-01-10"))
    attempt(u["a1"], quiz, x, "60")
    attempt(u["a1"], quiz, x, "80")
    enrol(u["a2"], x, xs[:3])
    attempt(u["a2"], quiz, x, "50")
    enrol(u["a3"], x, xs[:1])
    enrol(u["a4"], x)
    enrol(u["a5"], x, xs, completed_at=at("2026-02-03"))
    attempt(u["a5"], quiz, x, "90")
    attempt(u["a5"], quiz, x, "0", submitted=False)
    enrol(u["b1"], x, xs[:2])
    enrol(u["b2"], x, xs, completed_at=at("2026-02-20"))
    attempt(u["b2"], quiz, x, "70")
    enrol(u["a1"], y, ys[:1])
    enrol(u["a2"], y, ys, completed_at=at("2026-01-15"))
    enrol(u["b1"], y, ys, completed_at=at("2026-02-25"))

    certificate(u["a1"], x, at("2026-01-10"))
    certificate(u["a2"], y, at("2026-01-15"))
    certificate(u["b2"], x, at("2026-02-20"))
    certificate(u["b1"], y, at("2026-02-25"))
    certificate(u["a5"], x, at("2026-02-03"), status=Certificate.Status.REVOKED)
    return {"x": x, "y": y, "quiz": quiz, "a": org_a, "b": org_b, "users": u}


def coordinator_of(organisation, username):
    return member(organisation, username, role=Role.COORDINATOR)
