"""The shared page cache (courses.page_cache, courses.middleware) never serves what the
database no longer says: after any sequence of page changes, every step URL answers with
a warm cache exactly what it answers once the cache is emptied."""

import itertools

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from courses import markdown, page_cache, services
from courses.models import LessonPage
from courses.services import ensure_course_index
from tests.accounts.factories import UserFactory
from tests.courses.factories import add_page, lessons_of, make_course, make_lesson, modules_of

pytestmark = pytest.mark.django_db

_added = itertools.count(1)
OPERATIONS = [
    "unpublish",
    "publish",
    "rename",
    "add",
    "delete",
    "move",
    "restrict",
    "glossary",
    "retitle-course",
    "add-module",
    "edit-home",
    "complete",
]


def _url(page):
    return "/ar" + page.url_path.removeprefix("/home-page")


def _answer(client, url):
    response = client.get(url)
    if response.status_code != 200 or response.context is None:
        return response.status_code, None
    page = response.context.get("page")
    if page is not None and page.specific_class.__name__ == "HomePage":
        return 200, (str(page.title), page.specific.intro)
    if "in_progress" in response.context:  # My learning
        return 200, [
            (s.course.pk, s.progress, s.next_step.pk if s.next_step else None)
            for s in [*response.context["in_progress"], *response.context["completed"]]
        ]
    items = response.context.get("items")
    if items is not None:  # the catalogue
        return 200, [
            (i["course"].pk, str(i["course"].title), i["modules"], i["enrolled"], i["completed"])
            for i in items
        ]
    state = response.context.get("state")
    if state is not None:  # the course page
        steps = [s for m in state.modules for s in m.steps] + list(state.final_steps)
        return 200, (
            str(response.context["page"].title),
            [(s.page.pk, str(s.page.title), s.done, s.locked) for s in steps],
            state.progress,
        )
    nav = response.context.get("step_nav")
    glossary = sorted(response.context.get("glossary", {}))
    return 200, (nav.position, nav.total, nav.completed, response.context["page"].pk, glossary)


def _apply(operation, course, pick, user=None):
    lessons = lessons_of(course)
    modules = modules_of(course)
    live = [lesson for lesson in lessons if lesson.live]
    if operation == "unpublish" and live:
        pick(live).unpublish()
    elif operation == "publish":
        drafts = [lesson for lesson in lessons if not lesson.live]
        if drafts:
            pick(drafts).save_revision().publish()
    elif operation == "rename" and lessons:
        lesson = pick(lessons)
        lesson.slug = f"{lesson.slug}-r"
        lesson.save_revision().publish()
    elif operation == "add" and modules:
        n = next(_added)
        add_page(pick(modules), make_lesson(f"added-{n}", f"Added {n}"))
    elif operation == "delete" and lessons:
        pick(lessons).delete()
    elif operation == "move" and lessons and len(modules) > 1:
        lesson = pick(lessons)
        target = pick([m for m in modules if not lesson.path.startswith(m.path)])
        lesson.move(target, pos="last-child")
    elif operation == "restrict" and lessons:
        PageViewRestriction.objects.create(
            page=pick(lessons), restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    elif operation == "edit-home":
        home = course.get_parent().get_parent().specific
        home.intro = f"{home.intro} +"
        home.save_revision().publish()
    elif operation == "add-module":
        from courses.models import ModulePage

        n = next(_added)
        module = add_page(course, ModulePage(title=f"Module {n}", slug=f"module-added-{n}"))
        add_page(module, make_lesson(f"in-added-{n}", f"In added {n}"))
    elif operation == "retitle-course":
        course.refresh_from_db()
        course.title = f"{course.title} +"
        course.save_revision().publish()
    elif operation == "complete" and user is not None:
        for lesson in [lesson for lesson in lessons if lesson.live]:
            try:
                services.complete_step(user, lesson)
                break
            except services.StepLocked:
                continue
    elif operation == "glossary":
        from courses.models import GlossaryTerm

        GlossaryTerm.objects.create(
            course=course, term_id=f"t{GlossaryTerm.objects.count()}", term="t", definition="d"
        )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_cached_routes_agree_with_the_database(client, home_page, data):
    index = ensure_course_index(home_page)
    course = make_course(index, modules=2, lessons=2, sequential=data.draw(st.booleans()))
    user = UserFactory()
    services.complete_step(user, lessons_of(course)[0])
    client.force_login(user)
    seen = {_url(lesson) for lesson in lessons_of(course)} | {
        _url(course),
        _url(index),
        "/ar/learning/",
    }
    operations = data.draw(st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=6))
    for operation in operations:
        for url in sorted(seen):
            client.get(url)  # warm the cache with the state before the change
        _apply(operation, course, lambda items: data.draw(st.sampled_from(items)), user)
        seen |= {_url(lesson) for lesson in lessons_of(course)}
    warm = {url: _answer(client, url) for url in sorted(seen)}
    cache.clear()
    markdown._local.clear()
    cold = {url: _answer(client, url) for url in sorted(seen)}
    assert warm == cold


