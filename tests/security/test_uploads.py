"""Uploads in the Wagtail admin: images and documents with bounded sizes, and no SVG or
HTML (by extension, and for documents by content too), through the admin's own views
(single and multiple upload)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from tests.accounts.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def png_bytes(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def editor(client, home_page):
    user = UserFactory(username="editor", is_staff=True, is_superuser=True)
    activate_totp(user)
    client.force_login(user)
    return client


def _image_post(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def _document_post(client, name, content, content_type="application/pdf"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_png_image_is_accepted(editor):
    response = _image_post(editor, "photo.png", png_bytes())
    assert response.status_code == 302
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("page.html", HTML, "text/html"),
        ("disguised.png", SVG, "image/png"),  # an SVG named like a PNG
        ("disguised.jpg", HTML, "image/jpeg"),
    ],
)
def test_svg_and_html_images_are_refused(editor, name, content, content_type):
    response = _image_post(editor, name, content, content_type)
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["form"].errors["file"]
    assert Image.objects.count() == 0


def test_an_image_over_the_size_limit_is_refused(editor, settings):
    content = png_bytes((400, 400))
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(content) - 1
    response = _image_post(editor, "big.png", content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Image.objects.count() == 0


def test_an_image_with_too_many_pixels_is_refused(editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    response = _image_post(editor, "wide.png", png_bytes((200, 200)))
    assert response.status_code == 200
    assert Image.objects.count() == 0


def test_a_pdf_document_is_accepted(editor):
    response = _document_post(editor, "guide.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert response.status_code == 302
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("page.html", HTML, "text/html"),
        ("page.htm", HTML, "text/html"),
        ("drawing.svg", SVG, "image/svg+xml"),
        ("script.js", b"alert(1)", "text/javascript"),
        # Allowed extensions whose content is a web page or an SVG.
        ("notes.txt", HTML, "text/plain"),
        ("table.csv", b"\xef\xbb\xbf  " + SVG, "text/csv"),
        ("notes.txt", b"Some notes\n<script>alert(1)</script>", "text/plain"),
    ],
)
def test_svg_and_html_documents_are_refused(editor, name, content, content_type):
    response = _document_post(editor, name, content, content_type)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Document.objects.count() == 0


def test_a_plain_text_document_is_accepted(editor):
    response = _document_post(editor, "notes.txt", "ملاحظات الدرس".encode(), "text/plain")
    assert response.status_code == 302


def test_a_document_over_the_size_limit_is_refused(editor, settings):
    content = b"%PDF-1.4\n" + b"0" * 2000
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = _document_post(editor, "big.pdf", content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Document.objects.count() == 0


def test_size_limits_are_set():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 50 * 1024 * 1024
    for extension in ("svg", "html", "htm", "xhtml", "js", "xml"):
        assert extension not in settings.WAGTAILIMAGES_EXTENSIONS
        assert extension not in settings.WAGTAILDOCS_EXTENSIONS


@pytest.mark.parametrize(
    "url, name, content, model",
    [
        ("/admin/images/multiple/add/", "drawing.svg", SVG, Image),
        ("/admin/documents/multiple/add/", "page.html", HTML, Document),
        ("/admin/documents/multiple/add/", "notes.txt", HTML, Document),
    ],
)
def test_multiple_upload_refuses_them_too(editor, url, name, content, model):
    response = editor.post(
        url,
        {"files[]": SimpleUploadedFile(name, content)},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code in (200, 400)
    assert response.json()["success"] is False
    assert model.objects.count() == 0
