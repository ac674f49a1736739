"""Routing of step pages from the shared page cache (see courses.page_cache)."""

from wagtail.url_routing import RouteResult

from . import page_cache

# Part of the key: change it whenever the entry's shape changes (old servers in a rolling
# deploy keep reading their own entries).
ROUTE = "step-route-4"
OUTLINE = page_cache.OUTLINE


def could_be_cached(request) -> bool:
    """Cheap test so that the admin and static and media files pay for no cache look-up
    that can only miss. Pages are cached from the front page (/<language>/) down: the
    catalogue, courses and their steps; other pages of the site cost a miss (two reads of
    the shared cache's memory, no query)."""
    from django.conf import settings

    path = request.path
    if path.startswith(("/admin/", settings.STATIC_URL, settings.MEDIA_URL)):
        return False
    return path.count("/") >= 2


def route_key(request) -> tuple[str, str]:
    return (request.get_host(), request.path)


class StepRouteCacheMiddleware:
    """A lesson or quiz URL is resolved by walking the page tree (the site, the home page,
    the catalogue, the course, its outline, the step): about seven queries. The result
    depends on the pages only, not on who asks, so `CoursePage.route` stores it in the
    shared cache and this middleware hands it to Wagtail's page view, which then skips the
    walk. Who may see the page is still decided by the page's `serve` (sign-in, locking)
    and Wagtail's view restrictions, on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and could_be_cached(request):
            self.use_cached_route(request)
        return self.get_response(request)

    @staticmethod
    def use_cached_route(request) -> None:
        version = page_cache.version()
        entry = page_cache.get(ROUTE, *route_key(request), version=version)
        if entry is None:
            return
        page, course_pk, site, root_paths, restrictions, with_glossary, subpath = entry
        outline, glossary = None, {}
        if course_pk is not None:
            # The course's outline and glossary are entries of their own, shared by the
            # routes of all its pages (in this process's memory too).
            outline = page_cache.get(OUTLINE, course_pk, version=version)
            if with_glossary:
                glossary = page_cache.get("glossary", course_pk, version=version)
            if outline is None or glossary is None:
                return  # evicted: route as usual, which stores them again
        from .services import remember_glossary, remember_outline

        page._cached_view_restrictions = restrictions
        request._wagtail_site = site
        request._wagtail_cached_site_root_paths = root_paths
        if subpath is None:  # a step
            request._wagtail_route_for_request = RouteResult(page, (), {})
        else:  # the course's own page, a view of its RoutablePageMixin
            match = page.resolve_subpage(subpath)
            request.routable_resolver_match = match
            view, args, kwargs = match
            request._wagtail_route_for_request = RouteResult(page, args=(view, args, kwargs))
        if outline is not None:
            remember_outline(request, outline)
            remember_glossary(request, outline.course, glossary)


def remember_route(request, page, outline, subpath: str | None = None) -> None:
    """Called by CoursePage.route when it found a step (or the course's own page, a view of
    the course at `subpath`), and by the catalogue for itself (no outline): keep the page,
    the site and its root paths (for page URLs) and the view restrictions over the page
    for the next request to the same URL, and the course's outline and glossary for every
    page of the course."""
    from wagtail.models import Site

    from .services import glossary_for, remember_glossary

    if request.method in ("GET", "HEAD"):
        version = page_cache.version()
        restrictions = list(page.get_view_restrictions())
        # This request's view-restriction check reuses them too.
        page._cached_view_restrictions = restrictions
        site = Site.find_for_request(request)
        # Only lessons show glossary terms (glossary_for keeps them in the page cache).
        with_glossary = hasattr(page, "key_term_ids")
        course_pk = None
        if outline is not None:
            glossary = glossary_for(outline.course) if with_glossary else {}
            remember_glossary(request, outline.course, glossary)
            course_pk = outline.course.pk
            page_cache.put(OUTLINE, outline, course_pk, version=version)
        root_paths = Site.get_site_root_paths()
        entry = (page, course_pk, site, root_paths, restrictions, with_glossary, subpath)
        page_cache.put(ROUTE, entry, *route_key(request), version=version)