def test_a_step_page_routes_from_the_cache(client, home_page, django_assert_max_num_queries):
    from courses.middleware import ROUTE

    index = ensure_course_index(home_page)
    course = make_course(index, modules=1, lessons=2, sequential=False)
    client.force_login(UserFactory())
    url = _url(lessons_of(course)[1])
    client.get(url)
    assert page_cache.get(ROUTE, "testserver", url) is not None
    # Routing, site, site root paths, view restrictions and glossary come from the cache:
    # what is left is the user (with the MFA policy's answer, in the same query), and the
    # trainee's own completions and enrolment (one statement).
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_the_front_page_routes_from_the_cache(client, home_page, django_assert_num_queries):
    client.get("/ar/")
    with django_assert_num_queries(0):  # anonymous: no session, no user, no page query
        assert client.get("/ar/").status_code == 200


def test_an_evicted_outline_means_routing_as_usual(client, home_page):
    """A step's route without its course's outline (evicted from Redis and from memory) is
    not used half: the page is routed from the database and both are stored again."""
    from courses.middleware import OUTLINE, ROUTE

    index = ensure_course_index(home_page)
    course = make_course(index, modules=1, lessons=2, sequential=False)
    client.force_login(UserFactory())
    lessons = lessons_of(course)
    url = _url(lessons[1])
    first = client.get(url)
    version = page_cache.version()
    key = f"courses:{OUTLINE}:{version}:{course.pk}"
    cache.delete(key)
    page_cache.clear_local()
    assert page_cache.get(OUTLINE, course.pk) is None
    assert page_cache.get(ROUTE, "testserver", url) is not None
    again = client.get(url)
    assert again.status_code == first.status_code == 200
    assert again.content.count(lessons[1].title.encode()) >= 1
    assert page_cache.get(OUTLINE, course.pk) is not None


def test_copies_kept_in_memory_follow_the_shared_version():
    page_cache.put("thing", "old", 1)
    assert page_cache.get("thing", 1) == "old"
    page_cache.bump()  # another server changed a page
    assert page_cache.get("thing", 1) is None
    page_cache.put("thing", "new", 1)
    page_cache.clear_local()  # another process: reads the shared cache
    assert page_cache.get("thing", 1) == "new"


def test_an_emptied_shared_cache_never_brings_back_an_old_copy():
    """Redis restarted or flushed while servers still hold copies in memory: the version
    starts again above any version they can have seen."""
    page_cache.put("thing", "old", 1)
    for _ in range(100):
        page_cache.bump()
    cache.clear()
    assert page_cache.get("thing", 1) is None


def test_memory_copies_are_bounded(monkeypatch):
    monkeypatch.setattr(page_cache, "LOCAL_ENTRIES", 3)
    for number in range(10):
        page_cache.put("thing", number, number)
    assert len(page_cache._local) == 3
    assert page_cache.get("thing", 9) == 9


def test_a_new_site_empties_the_cache(home_page):
    from wagtail.models import Site

    before = page_cache.version()
    Site.objects.create(hostname="other.example", port=80, root_page=home_page)
    assert page_cache.version() > before


def test_a_change_committed_elsewhere_empties_the_cache(home_page):
    before = page_cache.version()
    lesson = LessonPage.objects.first() or make_course(ensure_course_index(home_page))
    lesson.save()
    assert page_cache.version() > before
