"""Quizzes for tests: a QuizPage in a course tree with questions and choices built
directly (published, no revisions), and helpers to post attempt forms."""

from quizzes.models import Choice, Question, QuizPage
from tests.courses.factories import add_page

_counter = iter(range(1, 10_000_000))

SINGLE = {
    "kind": "single",
    "text_ar": "ما هي عاصمة ليبيا؟",
    "text_en": "What is the capital of Libya?",
    "choices": [
        ("طرابلس", "Tripoli", True),
        ("بنغازي", "Benghazi", False),
        ("سبها", "Sabha", False),
    ],
}
MULTIPLE = {
    "kind": "multiple",
    "text_ar": "أي مما يلي كلمات مرور قوية؟",
    "text_en": "Which of these are strong passphrases?",
    "choices": [
        ("عبارة طويلة عشوائية", "a long random phrase", True),
        ("كلمات عشوائية مع أرقام", "random words with digits", True),
        ("123456", "123456", False),
        ("اسمك", "your name", False),
    ],
}
TRUE_FALSE = {
    "kind": "true_false",
    "text_ar": "التشفير يحمي المحتوى.",
    "text_en": "Encryption protects content.",
    "choices": [("صحيح", "True", True), ("خطأ", "False", False)],
}
SHORT = {
    "kind": "short",
    "text_ar": "ما اسم الهيئة التي تستعرض سجل الدول؟",
    "text_en": "Which body runs the universal periodic review?",
    "accepted_ar": "مجلس حقوق الإنسان",
    "accepted_en": "Human Rights Council\nHRC",
}
ONE_OF_EACH = [SINGLE, MULTIPLE, TRUE_FALSE, SHORT]


def mixed(count: int) -> list[dict]:
    """`count` questions cycling through the four types."""
    return [ONE_OF_EACH[i % 4] for i in range(count)]


def add_question(quiz, spec: dict, order: int = 0) -> Question:
    question = Question.objects.create(
        quiz=quiz,
        sort_order=order,
        kind=spec["kind"],
        text=spec["text_ar"],
        text_ar=spec["text_ar"],
        text_en=spec.get("text_en", ""),
        explanation_ar=spec.get("explanation_ar", "شرح **مهم**."),
        explanation_en=spec.get("explanation_en", "An **important** explanation."),
        scoring=spec.get("scoring", "partial"),
        accepted_answers_ar=spec.get("accepted_ar", ""),
        accepted_answers_en=spec.get("accepted_en", ""),
    )
    for i, (ar, en, correct) in enumerate(spec.get("choices", [])):
        Choice.objects.create(
            question=question,
            sort_order=i,
            text=ar,
            text_ar=ar,
            text_en=en,
            is_correct=correct,
            feedback_ar=f"ملاحظة {i}",
            feedback_en=f"Feedback {i}",
        )
    return question


def make_quiz(parent, questions: list[dict] | None = None, **fields) -> QuizPage:
    n = next(_counter)
    fields.setdefault("title", f"اختبار {n}")
    fields.setdefault("title_ar", fields["title"])
    fields.setdefault("title_en", f"Quiz {n}")
    fields.setdefault("slug", f"quiz-{n}")
    fields.setdefault("intro_ar", "مقدمة الاختبار")
    fields.setdefault("intro_en", "About this quiz")
    quiz = add_page(parent, QuizPage(**fields))
    for order, spec in enumerate(ONE_OF_EACH if questions is None else questions):
        add_question(quiz, spec, order)
    return QuizPage.objects.get(pk=quiz.pk)


def right_answers(attempt) -> dict:
    """The fully correct answers of an attempt, as the services take them."""
    from quizzes.services import questions_with_choices

    answers = {}
    for qid, question in questions_with_choices(question_ids=attempt.question_order).items():
        if question.kind == "short":
            answers[str(qid)] = (question.accepted_answers_ar or "").splitlines()[0]
        else:
            answers[str(qid)] = [c.pk for c in question.choice_list if c.is_correct]
    return answers


def form_fields(attempt, answers: dict, action: str = "submit") -> dict:
    """The attempt form's fields (positions, as the page names them) for `answers`."""
    data = {"action": action}
    for index, qid in enumerate(attempt.question_order, start=1):
        answer = answers.get(str(qid))
        if answer is None:
            continue
        if isinstance(answer, str):
            data[f"q{index}"] = answer
        else:
            shown = attempt.choice_order[str(qid)]
            data[f"q{index}"] = [f"c{shown.index(cid) + 1}" for cid in answer]
    return data


def post_form(client, url, data, **extra):
    """POST as a browser sends this form (application/x-www-form-urlencoded)."""
    from urllib.parse import urlencode

    body = data if isinstance(data, (str, bytes)) else urlencode(data, doseq=True)
    return client.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded", **extra
    )
