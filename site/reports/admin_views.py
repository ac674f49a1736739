"""The centre's dashboard in the Wagtail admin, and the downloads of what it shows."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import charts, exports, permissions, report_cache
from .display import display_cells, display_rows, hidden_text, measure_headings
from .forms import DashboardFilterForm
from .services import build_report


def _form_or_400(request):
    form = DashboardFilterForm(request.GET if request.GET else None)
    if form.is_bound and not form.is_valid():
        return form, False
    return form, True


def _charts(report):
    rtl = get_language_bidi()
    hidden = hidden_text(report.threshold)
    note = _("Dashed or ring marks: figures hidden because fewer than %(size)s people.") % {
        "size": report.threshold
    }
    bars = charts.bar_chart(
        [
            (str(o.name), report.organisation_totals[o.pk]["completion_rate"])
            for o in report.organisations
        ],
        charts.Texts(
            title=_("Completion rate per association"),
            description=_("Share of enrolled members who completed a course, per association:"),
            hidden=hidden,
            hidden_note=note,
        ),
        rtl=rtl,
    )
    line = charts.line_chart(
        [m.strftime("%Y-%m") for m in report.months],
        report.monthly_totals,
        charts.Texts(
            title=_("Completions per month"),
            description=_("People who completed a course, per month:"),
            hidden=hidden,
            hidden_note=note,
        ),
        rtl=rtl,
    )
    return bars, line


@require_GET
def dashboard(request):
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    form, valid = _form_or_400(request)
    context = {
        "page_title": _("Reports"),
        "header_icon": "table",
        "form": form,
        "sort_headings": [
            ("association", _("Association")),
            ("course", _("Course")),
            *measure_headings(),
        ],
    }
    if not valid:
        return TemplateResponse(request, "reports/admin/dashboard.html", context, status=400)
    filters = form.filters()
    sort, descending = form.sorting()
    report = report_cache.dashboard_report(filters)
    bars, line = _charts(report)
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("order", None)
    filter_query = query.urlencode()
    export_query = request.GET.urlencode()
    context.update(
        {
            "report": report,
            # Called by the template only when its cached table body is missing.
            "rows": lambda: display_rows(report, report.sorted_rows(sort, descending)),
            "table_seconds": report_cache.cache_seconds(),
            "table_key": report_cache.table_key(report, sort, descending),
            "total": display_cells(report.totals, report.threshold),
            "sort": sort,
            "descending": descending,
            "filter_query": filter_query,
            "bar_chart": bars,
            "line_chart": line,
            "can_export": permissions.can_export(request.user),
            "csv_url": reverse("reports_admin:export_csv")
            + (f"?{export_query}" if export_query else ""),
            "hdf5_url": reverse("reports_admin:export_hdf5")
            + (f"?{export_query}" if export_query else ""),
            "threshold": report.threshold,
        }
    )
    return TemplateResponse(request, "reports/admin/dashboard.html", context)


def _export(request, kind):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    form, valid = _form_or_400(request)
    if not valid:
        return HttpResponseBadRequest(_("The filters are not valid."))
    report = build_report(form.filters())
    if kind == "csv":
        response = HttpResponse(exports.csv_bytes(report), content_type="text/csv; charset=utf-8")
        name = exports.export_filename(report, "csv")
    else:
        response = HttpResponse(
            exports.hdf5_bytes(report),
            content_type="application/x-hdf5",
        )
        name = exports.export_filename(report, "h5")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def export_csv(request):
    return _export(request, "csv")


@require_GET
def export_hdf5(request):
    return _export(request, "hdf5")
