"""The centre dashboard's report, kept for a few minutes in the shared cache.

On the L data set (50,000 trainees, ~3 million step completions) computing the report
takes seconds (bench/reports_at_scale.py), because every figure starts from each member's
progress per course. The dashboard is opened, filtered and re-sorted again and again
within minutes, and monitoring figures a few minutes old are fine, so the dashboard reads
the report computed for the same filters at most `MADAFE_REPORT_CACHE_SECONDS` ago (the
page says when it was computed), and the table body rendered from it. Exports and the coordinator page always compute afresh.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from .services import Report, ReportFilters, build_report

KEY_FORMAT = "reports:dashboard:1"


def cache_seconds() -> int:
    return int(getattr(settings, "MADAFE_REPORT_CACHE_SECONDS", 300))


def compute(filters: ReportFilters, monthly: bool = True) -> Report:
    """`build_report` as the dashboard shows it (monthly completions in total only: the
    per-association months are in the exports), with more sort and hash memory on
    PostgreSQL for its big GROUP BYs (the default 4 MB makes them spill to disk on a large
    data set)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
        return build_report(filters, monthly=monthly, monthly_per_cell=False)


def dashboard_report(filters: ReportFilters) -> Report:
    seconds = cache_seconds()
    if seconds <= 0:
        return compute(filters)
    digest = hashlib.sha256(json.dumps(filters.as_dict(), sort_keys=True).encode()).hexdigest()
    key = f"{KEY_FORMAT}:{digest}"
    report = cache.get(key)
    if report is None:
        report = compute(filters)
        cache.set(key, report, seconds)
    return report


def table_key(report: Report, sort: str, descending: bool) -> str:
    """Identifies the dashboard's rendered table body: this computed report, this order,
    this language (the template caches it as long as the report itself)."""
    from django.utils.translation import get_language

    filters = json.dumps(report.filters.as_dict(), sort_keys=True)
    return hashlib.sha256(
        f"{report.generated_at.isoformat()}|{filters}|{sort}|{descending}|{get_language()}".encode()
    ).hexdigest()
