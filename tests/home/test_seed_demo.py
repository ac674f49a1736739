import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

IGNORED = {"sessions.session", "wagtailcore.referenceindex"}


def _snapshot():
    """Every row of every table, minus the volatile columns."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED:
            continue
        rows = []
        for row in model.objects.order_by("pk").values():
            row.pop("last_login", None)
            rows.append(row)
        state[label] = rows
    return state


def test_seed_demo_twice_gives_the_same_database(capsys):
    """What `make run` does, twice: the curriculum included."""
    call_command("seed_demo")
    first = _snapshot()
    out = capsys.readouterr().out
    assert "demo-trainee: passphrase" in out
    assert "course digital-security: imported" in out
    call_command("seed_demo")
    assert _snapshot() == first
    assert "passphrase unchanged" in capsys.readouterr().out


def test_seed_demo_keeps_editors_changes():
    call_command("seed_demo", without_curriculum=True)
    from madafe.home.models import HomePage

    home = HomePage.objects.get()
    home.intro_en = "Edited by the centre"
    home.save()
    call_command("seed_demo", without_curriculum=True)
    assert HomePage.objects.get().intro_en == "Edited by the centre"


def test_seed_demo_refuses_production_settings(settings):
    settings.MADAFE_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", without_curriculum=True)


def test_demo_accounts_have_working_passphrases(client, capsys):
    call_command("seed_demo", without_curriculum=True)
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "demo-trainee: passphrase" in line)
    passphrase = line.rsplit(" ", 1)[1]
    client.post("/en/accounts/login/", {"login": "demo-trainee", "password": passphrase})
    assert "_auth_user_id" in client.session
