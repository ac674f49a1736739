from django.core.management.base import BaseCommand

from madafe.home.services import ensure_home_page


class Command(BaseCommand):
    help = "Create the home page and point the site at it (safe to run on every deploy)."

    def handle(self, *args, **options):
        home = ensure_home_page()
        self.stdout.write(f"Home page ready: {home.url_path}")
