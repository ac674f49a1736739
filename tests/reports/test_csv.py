"""The CSV export: UTF-8 with a byte-order mark, the dashboard's figures and suppression,
and no cell a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.utils import translation

from madafe.reports.exports import csv_rows, guard
from madafe.reports.services import build_report

from .test_pages import staff

pytestmark = pytest.mark.django_db


def download(client, query=""):
    response = client.get("/admin/centre-report/export.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="madafe-report-')
    return response.content


def parse(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_bom_and_arabic(client, data):
    staff(client)
    content = download(client)
    assert content.startswith(b"\xef\xbb\xbf")
    assert "جمعية أ" in content.decode("utf-8-sig")


def test_same_figures_and_suppression_as_the_dashboard(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    staff(client)
    rows = parse(download(client))
    header, body = rows[0], rows[1:]
    assert header[:3] == [
        "Association (public id)",
        "Association (Arabic)",
        "Association (English)",
    ]
    by_key = {(r[0], r[4]): r for r in body}
    ax = by_key[(data["a"].public_id, str(data["x"].pk))]
    measures = dict(zip(header[8:], ax[8:], strict=True))
    assert measures == {
        "Members": "6",
        "Enrolled": "5",
        "Started": "fewer than 5",
        "Completed": "fewer than 5",
        "Completion rate (%)": "fewer than 5",
        "Median progress (%)": "60.0",
        "Took a quiz": "fewer than 5",
        "Average best quiz score (%)": "fewer than 5",
        "Certificates": "fewer than 5",
    }
    total = body[-1]
    assert total[0] == "Total (each person once)"
    assert total[8:] == [
        "9",
        "7",
        "6",
        "5",
        "71.4",
        "80.0",
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
    ]
    # per association over every course: A then B
    assert [r[0] for r in body[-3:-1]] == [data["a"].public_id, data["b"].public_id]
    # the export and the service say the same, in the same words
    with translation.override("en"):
        assert rows == parse(("\ufeff" + _csv_text(build_report())).encode())


def _csv_text(report):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(report))
    return buffer.getvalue()


def test_filters_apply_to_the_export(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 1
    staff(client)
    rows = parse(download(client, "?region=east&track=advocacy"))
    public_ids = {r[0] for r in rows[1:-1]}
    assert public_ids == {data["b"].public_id}
    assert {r[7] for r in rows[1:-2]} == {"Advocacy at UN bodies"}
    assert client.get("/admin/centre-report/export.csv?since=nonsense").status_code == 400


def test_export_in_arabic(client, data, settings):
    settings.MADAFE_MIN_GROUP_SIZE = 5
    staff(client, "ar")
    text = download(client).decode("utf-8-sig")
    assert "أقل من 5" in text and "fewer than" not in text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_guard(start):
    assert guard(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert guard("Association = good") == "Association = good"


def test_a_hostile_association_name_is_not_a_formula(client, data):
    data["a"].name_en = '=HYPERLINK("http://evil.example","click")'
    data["a"].name_ar = "+1+1"
    data["a"].save()
    staff(client)
    rows = parse(download(client))
    names = {(r[1], r[2]) for r in rows[1:]}
    assert ("'+1+1", '\'=HYPERLINK("http://evil.example","click")') in names
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
