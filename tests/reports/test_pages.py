"""What the dashboard and the coordinator page show, on the hand-built data set."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madafe.organisations.models import Membership
from madafe.organisations.services import set_share_progress
from tests.accounts.factories import UserFactory, activate_totp

from .factories import coordinator_of, enrol, member

pytestmark = pytest.mark.django_db


def staff(client, language="en"):
    from wagtail.users.models import UserProfile

    user = UserFactory(username="staff", groups=["Centre staff"])
    activate_totp(user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return user


def measured(client, url):
    """The queries of one page view, after a first view has done the once-per-session work
    (the session's idle-timeout stamp)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries, response.content.decode()


def coordinator(client, organisation, username="coord-a"):
    user = coordinator_of(organisation, username)
    activate_totp(user)
    client.force_login(user)
    return user


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def report_url(data, lang="en"):
    return f"/{lang}/reports/associations/{data['a'].public_id}/"


# --- The coordinator page ------------------------------------------------------------------


def test_coordinator_sees_own_figures_hidden_below_the_threshold(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    coordinator(client, data["a"])  # the coordinator is a member too: A has 7 members
    body = page(client, report_url(data))
    assert "Association A" in body
    assert "Association B" not in body and "جمعية ب" not in body
    assert "<bdi>7</bdi>" in body  # members
    assert "<bdi>5</bdi>" in body  # enrolled in X
    assert "<bdi>60.0%</bdi>" in body  # median progress in X, from 5 enrolled
    assert "<bdi>fewer than 5</bdi>" in body
    assert "<bdi>40.0%</bdi>" not in body  # completion rate of X: computed from 2 completed


def test_hidden_figures_read_the_same_in_arabic(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    coordinator(client, data["a"])
    body = page(client, report_url(data, "ar"))
    assert "<bdi>أقل من 5</bdi>" in body
    assert "fewer than" not in body


def test_consent_decides_which_members_the_coordinator_sees(client, data):
    coordinator(client, data["a"])
    body = page(client, report_url(data))
    assert "<bdi>a1</bdi>" not in body and "<bdi>a2</bdi>" not in body
    assert "No member shares their progress at the moment." in body

    a1 = Membership.objects.get(user__username="a1", organisation=data["a"])
    set_share_progress(a1, True)
    body = page(client, report_url(data))
    assert "<bdi>a1</bdi>" in body
    assert "<bdi>100%</bdi>" in body and "<bdi>50%</bdi>" in body  # X completed, Y half
    assert "<bdi>80.0%</bdi>" in body  # best quiz score
    assert "<bdi>a2</bdi>" not in body

    set_share_progress(a1, False)
    body = page(client, report_url(data))
    assert "<bdi>a1</bdi>" not in body


def test_a1_shares_with_a_but_b_sees_nothing_of_it(client, data):
    """a1 belongs to both; sharing with A says nothing to B's coordinator."""
    set_share_progress(Membership.objects.get(user__username="a1", organisation=data["a"]), True)
    coordinator(client, data["b"], "coord-b")
    body = page(client, f"/en/reports/associations/{data['b'].public_id}/")
    assert "<bdi>a1</bdi>" not in body


def test_leaving_member_is_no_longer_counted(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    coordinator(client, data["a"])
    assert "<bdi>7</bdi>" in page(client, report_url(data))
    Membership.objects.filter(user__username="a6", organisation=data["a"]).delete()
    body = page(client, report_url(data))
    assert "<bdi>7</bdi>" not in body and "<bdi>6</bdi>" in body


def test_bad_filter_is_a_400_without_data(client, data):
    coordinator(client, data["a"])
    response = client.get(report_url(data) + "?since=2026-03-01&until=2026-01-01")
    assert response.status_code == 400
    assert "The start of the period is after its end." in response.content.decode()
    assert "<bdi>" not in response.content.decode().split("</form>")[1]
    assert client.get(report_url(data) + "?since=yesterday").status_code == 400


def test_coordinator_page_query_budget(client, data, django_assert_max_num_queries):
    coordinator(client, data["a"])
    Membership.objects.filter(organisation=data["a"]).update(share_progress=True)
    page(client, report_url(data))
    with django_assert_max_num_queries(22):
        page(client, report_url(data))


def test_coordinator_page_queries_do_not_grow_with_members(client, data):
    coordinator(client, data["a"])
    Membership.objects.filter(organisation=data["a"]).update(share_progress=True)
    before, _ = measured(client, report_url(data))
    for i in range(8):
        extra = member(data["a"], f"extra-{i}", share_progress=True)
        enrol(extra, data["x"])
    after, body = measured(client, report_url(data))
    assert "<bdi>extra-7</bdi>" in body
    assert len(after) == len(before)


# --- The dashboard -------------------------------------------------------------------------


def test_dashboard_table_totals_and_charts(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    staff(client)
    body = page(client, "/admin/centre-report/")
    assert "Association A" in body and "Association B" in body
    total = body.split("<tfoot>")[1]
    assert "<bdi>9</bdi>" in total and "<bdi>7</bdi>" in total  # members, enrolled
    assert "<bdi>71.4%</bdi>" in total and "<bdi>80.0%</bdi>" in total  # rate, median
    assert "<em>fewer than 5</em>" in total  # quiz takers, certificates
    assert body.count('class="report-chart"') == 2
    assert "<title" in body and "<desc" in body
    assert "Completion rate per association" in body
    # A: 3 completed of 5 enrolled → hidden (3); B: 4 members → hidden: no bar is drawn
    assert 'fill="#1f6f5c"' not in body
    assert "Association A: fewer than 5" in body
    assert "/admin/centre-report/export.csv" in body


def test_dashboard_filters_and_sorting(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    staff(client)
    body = page(client, "/admin/centre-report/?track=advocacy&region=east")
    table = body.split("<tbody>")[1].split("</tbody>")[0]
    assert "Association B" in table and "Association A" not in table
    assert "Advocacy" in table and "Digital safety" not in table
    body = page(client, "/admin/centre-report/?sort=enrolled&order=desc")
    table = body.split("<tbody>")[1]
    assert table.index("Digital safety") < table.index("Advocacy")
    assert 'aria-sort="descending"' in body
    assert "?track=advocacy" in page(client, "/admin/centre-report/?track=advocacy")
    assert client.get("/admin/centre-report/?sort=nonsense").status_code == 400


def test_dashboard_arabic_charts_read_right_to_left(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    staff(client, "ar")
    body = page(client, "/admin/centre-report/")
    assert 'direction="rtl"' in body
    assert "أقل من" in body or "معدل الإتمام" in body


def test_dashboard_query_count_does_not_grow_with_associations(client, home_page, settings):
    from tests.courses.factories import course_index, make_course
    from tests.organisations.factories import OrganisationFactory

    settings.MADAFE_MIN_GROUP_SIZE = 1
    index = course_index(home_page)
    courses = [make_course(index, modules=1, lessons=2) for _ in range(2)]

    def add_associations(n, start):
        for i in range(start, start + n):
            org = OrganisationFactory()
            for j in range(2):
                user = member(org, f"m-{i}-{j}")
                enrol(user, courses[j % 2])

    staff(client)
    add_associations(2, 0)
    two, _ = measured(client, "/admin/centre-report/")
    add_associations(38, 2)
    forty, body = measured(client, "/admin/centre-report/")
    assert body.count("<tr>") > 80
    assert len(forty) == len(two), [q["sql"][:120] for q in forty.captured_queries]
