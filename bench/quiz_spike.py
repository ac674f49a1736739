"""Quiz-start spike, on one app server and then on two.

    make bench  (or: DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.quiz_spike)

1. 200 trainees who have done everything in a course but its final quiz start that quiz,
   open it and submit right answers, all at once, through gunicorn (2 workers) on
   127.0.0.1. Errors must be 0; afterwards each of them holds exactly one certificate.
2. The same with two gunicorn instances on two ports sharing PostgreSQL and Redis, the
   trainees split across both; then a certificate issued through one server verifies
   through the other, and the verification rate limit holds across both (the attempt
   after the limit is refused whichever server gets it).

Trainees come from the scale data set (`generate_scale_data`); the run uses up its
candidates (they pass), so each run takes fresh ones. The client is a bounded thread pool
that stops by itself (each request has a timeout).
"""

import os
import secrets
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.common import free_port, gunicorn, save, session_cookie, setup_django, table

TRAINEES = int(os.environ.get("BENCH_SPIKE_TRAINEES", "200"))
COURSE = "digital-security"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)
_DB = ThreadPoolExecutor(max_workers=1)


def _request(url, cookie, data=None):
    """(status, location, seconds)."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})
    start = time.perf_counter()
    try:
        with _opener.open(request, timeout=120) as response:
            response.read()
            status, location = response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        error.read()
        status, location = error.code, error.headers.get("Location")
    return status, location, time.perf_counter() - start


def candidates(count: int):
    """`count` trainees (not coordinators: they must set up MFA first) whose only missing
    step in the course is its final quiz, without a certificate for it. Trainees of the
    data set in that state come first; the rest are trainees enrolled in the course whose
    missing earlier steps are recorded as done here (bulk rows, as the generator writes)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from certificates.models import Certificate
    from courses.models import CoursePage, Enrollment, StepCompletion
    from courses.services import course_outline
    from quizzes.models import Attempt, QuizPage

    course = CoursePage.objects.get(slug=COURSE)
    outline = course_outline(course)
    final = QuizPage.objects.get(pk=outline.final_steps[-1].pk)
    before = outline.step_ids()[:-1]
    room = final.attempts_allowed or 10**6
    used = (
        Attempt.objects.filter(quiz=final)
        .values("user")
        .annotate(n=Count("pk"))
        .filter(n__gte=room)
        .values("user")
    )
    enrolments = (
        Enrollment.objects.filter(course=course, completed_at__isnull=True)
        .filter(user__username__startswith="scale-")
        .exclude(user__memberships__role="coordinator")
        .exclude(user__in=Certificate.objects.filter(course=course).values("user"))
        .exclude(user__in=Attempt.objects.filter(quiz=final, passed=True).values("user"))
        .exclude(user__in=used)
    )
    ready = list(
        enrolments.filter(last_step_id=before[-1])
        .order_by("user__username")
        .values_list("user", flat=True)[:count]
    )
    if len(ready) < count:
        more = list(
            enrolments.exclude(user__in=ready)
            .order_by("user__username")
            .values_list("user", flat=True)[: count - len(ready)]
        )
        StepCompletion.objects.bulk_create(
            [StepCompletion(user_id=u, page_id=p) for u in more for p in before],
            ignore_conflicts=True,
            batch_size=5000,
        )
        Enrollment.objects.filter(course=course, user__in=more).update(
            last_step_id=before[-1], steps_done=len(before)
        )
        ready += more
    # Every earlier step really done.
    done = dict(
        StepCompletion.objects.filter(user__in=ready, page_id__in=before)
        .values_list("user")
        .annotate(n=Count("pk"))
    )
    ready = [u for u in ready if done.get(u) == len(before)]
    return course, final, list(get_user_model().objects.filter(pk__in=ready))


def right_answers(attempt_id: int) -> dict:
    from quizzes.models import Attempt
    from quizzes.services import questions_with_choices

    attempt = Attempt.objects.get(pk=attempt_id)
    questions = questions_with_choices(question_ids=attempt.question_order)
    fields = {"action": "submit"}
    for index, qid in enumerate(attempt.question_order, start=1):
        question = questions[qid]
        if question.kind == "short":
            fields[f"q{index}"] = (
                question.accepted_answers_en or question.accepted_answers_ar or ""
            ).splitlines()[0]
            continue
        shown = attempt.choice_order.get(str(qid), [])
        correct = {c.pk for c in question.choice_list if c.is_correct}
        fields[f"q{index}"] = [f"c{i}" for i, cid in enumerate(shown, start=1) if cid in correct]
    return fields


