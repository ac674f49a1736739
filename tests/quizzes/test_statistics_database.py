"""The figures the database computes (`statistics_of_quizzes`, grouped sums over the first
attempts' answers) are the figures the pure functions define, on random attempts: partial
points, multiple picks (repeated ones too), unanswered and undrawn questions, answers to
deleted questions, picks of removed choices, open attempts and later attempts (ignored)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.models import Attempt, AttemptAnswer
from quizzes.statistics import AttemptRow, question_figures, statistics_of_quizzes
from tests.accounts.factories import UserFactory

from .factories import MULTIPLE, ONE_OF_EACH, SINGLE, make_quiz

pytestmark = pytest.mark.django_db

TRAINEES = 6
STALE = 9_000_000  # picked ids from here on are choices removed from the question since

POINTS = st.one_of(
    st.sampled_from([Decimal(0), Decimal(1), Decimal("0.5")]),
    st.decimals(min_value=0, max_value=1, places=4),
)
# A question of the attempt: not drawn (None), or its points and the picks, as indexes into
# the question's choices (an index past them is a removed choice; repeats are allowed).
ANSWER = st.one_of(st.none(), st.tuples(POINTS, st.lists(st.integers(0, 5), max_size=4)))
ATTEMPT = st.tuples(
    st.lists(ANSWER, min_size=4, max_size=4),
    st.lists(POINTS, max_size=2),  # answers to questions deleted since
)
# Per trainee: their attempts in order, and whether the last one is still open.
TRAINEE = st.tuples(st.lists(ATTEMPT, min_size=1, max_size=3), st.booleans())
DATA = st.lists(st.lists(TRAINEE, max_size=TRAINEES), min_size=2, max_size=2)


@pytest.fixture
def setup(module, course):
    quizzes = [make_quiz(module, questions=ONE_OF_EACH), make_quiz(module, [SINGLE, MULTIPLE])]
    questions = {
        quiz.pk: list(quiz.questions.order_by("sort_order", "pk").prefetch_related("choices"))
        for quiz in quizzes
    }
    people = [UserFactory() for _ in range(TRAINEES)]
    return course, quizzes, questions, people


def store(setup, data) -> dict[int, list[AttemptRow]]:
    """Write the attempts of `data`; return each quiz's first submitted attempts as the pure
    functions take them."""
    course, quizzes, questions, people = setup
    Attempt.objects.filter(quiz__in=quizzes).delete()
    now = timezone.now()
    expected = {}
    for quiz, trainees in zip(quizzes, data, strict=True):
        rows = []
        for person, (attempts, last_open) in zip(people, trainees, strict=False):
            for number, (answers, deleted) in enumerate(attempts, start=1):
                submitted = not (last_open and number == len(attempts))
                attempt = Attempt.objects.create(
                    user=person,
                    quiz=quiz,
                    course=course,
                    number=number,
                    submitted_at=now if submitted else None,
                )
                points, picked, objects = {}, {}, []
                drawn = [
                    (question, answer)
                    for question, answer in zip(questions[quiz.pk], answers, strict=False)
                    if answer is not None
                ]
                for position, (question, (mark, picks)) in enumerate(drawn, start=1):
                    choices = [c.pk for c in question.choices.all()]
                    ids = [choices[i] if i < len(choices) else STALE + i for i in picks]
                    if question.kind == "short":
                        ids = []
                    points[question.pk], picked[question.pk] = mark, ids
                    objects.append(
                        AttemptAnswer(
                            attempt=attempt,
                            question=question,
                            position=position,
                            kind=question.kind,
                            picked=ids,
                            points=mark,
                            correct=mark == 1,
                        )
                    )
                for position, mark in enumerate(deleted, start=len(drawn) + 1):
                    points[-position] = mark
                    objects.append(
                        AttemptAnswer(
                            attempt=attempt,
                            question=None,
                            position=position,
                            kind="single",
                            picked=[STALE],
                            points=mark,
                        )
                    )
                AttemptAnswer.objects.bulk_create(objects)
                if number == 1 and submitted:
                    rows.append(AttemptRow(points=points, picked=picked))
        expected[quiz.pk] = rows
    return expected


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=DATA)
def test_database_figures_are_the_pure_figures(setup, data):
    _course, quizzes, questions, _people = setup
    expected = store(setup, data)
    statistics = statistics_of_quizzes(quizzes)
    for quiz in quizzes:
        stats = statistics[quiz.pk]
        rows = expected[quiz.pk]
        assert stats.first_attempts == len(rows)
        figures = question_figures(rows, [q.pk for q in questions[quiz.pk]])
        assert [line.question_id for line in stats.questions] == [q.pk for q in questions[quiz.pk]]
        for line, figure in zip(stats.questions, figures, strict=True):
            assert line.asked == figure.asked
            if figure.facility is None:
                assert line.facility is None
            else:
                assert line.facility == pytest.approx(figure.facility)
            if figure.discrimination is None:
                assert line.discrimination is None
            else:
                assert line.discrimination == pytest.approx(figure.discrimination, abs=1e-9)
            current = {choice.choice_id for choice in line.choices}
            assert {c.choice_id: c.picks for c in line.choices} == {
                cid: figure.picks.get(cid, 0) for cid in current
            }
            for choice in line.choices:
                share = choice.picks / figure.asked if figure.asked else None
                assert choice.share == (None if share is None else pytest.approx(share))
            assert line.other_picks == sum(
                n for cid, n in figure.picks.items() if cid not in current
            )


def test_query_count_does_not_grow_with_quizzes_and_attempts(setup):
    _course, quizzes, _questions, _people = setup
    full = (Decimal(1), [0, 1])
    few = ([([full] * 4, [])], False)
    store(setup, [[few], []])
    with CaptureQueriesContext(connection) as small:
        statistics_of_quizzes(quizzes[:1])
    many = [([full, None, (Decimal("0.5"), [2]), None], [Decimal(1)])] * 3
    store(setup, [[(many, False)] * TRAINEES, [(many, True)] * TRAINEES])
    with CaptureQueriesContext(connection) as large:
        statistics = statistics_of_quizzes(quizzes)
    assert statistics[quizzes[1].pk].first_attempts == TRAINEES
    assert len(small.captured_queries) == len(large.captured_queries) == 4


def test_picks_that_are_not_choice_ids_are_ignored(setup):
    course, quizzes, questions, people = setup
    single = questions[quizzes[1].pk][0]
    right = single.choices.get(is_correct=True).pk
    attempt = Attempt.objects.create(
        user=people[0], quiz=quizzes[1], course=course, number=1, submitted_at=timezone.now()
    )
    AttemptAnswer.objects.create(
        attempt=attempt,
        question=single,
        position=1,
        kind="single",
        picked=[right, None, "x", 1.5, right, STALE],
        points=1,
    )
    line = statistics_of_quizzes(quizzes[1:])[quizzes[1].pk].questions[0]
    assert line.asked == 1
    assert [c.picks for c in line.choices if c.correct] == [1]
    assert line.other_picks == 1  # the removed choice, not the values that are no ids
