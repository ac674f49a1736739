"""`_locking_steps` (every step's blocker in one pass, for the course page) agrees with
`_locking_step_in` (one step's blocker, for a step page) on any outline and progress."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from courses.services import ModuleOutline, Outline, _locking_step_in, _locking_steps


@st.composite
def outlines(draw):
    sizes = draw(st.lists(st.integers(min_value=0, max_value=5), max_size=6))
    finals = draw(st.integers(min_value=0, max_value=2))
    course = SimpleNamespace(sequential=draw(st.booleans()))
    counter = iter(range(1, 1000))
    modules = [
        ModuleOutline(
            page=SimpleNamespace(pk=-(i + 1)),
            steps=[SimpleNamespace(pk=next(counter)) for _ in range(n)],
        )
        for i, n in enumerate(sizes)
    ]
    final_steps = [SimpleNamespace(pk=next(counter)) for _ in range(finals)]
    outline = Outline(course=course, modules=modules, final_steps=final_steps)
    ids = outline.step_ids()
    done = set(draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    completed = draw(st.sampled_from([None, "2026-01-01"]))
    enrollment = draw(st.sampled_from([None, SimpleNamespace(completed_at=completed)]))
    return outline, done, enrollment


@given(outlines())
def test_every_step_at_once_agrees_with_one_at_a_time(case):
    outline, done, enrollment = case
    blockers = _locking_steps(outline, done, enrollment)
    assert set(blockers) == set(outline.step_ids())
    for step in outline.steps:
        assert blockers[step.pk] is _locking_step_in(outline, step.pk, done, enrollment)
