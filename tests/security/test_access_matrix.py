"""Access: the role × object matrix for every URL of the site.

Eight roles ask for every URL pattern, with the ids of one trainee's objects (the
"owner"): their certificate, their association, their course and steps. Each cell says the
status that role gets. Beyond the status:

- rows marked `private` show one person's own data: no other role's response may carry
  the owner's username or certificate code;
- rows that change something name the roles allowed to change it; after every other
  role's request the owner's data must be exactly as before (certificate name and status,
  membership and consent, progress, the account itself).

Every URL pattern the resolver knows must be classified here (`test_every_url_is_in_the_
matrix`): a new URL fails until someone decides who may open it. Wagtail's own admin views
are covered by one rule (no role outside the admin gets a page from any of them, whatever
the id) and by explicit rows for the ones that matter; the project's own admin views need
explicit rows.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents.models import Document

from certificates import services as certificate_services
from certificates.models import Certificate
from courses import services as course_services
from courses.models import StepCompletion
from madafe.accounts.policy import CENTRE_STAFF_GROUP, TRAINERS_GROUP
from madafe.organisations.models import Membership, Role
from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests.accounts.factories import UserFactory, activate_totp
from tests.certificates.factories import make_course
from tests.organisations.factories import (
    InviteCodeFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.quizzes.factories import make_quiz, right_answers

pytestmark = pytest.mark.django_db

# The owner asks last among those who may change things, so every other role's request
# is checked against the owner's untouched data first.
ROLES = (
    "anonymous",
    "other",
    "coordinator_a",
    "coordinator_b",
    "trainer",
    "staff",
    "superuser",
    "owner",
)
PRIVILEGED = ("coordinator_a", "coordinator_b", "trainer", "staff", "superuser")
OUTSIDE_ADMIN = ("anonymous", "owner", "other", "coordinator_a", "coordinator_b")
PROJECT_APPS = ("madafe", "courses", "quizzes", "certificates")
# Admin viewsets of the project (Wagtail's generic views, so named by namespace).
PROJECT_ADMIN_NAMESPACES = ("associations", "invite_codes", "memberships")
# Admin URLs that answer anyone, carrying nothing about anyone: the icon sprite and the
# admin's JavaScript translation catalogue.
PUBLIC_ADMIN_VIEWS = {"wagtailadmin_sprite", "wagtailadmin_javascript_catalog"}


# --- Expected statuses -------------------------------------------------------------------


def everyone(status, **overrides):
    return {role: overrides.get(role, status) for role in ROLES}


def signed_in(status, anonymous=302, **overrides):
    """Anyone signed in gets `status` (it is about themselves); anonymous is sent to sign
    in."""
    return everyone(status, anonymous=anonymous, **overrides)


def owner_only(status=200, others=404, anonymous=302, **overrides):
    """Only the owner; everyone else gets what a missing object gets."""
    return {**everyone(others, anonymous=anonymous, owner=status), **overrides}


def admin_only(allowed: dict, outside=302, **overrides):
    """An admin view: roles outside the admin are sent away, the others as given."""
    cells = everyone(None)
    for role in OUTSIDE_ADMIN:
        cells[role] = outside
    cells.update(allowed)
    cells.update(overrides)
    return cells


@dataclass
class Row:
    name: str  # the URL pattern's name, namespace included
    path: object  # a string, or a function of the world
    expected: dict
    method: str = "get"
    data: object = None  # POST data, or a function of the world
    private: bool = False  # shows one person's own data
    may_change: tuple = ()  # roles allowed to change the owner's data with it
    shown_to: tuple = ()  # roles the owner chose to show their data to (consent)
    label: str = ""
    extra: list = field(default_factory=list)

    @property
    def id(self):
        return self.label or f"{self.name}-{self.method}"


def _cert(w):
    return w.certificate.pk


def _public_id(w):
    return w.org_a.public_id


ROWS = [
    # --- accounts (our pages) --------------------------------------------------------
    Row("account_overview", "/ar/accounts/me/", signed_in(200), private=True),
    Row("account_sign_out_everywhere", "/ar/accounts/me/sign-out-everywhere/", signed_in(405)),
    Row(
        "account_sign_out_everywhere",
        "/ar/accounts/me/sign-out-everywhere/",
        signed_in(302),
        method="post",
        label="sign-out-everywhere-post",
    ),
    Row("account_my_data", "/ar/accounts/me/data/", signed_in(200), private=True),
    Row("account_my_data_json", "/ar/accounts/me/data.json", signed_in(200), private=True),
    Row("account_delete", "/ar/accounts/me/delete/", signed_in(200), private=True),
    Row(
        "account_delete",
        "/ar/accounts/me/delete/",
        signed_in(200),
        method="post",
        data={"password": "not the passphrase"},
        label="delete-with-wrong-passphrase",
    ),
    Row("account_deleted", "/ar/accounts/deleted/", everyone(200)),
    # --- accounts (allauth) ------------------------------------------------------------
    Row("account_login", "/ar/accounts/login/", everyone(302, anonymous=200)),
    Row("account_logout", "/ar/accounts/logout/", signed_in(200)),
    Row("account_inactive", "/ar/accounts/inactive/", everyone(200)),
    Row("account_signup", "/ar/accounts/signup/", everyone(302, anonymous=200)),
    Row("account_reauthenticate", "/ar/accounts/reauthenticate/", signed_in(200)),
    Row("account_email", "/ar/accounts/email/", signed_in(200), private=True),
    Row("account_email_verification_sent", "/ar/accounts/confirm-email/", everyone(200)),
    Row("account_change_password", "/ar/accounts/password/change/", signed_in(200)),
    Row("account_set_password", "/ar/accounts/password/set/", signed_in(302)),
    Row("account_reset_password", "/ar/accounts/password/reset/", everyone(200)),
    Row("account_confirm_login_code", "/ar/accounts/login/code/confirm/", everyone(302)),
    Row("account_confirm_email", "/ar/accounts/confirm-email/not-a-key/", everyone(200)),
    Row(
        "account_reset_password_from_key_done",
        "/ar/accounts/password/reset/key/done/",
        everyone(200),
    ),
    Row(
        "account_reset_password_from_key",
        "/ar/accounts/password/reset/key/1-not-a-key/",
        everyone(200),
    ),
    Row("account_reset_password_done", "/ar/accounts/password/reset/done/", everyone(200)),
    Row("mfa_index", "/ar/accounts/2fa/", signed_in(200)),
    Row("mfa_authenticate", "/ar/accounts/2fa/authenticate/", everyone(302)),
    # The two-factor pages answer about the person asking: those without an authenticator
    # (trainees here) have nothing to re-authenticate with, deactivate or show.
    Row(
        "mfa_reauthenticate",
        "/ar/accounts/2fa/reauthenticate/",
        signed_in(200, owner=302, other=302),
    ),
    Row("mfa_activate_totp", "/ar/accounts/2fa/totp/activate/", signed_in(302)),
    Row(
        "mfa_deactivate_totp",
        "/ar/accounts/2fa/totp/deactivate/",
        signed_in(302, owner=404, other=404),
    ),
    Row("mfa_view_recovery_codes", "/ar/accounts/2fa/recovery-codes/", signed_in(404)),
    Row("mfa_generate_recovery_codes", "/ar/accounts/2fa/recovery-codes/generate/", signed_in(302)),
    Row("mfa_download_recovery_codes", "/ar/accounts/2fa/recovery-codes/download/", signed_in(404)),
    # --- associations ------------------------------------------------------------------
    Row("organisations:mine", "/ar/associations/", signed_in(200), private=True),
    Row(
        "organisations:join",
        "/ar/associations/join/",
        signed_in(200),
        method="post",
        data={"code": "NOT-A-CODE"},
    ),
    # Coordinators of A are members of A: their own membership, not the owner's.
    Row(
        "organisations:leave",
        lambda w: f"/ar/associations/{_public_id(w)}/leave/",
        owner_only(coordinator_a=200),
        private=True,
    ),
    Row(
        "organisations:leave",
        lambda w: f"/ar/associations/{_public_id(w)}/leave/",
        owner_only(302, coordinator_a=302),
        method="post",
        may_change=("owner", "coordinator_a"),
        label="leave-post",
    ),
    Row(
        "organisations:sharing",
        lambda w: f"/ar/associations/{_public_id(w)}/sharing/",
        owner_only(302, coordinator_a=302),
        method="post",
        data={"share": "0"},
        may_change=("owner", "coordinator_a"),
    ),
    # --- certificates --------------------------------------------------------------------
    Row("certificates:mine", "/ar/certificates/", signed_in(200), private=True),
    Row(
        "certificates:choose_name",
        lambda w: f"/ar/certificates/{_cert(w)}/name/",
        owner_only(),
        private=True,
    ),
    Row(
        "certificates:choose_name",
        lambda w: f"/ar/certificates/{_cert(w)}/name/",
        owner_only(302),
        method="post",
        data={"choice": "pseudonym", "name": "Changed by someone"},
        may_change=("owner",),
        label="choose-name-post",
    ),
    Row(
        "certificates:download",
        lambda w: f"/ar/certificates/{_cert(w)}/download/pdf/",
        owner_only(),
        private=True,
    ),
    Row(
        "certificates:download",
        lambda w: f"/ar/certificates/{_cert(w)}/download/png/",
        owner_only(),
        private=True,
        label="download-png",
    ),
    Row("certificates:verify", "/ar/certificates/verify/", everyone(200)),
    # Public by design: status, course, date and the name the holder chose.
    Row(
        "certificates:verify_code",
        lambda w: f"/ar/certificates/verify/{w.certificate.code}/",
        everyone(200),
    ),
    # --- courses -------------------------------------------------------------------------
    Row("courses:my_learning", "/ar/learning/", signed_in(200), private=True),
    Row("courses:start", lambda w: f"/ar/learning/start/{w.course.pk}/", everyone(405)),
    # Starting and completing act on the person asking, never on the owner.
    Row(
        "courses:start",
        lambda w: f"/ar/learning/start/{w.course.pk}/",
        signed_in(302),
        method="post",
        label="start-post",
    ),
    Row(
        "courses:complete",
        lambda w: f"/ar/learning/complete/{w.lessons[1].pk}/",
        signed_in(302),
        method="post",
        may_change=("owner",),
    ),
    # --- quizzes ------------------------------------------------------------------------
    Row("quizzes:start", lambda w: f"/ar/quizzes/{w.quiz.pk}/start/", everyone(405)),
    # Starting acts on the person asking (their own attempt), never on the owner's.
    Row(
        "quizzes:start",
        lambda w: f"/ar/quizzes/{w.quiz.pk}/start/",
        signed_in(302),
        method="post",
        may_change=("owner",),
        label="quiz-start-post",
    ),
    Row(
        "quizzes:attempt",
        lambda w: f"/ar/quizzes/attempts/{w.attempt.pk}/",
        owner_only(302),
        private=True,
    ),
    Row(
        "quizzes:attempt",
        lambda w: f"/ar/quizzes/attempts/{w.attempt.pk}/",
        owner_only(302),
        method="post",
        data={"action": "submit"},
        may_change=("owner",),
        label="quiz-attempt-post",
    ),
    Row(
        "quizzes:result",
        lambda w: f"/ar/quizzes/attempts/{w.attempt.pk}/result/",
        owner_only(),
        private=True,
    ),
    Row("wagtail_serve", lambda w: w.quiz.url, signed_in(200), label="quiz-page"),
    # --- reports -------------------------------------------------------------------------
    # An association's report: its coordinators (and the centre); for anyone else the
    # association does not exist.
    Row(
        "reports:association",
        lambda w: f"/ar/reports/associations/{_public_id(w)}/",
        signed_in(404, coordinator_a=200, staff=200, superuser=200),
        private=True,
        # The owner shares their progress with A's coordinators. Centre staff see every
        # member, consent or not (madafe.organisations.permissions.members_visible_to):
        # a decision recorded in docs/security.md, not an accident of this test.
        shown_to=("coordinator_a", "staff", "superuser"),
    ),
    Row(
        "reports_admin:dashboard",
        "/admin/centre-report/",
        admin_only({"trainer": 302, "staff": 200, "superuser": 200}),
    ),
    Row(
        "reports_admin:export_csv",
        "/admin/centre-report/export.csv",
        admin_only({"trainer": 302, "staff": 200, "superuser": 200}),
    ),
    Row(
        "reports_admin:export_hdf5",
        "/admin/centre-report/export.h5",
        admin_only({"trainer": 302, "staff": 200, "superuser": 200}),
    ),
    # --- Wagtail's front end -------------------------------------------------------------
    Row("wagtail_serve", "/ar/", everyone(200), label="home"),
    Row("wagtail_serve", lambda w: w.course.url, everyone(200), label="course"),
    Row("wagtail_serve", lambda w: w.lessons[0].url, signed_in(200), label="lesson"),
    Row(
        "wagtailcore_authenticate_with_password",
        lambda w: f"/ar/_util/authenticate_with_password/1/{w.course.pk}/",
        everyone(404),
    ),
    Row("wagtailcore_login", "/ar/_util/login/", everyone(302)),
    Row("wagtaildocs_serve", lambda w: w.document.url, everyone(200)),
    Row(
        "wagtaildocs_authenticate_with_password",
        "/documents/authenticate_with_password/1/",
        everyone(302),
    ),
    Row("", "/favicon.ico", everyone(302), label="favicon"),
    # --- the admin ---------------------------------------------------------------------
    Row("wagtailadmin_login", "/admin/login/", everyone(302)),
    Row(
        "wagtailadmin_home",
        "/admin/",
        admin_only({"trainer": 200, "staff": 200, "superuser": 200}),
    ),
    Row(
        "courses_missing_translations",
        "/admin/reports/missing-translations/",
        admin_only({"trainer": 200, "staff": 302, "superuser": 200}),
    ),
    Row(
        "courses_missing_translations_results",
        "/admin/reports/missing-translations/results/",
        admin_only({"trainer": 200, "staff": 302, "superuser": 200}),
    ),
    Row(
        "certificates_admin:index",
        "/admin/certificates/",
        admin_only({"trainer": 302, "staff": 200, "superuser": 200}),
        private=True,
    ),
    Row(
        "certificates_admin:revoke",
        lambda w: f"/admin/certificates/{_cert(w)}/revoke/",
        admin_only({"trainer": 302, "staff": 302, "superuser": 302}),
        method="post",
        data={"reason": "Issued by mistake"},
        may_change=("staff", "superuser"),
    ),
    Row(
        "certificates_admin:reinstate",
        lambda w: f"/admin/certificates/{_cert(w)}/reinstate/",
        admin_only({"trainer": 302, "staff": 302, "superuser": 302}),
        method="post",
        may_change=("staff", "superuser"),
    ),
    Row(
        "certificates_admin:reissue",
        lambda w: f"/admin/certificates/{_cert(w)}/reissue/",
        admin_only({"trainer": 302, "staff": 302, "superuser": 302}),
        method="post",
        may_change=("staff", "superuser"),
    ),
    Row(
        "certificates_admin:course_archive",
        lambda w: f"/admin/certificates/course/{w.course.pk}/zip/",
        admin_only({"trainer": 302, "staff": 200, "superuser": 200}),
        private=True,
    ),
    Row(
        "certificates_admin:association_archive",
        lambda w: f"/admin/certificates/association/{_public_id(w)}/zip/",
        admin_only({"trainer": 302, "staff": 200, "superuser": 200}),
        private=True,
    ),
    # Quiz statistics are aggregates (no trainee named): trainers and the centre. Extra
    # attempts are granted by the centre only.
    Row(
        "quizzes_admin:index",
        "/admin/quizzes/statistics/",
        admin_only({"trainer": 200, "staff": 200, "superuser": 200}),
    ),
    Row(
        "quizzes_admin:statistics",
        lambda w: f"/admin/quizzes/{w.quiz.pk}/statistics/",
        admin_only({"trainer": 200, "staff": 200, "superuser": 200}),
    ),
    Row(
        "quizzes_admin:grant",
        lambda w: f"/admin/quizzes/{w.quiz.pk}/extra-attempt/",
        admin_only({"trainer": 302, "staff": 200, "superuser": 200}),
    ),
    Row(
        "wagtailusers_users:index",
        "/admin/users/",
        admin_only({"trainer": 302, "staff": 302, "superuser": 200}),
        private=True,
    ),
    Row(
        "wagtailusers_users:edit",
        lambda w: f"/admin/users/edit/{w.users['owner'].pk}/",
        admin_only({"trainer": 302, "staff": 302, "superuser": 200}),
        private=True,
    ),
]


def _viewset_rows():
    """The centre's admin for associations, invite codes and memberships: centre staff and
    superusers; trainers and everyone outside the admin are refused. Nobody adds a member
    from the admin (people join with a code)."""
    objects = {
        "associations": lambda w: w.org_a.pk,
        "invite_codes": lambda w: w.invite_code.pk,
        "memberships": lambda w: w.membership.pk,
    }
    rows = []
    for namespace, pk in objects.items():
        staff = {"trainer": 302, "staff": 200, "superuser": 200}
        rows.append(
            Row(f"{namespace}:index", f"/admin/{namespace}/", admin_only(staff), private=True)
        )
        rows.append(
            Row(
                f"{namespace}:index_results",
                f"/admin/{namespace}/results/",
                admin_only(staff),
                private=True,
            )
        )
        adding = staff if namespace != "memberships" else {**staff, "staff": 302, "superuser": 302}
        rows.append(Row(f"{namespace}:add", f"/admin/{namespace}/new/", admin_only(adding)))
        # Associations are deactivated, never deleted, by centre staff (their history stays).
        deleting = {**staff, "staff": 302} if namespace == "associations" else staff
        rows.append(
            Row(
                f"{namespace}:delete",
                lambda w, namespace=namespace, pk=pk: f"/admin/{namespace}/delete/{pk(w)}/",
                admin_only(deleting),
                private=True,
            )
        )
        for view, route in (
            ("edit", "edit"),
            ("history", "history"),
            ("history_results", "history-results"),
            ("usage", "usage"),
        ):
            rows.append(
                Row(
                    f"{namespace}:{view}",
                    lambda w, namespace=namespace, route=route, pk=pk: (
                        f"/admin/{namespace}/{route}/{pk(w)}/"
                    ),
                    admin_only(staff),
                    private=True,
                )
            )
    return rows


ROWS += _viewset_rows()


# --- The world ----------------------------------------------------------------------------


class World:
    pass


@pytest.fixture
def world(home_page):
    w = World()
    trainers, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    centre, _ = Group.objects.get_or_create(name=CENTRE_STAFF_GROUP)
    w.org_a = OrganisationFactory(name_en="Association A")
    w.org_b = OrganisationFactory(name_en="Association B")
    w.users = {
        "owner": UserFactory(username="owner-of-the-objects"),
        "other": UserFactory(username="another-trainee"),
        "coordinator_a": UserFactory(username="coordinator-a"),
        "coordinator_b": UserFactory(username="coordinator-b"),
        "trainer": UserFactory(username="a-trainer"),
        "staff": UserFactory(username="centre-staffer", is_staff=True),
        "superuser": UserFactory(username="the-superuser", is_staff=True, is_superuser=True),
    }
    w.users["trainer"].groups.add(trainers)
    w.users["staff"].groups.add(centre)
    w.membership = MembershipFactory(
        user=w.users["owner"], organisation=w.org_a, share_progress=True
    )
    w.invite_code = InviteCodeFactory(organisation=w.org_a)
    MembershipFactory(user=w.users["other"], organisation=w.org_b)
    MembershipFactory(user=w.users["coordinator_a"], organisation=w.org_a, role=Role.COORDINATOR)
    MembershipFactory(user=w.users["coordinator_b"], organisation=w.org_b, role=Role.COORDINATOR)
    for role in PRIVILEGED:
        activate_totp(w.users[role])
    w.course, w.lessons = make_course(home_page, lessons=2)
    course_services.complete_step(w.users["owner"], w.lessons[0])
    w.certificate, _ = certificate_services.issue_certificate(w.users["owner"], w.course)
    certificate_services.choose_name(w.certificate, "pseudonym", "Nour")
    w.quiz = make_quiz(w.lessons[0].get_parent().specific)
    w.attempt = quiz_services.start_attempt(w.users["owner"], w.quiz)
    quiz_services.submit_attempt(w.attempt, right_answers(w.attempt))
    from django.core.files.base import ContentFile

    w.document = Document(title="Checklist")
    w.document.file.save("checklist.txt", ContentFile(b"a lesson's checklist"), save=False)
    w.document.save()
    return w


def client_for(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def owner_state(world):
    """Everything about the owner that no one else may change."""
    certificate = Certificate.objects.filter(pk=world.certificate.pk).values().first()
    return {
        "user": type(world.users["owner"]).objects.filter(pk=world.users["owner"].pk).exists(),
        "certificate": {
            k: certificate[k] for k in ("display_name", "name_choice", "status", "code", "pdf")
        },
        "membership": list(
            Membership.objects.filter(user=world.users["owner"]).values_list(
                "organisation_id", "role", "share_progress"
            )
        ),
        "attempts": list(
            Attempt.objects.filter(user=world.users["owner"])
            .order_by("pk")
            .values_list("pk", "submitted_at", "score", "passed")
        ),
        "completions": sorted(
            StepCompletion.objects.filter(user=world.users["owner"]).values_list(
                "page_id", flat=True
            )
        ),
    }


def _resolve(value, world):
    return value(world) if callable(value) else value


def _secrets(world):
    return [world.users["owner"].username, world.certificate.code]


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_access(world, row):
    path = _resolve(row.path, world)
    data = _resolve(row.data, world) or {}
    before = owner_state(world)
    got = {}
    for role in ROLES:
        expected = row.expected[role]
        if expected is None:
            continue
        client = client_for(world, role)
        response = (
            getattr(client, row.method)(path, data) if data else getattr(client, row.method)(path)
        )
        got[role] = response.status_code
        body = _body(response)
        # (Centre staff see usernames in the admin, by design.)
        if (
            row.private
            and role != "owner"
            and role not in row.shown_to
            and response.status_code == 200
            and not path.startswith("/admin/")
        ):
            for secret in _secrets(world):
                assert secret.encode() not in body, (role, path, secret)
        if role in row.may_change:
            before = owner_state(world)
        else:
            assert owner_state(world) == before, f"{role} changed the owner's data via {path}"
    expected = {role: status for role, status in row.expected.items() if status is not None}
    wrong = {role: (got[role], expected[role]) for role in got if got[role] != expected[role]}
    assert not wrong, f"{path}: role: (got, expected): {wrong}"


def test_coordinator_sees_a_member_only_with_consent(world):
    """The same report once the owner stops sharing: their name is gone."""
    Membership.objects.filter(pk=world.membership.pk).update(share_progress=False)
    response = client_for(world, "coordinator_a").get(
        f"/ar/reports/associations/{_public_id(world)}/"
    )
    assert response.status_code == 200
    assert world.users["owner"].username not in response.content.decode()


# --- The rest of the admin ------------------------------------------------------------------


def _patterns(patterns=None, prefix="", namespace=""):
    """(route, name, pattern) for every URL pattern, namespaces and prefixes included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern


