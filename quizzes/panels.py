"""Editor panels of the quiz page."""

from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model


class QuestionsPanel(InlinePanel):
    """The questions inline, built on `forms.QuestionForm` (its extra "The statement is"
    field) instead of Wagtail's plain model form."""

    def get_form_options(self):
        from .forms import QuestionForm

        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        deferred = {}
        if "form" in formset:  # Wagtail built one to defer required fields on drafts
            deferred = {"defer_required_on_fields": formset["form"]._meta.defer_required_on_fields}
        formset["form"] = get_form_for_model(
            self.db_field.related_model, form_class=QuestionForm, **deferred
        )
        return options
