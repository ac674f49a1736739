"""Find every URL a page would make the browser load or follow, and keep the ones that
point at another host: in HTML attributes, inline styles, `<style>` blocks, meta refreshes,
served CSS files and response headers."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

URL_ATTRIBUTES = {
    "src",
    "href",
    "xlink:href",
    "action",
    "formaction",
    "poster",
    "data",
    "ping",
    "background",
    "manifest",
    "cite",
    "longdesc",
    "codebase",
}
FORM_TARGETS = {"action", "formaction"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")
META_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s;]+)", re.IGNORECASE)
# Anything that looks like an absolute or protocol-relative URL inside a header value.
HEADER_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//[^\s,;'\"<>()]+", re.IGNORECASE)
LOCAL_HOSTS = {"testserver", "127.0.0.1", "localhost"}
# Schemes that load nothing and leave nowhere.
HARMLESS_SCHEMES = {"mailto", "tel"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        # The ones a crawler may GET: not form targets, which expect a POST.
        self.followable: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.urls += META_REFRESH_URL.findall(values.get("content") or "")
        for name, value in attrs:
            if not value:
                continue
            if name in SRCSET_ATTRIBUTES:
                found = [part.strip().split(" ")[0] for part in value.split(",")]
                self.urls += found
                self.followable += found
            elif name in URL_ATTRIBUTES:
                self.urls.append(value)
                if name not in FORM_TARGETS:
                    self.followable.append(value)
            elif name == "style":
                self.urls += css_urls(value)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += css_urls(data)


def followable_urls(html: str) -> list[str]:
    """Every URL a crawler may follow with a GET (links and resources, not form targets)."""
    collector = _Collector()
    collector.feed(html)
    return collector.followable


def css_urls(css: str) -> list[str]:
    return CSS_URL.findall(css) + CSS_IMPORT.findall(css)


def is_foreign(url: str, allowed: set[str] = frozenset()) -> bool:
    """Whether following or loading `url` would reach anything but this site."""
    if url in allowed:
        return False
    parts = urlsplit(url.strip())
    if parts.scheme in ("", "http", "https") and not parts.netloc:
        return False  # relative, or same host
    if parts.scheme in HARMLESS_SCHEMES:
        return False
    # data:, javascript: and every other scheme count as foreign: nothing of ours uses them.
    return (parts.hostname or "") not in LOCAL_HOSTS or not parts.netloc


def foreign_urls(html: str, allowed: set[str] = frozenset()) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return [url for url in collector.urls if is_foreign(url, allowed)]


def foreign_css_urls(css: str, allowed: set[str] = frozenset()) -> list[str]:
    return [url for url in css_urls(css) if is_foreign(url, allowed)]


def foreign_header_urls(headers, allowed: set[str] = frozenset()) -> list[str]:
    """`name: url` for every response header value that points at another host."""
    found = []
    for name, value in headers.items():
        for url in HEADER_URL.findall(value):
            if is_foreign(url, allowed):
                found.append(f"{name}: {url}")
    return found
