import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.course_format import CourseFormatError, import_course
from madafe.accounts.policy import CENTRE_STAFF_GROUP, TRAINERS_GROUP
from madafe.home.services import ensure_home_page

COURSES_DIR = Path(__file__).resolve().parents[4] / "courses"
# A small bilingual demo course, then the curriculum that ships with the platform (three
# tracks; on a server: `manage.py import_course courses/curriculum/<track>`).
DEMO_COURSES_DIR = COURSES_DIR / "demo"
CURRICULUM_DIR = COURSES_DIR / "curriculum"

DEMO_HOME = {
    "intro_ar": (
        "دورات ذاتية الإيقاع للمدافعات والمدافعين عن حقوق الإنسان في ليبيا: الأمن الرقمي، "
        "ومنهجية توثيق الانتهاكات، والمناصرة أمام آليات الأمم المتحدة."
    ),
    "intro_en": (
        "Self-paced courses for human-rights defenders in Libya: digital security, "
        "documentation of violations, and advocacy at UN bodies."
    ),
}

# username -> (groups, is_staff)
DEMO_ACCOUNTS = {
    "demo-trainee": ((), False),
    "demo-trainer": ((TRAINERS_GROUP,), False),
    "demo-staff": ((CENTRE_STAFF_GROUP,), True),
}


def _passphrase() -> str:
    words = secrets.token_urlsafe(18)
    return "-".join(words[i : i + 6] for i in range(0, 24, 6))


class Command(BaseCommand):
    help = (
        "Load the demo site: home page, groups and (in development) demo accounts. "
        "Running it again adds nothing twice and overwrites nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passphrases",
            action="store_true",
            help="Give the demo accounts new passphrases and print them.",
        )
        parser.add_argument(
            "--without-curriculum",
            action="store_true",
            help="Import only the small demo course, not the three shipped tracks.",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "MADAFE_DEMO_ACCOUNTS", False):
            raise CommandError(
                "seed_demo loads demo data and accounts with printed passphrases; "
                "it refuses to run under production settings."
            )
        with transaction.atomic():
            home = ensure_home_page()
            changed = [f for f, v in DEMO_HOME.items() if not getattr(home, f)]
            if changed:
                for field in changed:
                    setattr(home, field, DEMO_HOME[field])
                home.save_revision().publish()
            for name in (TRAINERS_GROUP, CENTRE_STAFF_GROUP):
                Group.objects.get_or_create(name=name)
            self._demo_accounts(options["reset_passphrases"])
            self._import_courses(DEMO_COURSES_DIR, "demo course")
            if not options["without_curriculum"]:
                self._import_courses(CURRICULUM_DIR, "course")
        self.stdout.write(self.style.SUCCESS("Demo site ready."))

    def _import_courses(self, parent: Path, label: str) -> None:
        for folder in sorted(p for p in parent.iterdir() if (p / "course.toml").exists()):
            try:
                result = import_course(folder)
            except CourseFormatError as exc:
                raise CommandError(str(exc)) from exc
            state = "imported" if result.changed else "unchanged"
            self.stdout.write(f"  {label} {result.course.slug}: {state}")

    def _demo_accounts(self, reset: bool) -> None:
        User = get_user_model()
        for username, (groups, is_staff) in DEMO_ACCOUNTS.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": is_staff}
            )
            for group in groups:
                user.groups.add(Group.objects.get(name=group))
            if created or reset:
                passphrase = _passphrase()
                user.set_password(passphrase)
                user.save(update_fields=["password"])
                self.stdout.write(f"  {username}: passphrase {passphrase}")
            else:
                self.stdout.write(
                    f"  {username}: exists, passphrase unchanged "
                    "(seed_demo --reset-passphrases prints new ones)"
                )
        self.stdout.write(
            "  demo-trainer and demo-staff must set up two-factor authentication "
            "(an authenticator app) at their first sign-in."
        )
