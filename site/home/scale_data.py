"""A large, deterministic, made-up data set for benchmarks and scale tests.

`manage.py generate_scale_data --size S|M|L [--seed N]` (never under production settings):
associations, trainees, memberships, the shipped curriculum plus generated courses,
enrolments, step completions, quiz attempts (when the quizzes app has its models) and the
certificates that follow. Rows are written in bulk (COPY on PostgreSQL, batched inserts on
SQLite); pages go through the ordinary course importer, so they are real Wagtail pages with
revisions. Certificates are rows only: their PNG/PDF files are drawn at the first download
(`certificates.services.ensure_files`).

Every generated quiz attempt gets one AttemptAnswer per question of its quiz, with points
following the attempt's score and picks agreeing with the points, so that the per-question
quiz statistics run on a realistic volume; to keep the data set small, the answers' frozen
copies are left empty (no question texts or explanations, `choices` and `accepted` empty,
no typed text for short answers).

Everything derives from one `random.Random(seed)` and a fixed end date, so two runs with the
same seed produce the same content (database ids aside).
"""

from __future__ import annotations

import io
import json
import random
import shutil
import tempfile
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import tomli_w
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

USERNAME_PREFIX = "scale-"
COURSE_PREFIX = "scale-"
ORG_MARK = "Scale association"
CURRICULUM_DIR = Path(__file__).resolve().parents[2] / "courses" / "curriculum"
CURRICULUM = ("digital-security", "documentation-methodology", "un-advocacy")
# The data set ends here (not "now"), so a seed gives the same rows on any day.
END = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
SPAN_DAYS = 540


@dataclass(frozen=True)
class Size:
    organisations: int
    trainees: int
    curriculum: tuple[str, ...]
    generated_courses: int
    modules: int  # per generated course
    lessons: int  # per generated module (plus one quiz per module when quizzes exist)
    enrolments: int
    completed_share: float  # share of enrolments that are complete
    attempts: int  # quiz attempts (only when the quizzes app has an Attempt model)
    # Modules of a generated course with a practice quiz (the shipped courses have one in
    # every module). Each passed quiz step has its passing attempt, so this is what keeps
    # L near its 400,000 attempts.
    practice_quizzes: int


SIZES = {
    "S": Size(6, 60, ("digital-security",), 1, 2, 2, 100, 0.4, 600, 2),
    "M": Size(40, 5_000, CURRICULUM, 3, 5, 5, 15_000, 0.4, 40_000, 5),
    "L": Size(200, 50_000, CURRICULUM, 9, 5, 6, 150_000, 0.4, 400_000, 0),
}


# --- Bulk insertion -------------------------------------------------------------------------


def insert_rows(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in the order of `fields`, Python values) into `model`'s table as
    they are: no `save()`, no signals, no auto_now. COPY on PostgreSQL; batched INSERTs
    elsewhere. Returns the number of rows."""
    meta = model._meta
    fields = list(fields)
    # Columns not given get their field's default (evaluated once), NULL or "".
    fill = []
    for field in meta.concrete_fields:
        if field.primary_key or field.name in fields or field.attname in fields:
            continue
        if field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        fields.append(field.name)
        fill.append(value)
    if fill:
        rows = (tuple(row) + tuple(fill) for row in rows)
    columns = [meta.get_field(name).column for name in fields]
    table = connection.ops.quote_name(meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as wrapper:
            raw = wrapper.cursor  # the psycopg cursor
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(
                        [json.dumps(v) if isinstance(v, dict | list) else v for v in row]
                    )
                    count += 1
        return count
    model_fields = [meta.get_field(name) for name in fields]
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(
                [f.get_db_prep_save(v, connection) for f, v in zip(model_fields, row, strict=True)]
            )
            if len(batch) >= 2000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def reset_sequences(*models) -> None:
    """After COPY with explicit ids (none here) sequences are fine; after ANALYZE the
    planner knows the new row counts."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- Courses --------------------------------------------------------------------------------


