"""Setting up the site shell: the home page and the Wagtail site record."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage

HOME_TITLES = {"ar": "أكاديمية مدافع", "en": "Madafe Academy"}


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Make a HomePage the root of the default site. Idempotent: an existing home page is
    kept as it is, with everything editors changed."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=HOME_TITLES["ar"],
            title_ar=HOME_TITLES["ar"],
            title_en=HOME_TITLES["en"],
            slug="home-page",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Madafe Academy")
    old_root_id = site.root_page_id
    if old_root_id != home.pk:
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder, if it is still there.
        Page.objects.filter(
            pk=old_root_id, depth=2, numchild=0, content_type__model="page"
        ).delete()
    # The course catalogue and the Trainers' rights over it (madafe.home sits above courses).
    from courses.services import ensure_course_index

    ensure_course_index(home)
    return home
