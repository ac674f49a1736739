"""Uploads in the Wagtail admin: images and documents that trainers attach to lessons.

The settings refuse SVG and HTML by extension and bound the sizes
(WAGTAILIMAGES_EXTENSIONS, WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILDOCS_EXTENSIONS,
WAGTAILDOCS_MAX_UPLOAD_SIZE). The document form also looks inside the file: a text file
(.txt, .csv) that is really a web page or an SVG is refused too, since a browser that
guessed its type could run its scripts."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# What a web page or an SVG image starts with (after spaces, a byte-order mark, comments).
MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body", b"<!--")
SNIFF_BYTES = 1024


def looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return text.startswith(MARKUP_STARTS) or b"<script" in text or b"<svg" in text


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "read") and "file" in self.changed_data:
            position = uploaded.tell() if hasattr(uploaded, "tell") else 0
            head = uploaded.read(SNIFF_BYTES)
            uploaded.seek(position)
            if looks_like_markup(head):
                raise ValidationError(
                    _(
                        "This file is a web page or an SVG image, which could run scripts. "
                        "Upload a PDF or an office document instead."
                    ),
                    code="markup",
                )
        return uploaded
