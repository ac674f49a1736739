"""Enrolment, step order, locking and progress: everything other apps call.

Step order of a course: for each live module in page order, its live step children in page
order; then the live steps directly under the course. In a sequential course a step opens
when every step of the earlier modules is complete (and a course-level step, the final
quiz, when every module and every earlier course-level step is complete). Inside a module
the steps are open in any order.

Query costs are bounded: one query reads the outline of any number of courses; one more
reads a user's completions for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from . import page_cache
from .models import CoursePage, Enrollment, GlossaryTerm, ModulePage, StepCompletion, StepPage
from .signals import course_completed


class StepLocked(Exception):
    """The step is not open yet for this user; `blocker` is the step to do first."""

    def __init__(self, step, blocker=None):
        super().__init__(f"step {step.pk} is locked")
        self.step = step
        self.blocker = blocker


# --- Outline --------------------------------------------------------------------------------


@dataclass
class ModuleOutline:
    page: Page
    steps: list[Page] = field(default_factory=list)


@dataclass
class Outline:
    """The live structure of one course: its modules with their steps, then the steps
    directly under the course (the final quiz)."""

    course: CoursePage
    modules: list[ModuleOutline] = field(default_factory=list)
    final_steps: list[Page] = field(default_factory=list)

    @property
    def steps(self) -> list[Page]:
        return [s for m in self.modules for s in m.steps] + list(self.final_steps)

    @property
    def groups(self) -> list[list[Page]]:
        """Units of sequential locking: each module, then each course-level step."""
        return [m.steps for m in self.modules] + [[s] for s in self.final_steps]

    def step_ids(self) -> list[int]:
        return [s.pk for s in self.steps]

    def find(self, slugs: list[str]) -> Page | None:
        """The module or step at `slugs` (relative to the course), if it is live."""
        if len(slugs) == 1:
            for module in self.modules:
                if module.page.slug == slugs[0]:
                    return module.page
            return next((s for s in self.final_steps if s.slug == slugs[0]), None)
        for module in self.modules:
            if module.page.slug == slugs[0]:
                return next((s for s in module.steps if s.slug == slugs[1]), None)
        return None

    def module_of(self, step_id: int) -> Page | None:
        return next((m.page for m in self.modules if any(s.pk == step_id for s in m.steps)), None)


def _is_step_class(page: Page) -> bool:
    cls = page.specific_class
    return cls is not None and issubclass(cls, StepPage)


def _is_module(page: Page) -> bool:
    cls = page.specific_class
    return cls is not None and issubclass(cls, ModulePage)


def course_outlines(courses: Iterable[CoursePage], specific: bool = False) -> dict[int, Outline]:
    """Outlines of several courses in one query (plus one per step type if `specific`)."""
    courses = list(courses)
    if not courses:
        return {}
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth__in=(course.depth + 1, course.depth + 2))
    pages = list(Page.objects.filter(condition).live().order_by("path"))
    if specific:
        step_pks = [p.pk for p in pages if _is_step_class(p)]
        specifics = {p.pk: p for p in Page.objects.filter(pk__in=step_pks).specific()}
        pages = [specifics.get(p.pk, p) for p in pages]
    by_path = {c.path: Outline(course=c) for c in courses}
    modules_by_path: dict[str, ModuleOutline] = {}
    steplen = Page.steplen
    for page in pages:
        parent_path = page.path[:-steplen]
        if parent_path in by_path:
            outline = by_path[parent_path]
            if _is_module(page):
                module = ModuleOutline(page=page)
                outline.modules.append(module)
                modules_by_path[page.path] = module
            elif _is_step_class(page):
                outline.final_steps.append(page)
        elif parent_path in modules_by_path and _is_step_class(page):
            modules_by_path[parent_path].steps.append(page)
    return {c.pk: by_path[c.path] for c in courses}


def cached_outlines(courses: Iterable[CoursePage]) -> dict[int, Outline]:
    """`course_outlines` (not specific), from the page cache where they are there; the
    others in one query, then kept there."""
    courses = list(courses)
    version = page_cache.version()
    outlines = {}
    missing = []
    for course in courses:
        outline = page_cache.get(page_cache.OUTLINE, course.pk, version=version)
        if outline is None:
            missing.append(course)
        else:
            outlines[course.pk] = outline
    for pk, outline in course_outlines(missing).items():
        page_cache.put(page_cache.OUTLINE, outline, pk, version=version)
        outlines[pk] = outline
    return outlines


def course_outline(course: CoursePage, specific: bool = False) -> Outline:
    return course_outlines([course], specific=specific)[course.pk]


def course_steps(course: CoursePage) -> list[Page]:
    """The course's steps as specific pages, in order."""
    return course_outline(course, specific=True).steps


