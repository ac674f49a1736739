"""The report service against a hand-built data set (tests/reports/factories.py): every
expected number below was computed by hand from the data set's docstring."""

import datetime

import pytest

from madafe.organisations.models import Membership
from madafe.reports.services import (
    Cell,
    ReportFilters,
    build_report,
    member_progress,
    sort_rows,
    suppress,
)

pytestmark = pytest.mark.django_db

H = Cell(None, hidden=True)


def figures(report, org, course):
    return {k: c.value for k, c in report.row(org, course).figures.items()}


@pytest.fixture
def everything(settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1  # only zero is hidden: the raw figures show


def test_figures_per_association_and_course(data, everything):
    report = build_report()
    a, b, x, y = data["a"], data["b"], data["x"], data["y"]
    assert [o.pk for o in report.organisations] == [a.pk, b.pk]
    assert {c.pk for c in report.courses} == {x.pk, y.pk}
    assert figures(report, a, x) == {
        "members": 6,
        "enrolled": 5,
        "started": 4,
        "completed": 2,
        "completion_rate": 40.0,
        "median_progress": 60.0,  # 0 20 60 100 100
        "quiz_takers": 3,
        "average_best_score": 73.3,  # (80 + 50 + 90) / 3
        "certificates": 1,  # a5's is revoked
    }
    assert figures(report, a, y) == {
        "members": 6,
        "enrolled": 2,
        "started": 2,
        "completed": 1,
        "completion_rate": 50.0,
        "median_progress": 75.0,  # 50 100
        "quiz_takers": None,  # zero is below any threshold
        "average_best_score": None,
        "certificates": 1,
    }
    assert report.row(a, y).figures["quiz_takers"].hidden
    assert report.row(a, y).figures["average_best_score"].hidden
    assert figures(report, b, x) == {
        "members": 4,
        "enrolled": 3,
        "started": 3,
        "completed": 2,
        "completion_rate": 66.7,
        "median_progress": 100.0,  # 40 100 100
        "quiz_takers": 2,
        "average_best_score": 75.0,  # (80 + 70) / 2
        "certificates": 2,
    }
    assert figures(report, b, y) == {
        "members": 4,
        "enrolled": 2,
        "started": 2,
        "completed": 1,
        "completion_rate": 50.0,
        "median_progress": 75.0,  # 50 100
        "quiz_takers": None,
        "average_best_score": None,
        "certificates": 1,
    }


def test_association_totals_count_people_once(data, everything):
    report = build_report()
    a = {k: c.value for k, c in report.organisation_totals[data["a"].pk].items()}
    assert a == {
        "members": 6,
        "enrolled": 5,
        "started": 4,
        "completed": 3,  # a1, a5 (X), a2 (Y)
        "completion_rate": 60.0,
        "median_progress": 60.0,  # 0 20 50 60 100 100 100
        "quiz_takers": 3,
        "average_best_score": 73.3,
        "certificates": 2,  # a1 (X), a2 (Y)
    }
    b = {k: c.value for k, c in report.organisation_totals[data["b"].pk].items()}
    assert b == {
        "members": 4,
        "enrolled": 3,
        "started": 3,
        "completed": 3,
        "completion_rate": 100.0,
        "median_progress": 100.0,  # 40 50 100 100 100
        "quiz_takers": 2,
        "average_best_score": 75.0,
        "certificates": 3,
    }


def test_totals_row_counts_distinct_people(data, everything):
    totals = {k: c.value for k, c in build_report().totals.items()}
    assert totals == {
        "members": 9,  # a1 belongs to both associations: once
        "enrolled": 7,
        "started": 6,
        "completed": 5,
        "completion_rate": 71.4,  # 5 / 7
        "median_progress": 80.0,  # 0 20 40 50 60 | 100 100 100 100 100
        "quiz_takers": 4,
        "average_best_score": 72.5,  # (80 + 50 + 90 + 70) / 4
        "certificates": 4,
    }


def test_monthly_completions(data, everything):
    report = build_report()
    a, b, x, y = data["a"], data["b"], data["x"], data["y"]
    assert report.months == [datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]

    def values(cells):
        return [c.value for c in cells]

    assert values(report.monthly[(a.pk, x.pk)]) == [1, 1]
    assert values(report.monthly[(a.pk, y.pk)]) == [1, None]
    assert values(report.monthly[(b.pk, x.pk)]) == [1, 1]
    assert values(report.monthly[(b.pk, y.pk)]) == [None, 1]
    assert values(report.monthly_totals) == [2, 3]


def test_the_dashboard_report_has_the_monthly_totals_without_the_cells(data, everything):
    """The dashboard's computation (report_cache.compute) skips the per-association months,
    which only the exports show; everything else is the same report."""
    from madafe.reports.report_cache import compute

    full, dashboard = build_report(), compute(ReportFilters())
    assert dashboard.monthly == {}
    assert dashboard.months == full.months
    assert dashboard.monthly_totals == full.monthly_totals
    assert [(r.organisation.pk, r.course.pk, r.figures) for r in dashboard.rows] == [
        (r.organisation.pk, r.course.pk, r.figures) for r in full.rows
    ]
    assert dashboard.totals == full.totals
    assert dashboard.organisation_totals == full.organisation_totals


def test_filters(data, everything):
    a, b, x, y = data["a"], data["b"], data["x"], data["y"]
    report = build_report(ReportFilters(track="advocacy"))
    assert [c.pk for c in report.courses] == [y.pk]
    assert report.totals["enrolled"].value == 3  # a1, a2, b1
    report = build_report(ReportFilters(course=x, region="east"))
    assert [o.pk for o in report.organisations] == [b.pk]
    assert [c.pk for c in report.courses] == [x.pk]
    assert report.totals["members"].value == 4
    assert report.totals["enrolled"].value == 3
    report = build_report(ReportFilters(organisation=a))
    assert [o.pk for o in report.organisations] == [a.pk]
    assert report.totals["members"].value == 6


def test_period_of_completion(data, everything):
    a, b, x, y = data["a"], data["b"], data["x"], data["y"]
    report = build_report(ReportFilters(since=datetime.date(2026, 2, 1)))
    assert report.row(a, x).figures["completed"].value == 1  # a5
    assert report.row(a, y).figures["completed"].hidden  # 0
    assert report.row(b, x).figures["completed"].value == 1  # b2 (a1 in January)
    assert report.totals["completed"].value == 3  # a5, b2, b1
    assert report.totals["enrolled"].value == 7  # enrolment is not narrowed by the period
    assert report.totals["certificates"].value == 2  # b2, b1 issued in February
    assert report.months[0] == datetime.date(2026, 2, 1)
    report = build_report(
        ReportFilters(since=datetime.date(2026, 1, 10), until=datetime.date(2026, 1, 15))
    )
    assert report.totals["completed"].value == 2  # a1 on the 10th, a2 on the 15th: inclusive
    assert report.months == [datetime.date(2026, 1, 1)]


def test_default_threshold_hides_small_counts_and_what_derives_from_them(data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    report = build_report()
    ax = report.row(data["a"], data["x"]).figures
    assert ax["members"] == Cell(6)
    assert ax["enrolled"] == Cell(5)
    assert ax["median_progress"] == Cell(60.0)  # from 5 enrolled: shown
    for name in ("started", "completed", "completion_rate", "quiz_takers"):
        assert ax[name] == H, name
    assert ax["average_best_score"] == H
    assert ax["certificates"] == H
    bx = report.row(data["b"], data["x"]).figures
    assert bx["members"] == H  # four members: even the size of B is hidden
    assert bx["enrolled"] == H and bx["median_progress"] == H
    totals = report.totals
    assert totals["members"] == Cell(9)
    assert totals["completed"] == Cell(5)
    assert totals["completion_rate"] == Cell(71.4)
    assert totals["average_best_score"] == H  # 4 quiz takers
    assert all(c == H for c in report.monthly_totals)


def test_suppress_is_the_one_rule():
    raw = {"members": 10, "enrolled": 8, "started": 6, "completed": 4, "median_progress": 50.0}
    cells = suppress(raw, 5)
    assert cells["completed"] == H and cells["completion_rate"] == H
    assert cells["median_progress"] == Cell(50.0)
    assert cells["quiz_takers"] == H and cells["average_best_score"] == H
    cells = suppress({**raw, "completed": 5}, 5)
    assert cells["completion_rate"] == Cell(62.5)
    # nobody enrolled with no threshold: no rate at all, rather than a division by zero
    assert suppress({"members": 3}, 0)["completion_rate"] == Cell(None)


def test_sorting_puts_hidden_last_whatever_the_direction(data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    report = build_report()
    for descending in (False, True):
        rows = sort_rows(report.rows, "enrolled", descending)
        assert rows[0].organisation == data["a"] and rows[0].course == data["x"]
        assert all(not r.figures["enrolled"].shown for r in rows[1:])
    by_name = sort_rows(report.rows, "association", True)
    assert by_name[0].organisation == data["b"]


def test_member_progress_of_sharing_members(data):
    a = data["a"]
    Membership.objects.filter(organisation=a, user__username__in=["a1", "a3"]).update(
        share_progress=True
    )
    rows = member_progress(
        Membership.objects.filter(organisation=a, share_progress=True), build_report()
    )
    assert [r.username for r in rows] == ["a1", "a3"]
    a1 = {p.course.title_en: p for p in rows[0].courses}
    assert a1["Digital safety"].percent == 100
    assert a1["Digital safety"].best_score == 80.0
    assert a1["Digital safety"].certificate
    assert a1["Digital safety"].completed_at.date() == datetime.date(2026, 1, 10)
    assert a1["Advocacy"].percent == 50
    assert a1["Advocacy"].completed_at is None and not a1["Advocacy"].certificate
    (a3,) = rows[1].courses
    assert (a3.course.title_en, a3.percent, a3.best_score) == ("Digital safety", 20, None)
