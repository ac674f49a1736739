"""Enrollment.steps_done, filled for the enrolments that exist: the user's completions of
the steps of the course's live outline (the definition of courses.services.course_outlines,
written out here with the historical models so that this migration does not depend on
today's code)."""

from django.db import migrations, models


def _outline_steps(apps) -> list[tuple[int, int]]:
    """(step id, course id) of every course's live outline."""
    from django.apps import apps as current_apps

    from courses.models import ModulePage, StepPage

    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    CoursePage = apps.get_model("courses", "CoursePage")
    step_types, module_types = set(), set()
    for ct in ContentType.objects.all():
        try:
            model = current_apps.get_model(ct.app_label, ct.model)
        except LookupError:
            continue
        if issubclass(model, StepPage):
            step_types.add(ct.pk)
        elif issubclass(model, ModulePage):
            module_types.add(ct.pk)
    courses = list(CoursePage.objects.values_list("pk", "path", "depth"))
    steplen = 4  # treebeard's Page.steplen
    steps = []
    for course_id, path, depth in courses:
        pages = list(
            Page.objects.filter(
                path__startswith=path, depth__in=(depth + 1, depth + 2), live=True
            ).values_list("pk", "path", "depth", "content_type_id")
        )
        modules = {p for _pk, p, d, ct in pages if d == depth + 1 and ct in module_types}
        for pk, page_path, page_depth, ct in pages:
            if ct not in step_types:
                continue
            if page_depth == depth + 1 or page_path[:-steplen] in modules:
                steps.append((pk, course_id))
    return steps


def fill_steps_done(apps, schema_editor):
    Enrollment = apps.get_model("courses", "Enrollment")
    StepCompletion = apps.get_model("courses", "StepCompletion")
    if not Enrollment.objects.exists():
        return
    steps = _outline_steps(apps)
    connection = schema_editor.connection
    q = connection.ops.quote_name
    en, sc = Enrollment._meta, StepCompletion._meta
    en_table, sc_table = q(en.db_table), q(sc.db_table)
    en_user, en_course = q(en.get_field("user").column), q(en.get_field("course").column)
    sc_user, sc_page = q(sc.get_field("user").column), q(sc.get_field("page").column)
    en_pk, counter = q(en.pk.column), q(en.get_field("steps_done").column)
    steps = [(0, 0), *steps]
    values = ", ".join(["(CAST(%s AS INTEGER), CAST(%s AS INTEGER))"] * len(steps))
    sql = (
        f"UPDATE {en_table} SET {counter} = counted.n FROM ("
        f"WITH steps(step_id, course_id) AS (VALUES {values})"
        f" SELECT en.{en_pk} AS id, (SELECT COUNT(*) FROM {sc_table} sc"
        f" WHERE sc.{sc_user} = en.{en_user} AND sc.{sc_page} IN"
        f" (SELECT s.step_id FROM steps s WHERE s.course_id = en.{en_course})) AS n"
        f" FROM {en_table} en) counted"
        f" WHERE {en_table}.{en_pk} = counted.id AND {en_table}.{counter} <> counted.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for pair in steps for value in pair])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="steps_done",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="steps completed"
            ),
        ),
        migrations.RunPython(fill_steps_done, migrations.RunPython.noop),
    ]