def _course_of(step: Page) -> CoursePage:
    step = step.specific if not isinstance(step, StepPage) else step
    course = step.get_course()
    if course is None:
        raise ValueError(f"page {step.pk} is not inside a course")
    return course


def completed_ids(user, page_ids: Iterable[int]) -> set[int]:
    if not user.is_authenticated:
        return set()
    page_ids = list(page_ids)
    if not page_ids:
        return set()
    return set(
        StepCompletion.objects.filter(user=user, page_id__in=page_ids).values_list(
            "page_id", flat=True
        )
    )


@dataclass(frozen=True)
class EnrolmentState:
    """What step pages need of an enrolment (read with the completions, see
    `progress_records`)."""

    completed_at: object  # a datetime, or its text on SQLite; only "is it set" matters


_PROGRESS_SQL: dict[str, str] = {}


def progress_records(user, course) -> tuple[set[int], EnrolmentState | None]:
    """The ids of every step the user completed (in any course: callers look up the steps
    of the outline they show) and their enrolment in `course`, in one statement. A
    trainee has a few hundred completions at most, found through the (user, page) index."""
    if not user.is_authenticated:
        return set(), None
    from django.db import connection

    sql = _PROGRESS_SQL.get(connection.vendor)
    if sql is None:
        sc, en = StepCompletion._meta, Enrollment._meta

        def q(name):
            return connection.ops.quote_name(name)

        # Names from the models' metadata only; the values are parameters.
        sql = (
            f"SELECT {q(sc.get_field('page').column)}, NULL FROM {q(sc.db_table)}"  # noqa: S608
            f" WHERE {q(sc.get_field('user').column)} = %s"
            f" UNION ALL SELECT -1, {q(en.get_field('completed_at').column)}"
            f" FROM {q(en.db_table)} WHERE {q(en.get_field('user').column)} = %s"
            f" AND {q(en.get_field('course').column)} = %s"
        )
        _PROGRESS_SQL[connection.vendor] = sql
    done: set[int] = set()
    enrollment = None
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, course.pk])
        for page_id, completed_at in cursor.fetchall():
            if page_id == -1:
                enrollment = EnrolmentState(completed_at=completed_at)
            else:
                done.add(page_id)
    return done, enrollment


def get_enrollment(user, course) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course=course).first()


# --- Locking ----------------------------------------------------------------------------------


def _locking_step_in(outline: Outline, step_id: int, done: set[int], enrollment) -> Page | None:
    if not outline.course.sequential:
        return None
    if enrollment is not None and enrollment.completed_at is not None:
        return None
    for group in outline.groups:
        if any(s.pk == step_id for s in group):
            return None
        for s in group:
            if s.pk not in done:
                return s
    return None  # not in the live outline (a draft being previewed): nothing to wait for


def _locking_steps(outline: Outline, done: set[int], enrollment) -> dict[int, Page | None]:
    """`_locking_step_in` for every step of the outline at once, in one pass."""
    blockers: dict[int, Page | None] = {}
    sequential = outline.course.sequential and not (
        enrollment is not None and enrollment.completed_at is not None
    )
    blocker = None
    for group in outline.groups:
        for s in group:
            blockers[s.pk] = blocker if sequential else None
        if blocker is None:
            blocker = next((s for s in group if s.pk not in done), None)
    return blockers


def locking_step(user, step) -> Page | None:
    """The step `user` must complete before `step` opens, or None if it is open."""
    outline = course_outline(_course_of(step))
    done = completed_ids(user, outline.step_ids())
    return _locking_step_in(outline, step.pk, done, get_enrollment(user, outline.course))


def is_step_unlocked(user, step) -> bool:
    return locking_step(user, step) is None


# --- Progress ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    percent: int
    completed: bool


