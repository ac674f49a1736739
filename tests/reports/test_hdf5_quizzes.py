"""The `quiz_statistics` group of the HDF5 export, read back with h5py: the same figures as
`quizzes.statistics.quiz_statistics` (what the admin's quiz statistics show), small quizzes
hidden with the documented fill value, the course and track filters respected, and a query
count that does not grow with the number of quizzes."""

import io
import math

import h5py
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madafe.reports import exports
from madafe.reports.services import ReportFilters, build_report
from quizzes import services
from quizzes.statistics import quiz_statistics
from tests.accounts.factories import UserFactory
from tests.courses.factories import course_index, make_course, modules_of
from tests.quizzes.factories import SINGLE, TRUE_FALSE, make_quiz

pytestmark = pytest.mark.django_db


def take(user, quiz, picks: list[int]):
    """Submit an attempt picking choice number picks[i] (from 1) of question i."""
    attempt = services.start_attempt(user, quiz)
    answers = {
        str(question.pk): [list(question.choices.all())[pick - 1].pk]
        for question, pick in zip(quiz.questions.all(), picks, strict=True)
    }
    return services.submit_attempt(attempt, answers).attempt


@pytest.fixture
def quizzes(home_page):
    """Course "Digital safety" (digital-security): a module quiz taken by five trainees
    (first attempts) plus one retake. Course "Advocacy" (advocacy): a final quiz taken by
    two trainees only."""
    index = course_index(home_page)
    x = make_course(index, modules=1, lessons=1, sequential=False, title_en="Digital safety")
    y = make_course(
        index, modules=1, lessons=1, sequential=False, track="advocacy", title_en="Advocacy"
    )
    big = make_quiz(modules_of(x)[0], questions=[SINGLE, TRUE_FALSE], slug="check")
    small = make_quiz(y, questions=[SINGLE], slug="final")
    people = [UserFactory(username=f"trainee-{name}") for name in "abcde"]
    for person, picks in zip(people, [[1, 1], [1, 1], [1, 2], [2, 2], [3, 1]], strict=True):
        take(person, big, picks)
    take(people[3], big, [1, 1])
    take(people[0], small, [1])
    take(people[1], small, [2])
    return {"x": x, "y": y, "big": big, "small": small}


def read(content: bytes) -> h5py.File:
    return h5py.File(io.BytesIO(content), "r")


def rows(dataset) -> list[dict]:
    """A compound dataset as dicts, strings decoded."""
    names = dataset.dtype.names
    out = []
    for record in dataset[:]:
        row = {}
        for name, value in zip(names, record, strict=True):
            row[name] = value.decode() if isinstance(value, bytes) else value.item()
        out.append(row)
    return out


def same(stored: float, expected) -> bool:
    if expected is None:
        return math.isnan(stored)
    return stored == pytest.approx(expected)