def _generated_course_dir(target: Path, number: int, size: Size, rng: random.Random) -> Path:
    """Write a course folder modelled on one shipped course: its glossary, its lessons
    (cycled) spread over `size.modules` modules of `size.lessons` lessons, and (if the
    shipped course has a quiz.toml) a practice quiz in each of the first
    `size.practice_quizzes` modules plus the final quiz."""
    base_slug = CURRICULUM[number % len(CURRICULUM)]
    base = CURRICULUM_DIR / base_slug
    base_data = tomllib.loads((base / "course.toml").read_text(encoding="utf-8"))
    base_lessons = [(m["slug"], lesson) for m in base_data["modules"] for lesson in m["lessons"]]
    slug = f"{COURSE_PREFIX}{number + 1:02d}-{base_slug}"
    out = target / slug
    out.mkdir(parents=True)
    shutil.copy(base / "glossary.toml", out / "glossary.toml")
    modules = []
    used: set[str] = set()  # lesson slugs are unique in a course, not only in a module
    cursor = rng.randrange(len(base_lessons))
    for m in range(size.modules):
        module_slug = f"module-{m + 1}"
        (out / module_slug).mkdir()
        lessons = []
        for _ in range(size.lessons):
            src_module, src_lesson = base_lessons[cursor % len(base_lessons)]
            cursor += 1
            name = f"{src_lesson}"[:60]
            while name in used:
                name += "-b"
            used.add(name)
            for lang in ("ar", "en"):
                shutil.copy(
                    base / src_module / f"{src_lesson}.{lang}.md",
                    out / module_slug / f"{name}.{lang}.md",
                )
            lessons.append(name)
        modules.append(
            {
                "slug": module_slug,
                "title": {"ar": f"الوحدة {m + 1}", "en": f"Module {m + 1}"},
                "lessons": lessons,
            }
        )
    data = {
        "slug": slug,
        "track": base_data["track"],
        "level": rng.choice(["beginner", "intermediate", "advanced"]),
        "estimated_hours": rng.randint(4, 20),
        "sequential": True,
        "certificate": True,
        "certificate_validity_months": rng.choice([0, 0, 24]),
        "title": {
            "ar": f"{base_data['title']['ar']} ({number + 1})",
            "en": f"{base_data['title']['en']} ({number + 1})",
        },
        "summary": base_data.get("summary", {"ar": "", "en": ""}),
        "modules": modules,
    }
    (out / "course.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    quiz_path = base / "quiz.toml"
    if quiz_path.exists():
        quizzes = tomllib.loads(quiz_path.read_text(encoding="utf-8")).get("quiz", [])
        practice = [q for q in quizzes if q.get("module")]
        final = [q for q in quizzes if not q.get("module")]
        written = []
        for m, module in enumerate(modules[: size.practice_quizzes]):
            if not practice:
                break
            quiz = dict(practice[m % len(practice)])
            quiz["module"] = module["slug"]
            quiz["slug"] = f"{module['slug']}-quiz"
            written.append(quiz)
        written += final
        (out / "quiz.toml").write_text(tomli_w.dumps({"quiz": written}), encoding="utf-8")
    return out


def import_courses(size: Size, rng: random.Random, log=print) -> list:
    """The shipped curriculum of this size, then the generated courses (idempotent: the
    importer updates what exists)."""
    from courses.course_format import import_course
    from courses.models import CoursePage

    from .services import ensure_home_page

    ensure_home_page()
    slugs = []
    for slug in size.curriculum:
        import_course(CURRICULUM_DIR / slug)
        slugs.append(slug)
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(size.generated_courses):
            folder = _generated_course_dir(Path(tmp), number, size, rng)
            import_course(folder)
            slugs.append(folder.name)
    log(f"courses: {len(slugs)} imported")
    by_slug = {c.slug: c for c in CoursePage.objects.filter(slug__in=slugs)}
    return [by_slug[s] for s in slugs]


# --- People ---------------------------------------------------------------------------------

ARABIC_WORDS = ["النور", "الأمل", "العدالة", "الكرامة", "الحقوق", "المستقبل", "السلام", "الشباب"]
ENGLISH_WORDS = ["Light", "Hope", "Justice", "Dignity", "Rights", "Future", "Peace", "Youth"]
REGIONS = ["west", "east", "south", "nationwide", "abroad"]
ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _moment(rng: random.Random, after: datetime | None = None) -> datetime:
    start = after or (END - timedelta(days=SPAN_DAYS))
    seconds = max(int((END - start).total_seconds()), 1)
    return start + timedelta(seconds=rng.randrange(seconds))


@dataclass
class Result:
    organisations: int = 0
    trainees: int = 0
    memberships: int = 0
    courses: int = 0
    steps: int = 0
    enrolments: int = 0
    completed_enrolments: int = 0
    completions: int = 0
    attempts: int = 0
    answers: int = 0
    certificates: int = 0
    seconds: float = 0.0


def existing(prefix: str = USERNAME_PREFIX) -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username__startswith=prefix).exists()


