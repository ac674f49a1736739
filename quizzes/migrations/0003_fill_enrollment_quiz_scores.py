"""Enrollment.quizzes_scored and Enrollment.best_scores_sum (courses 0003), filled for the
enrolments that exist from the attempts, in one UPDATE (the definition of
quizzes.services.recount_quiz_scores, written out here with the historical models so that
this migration does not depend on today's code)."""

from django.db import migrations


def fill_quiz_scores(apps, schema_editor):
    Enrollment = apps.get_model("courses", "Enrollment")
    Attempt = apps.get_model("quizzes", "Attempt")
    if not Enrollment.objects.exists():
        return
    connection = schema_editor.connection
    q = connection.ops.quote_name
    en, a = Enrollment._meta, Attempt._meta
    table, pk = q(en.db_table), q(en.pk.column)
    en_user, en_course = q(en.get_field("user").column), q(en.get_field("course").column)
    n, total = q(en.get_field("quizzes_scored").column), q(en.get_field("best_scores_sum").column)
    a_user, a_course, a_quiz = (q(a.get_field(f).column) for f in ("user", "course", "quiz"))
    score, submitted = q(a.get_field("score").column), q(a.get_field("submitted_at").column)
    sql = (
        f"UPDATE {table} SET {n} = counted.n, {total} = counted.s FROM ("
        f"SELECT en.{pk} AS id, COUNT(b.best) AS n, COALESCE(ROUND(SUM(b.best), 2), 0) AS s"
        f" FROM {table} en JOIN ("
        f"SELECT {a_user} AS user_id, {a_course} AS course_id, MAX({score}) AS best"
        f" FROM {q(a.db_table)} WHERE {submitted} IS NOT NULL AND {score} IS NOT NULL"
        f" GROUP BY {a_user}, {a_course}, {a_quiz}) b"
        f" ON b.user_id = en.{en_user} AND b.course_id = en.{en_course}"
        f" GROUP BY en.{pk}) counted"
        f" WHERE {table}.{pk} = counted.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_enrollment_quiz_scores"),
        ("quizzes", "0002_attemptanswer_accepted"),
    ]

    operations = [migrations.RunPython(fill_quiz_scores, migrations.RunPython.noop)]
