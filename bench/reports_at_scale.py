"""The centre dashboard, the coordinator page and the exports on the loaded data set
(`generate_scale_data --size L` for the figures that matter).

    make bench  (or: DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.reports_at_scale)

1. Dashboard and coordinator page: 10 renders each (after one warm-up) of the view with its
   template, called in this process (the middleware is left out: the staff account would
   need MFA set up to pass it); median, p95 and the number of queries. The dashboard reuses
   the report of the warm-up (madafe.reports.report_cache), so the report computed afresh
   is timed on its own too.
2. CSV and HDF5 export of the whole report by `manage.py export_report` in a subprocess:
   wall time, the subprocess's peak memory (getrusage), file size.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, save, setup_django, table

RENDERS = 10
DASHBOARD_TARGET_MS = 500
EXPORT_TARGET_S = 30
EXPORT_TARGET_BYTES = 1024**3


def _staff():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from madafe.accounts.policy import CENTRE_STAFF_GROUP

    user, _ = get_user_model().objects.get_or_create(username="bench-staff")
    user.groups.add(Group.objects.get_or_create(name=CENTRE_STAFF_GROUP)[0])
    return get_user_model().objects.get(pk=user.pk)


def _largest_association():
    from django.db.models import Count

    from madafe.organisations.models import Membership, Organisation

    org = (
        Organisation.objects.filter(active=True)
        .annotate(n=Count("memberships"))
        .order_by("-n", "public_id")
        .first()
    )
    coordinator = Membership.objects.filter(organisation=org, role="coordinator").first() or None
    return org, coordinator.user if coordinator else _staff()


def _renders(view, user, *args) -> dict:
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def once():
        request = factory.get("/")
        request.user = user
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        response = view(request, *args)
        if hasattr(response, "render"):
            response.render()
        assert response.status_code == 200, response.status_code
        return response

    timings = []
    with translation.override("ar"):
        once()  # warm-up
        with CaptureQueriesContext(connection) as queries:
            once()
        for _ in range(RENDERS):
            start = time.perf_counter()
            once()
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings)),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)]),
        "queries": len(queries.captured_queries),
    }


def _export(fmt: str, folder: Path) -> dict:
    out = folder / f"report.{'h5' if fmt == 'hdf5' else 'csv'}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "export_report", "--format", fmt, "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        check=True,
        capture_output=True,
        timeout=600,
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return {
        "what": f"{fmt} export",
        "seconds": round(seconds, 1),
        "peak_mib": round(peak / 1024) if peak > before else f"<= {round(before / 1024)}",
        "size_kib": round(out.stat().st_size / 1024),
    }


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model

    from madafe.reports import admin_views, views

    trainees = get_user_model().objects.filter(username__startswith="scale-").count()
    org, coordinator = _largest_association()
    pages = [
        {"what": "centre dashboard", **_renders(admin_views.dashboard, _staff())},
        {
            "what": "coordinator page (largest association)",
            **_renders(views.association_report, coordinator, org.public_id),
        },
    ]
    # The report itself, computed afresh (what the dashboard does every few minutes, and
    # each export and coordinator page every time).
    from madafe.reports.report_cache import compute
    from madafe.reports.services import ReportFilters

    cold = []
    for _ in range(3):
        start = time.perf_counter()
        compute(ReportFilters())
        cold.append((time.perf_counter() - start) * 1000)
    pages.append(
        {
            "what": "report computed afresh (3 runs)",
            "median_ms": round(statistics.median(cold)),
            "p95_ms": round(max(cold)),
            "queries": "",
        }
    )
    print(f"data set: {trainees} generated trainees")
    print(table(pages, ["what", "median_ms", "p95_ms", "queries"]))
    print(f"(target: dashboard median < {DASHBOARD_TARGET_MS} ms)")
    with tempfile.TemporaryDirectory() as folder:
        exports = [_export("csv", Path(folder)), _export("hdf5", Path(folder))]
    print(table(exports, ["what", "seconds", "peak_mib", "size_kib"]))
    print(f"(target: < {EXPORT_TARGET_S} s and < 1 GiB each)")
    print(
        "saved",
        save("reports_at_scale", {"trainees": trainees, "pages": pages, "exports": exports}),
    )


if __name__ == "__main__":
    main()
