from django.core.management.base import BaseCommand, CommandError

from courses.course_format import export_course
from courses.models import CoursePage


class Command(BaseCommand):
    help = "Write a course in the Markdown course format into DIR (docs/course-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the course's slug")
        parser.add_argument("directory", help="the course folder to write (created if needed)")

    def handle(self, *args, **options):
        course = CoursePage.objects.filter(slug=options["slug"]).first()
        if course is None:
            raise CommandError(f"no course with the slug {options['slug']!r}")
        for warning in export_course(course, options["directory"]):
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"{course.slug}: written to {options['directory']}")