def _progress(outline: Outline, done: set[int], enrollment) -> Progress:
    ids = outline.step_ids()
    total = len(ids)
    count = sum(1 for i in ids if i in done)
    if enrollment is not None and enrollment.completed_at is not None:
        # Completed stays completed, whatever was added or removed since.
        return Progress(done=total, total=total, percent=100, completed=True)
    percent = (count * 100) // total if total else 0
    return Progress(
        done=count, total=total, percent=percent, completed=bool(total) and count == total
    )


def course_progress(user, course) -> Progress:
    outline = course_outline(course)
    done = completed_ids(user, outline.step_ids())
    return _progress(outline, done, get_enrollment(user, course))


def _next_step(outline: Outline, done: set[int]) -> Page | None:
    return next((s for s in outline.steps if s.pk not in done), None)


def next_step(user, course) -> Page | None:
    """The first step of the course the user has not completed (None when all are)."""
    outline = course_outline(course)
    return _next_step(outline, completed_ids(user, outline.step_ids()))


# --- The steps_done counter -----------------------------------------------------------------

# First key of the PostgreSQL advisory locks on course outlines (the second is the course id).
OUTLINE_LOCK = 0x4D414446


def lock_outlines(course_ids: Iterable[int], exclusive: bool = False) -> None:
    """Hold the outlines of these courses still until the current transaction ends: shared
    by `complete_step` and `start_course` (who read the outline, then write a counter),
    exclusive by what changes an outline and recounts. PostgreSQL advisory locks, taken in
    id order; on SQLite a writing transaction holds the whole database already
    (`transaction_mode` IMMEDIATE), so there is nothing to do."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        for course_id in sorted(set(course_ids)):
            cursor.execute(f"SELECT {function}(%s, %s)", [OUTLINE_LOCK, course_id])


def courses_containing(paths: Iterable[str]) -> set[int]:
    """Ids of the courses whose page is at one of `paths` or above it, in one query."""
    steplen = Page.steplen
    prefixes = {path[:i] for path in paths for i in range(steplen, len(path) + 1, steplen)}
    if not prefixes:
        return set()
    return set(CoursePage.objects.filter(path__in=prefixes).values_list("pk", flat=True))


def recount_steps_done(courses) -> int:
    """Set `Enrollment.steps_done` of every enrolment in `courses` (pages or ids; a course
    that no longer exists has no steps) from the completion rows, in one UPDATE; rows
    already right are not written. Takes the outline locks. Returns the number of
    enrolments changed."""
    ids = sorted({getattr(c, "pk", c) for c in courses})
    if not ids:
        return 0
    with transaction.atomic():
        lock_outlines(ids, exclusive=True)
        pages = list(CoursePage.objects.filter(pk__in=ids))
        steps = [(0, 0)]  # no page or course has id 0: the VALUES list is never empty
        for course_id, outline in course_outlines(pages).items():
            steps += [(step_id, course_id) for step_id in outline.step_ids()]
        return _write_steps_done(steps, ids)


def _write_steps_done(steps: list[tuple[int, int]], course_ids: list[int]) -> int:
    def q(name):
        return connection.ops.quote_name(name)

    en = Enrollment._meta
    sc = StepCompletion._meta
    en_table, sc_table = q(en.db_table), q(sc.db_table)
    en_user, en_course = q(en.get_field("user").column), q(en.get_field("course").column)
    sc_user, sc_page = q(sc.get_field("user").column), q(sc.get_field("page").column)
    en_pk, counter = q(en.pk.column), q(en.get_field("steps_done").column)
    values = ", ".join(["(CAST(%s AS INTEGER), CAST(%s AS INTEGER))"] * len(steps))
    marks = ", ".join(["%s"] * len(course_ids))
    sql = (
        f"UPDATE {en_table} SET {counter} = counted.n FROM ("
        f"WITH steps(step_id, course_id) AS (VALUES {values})"
        f" SELECT en.{en_pk} AS id, (SELECT COUNT(*) FROM {sc_table} sc"
        f" WHERE sc.{sc_user} = en.{en_user} AND sc.{sc_page} IN"
        f" (SELECT s.step_id FROM steps s WHERE s.course_id = en.{en_course})) AS n"
        f" FROM {en_table} en WHERE en.{en_course} IN ({marks})) counted"
        f" WHERE {en_table}.{en_pk} = counted.id AND {en_table}.{counter} <> counted.n"
    )
    params = [value for pair in steps for value in pair] + list(course_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# --- Enrolment and completion -------------------------------------------------------------


def start_course(user, course, look_first: bool = True) -> Enrollment:
    """Enrol `user` in `course`. Idempotent, safe under concurrency. `look_first=False`:
    the caller has just seen that there is no enrolment (one query fewer)."""
    if look_first:
        enrollment = Enrollment.objects.filter(user=user, course=course).first()
        if enrollment is not None:
            return enrollment
    try:
        with transaction.atomic():
            lock_outlines([course.pk])
            done: set[int] = set()
            # Usually nothing was completed in the course before enrolling: one query says
            # so; otherwise the outline decides what counts.
            if StepCompletion.objects.filter(
                user=user, page__path__startswith=course.path
            ).exists():
                done = completed_ids(user, course_outline(course).step_ids())
            return _create_enrollment(user, course, done)
    except IntegrityError:
        return Enrollment.objects.get(user=user, course=course)


def _create_enrollment(user, course, done: set[int]) -> Enrollment:
    """A new enrolment whose counter counts the completions the user already has in the
    course's outline (`done`, read under the outline lock): steps completed before a page
    moved into this course, say."""
    return Enrollment.objects.create(user=user, course=course, steps_done=len(done))


def complete_step(user, step, also=None) -> StepCompletion:
    """Record that `user` completed `step`. Idempotent and atomic; enrols the user; sets
    `completed_at` only the first time; completing the course's last step sets
    `Enrollment.completed_at` and sends `course_completed` after commit. Raises StepLocked
    when the step is not open for the user.

    `also`: called with the locked enrolment, returns more {field: value or expression} to
    write in the same UPDATE of that row (for the counters other apps keep on it); those
    fields are read again from the database when next used."""
    course = _course_of(step)
    with transaction.atomic():
        # The outline stays as read until this transaction ends (a page published, moved or
        # deleted meanwhile waits, then recounts `steps_done`).
        lock_outlines([course.pk])
        # Serialise this user's completions in this course: the last two steps completed at
        # once must still complete the course exactly once.
        enrollment = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
        outline = course_outline(course)
        step_ids = outline.step_ids()
        done = completed_ids(user, step_ids)
        if enrollment is None:
            try:
                with transaction.atomic():
                    enrollment = _create_enrollment(user, course, done)
            except IntegrityError:
                # Created a moment ago by another request of the user's, which may have
                # completed a step too: wait for it, then read the completions again.
                enrollment = Enrollment.objects.select_for_update().get(user=user, course=course)
                done = completed_ids(user, step_ids)
        blocker = _locking_step_in(outline, step.pk, done, enrollment)
        if blocker is not None:
            raise StepLocked(step, blocker)
        # Not yet completed (the usual case): no need to look for the record first.
        completion = (
            StepCompletion.objects.filter(user=user, page_id=step.pk).first()
            if step.pk in done or step.pk not in outline.step_ids()
            else None
        )
        if completion is None:
            # No savepoint needed: every completion of this user in this course is made
            # under the enrolment row lock, after reading `done` (the unique constraint
            # stays the last line of defence).
            completion = StepCompletion.objects.create(user=user, page_id=step.pk)
        done.add(step.pk)
        update = []
        # The counter of the reports: this enrolment's completions in the outline, counted
        # under both locks (the usual case: one more than before).
        steps_done = len(done.intersection(step_ids))
        if enrollment.steps_done != steps_done:
            enrollment.steps_done = steps_done
            update.append("steps_done")
        if enrollment.last_step_id != step.pk:
            enrollment.last_step_id = step.pk
            update.append("last_step")
        if enrollment.completed_at is None and _progress(outline, done, None).completed:
            enrollment.completed_at = timezone.now()
            update.append("completed_at")
            transaction.on_commit(
                lambda: course_completed.send(
                    sender=CoursePage, user=user, course=course, enrollment=enrollment
                )
            )
        extra = also(enrollment) if also is not None else {}
        for name, value in extra.items():
            setattr(enrollment, name, value)
            update.append(name)
        if update:
            enrollment.save(update_fields=update)
            for name in extra:
                enrollment.__dict__.pop(name, None)  # deferred: loaded again if used
    return completion


# --- What pages show --------------------------------------------------------------------------


@dataclass
class StepNavigation:
    step_id: int
    course: CoursePage
    module: Page | None
    position: int
    total: int
    previous: Page | None
    next: Page | None
    completed: bool
    progress: Progress
    modules: list[ModuleOutline]
    blocker: Page | None  # the step to do first, when this one is locked
    blocker_module: Page | None
    enrollment: Enrollment | None = None


def step_navigation(user, step, outline: Outline | None = None) -> StepNavigation:
    """Everything the step layout shows around a step, and whether it is locked, in a
    bounded number of queries (one when the course outline is already known)."""
    if outline is None:
        outline = course_outline(_course_of(step))
    course = outline.course
    done, enrollment = progress_records(user, course)
    steps = outline.steps
    index = next((i for i, s in enumerate(steps) if s.pk == step.pk), None)
    blocker = _locking_step_in(outline, step.pk, done, enrollment)
    module = outline.module_of(step.pk)
    return StepNavigation(
        step_id=step.pk,
        course=course,
        module=module,
        position=(index + 1) if index is not None else 0,
        total=len(steps),
        previous=steps[index - 1] if index else None,
        next=steps[index + 1] if index is not None and index + 1 < len(steps) else None,
        completed=step.pk in done,
        progress=_progress(outline, done, enrollment),
        modules=outline.modules,
        blocker=blocker,
        blocker_module=outline.module_of(blocker.pk) if blocker is not None else None,
        enrollment=enrollment,
    )


_REQUEST_OUTLINE = "_courses_outline"
_REQUEST_NAV = "_courses_step_nav"


def remember_outline(request, outline: Outline) -> None:
    """Keep the outline read while routing, for the step page served next."""
    setattr(request, _REQUEST_OUTLINE, outline)


def request_outline(request, course) -> Outline:
    """The course's outline: the one read while routing this request, else from the
    database."""
    outline = getattr(request, _REQUEST_OUTLINE, None)
    if outline is None or outline.course.pk != course.pk:
        outline = course_outline(course)
    return outline


def request_step_navigation(request, step) -> StepNavigation:
    """`step_navigation` for this request's user, computed once per request."""
    nav = getattr(request, _REQUEST_NAV, None)
    if nav is not None and nav.step_id == step.pk:
        return nav
    outline = getattr(request, _REQUEST_OUTLINE, None)
    if outline is not None and not step.path.startswith(outline.course.path):
        outline = None
    nav = step_navigation(request.user, step, outline=outline)
    setattr(request, _REQUEST_NAV, nav)
    return nav