def _module_of(pattern) -> str:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def _is_project_view(route, name, pattern) -> bool:
    return _module_of(pattern).split(".")[0] in PROJECT_APPS or name.split(":")[0] in (
        PROJECT_ADMIN_NAMESPACES
    )


def _example_path(route: str) -> str | None:
    """A concrete path for an admin route, with made-up ids (the rule below holds whatever
    the id)."""
    import re

    if "^" in route or "(" in route:
        return None  # regular expressions: the few of them are Wagtail's own, checked by name
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path):\w+>", "x", path)
    path = re.sub(r"<\w+>", "x", path)
    return "/" + path


def test_every_url_is_in_the_matrix():
    """New URLs fail here until they have a row: who may open them is a decision."""
    classified = {row.name for row in ROWS}
    unclassified = []
    for route, name, pattern in _patterns():
        if route.startswith("admin/") and not _is_project_view(route, name, pattern):
            continue  # Wagtail's own admin: test_admin_stays_closed_to_everyone_outside_it
        if name not in classified:
            unclassified.append(f"{route} ({name or 'unnamed'})")
    assert unclassified == []


def test_admin_stays_closed_to_everyone_outside_it(world):
    """Every admin URL, with any id: no role outside the admin gets a page (anonymous and
    trainees, coordinators included, are sent to sign in or refused), and nobody gets a
    server error."""
    clients = {role: client_for(world, role) for role in (*OUTSIDE_ADMIN, "trainer", "staff")}
    checked = 0
    for route, name, _pattern in _patterns():
        # The login redirect has its row; the error test view fails on purpose.
        if not route.startswith("admin/") or name in (
            "wagtailadmin_login",
            "wagtailadmin_error_test",
        ):
            continue
        path = _example_path(route)
        if path is None:
            continue
        checked += 1
        for role, client in clients.items():
            status = client.get(path).status_code
            assert status < 500, (role, path, status)
            if role in OUTSIDE_ADMIN and name not in PUBLIC_ADMIN_VIEWS:
                assert status in (302, 403, 404, 405), (role, path, status)
    assert checked > 150
