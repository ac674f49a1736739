"""Keyboard and screen-reader sanity checks for a rendered page, usable on any page:

    from tests.security.a11y import assert_accessible

    assert_accessible(client.get("/ar/courses/"))

What a page must have:
- a label on every form control: <input> (except the types that name themselves: hidden,
  submit, button, reset, image), <select> and <textarea> are named by a non-empty
  <label for="their id">, a <label> around them, aria-label, or aria-labelledby pointing
  at elements that exist;
- exactly one <h1> and exactly one <main>;
- a skip link as the first thing the Tab key reaches: <a href="#id-of-main"> with text;
- no positive tabindex (it scrambles the Tab order).

It reads the HTML as sent (no browser, no CSS), so it runs in the test client, with
JavaScript off, exactly as Tor Browser's "Safest" level gets the page.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

SELF_NAMED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
ALWAYS_FOCUSABLE = {"button", "select", "textarea", "iframe", "summary"}


@dataclass
class _Control:
    tag: str
    attrs: dict
    wrapping_labels: list[int] = field(default_factory=list)

    def describe(self) -> str:
        shown = {k: self.attrs[k] for k in ("name", "id", "type") if self.attrs.get(k)}
        return f"<{self.tag} {' '.join(f'{k}={v!r}' for k, v in shown.items())}>"


@dataclass
class _Label:
    target: str | None
    text: str = ""


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.controls: list[_Control] = []
        self.labels: list[_Label] = []
        self.focusable: list[tuple[str, dict]] = []
        self.h1_count = 0
        self.mains: list[dict] = []
        self.positive_tabindex: list[str] = []
        self._open_labels: list[int] = []
        self._template_depth = 0
        self._first_link_text: list[str] | None = None  # text of the first focusable <a>
        self._in_first_link = False

    def handle_starttag(self, tag, attr_list):
        attrs = {name: (value if value is not None else "") for name, value in attr_list}
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "label":
            self.labels.append(_Label(target=attrs.get("for")))
            self._open_labels.append(len(self.labels) - 1)
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "main" and "hidden" not in attrs:
            self.mains.append(attrs)
        if tag in ("input", "select", "textarea"):
            self.controls.append(_Control(tag, attrs, list(self._open_labels)))
        tabindex = attrs.get("tabindex", "").strip()
        if tabindex.lstrip("-").isdigit() and int(tabindex) > 0:
            self.positive_tabindex.append(f"<{tag}> tabindex={tabindex}")
        if self._is_focusable(tag, attrs):
            self.focusable.append((tag, attrs))
            if len(self.focusable) == 1 and tag == "a":
                self._first_link_text = []
                self._in_first_link = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "template" and self._template_depth:
            self._template_depth -= 1
            return
        if self._template_depth:
            return
        if tag == "label" and self._open_labels:
            self._open_labels.pop()
        if tag == "a":
            self._in_first_link = False

    def handle_data(self, data):
        if self._template_depth:
            return
        for index in self._open_labels:
            self.labels[index].text += data
        if self._in_first_link and self._first_link_text is not None:
            self._first_link_text.append(data)

    @staticmethod
    def _is_focusable(tag, attrs) -> bool:
        tabindex = attrs.get("tabindex", "").strip()
        if tabindex.lstrip("-").isdigit() and int(tabindex) < 0:
            return False
        if "disabled" in attrs and tag in ("button", "input", "select", "textarea"):
            return False
        if tag == "input":
            return attrs.get("type", "text").lower() != "hidden"
        if tag in ("a", "area"):
            return "href" in attrs
        if tag in ALWAYS_FOCUSABLE:
            return True
        if tag in ("audio", "video") and "controls" in attrs:
            return True
        if attrs.get("contenteditable", "false").lower() in ("", "true", "plaintext-only"):
            return True
        return tabindex.isdigit()

    @property
    def first_link_text(self) -> str:
        return "".join(self._first_link_text or []).strip()


def accessibility_problems(html: str) -> list[str]:
    """Everything wrong with `html` by the rules above, in words; empty when all is well."""
    page = _PageReader()
    page.feed(html)
    page.close()
    problems = []

    named_by_for = {label.target for label in page.labels if label.target and label.text.strip()}
    for control in page.controls:
        attrs = control.attrs
        if control.tag == "input" and attrs.get("type", "text").lower() in SELF_NAMED_INPUT_TYPES:
            continue
        labelled_by = attrs.get("aria-labelledby", "").split()
        if (
            (attrs.get("id") and attrs["id"] in named_by_for)
            or any(page.labels[i].text.strip() for i in control.wrapping_labels)
            or attrs.get("aria-label", "").strip()
            or (labelled_by and all(ref in page.ids for ref in labelled_by))
        ):
            continue
        problems.append(f"{control.describe()} has no label")

    if page.h1_count != 1:
        problems.append(f"{page.h1_count} <h1> elements, not exactly one")
    if len(page.mains) != 1:
        problems.append(f"{len(page.mains)} <main> elements, not exactly one")

    if not page.focusable:
        problems.append("nothing on the page can be reached with the Tab key")
    else:
        tag, attrs = page.focusable[0]
        main_id = page.mains[0].get("id") if len(page.mains) == 1 else None
        href = attrs.get("href", "")
        if tag != "a" or not href.startswith("#"):
            problems.append(f"the first focusable element is <{tag}>, not a skip link")
        elif not main_id:
            problems.append("the skip link has no target: <main> has no id")
        elif href != f"#{main_id}":
            problems.append(f"the skip link points at {href}, not at <main id={main_id!r}>")
        elif not page.first_link_text:
            problems.append("the skip link has no text")

    problems += [
        f"{what}: positive tabindex changes the Tab order" for what in page.positive_tabindex
    ]
    return problems


def assert_accessible(page, where: str = ""):
    """Fail with every problem found. `page` is HTML or a test-client response."""
    if not isinstance(page, str):
        where = where or page.wsgi_request.get_full_path()
        page = page.content.decode()
    problems = accessibility_problems(page)
    assert not problems, f"{where or 'page'}:\n- " + "\n- ".join(problems)
