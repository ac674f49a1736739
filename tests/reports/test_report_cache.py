"""The dashboard reuses the report computed for the same filters for a few minutes
(madafe.reports.report_cache), says when it was computed, and recomputes for other
filters; with the setting at 0 it always recomputes."""

import pytest
from django.core.cache import cache

from madafe.reports import report_cache
from madafe.reports.services import ReportFilters

from .factories import enrol, member
from .test_pages import page, staff

pytestmark = pytest.mark.django_db


def test_same_filters_same_report_until_it_expires(data, settings):
    settings.MADAFE_REPORT_CACHE_SECONDS = 300
    first = report_cache.dashboard_report(ReportFilters())
    # A change in between is not seen until the entry expires (or the cache is emptied).
    newcomer = member(data["a"], "newcomer")
    enrol(newcomer, data["x"])
    again = report_cache.dashboard_report(ReportFilters())
    assert again.generated_at == first.generated_at
    other = report_cache.dashboard_report(ReportFilters(region="east"))
    assert other.generated_at >= first.generated_at
    assert other.filters.region == "east"
    cache.clear()
    fresh = report_cache.dashboard_report(ReportFilters())
    assert fresh.generated_at > first.generated_at
    assert fresh.organisation_totals != first.organisation_totals


def test_zero_seconds_always_recomputes(data, settings):
    settings.MADAFE_REPORT_CACHE_SECONDS = 0
    first = report_cache.dashboard_report(ReportFilters())
    assert report_cache.dashboard_report(ReportFilters()).generated_at > first.generated_at


def test_the_dashboard_says_when_its_figures_were_computed(client, data, settings):
    settings.MADAFE_REPORT_CACHE_SECONDS = 300
    staff(client)
    body = page(client, "/admin/centre-report/")
    assert "Figures computed at <bdi>" in body
    assert page(client, "/admin/centre-report/?sort=course").count("Association A") >= 1
