"""The Markdown course format (docs/course-format.md): reading, validating, importing and
exporting a course folder.

Other apps add their own files through extensions (quizzes adds quiz.toml) without courses
importing them: an extension is any object with

    validate(source_dir: Path, course_data: dict) -> None      # raise CourseFormatError
    import_into(source_dir: Path, course: CoursePage, modules: dict[str, ModulePage])
        -> None, or a dict of counts added to the ImportResult
           ({"created": n, "updated": n, "unpublished": n, "moved": n})
    export_from(course: CoursePage, target_dir: Path) -> None

registered with `register_extension()` (in the app's AppConfig.ready()). `import_course`
validates everything first (core, then every extension), then imports the core and every
extension inside one transaction, so any error leaves the database as it was.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w
from django.db import transaction
from django.utils import translation
from wagtail.models import Page

LANGS = ("ar", "en")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOCK_OPEN_RE = re.compile(r"^:::\s*(\S+)\s*$")
CALLOUT_KINDS = ("tip", "warning", "safety")
TRACKS = ("digital-security", "documentation", "advocacy")
LEVELS = ("beginner", "intermediate", "advanced")
FRONT_MATTER_KEYS = {"title", "last_reviewed"}
COURSE_KEYS = {
    "slug",
    "track",
    "level",
    "estimated_hours",
    "sequential",
    "certificate",
    "certificate_validity_months",
    "title",
    "summary",
    "modules",
}
MODULE_KEYS = {"slug", "title", "summary", "lessons"}


class CourseFormatError(Exception):
    """Bad input: str() gives "path:line: message"."""

    def __init__(self, message: str, path, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path)
        self.line = line or 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# --- Extensions ---------------------------------------------------------------------------------

_extensions: list = []


def register_extension(extension) -> None:
    """Add an extension (see the module docstring). Registering the same object, or another
    instance of the same class, twice keeps one."""
    for existing in _extensions:
        if existing is extension or type(existing) is type(extension):
            return
    _extensions.append(extension)


def get_extensions() -> list:
    return list(_extensions)


# --- Parsed sources ----------------------------------------------------------------------------


@dataclass
class Block:
    type: str  # markdown | callout | checklist | key_terms
    value: object
    line: int

    @property
    def signature(self) -> str:
        if self.type == "callout":
            return f"callout:{self.value['kind']}"
        return self.type

    def raw(self) -> dict:
        return {"type": self.type, "value": self.value}


@dataclass
class LessonSource:
    slug: str
    title: dict[str, str]
    last_reviewed: datetime.date | None
    blocks: dict[str, list[Block]]
    paths: dict[str, Path]


@dataclass
class ModuleSource:
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    lessons: list[LessonSource] = field(default_factory=list)


@dataclass
class TermSource:
    id: str
    term: dict[str, str]
    definition: dict[str, str]


@dataclass
class CourseSource:
    source_dir: Path
    data: dict
    slug: str
    track: str
    level: str
    estimated_hours: int
    sequential: bool
    certificate: bool
    certificate_validity_months: int
    title: dict[str, str]
    summary: dict[str, str]
    modules: list[ModuleSource]
    glossary: list[TermSource]


# --- Reading ------------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseFormatError("file not found", path) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise CourseFormatError("not valid UTF-8", path, line) from None


def _parse_toml(text: str, path: Path, line_offset: int = 0) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise CourseFormatError(f"malformed TOML: {message}", path, line + line_offset) from None


def _line_of(text: str, pattern: str, start: int = 1, default: int = 1) -> int:
    """The first line at or after `start` matching the regular expression `pattern`."""
    regex = re.compile(pattern)
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and regex.search(line):
            return number
    return default


def _key_line(text: str, key: str, start: int = 1, default: int = 1) -> int:
    return _line_of(text, rf"^\s*{re.escape(key)}\s*=", start, default)


def _header_lines(text: str, header: str) -> list[int]:
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]\s*(#.*)?$")
    return [n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)]


def _bilingual(value, what: str, path: Path, line: int, required: bool = True) -> dict[str, str]:
    if value is None and not required:
        return {"ar": "", "en": ""}
    if not isinstance(value, dict):
        raise CourseFormatError(f'{what} must be a table {{ ar = "…", en = "…" }}', path, line)
    unknown = set(value) - set(LANGS)
    if unknown:
        raise CourseFormatError(
            f"{what} has unknown language(s): {', '.join(sorted(unknown))}", path, line
        )
    result = {}
    for lang in LANGS:
        text = value.get(lang, "")
        if not isinstance(text, str):
            raise CourseFormatError(f"{what}.{lang} must be a string", path, line)
        if required and not text.strip():
            raise CourseFormatError(f"{what} is missing its {lang} text", path, line)
        result[lang] = text.strip()
    return result


def _check_slug(value, what: str, path: Path, line: int) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise CourseFormatError(
            f"{what} must be lower-case ASCII letters, digits and hyphens (got {value!r})",
            path,
            line,
        )
    return value


def read_course(source_dir) -> CourseSource:
    """Read and validate a course folder (the core format, not the extensions)."""
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise CourseFormatError("not a folder", source_dir)
    path = source_dir / "course.toml"
    text = _read_text(path)
    data = _parse_toml(text, path)

    unknown = set(data) - COURSE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise CourseFormatError(f"unknown key {key!r}", path, _key_line(text, key))
    for key in ("slug", "track", "title", "modules"):
        if key not in data:
            raise CourseFormatError(f"missing required key {key!r}", path)
    slug = _check_slug(data["slug"], "slug", path, _key_line(text, "slug"))
    track = data["track"]
    if track not in TRACKS:
        raise CourseFormatError(
            f"track must be one of {', '.join(TRACKS)} (got {track!r})",
            path,
            _key_line(text, "track"),
        )
    level = data.get("level", "beginner")
    if level not in LEVELS:
        raise CourseFormatError(
            f"level must be one of {', '.join(LEVELS)} (got {level!r})",
            path,
            _key_line(text, "level"),
        )
    ints = {}
    for key, default in (("estimated_hours", 1), ("certificate_validity_months", 0)):
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 32767:
            raise CourseFormatError(
                f"{key} must be a whole number from 0 (got {value!r})", path, _key_line(text, key)
            )
        ints[key] = value
    bools = {}
    for key, default in (("sequential", True), ("certificate", True)):
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise CourseFormatError(
                f"{key} must be true or false (got {value!r})", path, _key_line(text, key)
            )
        bools[key] = value
    title = _bilingual(data["title"], "title", path, _key_line(text, "title"))
    summary = _bilingual(
        data.get("summary"), "summary", path, _key_line(text, "summary"), required=False
    )

    glossary = _read_glossary(source_dir)
    glossary_ids = {t.id for t in glossary}

    modules_data = data["modules"]
    if not isinstance(modules_data, list):
        raise CourseFormatError(
            "modules must be written as [[modules]] tables", path, _key_line(text, "modules")
        )
    header_lines = _header_lines(text, "modules")
    modules: list[ModuleSource] = []
    seen_modules: set[str] = set()
    seen_lessons: set[str] = set()
    for number, module_data in enumerate(modules_data):
        start = header_lines[number] if number < len(header_lines) else 1
        if not isinstance(module_data, dict):
            raise CourseFormatError("each module must be a [[modules]] table", path, start)
        unknown = set(module_data) - MODULE_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise CourseFormatError(
                f"unknown module key {key!r}", path, _key_line(text, key, start, start)
            )
        if "slug" not in module_data:
            raise CourseFormatError("module without a slug", path, start)
        module_slug = _check_slug(
            module_data["slug"], "module slug", path, _key_line(text, "slug", start, start)
        )
        if module_slug in seen_modules:
            raise CourseFormatError(f"module {module_slug!r} appears twice", path, start)
        seen_modules.add(module_slug)
        module = ModuleSource(
            slug=module_slug,
            title=_bilingual(
                module_data.get("title"),
                "module title",
                path,
                _key_line(text, "title", start, start),
            ),
            summary=_bilingual(
                module_data.get("summary"),
                "module summary",
                path,
                _key_line(text, "summary", start, start),
                required=False,
            ),
        )
        lessons_line = _key_line(text, "lessons", start, start)
        lesson_slugs = module_data.get("lessons", [])
        if not isinstance(lesson_slugs, list):
            raise CourseFormatError("lessons must be a list of file names", path, lessons_line)
        for lesson_slug in lesson_slugs:
            _check_slug(lesson_slug, "lesson name", path, lessons_line)
            if lesson_slug in seen_lessons:
                raise CourseFormatError(
                    f"lesson {lesson_slug!r} is listed twice", path, lessons_line
                )
            seen_lessons.add(lesson_slug)
            module.lessons.append(
                _read_lesson(source_dir, module_slug, lesson_slug, glossary_ids, path, lessons_line)
            )
        modules.append(module)

    return CourseSource(
        source_dir=source_dir,
        data=data,
        slug=slug,
        track=track,
        level=level,
        estimated_hours=ints["estimated_hours"],
        sequential=bools["sequential"],
        certificate=bools["certificate"],
        certificate_validity_months=ints["certificate_validity_months"],
        title=title,
        summary=summary,
        modules=modules,
        glossary=glossary,
    )


def _read_glossary(source_dir: Path) -> list[TermSource]:
    path = source_dir / "glossary.toml"
    if not path.exists():
        return []
    text = _read_text(path)
    data = _parse_toml(text, path)
    unknown = set(data) - {"term"}
    if unknown:
        key = sorted(unknown)[0]
        raise CourseFormatError(
            f"unknown key {key!r} (terms are [[term]] tables)", path, _key_line(text, key)
        )
    headers = _header_lines(text, "term")
    terms, seen = [], set()
    for number, entry in enumerate(data.get("term", [])):
        start = headers[number] if number < len(headers) else 1
        if not isinstance(entry, dict):
            raise CourseFormatError("each term must be a [[term]] table", path, start)
        unknown = set(entry) - {"id", "ar", "en", "definition"}
        if unknown:
            key = sorted(unknown)[0]
            raise CourseFormatError(
                f"unknown term key {key!r}", path, _key_line(text, key, start, start)
            )
        term_id = _check_slug(entry.get("id"), "term id", path, _key_line(text, "id", start, start))
        if term_id in seen:
            raise CourseFormatError(f"term {term_id!r} is defined twice", path, start)
        seen.add(term_id)
        term = _bilingual(
            {lang: entry.get(lang, "") for lang in LANGS}, f"term {term_id!r}", path, start
        )
        definition = _bilingual(
            entry.get("definition"),
            f"definition of {term_id!r}",
            path,
            _key_line(text, "definition", start, start),
        )
        terms.append(TermSource(id=term_id, term=term, definition=definition))
    return terms


def _read_lesson(
    source_dir: Path,
    module_slug: str,
    slug: str,
    glossary_ids: set[str],
    course_path: Path,
    line: int,
) -> LessonSource:
    paths = {lang: source_dir / module_slug / f"{slug}.{lang}.md" for lang in LANGS}
    for lang, path in paths.items():
        if not path.is_file():
            raise CourseFormatError(
                f"lesson {slug!r} has no {lang} file: {module_slug}/{slug}.{lang}.md is missing",
                course_path,
                line,
            )
    titles, dates, blocks = {}, [], {}
    for lang, path in paths.items():
        front, body_lines, body_start = _split_front_matter(_read_text(path), path)
        titles[lang] = front["title"]
        if front.get("last_reviewed") is not None:
            dates.append(front["last_reviewed"])
        blocks[lang] = _parse_body(body_lines, body_start, path, glossary_ids)
    ar, en = blocks["ar"], blocks["en"]
    for index in range(max(len(ar), len(en))):
        a = ar[index] if index < len(ar) else None
        e = en[index] if index < len(en) else None
        if a is None or e is None or a.signature != e.signature:
            where = e.line if e is not None else (en[-1].line if en else 1)
            raise CourseFormatError(
                "the blocks differ from the Arabic file: block {} is {} here and {} in {} (line {})".format(
                    index + 1,
                    e.signature if e else "missing",
                    a.signature if a else "missing",
                    paths["ar"].name,
                    a.line if a else "-",
                ),
                paths["en"],
                where,
            )
    return LessonSource(
        slug=slug,
        title=titles,
        last_reviewed=max(dates) if dates else None,
        blocks=blocks,
        paths=paths,
    )


def _split_front_matter(text: str, path: Path):
    lines = text.splitlines()
    if not lines or lines[0].strip() != "+++":
        raise CourseFormatError("a lesson file must start with a +++ front matter", path, 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise CourseFormatError(
            "the front matter opened here is never closed with +++", path, 1
        ) from None
    front_text = "\n".join(lines[1:end])
    front = _parse_toml(front_text, path, line_offset=1)
    unknown = set(front) - FRONT_MATTER_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise CourseFormatError(
            f"unknown front matter key {key!r}", path, _key_line(front_text, key) + 1
        )
    title = front.get("title")
    if not isinstance(title, str) or not title.strip():
        raise CourseFormatError(
            "the front matter needs a title", path, _key_line(front_text, "title") + 1
        )
    front["title"] = title.strip()
    reviewed = front.get("last_reviewed")
    if reviewed is not None:
        line = _key_line(front_text, "last_reviewed") + 1
        if isinstance(reviewed, datetime.datetime):
            reviewed = reviewed.date()
        elif isinstance(reviewed, str):
            try:
                reviewed = datetime.date.fromisoformat(reviewed)
            except ValueError:
                raise CourseFormatError(
                    f"last_reviewed must be a date like 2026-11-23 (got {reviewed!r})", path, line
                ) from None
        elif not isinstance(reviewed, datetime.date):
            raise CourseFormatError("last_reviewed must be a date like 2026-11-23", path, line)
        front["last_reviewed"] = reviewed
    return front, lines[end + 1 :], end + 2


def _strip_blank(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _parse_body(
    lines: list[str], first_line: int, path: Path, glossary_ids: set[str]
) -> list[Block]:
    blocks: list[Block] = []
    buffer: list[tuple[int, str]] = []

    def flush():
        nonlocal buffer
        texts = [t for _n, t in buffer]
        while buffer and not buffer[0][1].strip():
            buffer = buffer[1:]
        texts = _strip_blank(texts)
        if texts:
            blocks.append(Block("markdown", "\n".join(texts), buffer[0][0]))
        buffer = []

    i = 0
    while i < len(lines):
        number = first_line + i
        line = lines[i]
        match = BLOCK_OPEN_RE.match(line.strip()) if line.startswith(":::") else None
        if line.strip() == ":::":
            raise CourseFormatError("::: closes a block that was never opened", path, number)
        if match is None:
            buffer.append((number, line))
            i += 1
            continue
        flush()
        name = match.group(1)
        if name not in (*CALLOUT_KINDS, "checklist", "key-terms"):
            raise CourseFormatError(
                f"unknown block :::{name} (known: tip, warning, safety, checklist, key-terms)",
                path,
                number,
            )
        try:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == ":::")
        except StopIteration:
            raise CourseFormatError(
                f"block :::{name} is never closed with :::", path, number
            ) from None
        content = lines[i + 1 : end]
        for offset, inner in enumerate(content, start=1):
            if inner.startswith(":::"):
                raise CourseFormatError(
                    f"a block cannot open inside :::{name}", path, number + offset
                )
        if name in CALLOUT_KINDS:
            text = "\n".join(_strip_blank(content))
            if not text:
                raise CourseFormatError(f"empty :::{name} block", path, number)
            blocks.append(Block("callout", {"kind": name, "text": text}, number))
        elif name == "checklist":
            items = []
            for offset, inner in enumerate(content, start=1):
                if not inner.strip():
                    continue
                item = re.match(r"^\s*[-*]\s+(.*\S)\s*$", inner)
                if not item:
                    raise CourseFormatError(
                        "a checklist item must be a line starting with '- '", path, number + offset
                    )
                items.append(item.group(1))
            if not items:
                raise CourseFormatError("empty :::checklist block", path, number)
            blocks.append(Block("checklist", items, number))
        else:
            ids = []
            for offset, inner in enumerate(content, start=1):
                term_id = inner.strip()
                if not term_id:
                    continue
                _check_slug(term_id, "glossary id", path, number + offset)
                if term_id not in glossary_ids:
                    raise CourseFormatError(
                        f"glossary id {term_id!r} is not defined in glossary.toml",
                        path,
                        number + offset,
                    )
                ids.append(term_id)
            if not ids:
                raise CourseFormatError("empty :::key-terms block", path, number)
            blocks.append(Block("key_terms", ids, number))
        i = end + 1
    flush()
    return blocks


def validate(source_dir) -> CourseSource:
    """Validate the core format and every extension; nothing is written."""
    source = read_course(source_dir)
    for extension in get_extensions():
        extension.validate(Path(source_dir), source.data)
    return source


# --- Importing -----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    course: object
    created: int = 0
    updated: int = 0
    unpublished: int = 0
    moved: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.unpublished or self.moved)


def _strip_ids(value):
    """Stream data without block ids, list items in the plain form, for comparison."""
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    if isinstance(value, dict):
        if value.get("type") == "item" and set(value) <= {"type", "value", "id"}:
            return _strip_ids(value.get("value"))
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    return value


def _stream_canonical(page, field_name: str):
    value = getattr(page, field_name)
    if value is None:
        return []
    return _strip_ids(list(value.get_prep_value()))


def _set_fields(page, values: dict) -> bool:
    """Assign `values` (plain and `_ar`/`_en` field names) where they differ; report."""
    changed = False
    for name, value in values.items():
        if name.startswith("body_"):
            page_field = page._meta.get_field(name)
            new = page_field.to_python(value)
            if _strip_ids(list(new.get_prep_value())) != _stream_canonical(page, name):
                setattr(page, name, new)
                changed = True
            continue
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    return changed


def _publish(page) -> None:
    page.save_revision().publish()


def _translated(prefix: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{lang}": values[lang] for lang in LANGS}


def _sync_base_fields(page, names: tuple[str, ...]) -> None:
    """Keep the untranslated base columns equal to the default-language (Arabic) value."""
    for name in names:
        page.__dict__[name] = getattr(page, f"{name}_ar")


def _ensure_order(parent, pages: list) -> int:
    """Put `pages` first among `parent`'s children, in this order (others stay after)."""
    wanted = [p.pk for p in pages]
    if not wanted:
        return 0
    current = [
        pk for pk in Page.objects.child_of(parent).order_by("path").values_list("pk", flat=True)
    ]
    if current[: len(wanted)] == wanted:
        return 0
    moves = 0
    previous = None
    for pk in wanted:
        page = Page.objects.get(pk=pk)
        if previous is None:
            page.move(Page.objects.get(pk=parent.pk), pos="first-child")
        else:
            page.move(Page.objects.get(pk=previous), pos="right")
        previous = pk
        moves += 1
    return moves