@dataclass
class StepState:
    page: Page
    done: bool
    locked: bool


@dataclass
class ModuleState:
    page: Page
    steps: list[StepState]
    done: bool
    locked: bool


@dataclass
class CourseState:
    """A course as one user sees it: modules, steps and what is done or locked."""

    course: CoursePage
    enrollment: Enrollment | None
    modules: list[ModuleState]
    final_steps: list[StepState]
    progress: Progress
    next_step: Page | None


def course_state(user, course, outline: Outline | None = None, done=None, enrollment=False):
    outline = outline or course_outline(course)
    if done is None:
        done = completed_ids(user, outline.step_ids())
    if enrollment is False:
        enrollment = get_enrollment(user, course)

    blockers = _locking_steps(outline, done, enrollment)

    def state(step):
        return StepState(page=step, done=step.pk in done, locked=blockers[step.pk] is not None)

    modules = []
    for module in outline.modules:
        steps = [state(s) for s in module.steps]
        modules.append(
            ModuleState(
                page=module.page,
                steps=steps,
                done=bool(steps) and all(s.done for s in steps),
                locked=bool(steps) and all(s.locked for s in steps),
            )
        )
    return CourseState(
        course=course,
        enrollment=enrollment,
        modules=modules,
        final_steps=[state(s) for s in outline.final_steps],
        progress=_progress(outline, done, enrollment),
        next_step=_next_step(outline, done) if enrollment else None,
    )


