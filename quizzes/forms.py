"""The quiz page editor's form: the page form plus an answer-key check of every question
and its choices, as edited (the inline formsets), before anything is saved; and the
question's inline form, whose "The statement is: true / false" answer creates or updates
the two choices of a true/false question."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .quiz_format import FALSE_TEXT, TRUE_TEXT
from .validation import question_errors, true_false_answer_errors

TRUE_FALSE = "true_false"


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
            kind = data.get("kind") or ""
            answer = data.get("true_false_answer") or ""
            if kind == TRUE_FALSE and answer:
                messages = true_false_answer_errors(answer == "true", flags)
            else:
                messages = question_errors(kind, flags, accepted)
                if kind == TRUE_FALSE and messages:
                    messages = [
                        _(
                            "Say whether the statement is true or false (the two choices are "
                            "then created for you), or add the choices “True” then “False” "
                            "with one of them marked correct."
                        )
                    ]
            for message in messages:
                form.add_error("kind" if "kind" in form.fields else None, message)
                valid = False
        return valid


class QuestionForm(WagtailAdminModelForm):
    """A question in the quiz editor. For a true/false question the trainer only says
    whether the statement is true: saving creates the two choices ("True" then "False", in
    both languages) when there are none, and marks the right one; existing choices keep
    their ids (past attempts and statistics refer to them), wording and feedback."""

    true_false_answer = forms.ChoiceField(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "True/false questions only. The two choices, “True” then “False”, are created "
            "from this answer when you save: you need not add them."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == TRUE_FALSE and "true_false_answer" in self.fields:
            choices = getattr(self, "formsets", {}).get("choices")
            flags = [f.instance.is_correct for f in choices.initial_forms] if choices else []
            if len(flags) == 2 and sum(flags) == 1:
                self.initial["true_false_answer"] = "true" if flags[0] else "false"

    def save(self, commit=True):
        question = super().save(commit=False)
        answer = self.cleaned_data.get("true_false_answer")
        if question.kind == TRUE_FALSE and answer:
            set_true_false_choices(question, answer == "true")
        if commit:
            question.save()
            self._save_m2m()
        return question


def set_true_false_choices(question, is_true: bool) -> None:
    """Give `question` (in memory, as the editor holds it until the page is saved or
    published) its two choices, "True" then "False", the right one marked correct. Existing
    choices are kept (first two) with their wording; missing ones are created."""
    from .models import Choice

    existing = sorted(question.choices.all(), key=lambda c: (c.sort_order or 0, c.pk or 0))
    choices = []
    for position, (texts, correct) in enumerate(((TRUE_TEXT, is_true), (FALSE_TEXT, not is_true))):
        choice = existing[position] if position < len(existing) else Choice()
        for lang, text in texts.items():
            if not (getattr(choice, f"text_{lang}", "") or "").strip():
                setattr(choice, f"text_{lang}", text)
        choice.is_correct = correct
        choice.sort_order = position
        choices.append(choice)
    question.choices = choices


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