def _import_core(source: CourseSource, index) -> tuple[object, dict, ImportResult]:
    from .models import CoursePage, GlossaryTerm, LessonPage, ModulePage

    course = CoursePage.objects.child_of(index).filter(slug=source.slug).first()
    result = ImportResult(course=None)
    course_values = {
        **_translated("title", source.title),
        **_translated("summary", source.summary),
        "track": source.track,
        "level": source.level,
        "estimated_hours": source.estimated_hours,
        "sequential": source.sequential,
        "awards_certificate": source.certificate,
        "certificate_validity_months": source.certificate_validity_months,
    }
    if course is None:
        course = CoursePage(slug=source.slug, **course_values)
        _sync_base_fields(course, ("title", "summary"))
        index.add_child(instance=course)
        course_changed, created = True, True
    else:
        course_changed = _set_fields(course, course_values)
        created = False
    if _set_glossary(course, source.glossary, GlossaryTerm):
        course_changed = True
    if course_changed or not course.live:
        _sync_base_fields(course, ("title", "summary"))
        _publish(course)
        if created:
            result.created += 1
        else:
            result.updated += 1
    result.course = course

    modules: dict[str, ModulePage] = {}
    module_pages = []
    for module_source in source.modules:
        module = ModulePage.objects.child_of(course).filter(slug=module_source.slug).first()
        values = {
            **_translated("title", module_source.title),
            **_translated("summary", module_source.summary),
        }
        module = _create_or_update(course, module, ModulePage, module_source.slug, values, result)
        modules[module_source.slug] = module
        module_pages.append(module)
        lesson_pages = []
        for lesson_source in module_source.lessons:
            lesson = (
                LessonPage.objects.descendant_of(course).filter(slug=lesson_source.slug).first()
            )
            if lesson is not None and lesson.get_parent().pk != module.pk:
                lesson.move(Page.objects.get(pk=module.pk), pos="last-child")
                lesson = LessonPage.objects.get(pk=lesson.pk)
                result.moved += 1
            values = {
                **_translated("title", lesson_source.title),
                **{f"body_{lang}": [b.raw() for b in lesson_source.blocks[lang]] for lang in LANGS},
                "last_reviewed": lesson_source.last_reviewed,
            }
            lesson = _create_or_update(
                module, lesson, LessonPage, lesson_source.slug, values, result
            )
            lesson_pages.append(lesson)
        result.moved += _ensure_order(module, lesson_pages)

    result.moved += _ensure_order(course, module_pages)

    # Pages no longer in the source are unpublished, never deleted: progress stays.
    wanted_modules = {m.pk for m in module_pages}
    wanted_lessons = {
        p.pk
        for module_source in source.modules
        for p in LessonPage.objects.descendant_of(course).filter(
            slug__in=[lesson.slug for lesson in module_source.lessons]
        )
    }
    for module in ModulePage.objects.child_of(course).live().exclude(pk__in=wanted_modules):
        module.unpublish()
        result.unpublished += 1
    for lesson in LessonPage.objects.descendant_of(course).live().exclude(pk__in=wanted_lessons):
        lesson.unpublish()
        result.unpublished += 1
    return course, modules, result


