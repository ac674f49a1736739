"""A coordinator's report on their own association (front end, under the language prefix).
Centre staff may open it too; everyone else gets 404, whether or not the association
exists."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import permissions
from .display import display_cells, display_rows, measure_headings
from .forms import CoordinatorFilterForm
from .services import build_report, member_progress


@login_required
@require_GET
def association_report(request, public_id):
    organisation = get_object_or_404(
        permissions.associations_reported_to(request.user), public_id=public_id
    )
    form = CoordinatorFilterForm(request.GET if request.GET else None)
    context = {"organisation": organisation, "form": form, "headings": measure_headings()}
    if form.is_bound and not form.is_valid():
        return render(request, "reports/association.html", context, status=400)
    filters = form.filters(organisation)
    report = build_report(filters, monthly=False)
    visible = permissions.individual_rows_visible_to(request.user, organisation)
    context.update(
        {
            "report": report,
            "rows": display_rows(report, report.rows),
            "total": display_cells(report.organisation_totals[organisation.pk], report.threshold),
            "members": member_progress(visible, report),
            "threshold": report.threshold,
        }
    )
    return render(request, "reports/association.html", context)
