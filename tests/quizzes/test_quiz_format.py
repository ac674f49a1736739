"""Reading quiz.toml: the shipped curricula validate; bad input names the file and line."""

import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from courses.course_format import CourseFormatError
from quizzes.quiz_format import read_quizzes

CURRICULUM = Path(settings.BASE_DIR) / "courses" / "curriculum"
COURSES = sorted(p for p in CURRICULUM.iterdir() if (p / "course.toml").exists())
DEMO = Path(settings.BASE_DIR) / "courses" / "demo" / "first-steps-in-safe-documentation"

COURSE_DATA = {
    "modules": [
        {"slug": "before-you-go", "lessons": ["plan-the-visit"]},
        {"slug": "after-you-return", "lessons": ["debrief"]},
    ]
}

GOOD = """\
[[quiz]]
slug = "before-you-go-quiz"
module = "before-you-go"
title = { ar = "اختبار", en = "Quiz" }
intro = { ar = "مقدمة", en = "Intro" }
pass_mark = 80
attempts_allowed = 3
grading = "last"
shuffle_questions = true
shuffle_choices = true
draw = 2
time_limit_minutes = 15
review = "answers"

[[quiz.question]]
type = "single"
text = { ar = "سؤال ١", en = "Question 1" }
explanation = { ar = "شرح", en = "Explanation" }

[[quiz.question.choice]]
text = { ar = "نعم", en = "Yes" }
correct = true

[[quiz.question.choice]]
text = { ar = "لا", en = "No" }
feedback = { ar = "لا", en = "No, because" }

[[quiz.question]]
type = "multiple"
scoring = "all_or_nothing"
text = { ar = "سؤال ٢", en = "Question 2" }

[[quiz.question.choice]]
text = { ar = "أ", en = "A" }
correct = true

[[quiz.question.choice]]
text = { ar = "ب", en = "B" }
correct = true

[[quiz.question.choice]]
text = { ar = "ج", en = "C" }

[[quiz.question]]
type = "true_false"
text = { ar = "صحيح؟", en = "True?" }
answer = false
feedback = { ar = "الجواب خطأ", en = "It is false" }

[[quiz.question]]
type = "short"
text = { ar = "ما هو؟", en = "What is it?" }
accepted = { ar = ["الأصل", "أصل"], en = ["asset"] }

[[quiz]]
slug = "final-quiz"
title = { ar = "الاختبار النهائي", en = "Final quiz" }

[[quiz.question]]
type = "true_false"
text = { ar = "صحيح؟", en = "True?" }
answer = true
"""


