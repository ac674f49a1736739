"""Find every URL a page would make the browser load or follow, and keep the ones that
point at another host."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

URL_ATTRIBUTES = {"src", "href", "action", "srcset", "poster", "data", "formaction"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            if name == "srcset":
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")]
            elif name in URL_ATTRIBUTES:
                self.urls.append(value)
            elif name == "style":
                self.urls += CSS_URL.findall(value)

    def handle_data(self, data):
        if self._in_style:
            self.urls += CSS_URL.findall(data)


def foreign_urls(html: str, allowed: set[str] = frozenset()) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    foreign = []
    for url in collector.urls:
        if url in allowed:
            continue
        parts = urlsplit(url.strip())
        if parts.scheme in ("", "http", "https") and not parts.netloc:
            continue  # relative or same host
        if parts.scheme in ("mailto", "tel", "data") and parts.scheme != "data":
            continue
        if parts.netloc in ("testserver", "127.0.0.1", "localhost"):
            continue
        foreign.append(url)
    return foreign
