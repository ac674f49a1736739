"""The blocks of a lesson body. No block embeds anything from another site."""

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .markdown import render_markdown

CALLOUT_KINDS = [("tip", _("Tip")), ("warning", _("Warning")), ("safety", _("Safety"))]


class MarkdownBlock(blocks.TextBlock):
    """Markdown text, rendered by python-markdown and sanitised by nh3 (cached by content)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("rows", 12)
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        return render_markdown(value or "")

    class Meta:
        icon = "pilcrow"
        label = _("Markdown")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_ar = blocks.CharBlock(
        label=_("alternative text (Arabic)"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    alt_en = blocks.CharBlock(label=_("alternative text (English)"), max_length=300)
    caption_ar = blocks.CharBlock(label=_("caption (Arabic)"), required=False, max_length=300)
    caption_en = blocks.CharBlock(label=_("caption (English)"), required=False, max_length=300)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for field in ("alt_ar", "alt_en"):
            if not (value.get(field) or "").strip():
                errors[field] = ValidationError(
                    _("Alternative text is required in both languages.")
                )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        lang = "en" if (get_language() or "ar").startswith("en") else "ar"
        other = "ar" if lang == "en" else "en"
        context["alt"] = value.get(f"alt_{lang}") or value.get(f"alt_{other}")
        context["caption"] = value.get(f"caption_{lang}") or value.get(f"caption_{other}")
        return context

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=CALLOUT_KINDS, default="tip", label=_("kind"))
    text = MarkdownBlock(label=_("text"), rows=4)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class ChecklistBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("item"), max_length=500), **kwargs)

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "courses/blocks/checklist.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    label_ar = blocks.CharBlock(label=_("link text (Arabic)"), required=False, max_length=200)
    label_en = blocks.CharBlock(label=_("link text (English)"), required=False, max_length=200)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        lang = "en" if (get_language() or "ar").startswith("en") else "ar"
        other = "ar" if lang == "en" else "en"
        document = value.get("document")
        context["label"] = (
            value.get(f"label_{lang}")
            or value.get(f"label_{other}")
            or (document.title if document else "")
        )
        return context

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document.html"


class KeyTermsBlock(blocks.ListBlock):
    """Glossary ids of the course (see the course's glossary terms), one per item."""

    def __init__(self, **kwargs):
        super().__init__(
            blocks.CharBlock(
                label=_("glossary id"),
                max_length=100,
                help_text=_("The id of a term in this course's glossary."),
            ),
            **kwargs,
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        glossary = (parent_context or {}).get("glossary") or {}
        context["terms"] = [glossary[term_id] for term_id in value if term_id in glossary]
        return context

    class Meta:
        icon = "list-ul"
        label = _("Key terms")
        template = "courses/blocks/key_terms.html"


class LessonBodyBlock(blocks.StreamBlock):
    markdown = MarkdownBlock()
    image = ImageBlock()
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    document = DocumentBlock()
    key_terms = KeyTermsBlock()


BLOCK_TYPES = ("markdown", "image", "callout", "checklist", "document", "key_terms")