def remove() -> None:
    """Delete a previous scale data set (its users with all their rows, its associations,
    its generated courses). The shipped curriculum stays."""
    from django.contrib.auth import get_user_model

    from courses.models import CoursePage, Enrollment, StepCompletion
    from madafe.organisations.models import Organisation

    users = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)
    user_ids = users.values("pk")
    StepCompletion.objects.filter(user__in=user_ids).delete()
    Enrollment.objects.filter(user__in=user_ids).delete()
    users.delete()
    Organisation.objects.filter(name_en__startswith=ORG_MARK).delete()
    for course in CoursePage.objects.filter(slug__startswith=COURSE_PREFIX):
        course.delete()


def generate(size: Size, seed: int = 1, password: str | None = None, log=print) -> Result:
    """Write the data set. `password`: one passphrase for every generated trainee (hashed
    once), or None for unusable passwords."""
    started = time.monotonic()
    rng = random.Random(seed)
    result = Result()
    with transaction.atomic():
        courses = import_courses(size, rng, log=log)
    result.courses = len(courses)
    with transaction.atomic():
        _generate_rows(size, rng, courses, password, result, log)
    result.seconds = round(time.monotonic() - started, 1)
    return result


def _generate_rows(size, rng, courses, password, result: Result, log) -> None:
    from django.contrib.auth import get_user_model

    from certificates import codes
    from certificates.models import Certificate, default_template
    from certificates.services import expiry_for
    from courses.models import Enrollment, StepCompletion
    from courses.services import course_outlines
    from madafe.organisations.models import Membership, Organisation

    User = get_user_model()
    t0 = time.monotonic()

    def step(what):
        nonlocal t0
        now = time.monotonic()
        log(f"{what} ({now - t0:.1f} s)")
        t0 = now

    # Associations.
    orgs = []
    for number in range(size.organisations):
        word = rng.randrange(len(ARABIC_WORDS))
        public_id = "".join(rng.choice(ID_ALPHABET) for _ in range(12))
        orgs.append(
            (
                f"جمعية {ARABIC_WORDS[word]} {number + 1}",
                f"جمعية {ARABIC_WORDS[word]} {number + 1}",
                f"{ORG_MARK} {number + 1}: {ENGLISH_WORDS[word]}",
                rng.choice(REGIONS),
                rng.random() > 0.05,
                public_id,
                _moment(rng),
            )
        )
    insert_rows(
        Organisation,
        ["name", "name_ar", "name_en", "region", "active", "public_id", "created_at"],
        orgs,
    )
    org_ids = list(
        Organisation.objects.filter(public_id__in=[o[5] for o in orgs])
        .order_by("public_id")
        .values_list("pk", flat=True)
    )
    result.organisations = len(org_ids)

    # Trainees: one precomputed hash (or an unusable password) for all.
    hashed = make_password(password)
    joined = {}
    user_rows = []
    for number in range(size.trainees):
        username = f"{USERNAME_PREFIX}{number + 1:06d}"
        moment = _moment(rng)
        joined[username] = moment
        epoch = f"{rng.getrandbits(128):032x}"
        user_rows.append((hashed, False, username, "", "", "", False, True, moment, epoch, None))
    insert_rows(
        User,
        [
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "session_epoch",
            "last_login",
        ],
        user_rows,
    )
    users = list(
        User.objects.filter(username__startswith=USERNAME_PREFIX)
        .order_by("username")
        .values_list("pk", "username")
    )
    result.trainees = len(users)
    step(f"{result.organisations} associations, {result.trainees} trainees")

    # Memberships: most trainees in one association, some in two, some in none; the first
    # member of each association coordinates it.
    membership_rows = []
    coordinators = set()
    for user_id, username in users:
        roll = rng.random()
        count = 0 if roll < 0.08 else (2 if roll > 0.9 else 1)
        for org_id in rng.sample(org_ids, count) if org_ids else []:
            role = "member"
            if org_id not in coordinators:
                coordinators.add(org_id)
                role = "coordinator"
            membership_rows.append(
                (
                    user_id,
                    org_id,
                    role,
                    rng.random() < 0.3,
                    _moment(rng, joined[username]),
                )
            )
    result.memberships = insert_rows(
        Membership, ["user", "organisation", "role", "share_progress", "joined_at"], membership_rows
    )
    step(f"{result.memberships} memberships")

    # Enrolments and step completions, in outline order (sequential courses).
    outlines = course_outlines(courses, specific=False)
    course_steps = {c.pk: outlines[c.pk].step_ids() for c in courses}
    result.steps = sum(len(s) for s in course_steps.values())
    quiz_ids = _quiz_ids(courses)
    weights = [3 if c.slug in CURRICULUM else 1 for c in courses]
    mean = max(1, round(size.enrolments / max(len(users), 1)))
    enrol_rows = []
    completions: list[tuple] = []
    finished = []  # (user_id, course, completed_at)
    attempts_wanted = []  # (user_id, course_pk, quiz_id, passed_at or None)
    remaining = size.enrolments
    for user_id, username in users:
        if remaining <= 0:
            break
        want = max(1, min(len(courses), mean + rng.choice([-1, 0, 0, 1]), remaining))
        chosen = _weighted_sample(rng, courses, weights, want)
        remaining -= len(chosen)
        for course in chosen:
            steps = course_steps[course.pk]
            started = _moment(rng, joined[username])
            complete = rng.random() < size.completed_share and steps
            done = len(steps) if complete else rng.randrange(len(steps)) if steps else 0
            moment = started
            last = None
            for step_id in steps[:done]:
                moment = min(moment + timedelta(minutes=rng.randint(5, 4000)), END)
                completions.append((user_id, step_id, moment))
                last = step_id
                if step_id in quiz_ids:
                    attempts_wanted.append((user_id, course.pk, step_id, moment))
            if not complete and done < len(steps) and steps[done] in quiz_ids:
                attempts_wanted.append((user_id, course.pk, steps[done], None))
            completed_at = moment if complete else None
            # steps_done: the completions just written, all steps of the live outline.
            enrol_rows.append((user_id, course.pk, started, completed_at, last, done))
            if complete:
                finished.append((user_id, course, completed_at))
    result.enrolments = insert_rows(
        Enrollment,
        ["user", "course", "started_at", "completed_at", "last_step", "steps_done"],
        enrol_rows,
    )
    result.completed_enrolments = len(finished)
    step(f"{result.enrolments} enrolments")
    result.completions = insert_rows(StepCompletion, ["user", "page", "completed_at"], completions)
    del completions
    step(f"{result.completions} step completions")

    result.attempts = _generate_attempts(size, rng, attempts_wanted, log)
    step(f"{result.attempts} quiz attempts")

    # Certificates: rows only; files are drawn on first download.
    template = default_template()
    cert_rows = []
    seen_codes = set()
    for user_id, course, completed_at in finished:
        if not course.awards_certificate:
            continue
        code = codes.format_code("".join(rng.choice(CODE_ALPHABET) for _ in range(16)))
        while code in seen_codes:
            code = codes.format_code("".join(rng.choice(CODE_ALPHABET) for _ in range(16)))
        seen_codes.add(code)
        cert_rows.append(
            (
                user_id,
                course.pk,
                code,
                completed_at,
                expiry_for(course, completed_at),
                "valid",
                "",
                "",
                "",
                course.title_ar or course.title,
                course.title_en or course.title_ar or course.title,
                course.track,
                course.estimated_hours,
                template.pk,
                "",
                "",
            )
        )
    result.certificates = insert_rows(
        Certificate,
        [
            "user",
            "course",
            "code",
            "issued_at",
            "expires_at",
            "status",
            "revoked_reason",
            "name_choice",
            "display_name",
            "course_title_ar",
            "course_title_en",
            "track",
            "hours",
            "template",
            "png",
            "pdf",
        ],
        cert_rows,
    )
    step(f"{result.certificates} certificates")
    result.answers = _generate_answers(rng)
    step(f"{result.answers} quiz answers")
    reset_sequences(User, Organisation, Membership, Enrollment, StepCompletion, Certificate)


