from django.conf import settings


def site(request):
    """What every page needs, without a database query."""
    return {"MADAFE_QUICK_EXIT_URL": settings.MADAFE_QUICK_EXIT_URL}
