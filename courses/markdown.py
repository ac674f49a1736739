"""Markdown to safe HTML: python-markdown renders, nh3 sanitises, the cache remembers.

Trainers write Markdown; nothing unsanitised ever reaches a page. Raw HTML in the source is
removed, links keep only safe schemes and never send a referrer, and nothing is embedded:
there is no <img>, <iframe>, <object> or <script> in what comes out. Images go through the
image block, which serves our own renditions.
"""

import hashlib
from collections import OrderedDict

import markdown as md
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

# Bump when the rendering or the allow-list changes, so cached HTML is rebuilt.
RENDER_VERSION = "1"
CACHE_TIMEOUT = 60 * 60 * 24 * 30

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul", "bdi",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Tags removed together with everything inside them (the rest keep their text).
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "noscript", "template"}

EXTENSIONS = ["markdown.extensions.tables", "markdown.extensions.sane_lists"]


def _render(text: str) -> str:
    html = md.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def cache_key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"courses:md:{RENDER_VERSION}:{digest}"


# The last rendered texts of this process, by content: the output depends on the text
# only, so this can never be stale, and it saves a round trip to the shared cache for every
# block of every page view.
_local: OrderedDict[str, str] = OrderedDict()
LOCAL_ENTRIES = 2048


def render_markdown(text: str) -> SafeString:
    """Safe HTML for `text`, from this process's memory or the shared cache when the same
    text was rendered before."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308
    key = cache_key(text)
    html = _local.get(key)
    if html is not None:
        _local.move_to_end(key)
        return mark_safe(html)  # noqa: S308 - sanitised by nh3 below, when first rendered
    html = cache.get(key)
    if html is None:
        html = _render(text)
        cache.set(key, html, CACHE_TIMEOUT)
    _local[key] = html
    while len(_local) > LOCAL_ENTRIES:
        _local.popitem(last=False)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 above