def _weighted_sample(rng: random.Random, items: list, weights: list[int], count: int) -> list:
    pool = list(zip(items, weights, strict=True))
    chosen = []
    for _ in range(min(count, len(pool))):
        total = sum(w for _i, w in pool)
        pick = rng.uniform(0, total)
        for position, (item, weight) in enumerate(pool):
            pick -= weight
            if pick <= 0 or position == len(pool) - 1:
                chosen.append(item)
                pool.pop(position)
                break
    return chosen


def attempt_model():
    """The quizzes app's Attempt model, or None while it does not exist."""
    try:
        return apps.get_model("quizzes", "Attempt")
    except LookupError:
        return None


def _quiz_ids(courses) -> set[int]:
    try:
        quiz_model = apps.get_model("quizzes", "QuizPage")
    except LookupError:
        return set()
    paths = [c.path for c in courses]
    ids = set()
    for quiz in quiz_model.objects.values_list("pk", "path"):
        if any(quiz[1].startswith(p) for p in paths):
            ids.add(quiz[0])
    return ids


def _generate_attempts(size: Size, rng: random.Random, wanted, log) -> int:
    """Quiz attempts: each passed quiz step gets its passing attempt, and a quiz step
    someone is stuck on gets a failed one; failed attempts are then spread so that the
    total comes near `size.attempts`. Nothing while the quizzes app has no Attempt model.
    (Their per-question answer rows are written afterwards by `_generate_answers`, and
    the enrolments' quiz counters recounted.)"""
    Attempt = attempt_model()
    if Attempt is None or not wanted:
        return 0
    fields = {f.name for f in Attempt._meta.get_fields()}
    extra = max(0, size.attempts - len(wanted))
    fail_share = min(1.0, extra / len(wanted))
    rows = []
    numbers: dict[tuple[int, int], int] = {}
    for user_id, course_id, quiz_id, passed_at in wanted:
        failures = 1 if rng.random() < fail_share else 0
        if not passed_at:
            failures += 1
        moment = passed_at or _moment(rng)
        tries = [(False, moment - timedelta(hours=failures - i)) for i in range(failures)]
        if passed_at:
            tries.append((True, passed_at))
        for passed, submitted in tries:
            key = (user_id, quiz_id)
            numbers[key] = numbers.get(key, 0) + 1
            score = rng.randint(70, 100) if passed else rng.randint(0, 69)
            started = submitted - timedelta(minutes=rng.randint(2, 30))
            rows.append(
                (user_id, quiz_id, course_id, numbers[key], started, submitted, score, passed)
            )
    base = ["user", "quiz", "course", "number", "started_at", "submitted_at", "score", "passed"]
    extra = [
        (name, value)
        for name, value in (("question_order", []), ("choice_order", {}), ("saved", {}))
        if name in fields
    ]
    names = base + [n for n, _v in extra]
    values = [v for _n, v in extra]
    inserted = insert_rows(Attempt, names, (row + tuple(values) for row in rows))
    # The enrolments' quiz counters (see courses.models.Enrollment), from the attempts just
    # written: one UPDATE over the generated courses.
    from quizzes.services import recount_quiz_scores

    recount_quiz_scores(course_ids={course_id for _u, course_id, _q, _p in wanted})
    return inserted


