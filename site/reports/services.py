"""The report: every figure shown on the centre's dashboard, on a coordinator's page and in
both exports comes from `build_report`, and is suppressed in one place (`suppress`), so the
pages and the exports always agree.

How the figures are computed
----------------------------
Everything is counted in the database with GROUP BY, never by looping over trainees in
Python. The number of queries is fixed (about ten), whatever the number of associations,
courses and trainees:

1. the associations in scope, 2. the courses in scope, 3. their outlines (one query, from
`courses.services.course_outlines`: the same definition of a course's steps as the progress
a trainee sees), 4. members per association, 5. enrolment figures (enrolled, started,
completed, quiz takers and average best quiz score) at three levels at once, 6. median
progress (in statement 5 on PostgreSQL), 7. certificate holders, 8.–9. completions per
month. Statements 5–7 run in one transaction with JIT compilation off on PostgreSQL.

The step → course map of the outline goes into the SQL as a `VALUES` table, for the number
of steps of each course. A trainee's completed steps in a course are not counted here: they
are `Enrollment.steps_done`, a counter kept right by `courses.services` (see the model);
nor are quiz attempts: each enrolment carries `quizzes_scored` and `best_scores_sum`, kept
right by `quizzes.services`.

Every count is a number of *people*: in an (association × course) cell one person is one
enrolment; in an association's total over several courses and in the totals row, a person is
counted once however many courses they took or associations they belong to (COUNT DISTINCT).
So a total can never reveal less than it seems to: "7 enrolled" always means seven people.

Median progress (percent of the course's steps completed; 100 once the course is completed,
as on the trainee's own pages) is computed over enrolments. PostgreSQL uses its ordered-set
aggregate `percentile_cont(0.5)`; SQLite has none, so there the median is the average of the
middle one or two values found with the window functions ROW_NUMBER() and COUNT() OVER a
partition. Both give the same number (the mean of the two middle values for an even count).

Average best quiz score: for each person and each quiz of the course, their best submitted
score; averaged per person over the quizzes they took (`best_scores_sum / quizzes_scored`
of the enrolment); then averaged over the people (at an association's and the total level,
over their enrolments with a score: one value per person and course). Each person weighs
the same however many quizzes and attempts they had. Quiz takers: people with an enrolment
whose `quizzes_scored` is above 0.

Period of completion (since/until, inclusive dates in the site's time zone) narrows the
`completed` count, the monthly completions and the certificates (by issue date). Enrolled,
started, members, progress and quiz scores describe the present.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from courses.models import CoursePage, Enrollment
from courses.services import course_outlines
from madafe.organisations.models import Membership, Organisation

# --- Measures -----------------------------------------------------------------------------

COUNT_MEASURES = ("members", "enrolled", "started", "completed", "quiz_takers", "certificates")
MEASURES = (
    "members",
    "enrolled",
    "started",
    "completed",
    "completion_rate",
    "median_progress",
    "quiz_takers",
    "average_best_score",
    "certificates",
)
PERCENT_MEASURES = ("completion_rate", "median_progress", "average_best_score")

MEASURE_LABELS = {
    "members": _("Members"),
    "enrolled": _("Enrolled"),
    "started": _("Started"),
    "completed": _("Completed"),
    "completion_rate": _("Completion rate"),
    "median_progress": _("Median progress"),
    "quiz_takers": _("Took a quiz"),
    "average_best_score": _("Average best quiz score"),
    "certificates": _("Certificates"),
}

# Which count each derived figure is computed from: hidden with it.
DERIVED_FROM = {
    "completion_rate": ("enrolled", "completed"),
    "median_progress": ("enrolled",),
    "average_best_score": ("quiz_takers",),
}


def min_group_size() -> int:
    return int(getattr(settings, "MADAFE_MIN_GROUP_SIZE", 5))


# --- Suppression: the one place ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One figure as it may be shown: `value` is None when the figure is hidden (a count
    below the threshold, or computed from one) or does not exist (a rate with nobody to
    divide by)."""

    value: int | float | None
    hidden: bool = False

    @property
    def shown(self) -> bool:
        return not self.hidden and self.value is not None


def suppress_count(value: int, threshold: int) -> Cell:
    return Cell(None, hidden=True) if value < threshold else Cell(value)


