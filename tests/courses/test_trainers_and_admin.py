"""Trainers author inside the course catalogue only; the missing-translations report."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import GroupPagePermission

from courses.admin_views import missing_translations, pages_missing_translations
from courses.models import LessonPage
from madafe.home.services import ensure_home_page
from tests.accounts.factories import UserFactory, activate_totp

from .factories import lessons_of, make_course, make_lesson, modules_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(db):
    user = UserFactory(username="trainer", groups=["Trainers"])
    activate_totp(user)
    return user


def test_trainer_rights_are_set_once(home_page, index):
    ensure_home_page()
    ensure_home_page()
    group = Group.objects.get(name="Trainers")
    rights = GroupPagePermission.objects.filter(group=group)
    assert {r.page_id for r in rights} == {index.pk}
    assert sorted(r.permission.codename for r in rights) == [
        "add_page",
        "change_page",
        "publish_page",
    ]


def test_trainer_can_edit_course_pages_not_the_home_page(trainer, home_page, course):
    lesson = lessons_of(course)[0]
    assert course.permissions_for_user(trainer).can_edit()
    assert course.permissions_for_user(trainer).can_publish()
    assert lesson.permissions_for_user(trainer).can_edit()
    assert modules_of(course)[0].permissions_for_user(trainer).can_add_subpage()
    assert not home_page.permissions_for_user(trainer).can_edit()
    assert not home_page.permissions_for_user(trainer).can_add_subpage()


def test_trainer_in_the_admin(client, trainer, home_page, course):
    client.force_login(trainer)
    lesson = lessons_of(course)[0]
    assert client.get(f"/admin/pages/{lesson.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code in (302, 403)
    before = home_page.title_en
    client.post(f"/admin/pages/{home_page.pk}/edit/", {"title_ar": "x", "title_en": "hacked"})
    home_page.refresh_from_db()
    assert home_page.title_en == before


def test_trainee_is_not_a_trainer(client, home_page, course, trainee):
    assert not course.permissions_for_user(trainee).can_edit()


def test_missing_translations_report(client, trainer, index):
    course = make_course(index, modules=1, lessons=1, title_en="Complete course")
    lesson = make_lesson("no-english", "x", body_en=[])
    modules_of(course)[0].add_child(instance=lesson)
    type(course).objects.filter(pk=course.pk).update(summary_en="")
    lesson = LessonPage.objects.get(pk=lesson.pk)
    with translation.override("en"):
        assert [str(m) for m in missing_translations(lesson)] == ["body (English)"]
    flagged = {p.pk for p in pages_missing_translations()}
    assert lesson.pk in flagged and course.pk in flagged
    assert lessons_of(course)[0].pk not in flagged
    client.force_login(trainer)
    response = client.get("/admin/reports/missing-translations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/admin/pages/{lesson.pk}/edit/" in html
    assert f"/admin/pages/{course.pk}/edit/" in html
    assert f"/admin/pages/{lessons_of(course)[0].pk}/edit/" not in html
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/missing-translations/" in menu


def test_report_is_closed_to_trainees(client, trainee, home_page):
    client.force_login(trainee)
    response = client.get("/admin/reports/missing-translations/")
    assert response.status_code in (302, 403)
