"""CSV and HDF5 exports of a report (format documented in docs/exports.md). Both take the
figures from `services.build_report`, already suppressed: a hidden figure never reaches an
export, only the mark that it is hidden."""

from __future__ import annotations

import csv
import io
import json

import h5py
import numpy as np
from django.utils import translation
from django.utils.translation import gettext

from .display import PERCENT_MEASURE_HEADINGS, cell_text
from .services import MEASURE_LABELS, MEASURES, Cell, Report

SCHEMA_VERSION = "1.0"
# Suppressed cells in the HDF5 file: never 0, which is a real figure.
FILL_SUPPRESSED = -1.0
# A figure that does not exist (a rate with nobody to divide by): NaN.
FILL_MISSING = float("nan")
LANGUAGES = ("ar", "en")

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value) -> str:
    """A cell as text that no spreadsheet will evaluate: a leading quote before anything
    that would start a formula (OWASP's advice for CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _heading(measure: str) -> str:
    return str(PERCENT_MEASURE_HEADINGS.get(measure, MEASURE_LABELS[measure]))


def csv_rows(report: Report) -> list[list[str]]:
    """The table of the dashboard, one row per association and course, then one per
    association over all the courses in scope, then the totals row (each person once)."""
    header = [
        gettext("Association (public id)"),
        gettext("Association (Arabic)"),
        gettext("Association (English)"),
        gettext("Region"),
        gettext("Course (id)"),
        gettext("Course (Arabic)"),
        gettext("Course (English)"),
        gettext("Track"),
        *[_heading(m) for m in MEASURES],
    ]

    def figures(cells: dict[str, Cell]) -> list[str]:
        return [cell_text(cells[m], m, report.threshold, percent_sign=False) for m in MEASURES]

    rows = [header]
    for row in report.rows:
        org, course = row.organisation, row.course
        rows.append(
            [
                org.public_id,
                org.name_ar,
                org.name_en,
                org.get_region_display(),
                str(course.pk),
                course.title_ar,
                course.title_en,
                course.get_track_display(),
                *figures(row.figures),
            ]
        )
    every_course = gettext("All courses in the report")
    for org in report.organisations:
        rows.append(
            [
                org.public_id,
                org.name_ar,
                org.name_en,
                org.get_region_display(),
                "",
                every_course,
                every_course,
                "",
                *figures(report.organisation_totals[org.pk]),
            ]
        )
    total = gettext("Total (each person once)")
    rows.append([total, "", "", "", "", every_course, every_course, "", *figures(report.totals)])
    return [[guard(value) for value in row] for row in rows]


def write_csv(report: Report, stream) -> None:
    """UTF-8 with a byte-order mark, so that Excel shows the Arabic."""
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerows(csv_rows(report))


def csv_bytes(report: Report) -> bytes:
    buffer = io.StringIO()
    write_csv(report, buffer)
    return buffer.getvalue().encode("utf-8")


# --- HDF5 ----------------------------------------------------------------------------------


def _value(cell: Cell) -> float:
    if cell.hidden:
        return FILL_SUPPRESSED
    if cell.value is None:
        return FILL_MISSING
    return float(cell.value)


def _compression(shape) -> dict:
    # gzip needs chunks, and HDF5 cannot chunk an empty dimension.
    return {"compression": "gzip", "compression_opts": 6} if all(shape) else {}


def _strings(values) -> np.ndarray:
    return np.array([str(v) for v in values], dtype=h5py.string_dtype("utf-8"))


def _table(group, name: str, columns: list[tuple[str, list]]) -> None:
    text = h5py.string_dtype("utf-8")
    dtype = np.dtype([(column, text) for column, _values in columns])
    length = len(columns[0][1]) if columns else 0
    data = np.empty(length, dtype=dtype)
    for column, values in columns:
        data[column] = [str(v) for v in values]
    group.create_dataset(name, data=data, **_compression(data.shape))


def _titles(page, language: str) -> str:
    return str(getattr(page, f"title_{language}", "") or "")


def write_hdf5(report: Report, target, quiz_statistics=None) -> None:
    """Write the report to `target` (a path or a binary file object).

    `quiz_statistics`: a callable returning per-question statistics rows, or None while
    `quizzes.statistics` is not installed (the group is then written empty, with a
    `status` attribute saying so)."""
    organisations, courses = report.organisations, report.courses
    with h5py.File(target, "w") as f:
        f.attrs["schema_version"] = SCHEMA_VERSION
        f.attrs["generated_at"] = report.generated_at.isoformat()
        f.attrs["filters"] = json.dumps(report.filters.as_dict(), sort_keys=True)
        f.attrs["suppression_threshold"] = report.threshold
        f.attrs["fill_value_suppressed"] = FILL_SUPPRESSED
        f.attrs["fill_value_missing"] = "NaN"
        f.attrs["languages"] = _strings(LANGUAGES)

        _table(
            f,
            "organisations",
            [
                ("public_id", [o.public_id for o in organisations]),
                ("name_ar", [o.name_ar or "" for o in organisations]),
                ("name_en", [o.name_en or "" for o in organisations]),
                ("region", [o.region for o in organisations]),
            ],
        )
        _table(
            f,
            "courses",
            [
                ("id", [c.pk for c in courses]),
                ("slug", [c.slug for c in courses]),
                ("title_ar", [_titles(c, "ar") for c in courses]),
                ("title_en", [_titles(c, "en") for c in courses]),
                ("track", [c.track for c in courses]),
            ],
        )

        counts = np.full((len(organisations), len(courses), len(MEASURES)), FILL_MISSING)
        index = {(r.organisation.pk, r.course.pk): r for r in report.rows}
        for i, org in enumerate(organisations):
            for j, course in enumerate(courses):
                row = index[(org.pk, course.pk)]
                counts[i, j, :] = [_value(row.figures[m]) for m in MEASURES]
        data = f.create_dataset("counts", data=counts, **_compression(counts.shape))
        data.attrs["measures"] = _strings(MEASURES)
        data.attrs["dimensions"] = _strings(("organisation", "course", "measure"))
        data.attrs["fill_value_suppressed"] = FILL_SUPPRESSED

        org_totals = np.array(
            [[_value(report.organisation_totals[o.pk][m]) for m in MEASURES] for o in organisations]
        ).reshape(len(organisations), len(MEASURES))
        data = f.create_dataset(
            "organisation_totals", data=org_totals, **_compression(org_totals.shape)
        )
        data.attrs["measures"] = _strings(MEASURES)
        data.attrs["dimensions"] = _strings(("organisation", "measure"))
        totals = np.array([_value(report.totals[m]) for m in MEASURES])
        data = f.create_dataset("totals", data=totals)
        data.attrs["measures"] = _strings(MEASURES)

        months = [m.strftime("%Y-%m") for m in report.months]
        monthly = np.full((len(organisations), len(courses), len(months)), -1, dtype=np.int32)
        for i, org in enumerate(organisations):
            for j, course in enumerate(courses):
                monthly[i, j, :] = [
                    int(_value(c)) for c in report.monthly.get((org.pk, course.pk), [])
                ]
        data = f.create_dataset("monthly_completions", data=monthly, **_compression(monthly.shape))
        data.attrs["months"] = _strings(months)
        data.attrs["dimensions"] = _strings(("organisation", "course", "month"))
        data.attrs["fill_value_suppressed"] = int(FILL_SUPPRESSED)
        monthly_totals = np.array([int(_value(c)) for c in report.monthly_totals], dtype=np.int32)
        data = f.create_dataset("monthly_completions_total", data=monthly_totals)
        data.attrs["months"] = _strings(months)

        # Dimension scales: the labels of each axis, as plain string datasets (read them
        # with `.asstr()[:]`), attached to the arrays they label.
        scales = f.create_group("dimensions")
        for name, labels in (
            ("organisation", [o.public_id for o in organisations]),
            ("course", [str(c.pk) for c in courses]),
            ("measure", list(MEASURES)),
            ("month", months),
        ):
            scale = scales.create_dataset(name, data=_strings(labels))
            scale.make_scale(name)
        for dataset, axes in (
            ("counts", ("organisation", "course", "measure")),
            ("organisation_totals", ("organisation", "measure")),
            ("totals", ("measure",)),
            ("monthly_completions", ("organisation", "course", "month")),
            ("monthly_completions_total", ("month",)),
        ):
            for axis, name in enumerate(axes):
                f[dataset].dims[axis].attach_scale(scales[name])
                f[dataset].dims[axis].label = name

        group = f.create_group("quiz_statistics")
        if quiz_statistics is None:
            group.attrs["status"] = (
                "not available: quizzes.statistics is not installed in this version"
            )
        else:
            quiz_statistics(group)


def hdf5_bytes(report: Report, quiz_statistics=None) -> bytes:
    buffer = io.BytesIO()
    write_hdf5(report, buffer, quiz_statistics=quiz_statistics)
    return buffer.getvalue()


def export_filename(report: Report, extension: str) -> str:
    return f"madafe-report-{report.generated_at:%Y%m%d-%H%M}.{extension}"


def with_language(language: str, function, *args, **kwargs):
    with translation.override(language):
        return function(*args, **kwargs)


def quiz_statistics_writer(report: Report):
    """The writer of the `quiz_statistics` group. Per-question statistics come from
    `quizzes.statistics`, which is not part of this code yet: until it is, there is no
    writer and the group stays empty, its `status` attribute saying why (see
    docs/exports.md)."""
    return None