def test_round_trip_matches_the_quiz_statistics(quizzes, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    big = quizzes["big"]
    expected = quiz_statistics(big)
    with read(exports.hdf5_bytes(build_report())) as f:
        group = f["quiz_statistics"]
        assert group.attrs["fill_value_suppressed"] == -1
        table = {row["quiz"]: row for row in rows(group["quizzes"])}
        key = f"{quizzes['x'].slug}/module-1/check"
        assert set(table) == {key, f"{quizzes['y'].slug}/final"}
        quiz = table[key]
        assert quiz["page_id"] == str(big.pk)
        assert quiz["course_slug"] == quizzes["x"].slug
        assert quiz["title_en"] == big.title_en and quiz["title_ar"] == big.title_ar
        assert quiz["first_attempts"] == expected.first_attempts == 5
        assert quiz["mean_first_score"] == pytest.approx(expected.mean_first_score)
        assert quiz["suppressed"] == 0

        questions = [row for row in rows(group["questions"]) if row["quiz"] == key]
        assert [q["position"] for q in questions] == [1, 2]
        assert h5py.check_string_dtype(group["questions"].dtype["text_ar"]).encoding == "utf-8"
        for row, line in zip(questions, expected.questions, strict=True):
            assert row["kind"] == line.kind
            assert (
                row["text_ar"] == line.text_ar == big.questions.all()[row["position"] - 1].text_ar
            )
            assert row["text_en"] == line.text_en
            assert row["first_attempts"] == line.asked
            assert same(row["facility"], 100 * line.facility)
            assert same(row["discrimination"], line.discrimination)
            assert row["other_picks"] == line.other_picks
            assert row["suppressed"] == 0
        # By hand (tests/quizzes/test_admin_statistics.py): facility 60 %, discrimination
        # 16.67 for both questions.
        assert questions[0]["facility"] == pytest.approx(60.0)
        assert questions[0]["discrimination"] == pytest.approx(100 / 6)

        choices = [row for row in rows(group["choices"]) if row["quiz"] == key]
        got = [
            (c["question_position"], c["choice_position"], c["text_en"], c["correct"], c["picks"])
            for c in choices
        ]
        want = [
            (line.number, position, choice.text_en, int(choice.correct), choice.picks)
            for line in expected.questions
            for position, choice in enumerate(line.choices, start=1)
        ]
        assert got == want
        assert [c["picks"] for c in choices] == [3, 1, 1, 3, 2]
        assert choices[3]["text_ar"] == "صحيح"


def test_a_quiz_with_too_few_first_attempts_is_hidden_with_the_fill_value(quizzes, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    with read(exports.hdf5_bytes(build_report())) as f:
        group = f["quiz_statistics"]
        key = f"{quizzes['y'].slug}/final"
        (quiz,) = [row for row in rows(group["quizzes"]) if row["quiz"] == key]
        assert quiz["suppressed"] == 1
        assert quiz["first_attempts"] == -1 and quiz["mean_first_score"] == -1
        (question,) = [row for row in rows(group["questions"]) if row["quiz"] == key]
        assert question["suppressed"] == 1
        for name in ("first_attempts", "facility", "discrimination", "other_picks"):
            assert question[name] == -1, name
        # The texts of the question are no secret; the figures are.
        assert question["text_en"] == SINGLE["text_en"]
        choices = [row for row in rows(group["choices"]) if row["quiz"] == key]
        assert [c["picks"] for c in choices] == [-1, -1, -1]
        assert all(c["suppressed"] == 1 for c in choices)
    # With the threshold at 2, the same quiz is shown: 1 right, 1 wrong.
    settings.MADAFE_MIN_GROUP_SIZE = 2
    with read(exports.hdf5_bytes(build_report())) as f:
        group = f["quiz_statistics"]
        choices = [row for row in rows(group["choices"]) if row["quiz"] == key]
        assert [c["picks"] for c in choices] == [1, 1, 0]
        (question,) = [row for row in rows(group["questions"]) if row["quiz"] == key]
        assert question["facility"] == pytest.approx(50.0)
        # Two attempts and a single question: no "rest of the test" to correlate with.
        assert math.isnan(question["discrimination"])


def test_the_course_and_track_filters_narrow_the_quizzes(quizzes, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    y = quizzes["y"]
    for filters in (ReportFilters(track="advocacy"), ReportFilters(course=y)):
        with read(exports.hdf5_bytes(build_report(filters))) as f:
            group = f["quiz_statistics"]
            assert [row["quiz"] for row in rows(group["quizzes"])] == [f"{y.slug}/final"]
            assert {row["quiz"] for row in rows(group["questions"])} == {f"{y.slug}/final"}
    with read(exports.hdf5_bytes(build_report(ReportFilters(track="documentation")))) as f:
        group = f["quiz_statistics"]
        assert group["quizzes"].shape == (0,)
        assert group["questions"].shape == (0,) and group["choices"].shape == (0,)


def test_no_database_id_of_a_person_in_the_quiz_statistics(quizzes, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    with read(exports.hdf5_bytes(build_report())) as f:
        group = f["quiz_statistics"]
        columns = {name for name in group for name in group[name].dtype.names}
    assert not {name for name in columns if "user" in name or "attempt_id" in name}


def test_query_count_does_not_grow_with_the_number_of_quizzes(quizzes, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1

    def queries() -> int:
        report = build_report()
        with CaptureQueriesContext(connection) as captured:
            exports.hdf5_bytes(report)
        return len(captured)

    before = queries()
    module = modules_of(quizzes["x"])[0]
    for n in range(4):
        quiz = make_quiz(module, questions=[SINGLE, TRUE_FALSE], slug=f"more-{n}")
        take(UserFactory(), quiz, [1, 2])
    assert queries() == before <= 6