def learning_overview(user) -> list[CourseState]:
    """The user's enrolments with progress and next step, in a fixed number of queries
    whatever the number of courses."""
    enrollments = list(
        Enrollment.objects.filter(user=user, course__isnull=False)
        .select_related("course")
        .order_by("completed_at", "-started_at")
    )
    enrollments = [e for e in enrollments if e.course.live or e.completed_at]
    outlines = cached_outlines([e.course for e in enrollments])
    all_ids = [i for o in outlines.values() for i in o.step_ids()]
    done = completed_ids(user, all_ids)
    return [
        course_state(user, e.course, outline=outlines[e.course.pk], done=done, enrollment=e)
        for e in enrollments
    ]


def catalogue_listing(index, track: str = "") -> list[tuple[CoursePage, int]]:
    """The catalogue's live courses (of `track`, if given) in page order, each with its
    number of live modules: the same for every visitor, so kept in the page cache (two
    queries when it is not there)."""
    listing = page_cache.get("catalogue", index.pk, track)
    if listing is not None:
        return listing
    courses = CoursePage.objects.child_of(index).live().order_by("path")
    if track:
        courses = courses.filter(track=track)
    courses = list(courses)
    counts = {c.pk: 0 for c in courses}
    if courses:
        by_path = {c.path: c.pk for c in courses}
        modules = (
            ModulePage.objects.filter(path__startswith=index.path, depth=index.depth + 2)
            .live()
            .values_list("path", flat=True)
        )
        for path in modules:
            course_pk = by_path.get(path[: -Page.steplen])
            if course_pk is not None:
                counts[course_pk] += 1
    listing = [(course, counts[course.pk]) for course in courses]
    page_cache.put("catalogue", listing, index.pk, track)
    return listing