def _generate_answers(rng: random.Random) -> int:
    """One AttemptAnswer per question of the quiz for every generated attempt (first and
    later ones), so that per-question statistics have rows to read. The points follow the
    attempt's score: of its n questions, score × n / 100 rounded down are right, and the
    fraction left over goes to a multiple-choice question with partial scoring when the
    attempt has one (some of its correct choices picked), else to one more right question
    when it is half a point or more; so the points add up to score × n / 100 within half a
    point. The picks agree with the points (the correct choices, some of them for partial
    credit, one wrong choice or, now and then, nothing). To keep the data set small, the
    frozen copies stay empty: no question texts or explanations, `choices` and `accepted`
    empty, no typed text for short answers. Attempts are read back in id order (the order
    they were written in), in chunks, so the same seed draws the same answers."""
    Attempt = attempt_model()
    if Attempt is None:
        return 0
    from quizzes.models import AttemptAnswer, Choice, Question

    attempts = Attempt.objects.filter(user__username__startswith=USERNAME_PREFIX)
    quiz_ids = attempts.values("quiz_id").distinct()
    questions: dict[int, list] = {}
    for qid, quiz_id, kind, scoring in (
        Question.objects.filter(quiz_id__in=quiz_ids)
        .order_by("quiz_id", "sort_order", "pk")
        .values_list("pk", "quiz_id", "kind", "scoring")
    ):
        questions.setdefault(quiz_id, []).append((qid, kind, scoring, [], []))
    by_id = {q[0]: q for qs in questions.values() for q in qs}
    for question_id, choice_id, correct in (
        Choice.objects.filter(question_id__in=by_id)
        .order_by("question_id", "sort_order", "pk")
        .values_list("question_id", "pk", "is_correct")
    ):
        by_id[question_id][3 if correct else 4].append(choice_id)

    def answers_of(chunk):
        for attempt_id, quiz_id, score in chunk:
            asked = questions.get(quiz_id, [])
            if not asked:
                continue
            target = float(score or 0) * len(asked) / 100
            right = int(target)
            left = target - right
            order = rng.sample(range(len(asked)), len(asked))
            full = set(order[:right])
            partial = None
            if left >= 0.25:
                partial = next(
                    (
                        i
                        for i in order[right:]
                        if asked[i][1] == "multiple"
                        and asked[i][2] == "partial"
                        and len(asked[i][3]) > 1
                    ),
                    None,
                )
                if partial is None and left >= 0.5 and right < len(asked):
                    full.add(order[right])
            for index, (qid, kind, _scoring, good, bad) in enumerate(asked):
                if index in full:
                    points, picked = 1, ([] if kind == "short" else good)
                elif index == partial:
                    count = min(len(good) - 1, max(1, round(left * len(good))))
                    points = (Decimal(count) / len(good)).quantize(Decimal("0.0001"))
                    picked = good[:count]
                else:
                    blank = kind == "short" or not bad or rng.random() < 0.05
                    points, picked = 0, [] if blank else [rng.choice(bad)]
                yield (attempt_id, qid, index + 1, kind, picked, points, points == 1)

    fields = ["attempt", "question", "position", "kind", "picked", "points", "correct"]
    count = 0
    last = 0
    while True:
        chunk = list(
            attempts.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "quiz_id", "score")[:20_000]
        )
        if not chunk:
            break
        last = chunk[-1][0]
        count += insert_rows(AttemptAnswer, fields, answers_of(chunk))
    reset_sequences(Attempt, AttemptAnswer)
    return count