def write(tmp_path, text):
    (tmp_path / "quiz.toml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_every_shipped_quiz_file_validates_with_the_sizes_of_issue_8(course_dir):
    course_data = tomllib.loads((course_dir / "course.toml").read_text(encoding="utf-8"))
    quizzes = read_quizzes(course_dir, course_data)
    modules = [m["slug"] for m in course_data["modules"]]
    practice = {q.module: q for q in quizzes if q.module}
    finals = [q for q in quizzes if q.module is None]
    assert sorted(practice) == sorted(modules)
    assert all(len(q.questions) >= 5 for q in practice.values())
    assert len(finals) == 1 and len(finals[0].questions) >= 12
    assert finals[0].pass_mark == 70
    for quiz in quizzes:
        for question in quiz.questions:
            assert question.explanation["ar"] and question.explanation["en"], quiz.slug
            if question.kind in ("single", "multiple"):
                wrong = [c for c in question.choices if not c.correct]
                assert all(c.feedback["ar"] and c.feedback["en"] for c in wrong), quiz.slug


def test_the_demo_course_has_a_practice_quiz_and_a_final_quiz():
    course_data = tomllib.loads((DEMO / "course.toml").read_text(encoding="utf-8"))
    quizzes = read_quizzes(DEMO, course_data)
    assert {q.module for q in quizzes} >= {None}
    assert any(q.module for q in quizzes)


def test_a_good_file_reads_into_dataclasses(tmp_path):
    quizzes = read_quizzes(write(tmp_path, GOOD), COURSE_DATA)
    assert [q.slug for q in quizzes] == ["before-you-go-quiz", "final-quiz"]
    quiz, final = quizzes
    assert quiz.module == "before-you-go" and final.module is None
    assert quiz.intro == {"ar": "مقدمة", "en": "Intro"}
    assert (quiz.pass_mark, quiz.attempts_allowed, quiz.grading, quiz.review) == (
        80,
        3,
        "last",
        "answers",
    )
    assert (quiz.shuffle_questions, quiz.shuffle_choices, quiz.draw, quiz.time_limit_minutes) == (
        True,
        True,
        2,
        15,
    )
    # Defaults of the final quiz.
    assert (final.pass_mark, final.grading, final.review, final.draw) == (
        70,
        "highest",
        "feedback",
        0,
    )
    assert final.intro == {"ar": "", "en": ""}
    single, multiple, true_false, short = quiz.questions
    assert [c.correct for c in single.choices] == [True, False]
    assert single.choices[1].feedback["en"] == "No, because"
    assert single.choices[0].feedback == {"ar": "", "en": ""}
    assert multiple.scoring == "all_or_nothing" and single.scoring == "partial"
    assert short.accepted == {"ar": ["الأصل", "أصل"], "en": ["asset"]}
    assert short.choices == []


def test_true_false_becomes_two_choices_true_first_with_feedback_on_the_wrong_one(tmp_path):
    quiz, final = read_quizzes(write(tmp_path, GOOD), COURSE_DATA)
    statement = quiz.questions[2]
    assert [c.text["en"] for c in statement.choices] == ["True", "False"]
    assert [c.text["ar"] for c in statement.choices] == ["صحيح", "خطأ"]
    assert [c.correct for c in statement.choices] == [False, True]
    assert statement.answer is False
    # Someone who picked "True" (wrong) sees the feedback.
    assert statement.choices[0].feedback["en"] == "It is false"
    assert statement.choices[1].feedback == {"ar": "", "en": ""}
    assert final.questions[0].answer is True


def test_no_quiz_file_means_no_quizzes(tmp_path):
    assert read_quizzes(tmp_path, COURSE_DATA) == []


def line_of(text, needle, occurrence=1):
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            count += 1
            if count == occurrence:
                return number
    raise AssertionError(needle)


BROKEN = [
    # (replace this, with this, expected message part, line holding this text)
    (
        "pass_mark = 80",
        "pass_mark = 101",
        "pass_mark must be a whole number from 0 to 100",
        "pass_mark",
    ),
    ("pass_mark = 80", 'pass_mark = "80"', "pass_mark must be a whole number", "pass_mark"),
    ('grading = "last"', 'grading = "first"', "grading must be one of highest, last", "grading"),
    (
        'review = "answers"',
        'review = "all"',
        "review must be one of score, answers, feedback",
        "review",
    ),
    ("draw = 2", "draw = 5", "draw = 5 but the quiz has only 4 questions", "draw ="),
    (
        "shuffle_choices = true",
        "shuffle_choices = 1",
        "shuffle_choices must be true or false",
        "shuffle_choices",
    ),
    (
        'slug = "before-you-go-quiz"',
        'slug = "Before You Go"',
        "quiz slug must be lower-case",
        'slug = "Before',
    ),
    (
        'module = "before-you-go"',
        'module = "nowhere"',
        "module 'nowhere' is not a module of course.toml",
        "module =",
    ),
    (
        'slug = "before-you-go-quiz"',
        'slug = "plan-the-visit"',
        "already the slug of a module or lesson",
        'slug = "plan',
    ),
    (
        'slug = "final-quiz"',
        'slug = "before-you-go-quiz"',
        "quiz 'before-you-go-quiz' appears twice",
        "[[quiz]]",
    ),
    ("time_limit_minutes = 15", "time_limit = 15", "unknown quiz key 'time_limit'", "time_limit ="),
    (
        'type = "single"',
        'type = "essay"',
        "question type must be one of single, multiple, true_false, short",
        'type = "essay"',
    ),
    (
        'scoring = "all_or_nothing"',
        'scoring = "some"',
        "scoring must be one of partial, all_or_nothing",
        "scoring",
    ),
    ("answer = false", 'answer = "no"', "answer must be true or false", 'answer = "no"'),
    (
        "answer = false",
        "",
        "a true_false question needs answer = true or answer = false",
        "!true_false",
    ),
    (
        'accepted = { ar = ["الأصل", "أصل"], en = ["asset"] }',
        "accepted = { ar = [], en = [] }",
        "at least one accepted answer",
        "accepted",
    ),
    (
        'accepted = { ar = ["الأصل", "أصل"], en = ["asset"] }',
        'accepted = { ar = "الأصل" }',
        "accepted.ar must be a list of strings",
        "accepted",
    ),
    (
        'accepted = { ar = ["الأصل", "أصل"], en = ["asset"] }',
        'accepted = { ar = [" "] }',
        "empty answer",
        "accepted",
    ),
    (
        'accepted = { ar = ["الأصل", "أصل"], en = ["asset"] }',
        'accepted = { fr = ["actif"] }',
        "unknown language(s): fr",
        "accepted",
    ),
    (
        'text = { ar = "سؤال ١", en = "Question 1" }',
        'text = { ar = "سؤال ١" }',
        "question text is missing its en text",
        'text = { ar = "سؤال ١" }',
    ),
    (
        'title = { ar = "اختبار", en = "Quiz" }',
        'title = "Quiz"',
        "title must be a table",
        'title = "Quiz"',
    ),
]


@pytest.mark.parametrize("old,new,message,where", BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_errors_name_the_file_and_the_line(tmp_path, old, new, message, where):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    write(tmp_path, text)
    with pytest.raises(CourseFormatError) as info:
        read_quizzes(tmp_path, COURSE_DATA)
    error = info.value
    assert message in error.message
    assert error.path == tmp_path / "quiz.toml"
    if where.startswith("!"):
        expected = line_of(text, "[[quiz.question]]", 3)  # the true_false question's header
    elif where == "[[quiz]]":
        expected = line_of(text, "[[quiz]]", 2)
    else:
        expected = line_of(text, where)
    assert error.line == expected
    assert str(error).startswith(f"{tmp_path / 'quiz.toml'}:{expected}: ")


def _second_choice_correct(text):
    return text.replace(
        'text = { ar = "لا", en = "No" }', 'text = { ar = "لا", en = "No" }\ncorrect = true', 1
    )


@pytest.mark.parametrize(
    "edit,message,header",
    [
        (_second_choice_correct, "exactly one correct choice (found 2)", 1),
        (lambda t: t.replace("correct = true\n", "", 1), "exactly one correct choice (found 0)", 1),
        (
            lambda t: t.replace('"A" }\ncorrect = true', '"A" }').replace(
                '"B" }\ncorrect = true', '"B" }'
            ),
            "at least one correct choice",
            2,
        ),
        (
            lambda t: t.replace('text = { ar = "ب", en = "B" }', 'text = { ar = "أ", en = "A" }'),
            "two choices of this question have the same text",
            2,
        ),
    ],
    ids=["two-correct-single", "no-correct-single", "no-correct-multiple", "duplicate-choice"],
)
def test_answer_key_errors_point_at_the_question(tmp_path, edit, message, header):
    text = edit(GOOD)
    write(tmp_path, text)
    with pytest.raises(CourseFormatError) as info:
        read_quizzes(tmp_path, COURSE_DATA)
    assert message in info.value.message
    assert info.value.line == line_of(text, "[[quiz.question]]", header)


def test_a_choice_question_needs_two_choices(tmp_path):
    text = """\
[[quiz]]
slug = "q"
title = { ar = "ا", en = "q" }

[[quiz.question]]
type = "single"
text = { ar = "س", en = "q" }

[[quiz.question.choice]]
text = { ar = "ن", en = "yes" }
correct = true
"""
    write(tmp_path, text)
    with pytest.raises(CourseFormatError, match="at least two choices") as info:
        read_quizzes(tmp_path, COURSE_DATA)
    assert info.value.line == 5


def test_a_quiz_needs_questions_and_keys_of_other_types_are_refused(tmp_path):
    write(tmp_path, '[[quiz]]\nslug = "q"\ntitle = { ar = "ا", en = "q" }\n')
    with pytest.raises(CourseFormatError, match="has no questions"):
        read_quizzes(tmp_path, COURSE_DATA)
    text = GOOD.replace("answer = false", 'answer = false\naccepted = { en = ["x"] }')
    write(tmp_path, text)
    with pytest.raises(
        CourseFormatError, match="unknown true_false question key 'accepted'"
    ) as info:
        read_quizzes(tmp_path, COURSE_DATA)
    assert info.value.line == line_of(text, 'accepted = { en = ["x"] }')


def test_malformed_toml_and_bad_encoding_name_the_line(tmp_path):
    write(tmp_path, GOOD.replace("pass_mark = 80", "pass_mark = = 80"))
    with pytest.raises(CourseFormatError, match="malformed TOML") as info:
        read_quizzes(tmp_path, COURSE_DATA)
    assert info.value.line == line_of(GOOD, "pass_mark")
    (tmp_path / "quiz.toml").write_bytes(b'[[quiz]]\nslug = "q"\ntitle = "\xff"\n')
    with pytest.raises(CourseFormatError, match="not valid UTF-8") as info:
        read_quizzes(tmp_path, COURSE_DATA)
    assert info.value.line == 3