_REQUEST_GLOSSARY = "_courses_glossary"


def remember_glossary(request, course, terms: dict) -> None:
    setattr(request, _REQUEST_GLOSSARY, (course.pk, terms))


def glossary_for(
    course: CoursePage | None, term_ids: list[str] | None = None, request=None
) -> dict:
    """The course's glossary terms by id (only `term_ids` if given), from the request (set
    by the step route cache) or the shared page cache when they are there."""
    if course is None or term_ids == []:
        return {}
    remembered = getattr(request, _REQUEST_GLOSSARY, None)
    terms = remembered[1] if remembered and remembered[0] == course.pk else None
    if terms is None:
        terms = page_cache.get("glossary", course.pk)
    if terms is None:
        terms = {t.term_id: t for t in GlossaryTerm.objects.filter(course=course)}
        page_cache.put("glossary", terms, course.pk)
    if term_ids is None:
        return terms
    return {i: terms[i] for i in term_ids if i in terms}


def missing_language(page, fields) -> bool:
    """True when one of `fields` of `page` is empty in the current language, so the page
    shows the other language's text (modeltranslation fallback) with a notice."""
    lang = "en" if (get_language() or "ar").startswith("en") else "ar"
    return any(not getattr(page, f"{name}_{lang}", None) for name in fields)


# --- Site set-up ------------------------------------------------------------------------------

COURSE_INDEX_SLUG = "courses"
COURSE_INDEX_TITLES = {"ar": "الدورات", "en": "Courses"}
TRAINERS_GROUP = "Trainers"
TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
TRAINER_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


@transaction.atomic
def ensure_course_index(home: Page):
    """The catalogue page (slug "courses") under the home page, and the Trainers group's
    rights over it. Idempotent: an existing catalogue is kept as editors left it."""
    from .models import CourseIndexPage

    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = CourseIndexPage(
            title=COURSE_INDEX_TITLES["ar"],
            title_ar=COURSE_INDEX_TITLES["ar"],
            title_en=COURSE_INDEX_TITLES["en"],
            slug=COURSE_INDEX_SLUG,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    ensure_trainer_permissions(index)
    return index


def ensure_trainer_permissions(index) -> None:
    """Trainers may add, edit and publish pages inside the course catalogue only, and
    upload and choose images and documents. Idempotent."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    group, _created = Group.objects.get_or_create(name=TRAINERS_GROUP)
    admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin is not None:
        group.permissions.add(admin)
    for codename in TRAINER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
    root = Collection.get_first_root_node()
    if root is None:
        return
    for app_label, codename in TRAINER_COLLECTION_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