def fingerprint() -> str:
    """A digest of the generated content by natural keys (not database ids), for the
    determinism test."""
    import hashlib

    from django.contrib.auth import get_user_model

    from certificates.models import Certificate
    from courses.models import Enrollment, StepCompletion
    from madafe.organisations.models import Membership, Organisation

    digest = hashlib.sha256()
    prefix = {"user__username__startswith": USERNAME_PREFIX}
    parts = [
        get_user_model()
        .objects.filter(username__startswith=USERNAME_PREFIX)
        .order_by("username")
        .values_list("username", "date_joined", "session_epoch"),
        Organisation.objects.filter(name_en__startswith=ORG_MARK)
        .order_by("public_id")
        .values_list("public_id", "name_ar", "name_en", "region", "active"),
        Membership.objects.filter(**prefix)
        .order_by("user__username", "organisation__public_id")
        .values_list("user__username", "organisation__public_id", "role", "share_progress"),
        Enrollment.objects.filter(**prefix)
        .order_by("user__username", "course__slug")
        .values_list("user__username", "course__slug", "started_at", "completed_at"),
        StepCompletion.objects.filter(**prefix)
        .order_by("user__username", "completed_at", "page__url_path")
        .values_list("user__username", "page__url_path", "completed_at"),
        Certificate.objects.filter(**prefix)
        .order_by("code")
        .values_list("user__username", "course__slug", "code", "issued_at"),
    ]
    attempt = attempt_model()
    if attempt is not None:
        answer = attempt._meta.get_field("answers").related_model
        parts.append(
            answer.objects.filter(attempt__user__username__startswith=USERNAME_PREFIX)
            .order_by(
                "attempt__user__username",
                "attempt__quiz__url_path",
                "attempt__number",
                "position",
            )
            .values_list(
                "attempt__user__username",
                "attempt__quiz__url_path",
                "attempt__number",
                "position",
                "kind",
                "points",
                "correct",
            )
        )
    buffer = io.StringIO()
    for queryset in parts:
        for row in queryset.iterator(chunk_size=5000):
            buffer.write(repr(row))
        digest.update(buffer.getvalue().encode())
        buffer = io.StringIO()
    return digest.hexdigest()