def _create_or_update(parent, page, model, slug, values, result):
    if page is None:
        page = model(slug=slug, **values)
        _sync_base_fields(page, tuple({k.rsplit("_", 1)[0] for k in values if k.endswith("_ar")}))
        parent.add_child(instance=page)
        _publish(page)
        result.created += 1
        return page
    if _set_fields(page, values) or not page.live:
        _sync_base_fields(page, tuple({k.rsplit("_", 1)[0] for k in values if k.endswith("_ar")}))
        _publish(page)
        result.updated += 1
    return page


def _set_glossary(course, terms: list[TermSource], GlossaryTerm) -> bool:
    existing = list(course.glossary_terms.all()) if course.pk else []
    current = [
        (t.term_id, t.term_ar, t.term_en, t.definition_ar, t.definition_en) for t in existing
    ]
    wanted = [
        (t.id, t.term["ar"], t.term["en"], t.definition["ar"], t.definition["en"]) for t in terms
    ]
    if current == wanted:
        return False
    by_id = {t.term_id: t for t in existing}
    new_terms = []
    for order, term in enumerate(terms):
        obj = by_id.get(term.id) or GlossaryTerm(term_id=term.id)
        obj.term_ar, obj.term_en = term.term["ar"], term.term["en"]
        obj.definition_ar, obj.definition_en = term.definition["ar"], term.definition["en"]
        obj.__dict__["term"] = term.term["ar"]
        obj.__dict__["definition"] = term.definition["ar"]
        obj.sort_order = order
        new_terms.append(obj)
    course.glossary_terms = new_terms
    return True