def suppress(raw: dict, threshold: int) -> dict[str, Cell]:
    """Turn raw figures into what may be shown. Every count below `threshold` is hidden;
    every rate, median or average computed from a hidden count is hidden too. The raw
    numbers of hidden figures go no further than this function."""
    cells: dict[str, Cell] = {}
    for name in COUNT_MEASURES:
        cells[name] = suppress_count(raw.get(name) or 0, threshold)
    for name, bases in DERIVED_FROM.items():
        if any(cells[base].hidden for base in bases):
            cells[name] = Cell(None, hidden=True)
            continue
        if name == "completion_rate":
            enrolled = raw.get("enrolled") or 0
            value = (raw.get("completed") or 0) * 100 / enrolled if enrolled else None
        else:
            value = raw.get(name)
        cells[name] = Cell(None if value is None else round(float(value), 1))
    return {name: cells[name] for name in MEASURES}


# --- Filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    track: str = ""
    course: CoursePage | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    region: str = ""
    organisation: Organisation | None = None

    def as_dict(self) -> dict:
        """The filters as exports record them (public ids only, never database ids of
        associations)."""
        return {
            "track": self.track,
            "course": self.course.pk if self.course else None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "region": self.region,
            "organisation": self.organisation.public_id if self.organisation else None,
        }

    def period(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """[start, end) as aware datetimes: whole days in the site's time zone."""
        tz = timezone.get_default_timezone()
        start = end = None
        if self.since:
            start = datetime.datetime.combine(self.since, datetime.time.min, tzinfo=tz)
        if self.until:
            day = self.until + datetime.timedelta(days=1)
            end = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
        return start, end


# --- Result --------------------------------------------------------------------------------


@dataclass
class Row:
    organisation: Organisation
    course: CoursePage
    figures: dict[str, Cell]


@dataclass
class Report:
    filters: ReportFilters
    threshold: int
    generated_at: datetime.datetime
    organisations: list[Organisation]
    courses: list[CoursePage]
    rows: list[Row]
    organisation_totals: dict[int, dict[str, Cell]]
    totals: dict[str, Cell]
    months: list[datetime.date] = field(default_factory=list)
    # (organisation pk, course pk) → one cell per month of `months`
    monthly: dict[tuple[int, int], list[Cell]] = field(default_factory=dict)
    monthly_totals: list[Cell] = field(default_factory=list)
    # (step id, course id) of the courses' outlines, reused for individual progress.
    steps: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def row(self, organisation, course) -> Row | None:
        return next(
            (
                r
                for r in self.rows
                if r.organisation.pk == organisation.pk and r.course.pk == course.pk
            ),
            None,
        )

    def sorted_rows(self, sort: str = "", descending: bool = False) -> list[Row]:
        return sort_rows(self.rows, sort, descending)


SORT_KEYS = ("association", "course", *MEASURES)


def sort_rows(rows: Iterable[Row], sort: str = "", descending: bool = False) -> list[Row]:
    """Rows by association then course, or by a measure. Hidden and missing figures always
    come last, in name order: their place must not hint at their value."""

    def names(row):
        return (str(row.organisation.name).casefold(), str(row.course.title).casefold())

    rows = sorted(rows, key=names)
    if sort in ("", "association"):
        return list(reversed(rows)) if descending else rows
    if sort == "course":
        return sorted(rows, key=lambda r: str(r.course.title).casefold(), reverse=descending)
    if sort not in MEASURES:
        return rows
    shown = [r for r in rows if r.figures[sort].shown]
    others = [r for r in rows if not r.figures[sort].shown]
    shown.sort(key=lambda r: r.figures[sort].value, reverse=descending)
    return shown + others


# --- SQL helpers ---------------------------------------------------------------------------


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _col(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _dt(value):
    return connection.ops.adapt_datetimefield_value(value)


@dataclass
class _Scope:
    """The common table expressions every figure starts from: the steps of the courses in
    scope (`steps`, `nsteps`), the members in scope (`m`: org_id, user_id) and their
    enrolments with progress (`e`, from the `steps_done` counter) and quiz counters (`nq`:
    quizzes with a score, `sq`: the sum of their best scores)."""

    member_sql: str
    member_params: list
    course_ids: list[int]
    steps: list[tuple[int, int]]

    def ctes(self, with_enrolments: bool = True) -> tuple[str, list]:
        params: list = []
        steps = [(0, 0), *self.steps]  # (0, 0): no page or course has id 0; never empty
        values = ", ".join(["(CAST(%s AS INTEGER), CAST(%s AS INTEGER))"] * len(steps))
        for step_id, course_id in steps:
            params += [step_id, course_id]
        parts = [
            f"steps(step_id, course_id) AS (VALUES {values})",
            "nsteps AS (SELECT course_id, COUNT(*) AS n FROM steps GROUP BY course_id)",
            f"m(org_id, user_id) AS ({self.member_sql})",
        ]
        params += self.member_params
        if with_enrolments:
            en = Enrollment
            parts.append(
                f"e AS (SELECT en.{_col(en, 'user')} AS user_id, en.{_col(en, 'course')} AS course_id,"
                f" en.{_col(en, 'completed_at')} AS completed_at, en.{_col(en, 'steps_done')} AS done,"
                f" CASE WHEN en.{_col(en, 'completed_at')} IS NOT NULL THEN 100.0"
                f" WHEN COALESCE(t.n, 0) = 0 THEN 0.0"
                f" ELSE CAST(en.{_col(en, 'steps_done')} AS DOUBLE PRECISION) * 100 / t.n END AS pct,"
                f" en.{_col(en, 'quizzes_scored')} AS nq, en.{_col(en, 'best_scores_sum')} AS sq"
                f" FROM {_table(en)} en"
                f" LEFT JOIN nsteps t ON t.course_id = en.{_col(en, 'course')}"
                f" WHERE en.{_col(en, 'course')} IN ({_placeholders(self.course_ids)})"
                # The members' query itself, not `m`: the planner knows its size (not a
                # CTE's), so it hashes the members instead of one index scan per member.
                f" AND en.{_col(en, 'user')} IN"
                f" (SELECT mm.user_id FROM ({self.member_sql}) mm))"
            )
            params += self.course_ids + self.member_params
        return "WITH " + ",\n".join(parts), params


# The three levels every figure is computed at, in one statement (UNION ALL): per
# association and course, per association over every course in scope, and the totals row
# (each person once: `u` is the distinct members).
_LEVELS = (
    ("cell", "m.org_id, {x}.course_id", "m", "GROUP BY m.org_id, {x}.course_id"),
    ("organisation", "m.org_id, NULL", "m", "GROUP BY m.org_id"),
    ("total", "NULL, NULL", "(SELECT DISTINCT user_id FROM m) m", ""),
)


def _union(select_for_level, source_alias: str) -> str:
    parts = []
    for level, keys, members, group in _LEVELS:
        keys = keys.format(x=source_alias)
        group = group.format(x=source_alias)
        parts.append(select_for_level(level, keys, members, group))
    return "\nUNION ALL\n".join(parts)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _key(level: str, org_id, course_id):
    if level == "cell":
        return (org_id, course_id)
    if level == "organisation":
        return org_id
    return "total"


def _enrolment_figures(scope: _Scope, start, end) -> dict:
    """enrolled, started, completed and quiz takers (people) and the average best quiz
    score at the three levels."""
    with_sql, params = scope.ctes()
    completed = "e.completed_at IS NOT NULL"
    period_params = []
    if start is not None:
        completed += " AND e.completed_at >= %s"
        period_params.append(_dt(start))
    if end is not None:
        completed += " AND e.completed_at < %s"
        period_params.append(_dt(end))

    # PostgreSQL computes the median in the same pass (see `_medians`).
    median = (
        ", percentile_cont(0.5) WITHIN GROUP (ORDER BY e.pct)"
        if connection.vendor == "postgresql"
        else ", NULL"
    )

    def select(level, keys, members, group):
        params.extend(period_params)
        return (
            f"SELECT '{level}', {keys}, COUNT(DISTINCT e.user_id),"
            " COUNT(DISTINCT CASE WHEN e.done > 0 OR e.completed_at IS NOT NULL"
            " THEN e.user_id END),"
            f" COUNT(DISTINCT CASE WHEN {completed} THEN e.user_id END),"
            " COUNT(DISTINCT CASE WHEN e.nq > 0 THEN e.user_id END),"
            " AVG(CASE WHEN e.nq > 0 THEN CAST(e.sq AS DOUBLE PRECISION) / e.nq END)"
            f"{median}"
            f" FROM {members} JOIN e ON e.user_id = m.user_id {group}"
        )

    body = _union(select, "e")
    out = {}
    rows = _fetch(with_sql + "\n" + body, params)
    for level, org_id, course_id, enrolled, started, done, takers, average, middle in rows:
        out[_key(level, org_id, course_id)] = {
            "enrolled": enrolled or 0,
            "started": started or 0,
            "completed": done or 0,
            "quiz_takers": takers or 0,
            "average_best_score": None if average is None else float(average),
        }
        if middle is not None:
            out[_key(level, org_id, course_id)]["median_progress"] = middle
    return out


def _medians(scope: _Scope) -> dict:
    """Median progress over enrolments at the three levels (see the module docstring)."""
    with_sql, params = scope.ctes()
    postgres = connection.vendor == "postgresql"

    def select(level, keys, members, group):
        if postgres:
            return (
                f"SELECT '{level}', {keys}, percentile_cont(0.5) WITHIN GROUP (ORDER BY e.pct)"
                f" FROM {members} JOIN e ON e.user_id = m.user_id {group}"
            )
        # One enrolment once, even at the total level (`m` is then the distinct members).
        partition = {
            "cell": "PARTITION BY m.org_id, e.course_id",
            "organisation": "PARTITION BY m.org_id",
            "total": "",
        }[level]
        outer_keys = {"cell": "org_id, course_id", "organisation": "org_id, NULL", "total": ""}
        inner_keys = {
            "cell": "m.org_id AS org_id, e.course_id AS course_id,",
            "organisation": "m.org_id AS org_id,",
            "total": "",
        }[level]
        outer_group = {
            "cell": "GROUP BY org_id, course_id",
            "organisation": "GROUP BY org_id",
            "total": "",
        }[level]
        keys_out = outer_keys[level] or "NULL, NULL"
        return (
            f"SELECT '{level}', {keys_out}, AVG(pct) FROM ("
            f"SELECT {inner_keys} e.pct AS pct,"
            f" ROW_NUMBER() OVER ({partition} ORDER BY e.pct) AS rn,"
            f" COUNT(*) OVER ({partition}) AS cnt"
            f" FROM {members} JOIN e ON e.user_id = m.user_id) ranked"
            f" WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) {outer_group}"
        )

    body = _union(select, "e")
    return {
        _key(level, org_id, course_id): value
        for level, org_id, course_id, value in _fetch(with_sql + "\n" + body, params)
        if value is not None
    }


def _certificate_holders(scope: _Scope, start, end) -> dict:
    """People holding a valid (not revoked) certificate of the course."""
    with_sql, params = scope.ctes(with_enrolments=False)
    c = Certificate
    where = (
        f"{_col(c, 'status')} = %s AND {_col(c, 'course')} IN ({_placeholders(scope.course_ids)})"
    )
    params += [Certificate.Status.VALID, *scope.course_ids]
    if start is not None:
        where += f" AND {_col(c, 'issued_at')} >= %s"
        params.append(_dt(start))
    if end is not None:
        where += f" AND {_col(c, 'issued_at')} < %s"
        params.append(_dt(end))
    certs = (
        f"c AS (SELECT {_col(c, 'user')} AS user_id, {_col(c, 'course')} AS course_id"
        f" FROM {_table(c)} WHERE {where})"
    )

    def select(level, keys, members, group):
        return (
            f"SELECT '{level}', {keys}, COUNT(DISTINCT c.user_id)"
            f" FROM {members} JOIN c ON c.user_id = m.user_id {group}"
        )

    body = _union(select, "c")
    return {
        _key(level, org_id, course_id): n or 0
        for level, org_id, course_id, n in _fetch(f"{with_sql},\n{certs}\n{body}", params)
    }


def _monthly(org_ids, course_ids, start, end, per_cell: bool = True) -> tuple[dict, dict]:
    """People who completed a course, per month: per (association, course) (unless
    `per_cell` is False) and in total."""
    enrolments = Enrollment.objects.filter(
        course_id__in=course_ids, completed_at__isnull=False
    ).order_by()
    if start is not None:
        enrolments = enrolments.filter(completed_at__gte=start)
    if end is not None:
        enrolments = enrolments.filter(completed_at__lt=end)
    month = TruncMonth("completed_at", output_field=DateField())
    per_cell_rows = (
        enrolments.filter(user__memberships__organisation_id__in=org_ids)
        .annotate(month=month)
        .values_list("user__memberships__organisation_id", "course_id", "month")
        .annotate(n=Count("user_id", distinct=True))
    )
    members = Membership.objects.filter(organisation_id__in=org_ids).values("user_id")
    totals = (
        enrolments.filter(user_id__in=members)
        .annotate(month=month)
        .values_list("month")
        .annotate(n=Count("user_id", distinct=True))
    )
    if not per_cell:
        return {}, dict(totals)
    cells = {(org, course, m): n for org, course, m, n in per_cell_rows}
    return cells, dict(totals)


def _as_datetime(value):
    """Raw SQL on SQLite returns datetimes as text (UTC); PostgreSQL returns them aware."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(value)
    return timezone.make_aware(parsed, datetime.UTC) if timezone.is_naive(parsed) else parsed


def _month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# --- The report ----------------------------------------------------------------------------


def organisations_in_scope(filters: ReportFilters):
    organisations = Organisation.objects.all()
    if filters.organisation is not None:
        organisations = organisations.filter(pk=filters.organisation.pk)
    if filters.region:
        organisations = organisations.filter(region=filters.region)
    return organisations.order_by("name", "pk")


def courses_in_scope(filters: ReportFilters):
    """Published courses, and unpublished ones that still have enrolments."""
    courses = CoursePage.objects.filter(
        Q(live=True) | Q(pk__in=Enrollment.objects.values("course_id"))
    )
    if filters.track:
        courses = courses.filter(track=filters.track)
    if filters.course is not None:
        courses = courses.filter(pk=filters.course.pk)
    return courses.order_by("title", "pk")


def _steps(courses) -> list[tuple[int, int]]:
    return [
        (step_id, course_pk)
        for course_pk, outline in course_outlines(courses).items()
        for step_id in outline.step_ids()
    ]


def build_report(
    filters: ReportFilters | None = None, monthly: bool = True, monthly_per_cell: bool = True
) -> Report:
    """Every figure for the associations and courses the filters select (completions per
    month too, unless `monthly` is False; per association and course only if
    `monthly_per_cell`: the dashboard shows the totals, the exports every cell)."""
    filters = filters or ReportFilters()
    threshold = min_group_size()
    organisations = list(organisations_in_scope(filters))
    courses = list(courses_in_scope(filters))
    start, end = filters.period()
    raw: dict = defaultdict(dict)
    monthly_cells: dict = {}
    monthly_totals: dict = {}
    org_ids = [o.pk for o in organisations]
    course_ids = [c.pk for c in courses]
    steps = _steps(courses) if courses else []
    if organisations:
        members = dict(
            Membership.objects.filter(organisation_id__in=org_ids)
            .order_by()
            .values_list("organisation_id")
            .annotate(n=Count("id"))
        )
        raw["total"]["members"] = (
            Membership.objects.filter(organisation_id__in=org_ids)
            .values("user_id")
            .distinct()
            .count()
        )
        for org_id, n in members.items():
            raw[org_id]["members"] = n
    if organisations and courses:
        member_qs = (
            Membership.objects.filter(organisation_id__in=org_ids)
            .order_by()
            .values_list("organisation_id", "user_id")
        )
        member_sql, member_params = member_qs.query.sql_with_params()
        scope = _Scope(member_sql, list(member_params), course_ids, steps)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # These statements are planned at millions of rows (the planner cannot know
                # how many rows a CTE holds), so PostgreSQL would spend ~0.3 s per statement
                # compiling them (JIT) to save less than that in running them.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            for key, figures in _enrolment_figures(scope, start, end).items():
                raw[key].update(figures)
            if connection.vendor != "postgresql":
                for key, value in _medians(scope).items():
                    raw[key]["median_progress"] = value
            for key, n in _certificate_holders(scope, start, end).items():
                raw[key]["certificates"] = n
        if monthly:
            monthly_cells, monthly_totals = _monthly(
                org_ids, course_ids, start, end, per_cell=monthly_per_cell
            )

    rows = []
    for organisation in organisations:
        for course in courses:
            figures = {"members": raw[organisation.pk].get("members", 0)}
            figures.update(raw.get((organisation.pk, course.pk), {}))
            rows.append(Row(organisation, course, suppress(figures, threshold)))
    organisation_totals = {o.pk: suppress(raw[o.pk], threshold) for o in organisations}
    totals = suppress(raw["total"], threshold)

    # Months: the period asked for, else from the first to the last completion.
    known = sorted(monthly_totals)
    first = filters.since.replace(day=1) if filters.since else (known[0] if known else None)
    last = filters.until.replace(day=1) if filters.until else (known[-1] if known else None)
    months = _month_range(first, last) if first and last and first <= last else []
    monthly_by_cell = (
        {
            (o.pk, c.pk): [
                suppress_count(monthly_cells.get((o.pk, c.pk, m), 0), threshold) for m in months
            ]
            for o in organisations
            for c in courses
        }
        if monthly and monthly_per_cell
        else {}
    )
    return Report(
        filters=filters,
        threshold=threshold,
        generated_at=timezone.now(),
        organisations=organisations,
        courses=courses,
        rows=rows,
        organisation_totals=organisation_totals,
        totals=totals,
        months=months,
        monthly=monthly_by_cell,
        monthly_totals=[suppress_count(monthly_totals.get(m, 0), threshold) for m in months],
        steps=steps,
    )


# --- Individual progress (consenting members only) -----------------------------------------


@dataclass(frozen=True)
class CourseProgress:
    course: CoursePage
    percent: int
    completed_at: datetime.datetime | None
    best_score: float | None
    certificate: bool


@dataclass(frozen=True)
class MemberProgress:
    username: str
    courses: list[CourseProgress]


def member_progress(memberships, report: Report) -> list[MemberProgress]:
    """Progress in the report's courses of the members in `memberships` (a queryset the
    caller has already narrowed to what the viewer may see: see
    `madafe.reports.permissions`). Individual rows are shown by consent, so they are not
    suppressed. Fixed query count."""
    members = list(
        memberships.select_related("user").order_by("user__username").only("user__username")
    )
    if not members:
        return []
    courses = report.courses
    by_user: dict[int, list[CourseProgress]] = defaultdict(list)
    if courses:
        course_by_id = {c.pk: c for c in courses}
        member_sql, member_params = (
            memberships.order_by().values_list("organisation_id", "user_id").query.sql_with_params()
        )
        scope = _Scope(member_sql, list(member_params), list(course_by_id), report.steps)
        with_sql, params = scope.ctes()
        enrolments = _fetch(
            f"{with_sql}\nSELECT DISTINCT e.user_id, e.course_id, e.pct, e.completed_at,"
            " e.nq, e.sq FROM e",
            params,
        )
        certified = set(
            Certificate.objects.filter(
                user_id__in=[m.user_id for m in members],
                course_id__in=list(course_by_id),
                status=Certificate.Status.VALID,
            ).values_list("user_id", "course_id")
        )
        for user_id, course_id, pct, completed_at, quizzes, best_sum in sorted(
            enrolments, key=lambda r: str(course_by_id[r[1]].title).casefold()
        ):
            completed_at = _as_datetime(completed_at)
            by_user[user_id].append(
                CourseProgress(
                    course=course_by_id[course_id],
                    percent=int(pct),
                    completed_at=completed_at,
                    # Their average best score: the counters of the enrolment.
                    best_score=float(best_sum) / quizzes if quizzes else None,
                    certificate=(user_id, course_id) in certified,
                )
            )
    return [MemberProgress(m.user.get_username(), by_user.get(m.user_id, [])) for m in members]


# --- Quiz statistics (HDF5 export) ----------------------------------------------------------


@dataclass(frozen=True)
class ChoiceFigures:
    position: int  # from 1, in the question's order
    text_ar: str
    text_en: str
    correct: bool
    picks: Cell  # first attempts that picked it


@dataclass(frozen=True)
class QuestionFigures:
    position: int  # from 1, in the quiz's order
    kind: str
    text_ar: str
    text_en: str
    first_attempts: Cell  # first attempts that were asked the question
    facility: Cell  # percent 0..100
    discrimination: Cell  # -100..100
    other_picks: Cell  # picks of choices removed since
    choices: list[ChoiceFigures]
    hidden: bool


@dataclass(frozen=True)
class QuizFigures:
    quiz: object  # quizzes.models.QuizPage
    course: CoursePage
    key: str  # "<course slug>/<path below the course>", e.g. "digital-safety/module-1/quiz"
    first_attempts: Cell
    mean_first_score: Cell  # percent
    questions: list[QuestionFigures]
    hidden: bool


def quiz_key(course: CoursePage, quiz) -> str:
    """A stable, public name for a quiz: the course's slug and the quiz's path of slugs
    below the course (unique, unlike the quiz's own slug, which repeats across modules)."""
    below = quiz.url_path[len(course.url_path) :].strip("/")
    return f"{course.slug}/{below}"


def suppress_quiz(quiz, course, statistics, threshold: int) -> QuizFigures:
    """A quiz's statistics as they may leave the service. A quiz with fewer first attempts
    than `threshold` has every figure hidden; a question asked in fewer first attempts than
    `threshold` (quizzes that draw questions) has its own figures hidden, choice picks
    included. Facility and discrimination that do not exist stay None (not hidden)."""
    quiz_hidden = statistics.first_attempts < threshold

    def figure(value, hidden):
        if hidden:
            return Cell(None, hidden=True)
        return Cell(None if value is None else float(value))

    questions = []
    for line in statistics.questions:
        hidden = quiz_hidden or line.asked < threshold
        questions.append(
            QuestionFigures(
                position=line.number,
                kind=line.kind,
                text_ar=line.text_ar,
                text_en=line.text_en,
                first_attempts=figure(line.asked, hidden),
                facility=figure(None if line.facility is None else 100 * line.facility, hidden),
                discrimination=figure(line.discrimination, hidden),
                other_picks=figure(line.other_picks, hidden),
                choices=[
                    ChoiceFigures(
                        position=position,
                        text_ar=choice.text_ar,
                        text_en=choice.text_en,
                        correct=choice.correct,
                        picks=figure(choice.picks, hidden),
                    )
                    for position, choice in enumerate(line.choices, start=1)
                ],
                hidden=hidden,
            )
        )
    return QuizFigures(
        quiz=quiz,
        course=course,
        key=quiz_key(course, quiz),
        first_attempts=figure(statistics.first_attempts, quiz_hidden),
        mean_first_score=figure(statistics.mean_first_score, quiz_hidden),
        questions=questions,
        hidden=quiz_hidden,
    )


def quiz_figures(report: Report) -> list[QuizFigures]:
    """Per-question statistics of every quiz (live or not) of the report's courses, so
    narrowed by its course and track filters; the association, region and period filters
    do not apply: the figures are over every trainee's first attempt, as in the admin's
    quiz statistics. Five queries whatever the number of courses and quizzes."""
    from functools import reduce
    from operator import or_

    from quizzes.models import QuizPage
    from quizzes.statistics import statistics_of_quizzes

    if not report.courses:
        return []
    course_by_path = {course.path: course for course in report.courses}
    quizzes = list(
        QuizPage.objects.filter(
            reduce(or_, (Q(path__startswith=path) for path in course_by_path))
        ).order_by("path")
    )
    statistics = statistics_of_quizzes(quizzes)
    steplen = QuizPage.steplen
    order = {course.pk: i for i, course in enumerate(report.courses)}
    figures = []
    for quiz in quizzes:
        course = next(
            course_by_path[quiz.path[:end]]
            for end in range(steplen, len(quiz.path), steplen)
            if quiz.path[:end] in course_by_path
        )
        figures.append(suppress_quiz(quiz, course, statistics[quiz.pk], report.threshold))
    # The report's order of courses, then each course's tree order.
    return sorted(figures, key=lambda f: (order[f.course.pk], f.quiz.path))
