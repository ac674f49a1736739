"""Issue 8, end to end: for each shipped course, a trainee in the test client opens every
step in order, marks every lesson complete, passes every quiz by reading the attempt page
and submitting the right answers (taken from the course's quiz.toml, matched by the text the
page shows), and ends with the course's certificate."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from certificates.models import Certificate
from courses import services as course_services
from courses.course_format import import_course
from courses.models import Enrollment, LessonPage
from quizzes.models import Attempt, QuizPage
from quizzes.quiz_format import read_quizzes
from tests.accounts.factories import UserFactory
from tests.courses.factories import course_index
from tests.quizzes.factories import post_form

pytestmark = pytest.mark.django_db

CURRICULUM = Path(settings.BASE_DIR) / "courses" / "curriculum"
# Every course in one of the two languages (both are covered across the three).
RUNS = [
    ("digital-security", "ar"),
    ("documentation-methodology", "en"),
    ("un-advocacy", "ar"),
]


class AttemptPage(HTMLParser):
    """The questions of an attempt page as a trainee sees them: for each field name, the
    question text, the kind of input, and the label of every choice with its value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, dict] = {}
        self.labels: dict[str, str] = {}  # input id -> label text
        self.inputs: list[dict] = []
        self.form_action = None
        self._legend = None  # text of the open <legend>'s question-text span
        self._span_depth = 0
        self._label_for = None
        self._buffer: list[str] = []
        self._fieldset_text = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "quiz-form" in (attrs.get("class") or ""):
            self.form_action = attrs.get("action")
        if tag == "fieldset":
            self._fieldset_text = None
        if tag == "span" and "question-text" in (attrs.get("class") or ""):
            self._span_depth = 1
            self._buffer = []
        elif tag == "span" and self._span_depth:
            self._span_depth += 1
        if tag == "label":
            self._label_for = attrs.get("for")
            self._buffer = []
        if tag == "input" and attrs.get("type") in ("radio", "checkbox", "text"):
            self.inputs.append({**attrs, "question": self._fieldset_text})

    def handle_endtag(self, tag):
        if tag == "span" and self._span_depth:
            self._span_depth -= 1
            if not self._span_depth:
                self._fieldset_text = "".join(self._buffer).strip()
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = "".join(self._buffer).strip()
            self._label_for = None

    def handle_data(self, data):
        if self._span_depth or self._label_for:
            self._buffer.append(data)

    def questions(self) -> dict[str, dict]:
        """{field name: {"text", "kind", "choices": {label: value}}}."""
        found: dict[str, dict] = {}
        for field in self.inputs:
            name = field["name"]
            if field["type"] == "text":
                found[name] = {"text": self.labels[field["id"]], "kind": "text", "choices": {}}
                continue
            entry = found.setdefault(
                name, {"text": field["question"], "kind": field["type"], "choices": {}}
            )
            entry["choices"][self.labels[field["id"]]] = field["value"]
        return found


def form_action(html: str, url_part: str) -> str:
    match = re.search(rf'<form method="post" action="([^"]*{re.escape(url_part)}[^"]*)"', html)
    assert match, f"no form posting to {url_part}"
    return match.group(1)


def right_answers(page: AttemptPage, answer_key: dict, lang: str) -> dict:
    """The form data a trainee who knows the course sends: for each question shown, the
    values of the choices whose labels are right (or an accepted short answer)."""
    data = {"action": "submit"}
    for name, shown in page.questions().items():
        question = answer_key[shown["text"]]
        if question.kind == "short":
            accepted = question.accepted[lang] or question.accepted["ar" if lang == "en" else "en"]
            data[name] = accepted[0]
            continue
        right = [c.text[lang] for c in question.choices if c.correct]
        assert set(right) <= set(shown["choices"]), (shown, right)
        values = [shown["choices"][label] for label in right]
        data[name] = values if shown["kind"] == "checkbox" else values[0]
    return data


@pytest.mark.parametrize(("slug", "lang"), RUNS)
def test_a_trainee_completes_the_course_and_earns_its_certificate(
    client, home_page, slug, lang, django_capture_on_commit_callbacks
):
    course_dir = CURRICULUM / slug
    course_index(home_page)
    course = import_course(course_dir).course
    keys = {
        quiz.slug: {question.text[lang]: question for question in quiz.questions}
        for quiz in read_quizzes(course_dir)
    }
    trainee = UserFactory(username=f"trainee-{slug}")
    client.force_login(trainee)

    steps = course_services.course_steps(course)
    assert len([s for s in steps if isinstance(s, QuizPage)]) == len(keys)
    for step in steps:
        url = re.sub(r"^/(ar|en)/", f"/{lang}/", step.get_url())
        page = client.get(url)
        assert page.status_code == 200, (step.slug, page.status_code)
        html = page.content.decode()
        if isinstance(step, LessonPage):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(form_action(html, "/learning/complete/"))
            assert response.status_code == 302, step.slug
            continue
        response = client.post(form_action(html, "/start/"))
        assert response.status_code == 302, step.slug
        attempt_html = client.get(response["Location"]).content.decode()
        reader = AttemptPage()
        reader.feed(attempt_html)
        assert reader.form_action, step.slug
        with django_capture_on_commit_callbacks(execute=True):
            # As a browser sends this form: application/x-www-form-urlencoded.
            response = post_form(
                client, reader.form_action, right_answers(reader, keys[step.slug], lang)
            )
        assert response.status_code == 302, (
            step.slug,
            re.findall(r"<p>(.*?)</p>", response.content.decode()),
        )
        result = client.get(response["Location"])
        assert result.status_code == 200
        attempt = Attempt.objects.get(user=trainee, quiz=step)
        assert attempt.passed and attempt.score == 100, (step.slug, attempt.score)

    enrollment = Enrollment.objects.get(user=trainee, course=course)
    assert enrollment.completed_at is not None
    certificate = Certificate.objects.get(user=trainee, course=course)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.code in client.get(f"/{lang}/certificates/").content.decode()
