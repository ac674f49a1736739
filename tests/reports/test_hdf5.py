"""The HDF5 export read back with h5py: the same figures as the dashboard's service, hidden
cells as the documented fill value (never 0), strings as UTF-8."""

import datetime
import io
import json
import math

import h5py
import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from madafe.reports import exports
from madafe.reports.services import MEASURES, ReportFilters, build_report

from .test_pages import staff

pytestmark = pytest.mark.django_db


def read(content: bytes) -> h5py.File:
    return h5py.File(io.BytesIO(content), "r")


def as_cells(values):
    """The file's numbers as the service's cells would show them."""
    out = []
    for v in values:
        if v == exports.FILL_SUPPRESSED:
            out.append("hidden")
        elif math.isnan(v):
            out.append(None)
        else:
            out.append(round(float(v), 1))
    return out


def service_cells(figures):
    return ["hidden" if figures[m].hidden else figures[m].value for m in MEASURES]


def test_round_trip_matches_the_service(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    staff(client)
    response = client.get("/admin/centre-report/export.h5")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-hdf5"
    with translation.override("en"):  # the staff member's admin language: same order
        report = build_report()
    with read(response.content) as f:
        assert f.attrs["schema_version"] == exports.SCHEMA_VERSION
        assert f.attrs["suppression_threshold"] == 5
        assert f.attrs["fill_value_suppressed"] == -1
        assert [str(x) for x in f.attrs["languages"]] == ["ar", "en"]
        assert json.loads(f.attrs["filters"])["track"] == ""
        assert f.attrs["generated_at"]

        orgs = f["organisations"]
        public_ids = [v.decode() for v in orgs.fields("public_id")[:]]
        assert public_ids == [o.public_id for o in report.organisations]
        assert list(f["dimensions/organisation"].asstr()[:]) == public_ids
        assert list(f["dimensions/measure"].asstr()[:]) == list(MEASURES)
        assert list(f["dimensions/course"].asstr()[:]) == [str(c.pk) for c in report.courses]
        assert f["counts"].dims[0].label == "organisation"
        assert list(f["counts"].dims[2][0].asstr()[:]) == list(MEASURES)
        names_ar = [v.decode() for v in orgs.fields("name_ar")[:]]
        assert names_ar == ["جمعية أ", "جمعية ب"]
        titles = [v.decode() for v in f["courses"].fields("title_en")[:]]
        assert titles == [c.title_en for c in report.courses]
        assert f["organisations"].compression == "gzip"

        counts = f["counts"]
        assert counts.shape == (2, 2, len(MEASURES))
        assert list(counts.attrs["measures"]) == list(MEASURES)
        assert counts.compression == "gzip"
        for i, org in enumerate(report.organisations):
            for j, course in enumerate(report.courses):
                assert as_cells(counts[i, j, :]) == service_cells(report.row(org, course).figures)
            assert as_cells(f["organisation_totals"][i, :]) == service_cells(
                report.organisation_totals[org.pk]
            )
        assert as_cells(f["totals"][:]) == service_cells(report.totals)

        # Hidden is -1, never 0: B has four members.
        b = public_ids.index(data["b"].public_id)
        assert counts[b, 0, MEASURES.index("members")] == -1

        monthly = f["monthly_completions"]
        assert list(monthly.attrs["months"]) == ["2026-01", "2026-02"]
        assert list(f["dimensions/month"].asstr()[:]) == ["2026-01", "2026-02"]
        assert monthly.shape == (2, 2, 2)
        assert (monthly[:] == -1).all()  # every month has fewer than 5 completions
        assert "quiz_statistics" in f


def test_round_trip_without_suppression_gives_the_hand_computed_figures(data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    report = build_report()
    with read(exports.hdf5_bytes(report)) as f:
        totals = dict(zip(MEASURES, f["totals"][:], strict=True))
        assert totals["members"] == 9
        assert totals["enrolled"] == 7
        assert totals["completed"] == 5
        assert totals["completion_rate"] == pytest.approx(71.4)
        assert totals["median_progress"] == 80
        assert totals["average_best_score"] == 72.5
        courses = [v.decode() for v in f["courses"].fields("title_en")[:]]
        orgs = [v.decode() for v in f["organisations"].fields("name_en")[:]]
        x, a = courses.index("Digital safety"), orgs.index("Association A")
        assert list(f["monthly_completions"][a, x, :]) == [1, 1]
        assert list(f["monthly_completions_total"][:]) == [2, 3]
        assert f["counts"][a, x, MEASURES.index("certificates")] == 1


def test_strings_read_back_as_str(data):
    with read(exports.hdf5_bytes(build_report())) as f:
        names = f["organisations"].fields("name_ar")
        assert isinstance(f["organisations"].dtype["name_ar"], np.dtype)
        assert h5py.check_string_dtype(f["organisations"].dtype["name_ar"]).encoding == "utf-8"
        assert [n.decode() for n in names[:]] == ["جمعية أ", "جمعية ب"]


def test_empty_report_still_writes_a_valid_file(db, settings):
    with read(exports.hdf5_bytes(build_report())) as f:
        assert f["counts"].shape[0] == 0
        assert f["organisations"].shape == (0,)


def test_command_writes_both_formats(tmp_path, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    out = tmp_path / "report.h5"
    call_command("export_report", "--format", "hdf5", "--out", str(out), "--region", "east")
    with h5py.File(out, "r") as f:
        assert [v.decode() for v in f["organisations"].fields("name_en")[:]] == ["Association B"]
        assert json.loads(f.attrs["filters"])["region"] == "east"
    out = tmp_path / "report.csv"
    call_command(
        "export_report",
        "--format",
        "csv",
        "--out",
        str(out),
        "--track",
        "advocacy",
        "--since",
        "2026-02-01",
        "--until",
        "2026-02-28",
    )
    content = out.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "Advocacy" in text and "Digital safety" not in text
    report = build_report(ReportFilters(track="advocacy", since=datetime.date(2026, 2, 1)))
    assert report.totals["completed"].value == 1  # b1 in February
    with pytest.raises(CommandError):
        call_command("export_report", "--format", "csv", "--out", str(out), "--course", "999999")
    with pytest.raises(CommandError):
        call_command(
            "export_report",
            "--format",
            "csv",
            "--out",
            str(out),
            "--since",
            "2026-03-01",
            "--until",
            "2026-01-01",
        )