def find_course_index():
    from .models import CourseIndexPage

    index = CourseIndexPage.objects.first()
    if index is None:
        raise CourseFormatError(
            "there is no course catalogue page yet: run `manage.py setup_site` first", "-", 1
        )
    return index


def import_course(source_dir, index=None) -> ImportResult:
    """Validate the folder (core and extensions), then create or update the course in one
    transaction. Importing the same folder again changes nothing."""
    source_dir = Path(source_dir)
    source = validate(source_dir)
    with translation.override("ar"), transaction.atomic():
        index = index or find_course_index()
        course, modules, result = _import_core(source, index)
        for extension in get_extensions():
            counts = extension.import_into(source_dir, course, modules)
            for name, value in (counts or {}).items():
                if name in ("created", "updated", "unpublished", "moved"):
                    setattr(result, name, getattr(result, name) + value)
    return result


# --- Exporting -----------------------------------------------------------------------------------


def _toml_string(value: str) -> str:
    return tomli_w.dumps({"x": value})[4:].strip()


def _toml_value(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _toml_string(str(value))


def _toml_lines(pairs: list[tuple[str, object]]) -> list[str]:
    return [f"{key} = {_toml_value(value)}" for key, value in pairs]


def _both(obj, name: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{name}_{lang}") or "" for lang in LANGS}


def _block_text(block) -> str | None:
    kind = block.block_type
    value = block.value
    if kind == "markdown":
        return str(value).strip("\n")
    if kind == "callout":
        return f":::{value['kind']}\n{str(value['text']).strip(chr(10))}\n:::"
    if kind == "checklist":
        return ":::checklist\n" + "\n".join(f"- {item}" for item in value) + "\n:::"
    if kind == "key_terms":
        return ":::key-terms\n" + "\n".join(str(item) for item in value) + "\n:::"
    return None  # image, document: not part of the text format


def export_course(course, target_dir) -> list[str]:
    """Write `course` in the Markdown course format into `target_dir` (created if needed).
    Returns warnings (blocks the text format cannot carry, such as images)."""
    from .models import LessonPage, ModulePage

    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    lines = _toml_lines(
        [
            ("slug", course.slug),
            ("track", course.track),
            ("level", course.level),
            ("estimated_hours", course.estimated_hours),
            ("sequential", course.sequential),
            ("certificate", course.awards_certificate),
            ("certificate_validity_months", course.certificate_validity_months),
        ]
    )
    lines.append("")
    lines += _toml_lines([("title", _both(course, "title")), ("summary", _both(course, "summary"))])
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
        lines += ["", "[[modules]]"]
        lines += _toml_lines(
            [
                ("slug", module.slug),
                ("title", _both(module, "title")),
                ("summary", _both(module, "summary")),
                ("lessons", [lesson.slug for lesson in lessons]),
            ]
        )
        module_dir = target_dir / module.slug
        module_dir.mkdir(exist_ok=True)
        for lesson in lessons:
            for lang in LANGS:
                front = [("title", getattr(lesson, f"title_{lang}") or "")]
                if lesson.last_reviewed:
                    front.append(("last_reviewed", lesson.last_reviewed.isoformat()))
                parts = []
                for block in getattr(lesson, f"body_{lang}") or []:
                    text = _block_text(block)
                    if text is None:
                        warnings.append(
                            f"{module.slug}/{lesson.slug}.{lang}.md: a {block.block_type} block "
                            "was left out (the text format has no images or documents)"
                        )
                        continue
                    parts.append(text)
                content = "+++\n" + "\n".join(_toml_lines(front)) + "\n+++\n\n"
                content += "\n\n".join(parts) + "\n"
                (module_dir / f"{lesson.slug}.{lang}.md").write_text(content, encoding="utf-8")
    (target_dir / "course.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    glossary_lines = []
    for term in course.glossary_terms.all():
        glossary_lines += ["[[term]]"]
        glossary_lines += _toml_lines(
            [
                ("id", term.term_id),
                ("ar", term.term_ar or ""),
                ("en", term.term_en or ""),
                ("definition", _both(term, "definition")),
            ]
        )
        glossary_lines.append("")
    (target_dir / "glossary.toml").write_text("\n".join(glossary_lines), encoding="utf-8")

    for extension in get_extensions():
        extension.export_from(course, target_dir)
    return warnings
