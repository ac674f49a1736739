"""HTTP throughput of the pages people open, against a bare Django page in the same run.

Run: make bench (or: DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.http_throughput)
The figures that matter are the ratios to the bare page, measured in one run: absolute
requests per second depend on what else this shared machine is doing."""

import http.cookiejar
import os
import urllib.parse
import urllib.request

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


def targets(course, lesson) -> list[tuple[str, str, bool]]:
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


def main() -> None:
    setup_django()
    prepare()
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    rows = []
    user, course, lesson = pick_trainee()
    with gunicorn(workers=2) as base:
        cookie = session_cookie(user)
        for name, path, signed_in in targets(course, lesson):
            headers = [cookie] if signed_in else []
            check_status(base + path, headers)
            wrk(base + path, seconds=2, headers=headers)  # warm-up
            result = wrk(base + path, seconds=seconds, headers=headers)
            rows.append({"page": name, "path": path, **result})
    reference = rows[0]["rps"] or 1
    for row in rows:
        row["ratio"] = round(row["rps"] / reference, 2)
    print(table(rows, ["page", "rps", "p50_ms", "p95_ms", "errors", "ratio"]))
    print(
        "saved",
        save("http", {"seconds": seconds, "workers": 2, "trainee": user.username, "rows": rows}),
    )


if __name__ == "__main__":
    main()
