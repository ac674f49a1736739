from django.core.management.base import BaseCommand, CommandError

from courses.course_format import CourseFormatError, import_course


class Command(BaseCommand):
    help = (
        "Create or update a course from a folder in the Markdown course format "
        "(docs/course-format.md). Importing the same folder again changes nothing; "
        "bad input stops the import and leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="+", help="course folder(s) holding course.toml")

    def handle(self, *args, **options):
        for folder in options["folders"]:
            try:
                result = import_course(folder)
            except CourseFormatError as exc:
                raise CommandError(str(exc)) from exc
            if result.changed:
                self.stdout.write(
                    f"{result.course.slug}: {result.created} created, {result.updated} updated, "
                    f"{result.moved} moved, {result.unpublished} unpublished"
                )
            else:
                self.stdout.write(f"{result.course.slug}: unchanged")
