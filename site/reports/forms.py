"""The report filters, read from the query string (GET: a filtered view can be bookmarked
and shared with a colleague who may see it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Track
from madafe.organisations.models import Region

from .services import SORT_KEYS, ReportFilters, courses_in_scope


class DateInput(forms.DateInput):
    input_type = "date"


class CoordinatorFilterForm(forms.Form):
    track = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("All tracks")), *Track.choices]
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        required=False,
        queryset=CoursePage.objects.none(),
        empty_label=_("All courses"),
    )
    since = forms.DateField(label=_("Completed from"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Completed until"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The courses a report can show: no draft's title leaks through the list.
        self.fields["course"].queryset = courses_in_scope(ReportFilters())

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data

    def filters(self, organisation=None) -> ReportFilters:
        data = self.cleaned_data if self.is_bound else {}
        return ReportFilters(
            track=data.get("track") or "",
            course=data.get("course"),
            since=data.get("since"),
            until=data.get("until"),
            region=data.get("region") or "",
            organisation=organisation,
        )


class DashboardFilterForm(CoordinatorFilterForm):
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(k, k) for k in ("", *SORT_KEYS)]
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", ""), ("asc", _("ascending")), ("desc", _("descending"))],
    )

    def sorting(self) -> tuple[str, bool]:
        data = self.cleaned_data if self.is_bound else {}
        return data.get("sort") or "", data.get("order") == "desc"
