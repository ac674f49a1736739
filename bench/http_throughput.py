"""HTTP throughput of the pages people open, against a bare Django page in the same run.

Run: make bench (or: DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.http_throughput)
The figures that matter are the ratios to the bare page, measured in one run: absolute
requests per second depend on what else this shared machine is doing."""

import http.cookiejar
import os
import urllib.parse
import urllib.request

from bench.common import gunicorn, save, setup_django, table, wrk

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


def targets() -> list[tuple[str, str, bool]]:
    """(name, path, signed in). Pages are added here as the site grows."""
    return [
        ("bare Django page (reference)", "/bench/bare/", False),
        ("home page", "/ar/", False),
        ("sign-in page", "/ar/accounts/login/", False),
        ("my account (signed in)", "/ar/accounts/me/", True),
    ]


def main() -> None:
    setup_django()
    prepare()
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    rows = []
    with gunicorn(workers=2) as base:
        cookie = sign_in(base)
        for name, path, signed_in in targets():
            headers = [cookie] if signed_in else []
            wrk(base + path, seconds=2, headers=headers)  # warm-up
            result = wrk(base + path, seconds=seconds, headers=headers)
            rows.append({"page": name, "path": path, **result})
    reference = rows[0]["rps"] or 1
    for row in rows:
        row["ratio"] = round(row["rps"] / reference, 2)
    print(table(rows, ["page", "rps", "p50_ms", "p95_ms", "errors", "ratio"]))
    print("saved", save("http", {"seconds": seconds, "workers": 2, "rows": rows}))


if __name__ == "__main__":
    main()
