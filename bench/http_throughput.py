"""HTTP throughput of the pages people open, against a bare Django page in the same run.

Run: make bench (or: DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.http_throughput)
The figures that matter are the ratios to the bare page, measured in one run: absolute
requests per second depend on what else this shared machine is doing."""

import http.cookiejar
import os
import secrets
import statistics
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.common import ROOT, gunicorn, save, session_cookie, setup_django, table, wrk

PASSPHRASE = "bench passphrase for a generated trainee"


def prepare() -> None:
    """Migrate, set up the site and a bench trainee (idempotent)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup_site", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-trainee")
    user.set_password(PASSPHRASE)
    user.save()


def sign_in(base: str) -> str:
    """Sign in over HTTP like a browser; return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/en/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"login": "bench-trainee", "password": PASSPHRASE, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        base + "/en/accounts/login/", data=data, headers={"Referer": base + "/en/accounts/login/"}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("bench sign-in failed")
    return "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items())


def page_url(page) -> str:
    return "/ar" + page.url_path.removeprefix("/home-page")


def pick_trainee():
    """A trainee halfway through a shipped course (from the scale data set when it is
    loaded, else the bench trainee, enrolled here), with the lesson to do next."""
    from django.contrib.auth import get_user_model

    from courses import services
    from courses.models import CoursePage, Enrollment, LessonPage

    course = CoursePage.objects.live().filter(slug="digital-security").first()
    if course is None:
        from courses.course_format import import_course

        import_course(ROOT / "courses" / "curriculum" / "digital-security")
        course = CoursePage.objects.get(slug="digital-security")
    enrolment = (
        Enrollment.objects.filter(
            course=course, completed_at__isnull=True, user__username__startswith="scale-"
        )
        .exclude(last_step=None)
        .exclude(user__memberships__role="coordinator")  # coordinators must set up MFA first
        .order_by("user__username")
        .first()
    )
    if enrolment is not None:
        user = enrolment.user
    else:
        user = get_user_model().objects.get(username="bench-trainee")
        for step in services.course_steps(course)[:3]:
            services.complete_step(user, step)
    step = services.next_step(user, course)
    if not isinstance(step.specific, LessonPage):  # a quiz is next: take an open lesson
        state = services.course_state(user, course)
        step = next(
            s.page
            for m in state.modules
            for s in m.steps
            if not s.locked and isinstance(s.page.specific, LessonPage)
        )
    return user, course, step


def first_practice_quiz(course):
    """The practice quiz of the course's first module (open to anyone enrolled)."""
    from courses import services
    from quizzes.models import QuizPage

    outline = services.course_outline(course)
    ids = [s.pk for s in outline.modules[0].steps] if outline.modules else []
    return QuizPage.objects.filter(pk__in=ids).order_by("path").first()


def open_attempt_path(user, quiz) -> str:
    """An open attempt of `user` at `quiz` (started now if needed), as a page path."""
    from quizzes import services

    attempt = services.start_attempt(user, quiz)
    return f"/ar/quizzes/attempts/{attempt.pk}/"


def targets(course, lesson, attempt_path: str | None = None) -> list[tuple[str, str, bool]]:
    """(name, path, signed in). Pages are added here as the site grows."""
    return [
        ("bare Django page (reference)", "/bench/bare/", False),
        # The same page for a signed-in user: what any signed-in page pays before its own
        # work (session, user, sign-in policies).
        ("bare page, signed in", "/bench/bare/", True),
        ("home page", "/ar/", False),
        ("catalogue", "/ar/courses/", True),
        ("course page", page_url(course), True),
        ("lesson page", page_url(lesson), True),
        ("my learning", "/ar/learning/", True),
        ("my account", "/ar/accounts/me/", True),
        *([("quiz attempt page", attempt_path, True)] if attempt_path else []),
    ]


def check_status(url: str, headers: list[str]) -> None:
    """The page answers 200 (not a redirect to sign-in or to MFA set-up) before it is
    measured."""
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(request, timeout=30) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise RuntimeError(f"{req.full_url} redirects ({code}) to {newurl}")


# --- Quiz submissions: each POST grades one attempt once, so wrk's repeated request does
# not apply; a bounded pool of 8 client threads (wrk's connections) submits one started
# attempt per trainee, and the bare page is measured by the same client for the ratio.

SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "200"))
CLIENTS = 8


def submission_candidates(course, quiz, count: int):
    """Trainees of the data set enrolled in `course` who never tried `quiz` and do not
    coordinate (coordinators must set up MFA first), each with an attempt started now."""
    from courses.models import Enrollment
    from quizzes.models import Attempt

    tried = Attempt.objects.filter(quiz=quiz).values("user_id")
    enrolments = (
        Enrollment.objects.filter(course=course, user__username__startswith="scale-")
        .exclude(user_id__in=tried)
        .exclude(user__memberships__role="coordinator")
        .select_related("user")
        .order_by("user__username")[:count]
    )
    users = [e.user for e in enrolments]
    return [(user, open_attempt_path(user, quiz)) for user in users]


def python_client_rps(jobs) -> dict:
    """Run `jobs` (callables returning (status, seconds)) on CLIENTS threads."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    wall = time.perf_counter() - started
    timings = sorted(seconds for _status, seconds in results)
    return {
        "requests": len(results),
        "rps": round(len(results) / wall, 1) if wall else 0.0,
        "p50_ms": round(statistics.median(timings) * 1000, 1) if timings else None,
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)] * 1000, 1)
        if timings
        else None,
        "errors": sum(1 for status, _seconds in results if status not in (200, 302)),
    }


def submission_throughput(base: str, candidates) -> list[dict]:
    """Bare page and quiz submissions through the same Python client."""
    from bench.quiz_spike import _request, right_answers

    def bare():
        status, _location, seconds = _request(base + "/bench/bare/", "")
        return status, seconds

    jobs = []
    for user, path in candidates:
        csrf = secrets.token_hex(16)
        cookie = f"{session_cookie(user).removeprefix('Cookie: ')}; csrftoken={csrf}"
        attempt_id = int(path.rstrip("/").rsplit("/", 1)[-1])
        fields = {**right_answers(attempt_id), "csrfmiddlewaretoken": csrf}

        def submit(url=base + path, cookie=cookie, fields=fields):
            status, location, seconds = _request(url, cookie, fields)
            graded = status == 302 and location and "/result/" in location
            return (302 if graded else status or 599), seconds

        jobs.append(submit)
    reference = python_client_rps([bare] * len(jobs))
    submitted = python_client_rps(jobs)
    return [
        {"page": "bare Django page (Python client)", "path": "/bench/bare/", **reference},
        {"page": "quiz submission (Python client)", "path": "POST attempt", **submitted},
    ]


def main() -> None:
    setup_django()
    prepare()
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    rows = []
    user, course, lesson = pick_trainee()
    quiz = first_practice_quiz(course)
    candidates = submission_candidates(course, quiz, SUBMISSIONS + 1) if quiz else []
    if not candidates:
        print("note: no trainee left to start a quiz (load a fresh scale data set)")
    # The first candidate's open attempt is the quiz attempt page (submitted last).
    attempt_user, attempt_path = candidates[0] if candidates else (None, None)
    with gunicorn(workers=2) as base:
        cookie = session_cookie(user)
        attempt_cookie = session_cookie(attempt_user) if attempt_user else None
        for name, path, signed_in in targets(course, lesson, attempt_path):
            headers = [cookie] if signed_in else []
            if path == attempt_path:
                headers = [attempt_cookie]
            check_status(base + path, headers)
            wrk(base + path, seconds=2, headers=headers)  # warm-up
            result = wrk(base + path, seconds=seconds, headers=headers)
            rows.append({"page": name, "path": path, **result})
        submissions = submission_throughput(base, candidates[1:]) if candidates else []
    reference = rows[0]["rps"] or 1
    for row in rows:
        row["ratio"] = round(row["rps"] / reference, 2)
    if submissions:
        python_reference = submissions[0]["rps"] or 1
        for row in submissions:
            row["ratio"] = round(row["rps"] / python_reference, 2)
        rows += submissions
    print(table(rows, ["page", "rps", "p50_ms", "p95_ms", "errors", "ratio"]))
    print(
        "saved",
        save("http", {"seconds": seconds, "workers": 2, "trainee": user.username, "rows": rows}),
    )


if __name__ == "__main__":
    main()
