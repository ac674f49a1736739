"""Who reaches which report: every report page, export and association URL against every
kind of visitor. Refusals carry no data."""

import pytest

from madafe.accounts.policy import CENTRE_STAFF_GROUP, TRAINERS_GROUP
from madafe.organisations.models import Membership
from tests.accounts.factories import UserFactory, activate_totp

from .factories import coordinator_of, member

pytestmark = pytest.mark.django_db

VISITORS = (
    "anonymous",
    "trainee",
    "coordinator of A",
    "coordinator of B",
    "trainer",
    "centre staff",
    "superuser",
)


def visitor(client, data, who):
    if who == "anonymous":
        return None
    if who == "trainee":
        user = member(data["a"], "plain-member")
    elif who == "coordinator of A":
        user = coordinator_of(data["a"], "coord-a")
    elif who == "coordinator of B":
        user = coordinator_of(data["b"], "coord-b")
    elif who == "trainer":
        user = UserFactory(username="trainer", groups=[TRAINERS_GROUP])
    elif who == "centre staff":
        user = UserFactory(username="staff", groups=[CENTRE_STAFF_GROUP])
    else:
        user = UserFactory(username="root", is_superuser=True, is_staff=True)
    activate_totp(user)  # privileged people have MFA on: only permissions decide here
    client.force_login(user)
    return user


def secrets(data):
    """What would give A's report away: its name and a sharing member's username."""
    return ("Association A", "جمعية أ", "a1")


def urls(data):
    a = data["a"].public_id
    return {
        "coordinator page": f"/en/reports/associations/{a}/",
        "coordinator page (ar)": f"/ar/reports/associations/{a}/",
        "dashboard": "/admin/centre-report/",
        "csv": "/admin/centre-report/export.csv",
        "hdf5": "/admin/centre-report/export.h5",
        "leave association": f"/en/associations/{a}/leave/",
    }


# (who, url name) → expected status; "login" = sent to sign in; "refused" = Wagtail's
# answer to a permission denied inside the admin: back to the admin's home, with a message.
EXPECTED = {
    "anonymous": {
        "coordinator page": "login",
        "dashboard": "login",
        "csv": "login",
        "hdf5": "login",
        "leave association": "login",
    },
    "trainee": {
        "coordinator page": 404,
        "dashboard": "login",
        "csv": "login",
        "hdf5": "login",
        "leave association": 200,
    },
    "coordinator of A": {
        "coordinator page": 200,
        "dashboard": "login",
        "csv": "login",
        "hdf5": "login",
        "leave association": 200,
    },
    "coordinator of B": {
        "coordinator page": 404,
        "dashboard": "login",
        "csv": "login",
        "hdf5": "login",
        "leave association": 404,
    },
    "trainer": {
        "coordinator page": 404,
        "dashboard": "refused",
        "csv": "refused",
        "hdf5": "refused",
        "leave association": 404,
    },
    "centre staff": {
        "coordinator page": 200,
        "dashboard": 200,
        "csv": 200,
        "hdf5": 200,
        "leave association": 404,
    },
    "superuser": {
        "coordinator page": 200,
        "dashboard": 200,
        "csv": 200,
        "hdf5": 200,
        "leave association": 404,
    },
}


@pytest.mark.parametrize("who", VISITORS)
def test_access_matrix(client, data, who):
    Membership.objects.filter(user__username="a1", organisation=data["a"]).update(
        share_progress=True
    )
    visitor(client, data, who)
    for name, url in urls(data).items():
        expected = EXPECTED[who][name.replace(" (ar)", "")]
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302, (name, response.status_code)
            assert "/accounts/login/" in response["Location"], name
        elif expected == "refused":
            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"] == "/admin/", name
        else:
            assert response.status_code == expected, (name, response.status_code)
        if expected != 200:
            body = response.content.decode("utf-8", "replace")
            for secret in secrets(data):
                assert secret not in body, (name, secret)


def test_coordinator_of_b_cannot_open_a_by_any_id(client, data):
    visitor(client, data, "coordinator of B")
    for public_id in (data["a"].public_id, data["a"].public_id.upper(), str(data["a"].pk)):
        assert client.get(f"/en/reports/associations/{public_id}/").status_code == 404
    assert client.get(f"/en/reports/associations/{data['b'].public_id}/").status_code == 200


def test_inactive_association_closes_its_report_to_coordinators(client, data):
    visitor(client, data, "coordinator of A")
    data["a"].active = False
    data["a"].save()
    assert client.get(urls(data)["coordinator page"]).status_code == 404


def test_coordinator_without_mfa_is_sent_to_set_it_up(client, data):
    user = coordinator_of(data["a"], "coord-no-mfa")
    client.force_login(user)
    response = client.get(urls(data)["coordinator page"])
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_menu_item_only_for_centre_staff(client, data):
    visitor(client, data, "trainer")
    assert "/admin/centre-report/" not in client.get("/admin/").content.decode()
    client.logout()
    visitor(client, data, "centre staff")
    assert "/admin/centre-report/" in client.get("/admin/").content.decode()