def one_trainee(base: str, quiz_id: int, cookie: str, barrier) -> dict:
    csrf = secrets.token_hex(16)  # a CSRF secret of our own: cookie and form field agree
    cookie = f"{cookie}; csrftoken={csrf}"
    timings, errors = [], []
    barrier.wait(timeout=60)
    status, location, seconds = _request(
        f"{base}/ar/quizzes/{quiz_id}/start/", cookie, {"csrfmiddlewaretoken": csrf}
    )
    timings.append(seconds)
    if status != 302 or not location or "/attempts/" not in location:
        return {"timings": timings, "errors": [f"start {status} {(location or '')[:40]}"]}
    attempt_url = urllib.parse.urljoin(base, location)
    status, _loc, seconds = _request(attempt_url, cookie)
    timings.append(seconds)
    if status != 200:
        errors.append(f"attempt page {status}")
    attempt_id = int(location.rstrip("/").rsplit("/", 1)[-1])
    # The answer key is read by one database thread for all clients (one connection).
    fields = {**_DB.submit(right_answers, attempt_id).result(), "csrfmiddlewaretoken": csrf}
    status, location, seconds = _request(attempt_url, cookie, fields)
    timings.append(seconds)
    if status != 302 or not location or "/result/" not in location:
        errors.append(f"submit {status}")
    else:
        status, _loc, seconds = _request(urllib.parse.urljoin(base, location), cookie)
        timings.append(seconds)
        if status != 200:
            errors.append(f"result {status}")
    return {"timings": timings, "errors": errors}


def spike(bases: list[str], label: str) -> dict:
    from django.db import connection

    from certificates.models import Certificate

    course, quiz, users = candidates(TRAINEES)
    if len(users) < TRAINEES:
        print(f"note: only {len(users)} candidates left (load a fresh scale data set)")
    cookies = [session_cookie(user).removeprefix("Cookie: ") for user in users]
    barrier = threading.Barrier(len(users))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        results = list(
            pool.map(
                lambda i: one_trainee(bases[i % len(bases)], quiz.pk, cookies[i], barrier),
                range(len(users)),
            )
        )
    wall = time.perf_counter() - started
    _DB.submit(lambda: connection.close()).result()  # the DB thread's own connection
    timings = sorted(t for r in results for t in r["timings"])
    errors = [e for r in results for e in r["errors"]]
    per_user = dict.fromkeys((u.pk for u in users), 0)
    for user_id in Certificate.objects.filter(
        course=course, user__in=users, status="valid"
    ).values_list("user_id", flat=True):
        per_user[user_id] += 1
    return {
        "setup": label,
        "trainees": len(users),
        "requests": len(timings),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "p50_ms": round(statistics.median(timings) * 1000) if timings else None,
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1] * 1000) if timings else None,
        "wall_s": round(wall, 1),
        "one_certificate_each": all(n == 1 for n in per_user.values()),
        "certificates": sum(per_user.values()),
    }


def cross_checks(first: str, second: str) -> dict:
    """A certificate verifies on the other server; the verification rate limit is shared."""

    from certificates.models import Certificate
    from certificates.ratelimit import LOOKUP_LIMITS

    code = Certificate.objects.filter(status="valid").order_by("-issued_at").first().code
    status, _l, _s = _request(f"{second}/ar/certificates/verify/{code}/", "")
    verifies = status == 200
    # Wait for a fresh one-minute bucket so earlier lookups do not count.
    time.sleep(61 - time.time() % 60)
    limit = LOOKUP_LIMITS[0][0]
    statuses = [
        _request(f"{(first, second)[i % 2]}/ar/certificates/verify/{code}/", "")[0]
        for i in range(limit + 1)
    ]
    return {
        "verifies_on_other_server": verifies,
        "rate_limit": limit,
        "accepted_before_limit": statuses[:limit].count(200),
        "refused_after_limit": statuses[limit] != 200,
        "refused_status": statuses[limit],
    }


def main() -> None:
    setup_django()
    rows = []
    with gunicorn(workers=2) as base:
        rows.append(spike([base], "one server, 2 workers"))
    with gunicorn(workers=2, port=free_port()) as first, gunicorn(workers=2) as second:
        rows.append(spike([first, second], "two servers, 2 workers each"))
        checks = cross_checks(first, second)
    print(
        table(
            rows,
            [
                "setup",
                "trainees",
                "requests",
                "errors",
                "p50_ms",
                "p95_ms",
                "wall_s",
                "one_certificate_each",
            ],
        )
    )
    for row in rows:
        if row["error_kinds"]:
            print("errors:", row["error_kinds"])
    print("two servers:", checks)
    print("saved", save("quiz_spike", {"rows": rows, "two_servers": checks}))


if __name__ == "__main__":
    main()
