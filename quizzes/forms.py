"""The quiz page editor's form: the page form plus an answer-key check of every question
and its choices, as edited (the inline formsets), before anything is saved."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .validation import question_errors


def _live_forms(formset):
    """The forms of an inline formset that will be kept (not marked for deletion)."""
    kept = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        kept.append(form)
    return kept


class QuizPageForm(WagtailAdminPageForm):
    def is_valid(self):
        valid = super().is_valid()
        questions = self.formsets.get("questions")
        if not valid or questions is None:
            return valid
        for form in _live_forms(questions):
            data = form.cleaned_data
            choices = form.formsets.get("choices") if hasattr(form, "formsets") else None
            flags = (
                [bool(c.cleaned_data.get("is_correct")) for c in _live_forms(choices)]
                if choices is not None
                else []
            )
            accepted = "\n".join(
                data.get(name) or "" for name in ("accepted_answers_ar", "accepted_answers_en")
            )
            for message in question_errors(data.get("kind") or "", flags, accepted):
                form.add_error("kind" if "kind" in form.fields else None, message)
                valid = False
        return valid


class GrantExtraAttemptForm(forms.Form):
    """Centre staff: one more attempt for the trainee with this username."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("The trainee's username, exactly as they sign in."),
    )

    def clean_username(self):
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(username=username).first()
        if user is None:
            # Forgiving about case, but only when that names one account.
            matches = list(users.filter(username__iexact=username)[:2])
            user = matches[0] if len(matches) == 1 else None
        if user is None:
            raise forms.ValidationError(_("There is no active account with this username."))
        return user
