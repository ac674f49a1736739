"""The registry, the JSON document and the readable page of "Download my data"."""

import datetime
import json

import pytest
from django.utils import timezone

from madafe.accounts import personal_data
from madafe.accounts.personal_data import Coded
from tests.organisations.factories import CoordinatorFactory, MembershipFactory

from .factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def stand_in_section():
    """A section registered by a stand-in app, removed afterwards."""
    calls = []

    def export(user):
        return [
            {
                "when": datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC),
                "on_day": datetime.date(2026, 1, 2),
                "kind": Coded("k1", "Kind one"),
                "done": True,
                "answers": [{"question": "Q1", "answer": "A1"}],
                "note": "",
            }
        ]

    personal_data.register(
        "stand_in",
        title="Stand-in",
        export=export,
        erase=lambda user: calls.append(user.pk),
        labels={"when": "When", "kind": "Kind", "answers": "Answers", "question": "Question"},
    )
    yield calls
    personal_data.unregister("stand_in")


def test_account_and_organisations_are_registered():
    keys = personal_data.registered_keys()
    assert keys[0] == "account"
    assert "organisations" in keys


def test_account_export_has_what_we_hold_and_no_secret():
    user = UserFactory(
        username="salma", email="salma@example.org", first_name="Salma", last_name="B."
    )
    activate_totp(user)
    data = personal_data.export_document(user)
    account = data["sections"]["account"]
    assert account["username"] == "salma"
    assert account["email"] == "salma@example.org"
    assert account["first_name"] == "Salma"
    assert account["last_name"] == "B."
    assert account["two_factor_authentication"] is True
    assert datetime.datetime.fromisoformat(account["date_joined"]) <= timezone.now()
    assert account["last_login"] is None
    text = json.dumps(data)
    user.refresh_from_db()
    assert user.password not in text
    assert "password" not in text
    assert "secret" not in text
    assert "session_epoch" not in text and user.session_epoch not in text


def test_mfa_off_is_exported_as_false():
    user = UserFactory()
    assert (
        personal_data.export_document(user)["sections"]["account"]["two_factor_authentication"]
        is False
    )


def test_export_document_shape_and_plain_values(stand_in_section):
    user = UserFactory()
    data = personal_data.export_document(user)
    assert data["format"] == "madafe-personal-data"
    assert data["version"] == 1
    item = data["sections"]["stand_in"][0]
    assert item["when"] == "2026-01-02T03:04:00+00:00"
    assert item["on_day"] == "2026-01-02"
    assert item["kind"] == "k1"  # the code in JSON, the words on the page
    assert item["answers"] == [{"question": "Q1", "answer": "A1"}]
    json.dumps(data)  # serialisable as it stands


def test_display_rows_use_labels_and_kinds(stand_in_section):
    user = UserFactory()
    section = next(s for s in personal_data.display_sections(user) if s.key == "stand_in")
    rows = {row.label: row for row in section.records[0]}
    assert rows["When"].kind == "datetime"
    assert rows["on day"].kind == "date"  # no label given: the key, readable
    assert rows["Kind"].value == "Kind one"
    assert rows["done"].kind == "bool"
    assert rows["note"].kind == "empty"
    nested = rows["Answers"]
    assert nested.kind == "records"
    assert nested.records[0][0].label == "Question"


def test_erasers_run_highest_layer_first_account_last(monkeypatch):
    order = []
    stubs = {}
    for key in ("account", "organisations", "courses", "certificates"):
        stubs[key] = personal_data.Section(
            key=key, title=key, export=list, erase=(lambda k: lambda user: order.append(k))(key)
        )
    stubs["no_eraser"] = personal_data.Section(key="no_eraser", title="", export=list, erase=None)
    monkeypatch.setattr(personal_data, "_sections", stubs)
    personal_data.erase(UserFactory())
    assert order == ["certificates", "courses", "organisations", "account"]


# --- The pages --------------------------------------------------------------------------------


def test_json_download_is_an_uncached_attachment(client):
    user = UserFactory(username="noura")
    MembershipFactory(user=user, organisation__name_en="Fezzan Voices", share_progress=True)
    client.force_login(user)
    response = client.get("/en/accounts/me/data.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "personal-data-" in disposition
    assert "noura" not in disposition and "madafe" not in disposition.lower()
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["sections"]["account"]["username"] == "noura"
    membership = data["sections"]["organisations"][0]
    assert membership["association_name_en"] == "Fezzan Voices"
    assert membership["shares_progress_with_coordinators"] is True
    assert membership["role"] == "member"


def test_json_download_is_only_ones_own(client):
    UserFactory(username="other-person")
    me = UserFactory(username="me-myself")
    client.force_login(me)
    text = client.get("/en/accounts/me/data.json").content.decode()
    assert "other-person" not in text


@pytest.mark.parametrize("url", ["/en/accounts/me/data/", "/en/accounts/me/data.json"])
def test_export_pages_need_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/en/accounts/me/data/", "/en/accounts/me/data.json"])
def test_export_pages_are_get_only(client, url):
    client.force_login(UserFactory())
    assert client.post(url).status_code == 405


def test_readable_page_in_english(client):
    user = UserFactory(username="khaled", email="")
    CoordinatorFactory(user=user, organisation__name_en="Tobruk Lawyers")
    activate_totp(user)
    client.force_login(user)
    response = client.get("/en/accounts/me/data/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'dir="ltr"' in html
    assert "Everything we hold about you" in html
    assert "<bdi>khaled</bdi>" in html
    assert "Tobruk Lawyers" in html
    assert "Coordinator" in html
    assert "Two-factor authentication on" in html
    assert "personal-data.css" in html
    assert 'style="' not in html and "<script>" not in html


def test_readable_page_in_arabic_right_to_left(client):
    user = UserFactory(username="amal")
    MembershipFactory(user=user, organisation__name_ar="جمعية الأمل")
    client.force_login(user)
    html = client.get("/ar/accounts/me/data/").content.decode()
    assert 'dir="rtl"' in html
    assert "كل ما نحتفظ به عنك" in html
    assert "جمعية الأمل" in html
    assert "عضو" in html


def test_account_page_links_to_export_and_deletion(client):
    client.force_login(UserFactory())
    html = client.get("/en/accounts/me/").content.decode()
    assert 'href="/en/accounts/me/data/"' in html
    assert 'href="/en/accounts/me/data.json"' in html
    assert 'href="/en/accounts/me/delete/"' in html


# Every registered section adds its own few queries; none may add one per row.
EXPORT_PAGE_BUDGET = 16


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/en/accounts/me/data/", "/en/accounts/me/data.json"])
def test_export_query_budget_does_not_grow_with_rows(client, url, django_assert_max_num_queries):
    user = UserFactory()
    MembershipFactory(user=user)
    client.force_login(user)
    _queries(client, url)  # warm the session
    few = _queries(client, url)
    for _ in range(11):
        MembershipFactory(user=user)
    many = _queries(client, url)
    assert many == few
    with django_assert_max_num_queries(EXPORT_PAGE_BUDGET):
        client.get(url)
