"""Centre staff, in Arabic: sign in with a TOTP code, open the centre's dashboard in the
Wagtail admin, filter by region, download the CSV and the HDF5 files. JavaScript on (the
admin needs it)."""

import io

import h5py
import pytest

from courses import services as course_services
from madafe.accounts.policy import CENTRE_STAFF_GROUP
from madafe.organisations.models import Region
from tests.accounts.factories import UserFactory, activate_totp
from tests.certificates.factories import make_course
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .conftest import wait_for_path
from .signing_in import TOTP_CODE, sign_in, wait_unless_the_code_lasts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DASHBOARD = "/admin/centre-report/"


def test_centre_staff_filters_the_dashboard_and_downloads_csv_and_hdf5(
    browser_session, journey, home_page
):
    staff = UserFactory(username="centre-sana", is_staff=True, groups=[CENTRE_STAFF_GROUP])
    current_code = activate_totp(staff)
    course, lessons = make_course(home_page, lessons=1)
    west = OrganisationFactory(name_en="West association", region=Region.WEST)
    east = OrganisationFactory(name_en="East association", region=Region.EAST)
    for n in range(6):
        for organisation in (west, east):
            member = UserFactory(username=f"member-{organisation.pk}-{n}")
            MembershipFactory(user=member, organisation=organisation)
            course_services.complete_step(member, lessons[0])

    page = browser_session.new_page()
    page.goto(browser_session.url(DASHBOARD))
    wait_for_path(page, "/ar/accounts/login/")
    sign_in(page, "centre-sana")
    wait_for_path(page, TOTP_CODE)
    wait_unless_the_code_lasts(seconds=5)
    form = page.locator("main form:has(input[name=code])")
    form.locator("input[name=code]").fill(current_code())
    form.locator("button[type=submit]").first.click()
    wait_for_path(page, DASHBOARD)
    journey.step(page, "dashboard", ours=False)
    assert "East association" in page.content() or east.name_ar in page.content()

    filters = page.locator("form.report-filters")
    filters.locator("select[name=region]").select_option(Region.WEST)
    filters.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "region=west" in url)
    journey.step(page, "dashboard-west", ours=False)
    html = page.content()
    assert west.name_ar in html
    assert east.name_ar not in html

    with page.expect_download() as csv_download:
        page.locator("main a[href*='export.csv']").click()
    csv_text = csv_download.value.path().read_bytes().decode("utf-8-sig")
    assert west.public_id in csv_text or west.name_en in csv_text or west.name_ar in csv_text
    assert east.name_ar not in csv_text and east.name_en not in csv_text

    with page.expect_download() as hdf5_download:
        page.locator("main a[href*='export.h5']").click()
    data = hdf5_download.value.path().read_bytes()
    assert data.startswith(b"\x89HDF\r\n\x1a\n")
    with h5py.File(io.BytesIO(data), "r") as h5:
        assert len(h5.keys()) > 0
