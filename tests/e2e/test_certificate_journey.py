"""A trainee who completed a course, in Arabic, with JavaScript on and off: finds the
certificate under "My certificates", chooses the name it shows, downloads the PDF and the
PNG; then someone else opens the address in its QR code and sees only what verification
shows."""

import io

import pytest
from PIL import Image

from certificates import services
from tests.accounts.factories import PASSPHRASE, UserFactory
from tests.certificates.factories import make_course

from .conftest import wait_for_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MINE = "/ar/certificates/"


@pytest.mark.parametrize("js_enabled", [True, False], ids=["js-on", "js-off"])
def test_trainee_chooses_a_name_downloads_and_someone_verifies(
    browser_session, journey, home_page, js_enabled
):
    username = "cert-holder-" + ("js" if js_enabled else "nojs")
    user = UserFactory(username=username)
    course, lessons = make_course(home_page, validity_months=24)
    certificate, _ = services.issue_certificate(user, course)

    page = browser_session.new_page()
    page.goto(browser_session.url("/ar/accounts/login/"))
    login = page.locator("main form:has(input[name=login])")
    login.locator("input[name=login]").fill(username)
    login.locator("input[name=password]").fill(PASSPHRASE)
    login.locator("button[type=submit]").click()
    wait_for_path(page, "/ar/")

    page.locator(f'.site-nav a[href="{MINE}"]').click()
    wait_for_path(page, MINE)
    journey.step(page, "my-certificates")
    assert certificate.code in page.locator("main").inner_text()

    # No download before the name is chosen: the button leads to the choice.
    page.locator(f'main a[href="/ar/certificates/{certificate.pk}/name/"]').click()
    wait_for_path(page, f"/ar/certificates/{certificate.pk}/name/")
    journey.step(page, "choose-name")
    page.locator("main input[name=choice][value=pseudonym]").check()
    page.locator("main input[name=name]").fill("نور")
    page.locator("main form button[type=submit]").click()
    wait_for_path(page, MINE)
    journey.step(page, "name-chosen")

    with page.expect_download() as pdf:
        page.locator(f'main a[href="/ar/certificates/{certificate.pk}/download/pdf/"]').click()
    assert pdf.value.suggested_filename == f"madafe-certificate-{certificate.code}.pdf"
    assert pdf.value.path().read_bytes().startswith(b"%PDF-")
    with page.expect_download() as png:
        page.locator(f'main a[href="/ar/certificates/{certificate.pk}/download/png/"]').click()
    image = Image.open(io.BytesIO(png.value.path().read_bytes()))
    assert image.size == (1754, 1240)

    # Someone else, not signed in, opens the address from the QR code.
    verifier = browser_session.new_context().new_page()
    verifier.goto(browser_session.url(services.verification_path(certificate.code)))
    journey.step(verifier, "verification")
    main = verifier.locator("main").inner_text()
    assert "هذه الشهادة صالحة." in main
    assert "نور" in main
    assert "الأمن الرقمي للمدافعين" in main
    assert username not in verifier.content()
    assert verifier.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"

    # And types a code by hand, in lower case, without dashes.
    verifier.goto(browser_session.url("/ar/certificates/verify/"))
    verifier.locator("main input[name=code]").fill(certificate.code.lower().replace("-", " "))
    verifier.locator("main form button[type=submit]").click()
    wait_for_path(verifier, "/ar/certificates/verify/")
    assert "هذه الشهادة صالحة." in verifier.locator("main").inner_text()
