"""`manage.py export_report --format csv|hdf5 --out FILE [filters]`: the dashboard's report,
with the same figures and the same suppression, from the command line."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from courses.models import CoursePage, Track
from madafe.organisations.models import Organisation, Region
from madafe.reports import exports
from madafe.reports.services import ReportFilters, build_report


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from error


class Command(BaseCommand):
    help = "Export the centre's report (every association) as CSV or HDF5."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("csv", "hdf5"), required=True)
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--track", choices=Track.values)
        parser.add_argument("--course", type=int, help="course page id")
        parser.add_argument("--region", choices=Region.values)
        parser.add_argument("--association", help="an association's public id")
        parser.add_argument("--since", type=_date, help="completed on or after (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="completed on or before (YYYY-MM-DD)")
        parser.add_argument(
            "--language", choices=("ar", "en"), default="en", help="language of the CSV"
        )

    def handle(self, *args, **options):
        course = None
        if options["course"] is not None:
            course = CoursePage.objects.filter(pk=options["course"]).first()
            if course is None:
                raise CommandError(f"no course with id {options['course']}")
        organisation = None
        if options["association"]:
            organisation = Organisation.objects.filter(public_id=options["association"]).first()
            if organisation is None:
                raise CommandError(f"no association with public id {options['association']!r}")
        since, until = options["since"], options["until"]
        if since and until and since > until:
            raise CommandError("--since is after --until")
        filters = ReportFilters(
            track=options["track"] or "",
            course=course,
            since=since,
            until=until,
            region=options["region"] or "",
            organisation=organisation,
        )
        with translation.override(options["language"]):
            report = build_report(filters)
            if options["format"] == "csv":
                with open(options["out"], "w", encoding="utf-8", newline="") as stream:
                    exports.write_csv(report, stream)
            else:
                exports.write_hdf5(
                    report, options["out"], quiz_statistics=exports.quiz_statistics_writer(report)
                )
        self.stdout.write(
            f"{options['format']}: {len(report.organisations)} associations × "
            f"{len(report.courses)} courses → {options['out']}"
        )
