"""Drawing a certificate: A4 landscape, Arabic and English on the same page, as PNG and PDF.

Arabic is shaped and laid out right to left by Pillow's raqm engine (HarfBuzz + FriBiDi):
without it Pillow draws each letter in its isolated form, left to right, which is not Arabic.
The font, IBM Plex Sans Arabic (SIL OFL), comes from a pip package, so no system font is
needed. Dates, numbers and codes inside Arabic text are wrapped in Unicode bidi isolates
(LRI U+2066 ... PDI U+2069) so that they read in the right order.

This module needs neither Django nor the models: the caller passes a plain
`CertificateData`. The certificate is always bilingual, whatever the language of the page
that asked for it, so its fixed wording is written here in both languages rather than
through gettext.
"""

import io
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import fontpkg_ibm_plex_sans_arabic
import segno
from PIL import Image, ImageDraw, ImageFont, ImageOps, features

# A4 landscape at 150 dpi: 297 mm x 210 mm.
DPI = 150
A4_LANDSCAPE_MM = (297, 210)
WIDTH = round(A4_LANDSCAPE_MM[0] / 25.4 * DPI)  # 1754
HEIGHT = round(A4_LANDSCAPE_MM[1] / 25.4 * DPI)  # 1240
# PDF page size in points (1/72 inch): 841.89 x 595.28 for A4 landscape.
A4_LANDSCAPE_POINTS = (A4_LANDSCAPE_MM[0] / 25.4 * 72, A4_LANDSCAPE_MM[1] / 25.4 * 72)

FONT_DIR = fontpkg_ibm_plex_sans_arabic.ROOT / "files"
FONT_FILES = {
    "regular": FONT_DIR / "IBMPlexSansArabic-Regular.ttf",
    "bold": FONT_DIR / "IBMPlexSansArabic-Bold.ttf",
}

LRI = "\u2066"  # left-to-right isolate
PDI = "\u2069"  # pop directional isolate


def isolate(text: object) -> str:
    """Wrap a date, number or code so it keeps its left-to-right order inside Arabic."""
    return f"{LRI}{text}{PDI}"


@dataclass(frozen=True)
class Signatory:
    name_ar: str = ""
    name_en: str = ""
    title_ar: str = ""
    title_en: str = ""


@dataclass(frozen=True)
class TemplateValues:
    """What a `CertificateTemplate` contributes: colours, signatories, an optional
    background (a path, bytes or an open binary file of an image)."""

    paper_colour: str = "#FFFDF7"
    primary_colour: str = "#0B4F6C"
    accent_colour: str = "#B07D1A"
    text_colour: str = "#1F2933"
    signatories: Sequence[Signatory] = ()
    background: str | Path | bytes | BinaryIO | None = None


@dataclass(frozen=True)
class CertificateData:
    holder_name: str | None
    course_title_ar: str
    course_title_en: str
    track_ar: str
    track_en: str
    hours: int | float | Decimal | None
    issued_on: date
    code: str
    verification_url: str
    expires_on: date | None = None
    template: TemplateValues = field(default_factory=TemplateValues)


@dataclass(frozen=True)
class RenderedCertificate:
    png: bytes
    pdf: bytes


@dataclass(frozen=True)
class TextItem:
    """One line of text to draw: `anchor` is Pillow's text anchor at (x, y)."""

    text: str
    x: float
    y: float
    weight: str
    size: int
    fill: str
    direction: str
    language: str | None
    anchor: str = "mt"


_fonts = threading.local()


def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """The certificate font, always with the raqm layout engine. Loaded once per thread
    (a FreeType face must not be used by two threads at once)."""
    cache = getattr(_fonts, "cache", None)
    if cache is None:
        cache = _fonts.cache = {}
    key = (weight, size)
    if key not in cache:
        cache[key] = ImageFont.truetype(
            str(FONT_FILES[weight]), size, layout_engine=ImageFont.Layout.RAQM
        )
    return cache[key]


def base_direction(text: str) -> str:
    """ "rtl" if the first strongly directional character is Arabic or Hebrew, else "ltr"
    (a holder's name may be written in either script)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def text_width(text: str, weight: str, size: int, direction: str, language: str | None) -> float:
    return font(weight, size).getlength(text, direction=direction, language=language)


def _wrap(text, weight, size, max_width, direction, language) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, weight, size, direction, language) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def fit_lines(
    text: str,
    *,
    weight: str,
    size: int,
    min_size: int,
    max_width: float,
    max_lines: int,
    direction: str,
    language: str | None,
) -> tuple[int, list[str]]:
    """The largest size from `size` down to `min_size` at which `text` fits in `max_lines`
    lines of `max_width` pixels, and its lines."""
    lines = [text]
    for candidate in range(size, min_size - 1, -2):
        lines = _wrap(text, weight, candidate, max_width, direction, language)
        if len(lines) <= max_lines and all(
            text_width(line, weight, candidate, direction, language) <= max_width for line in lines
        ):
            return candidate, lines
    return min_size, lines


def format_hours(hours) -> str:
    if hours is None:
        return ""
    value = Decimal(str(hours)).normalize()
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:f}"


def arabic_hours_line(track_ar: str, hours) -> str:
    parts = []
    if track_ar:
        parts.append(f"المسار: {track_ar}")
    if hours is not None:
        parts.append(f"عدد الساعات التدريبية: {isolate(format_hours(hours))}")
    return "  ·  ".join(parts)


def english_hours_line(track_en: str, hours) -> str:
    parts = []
    if track_en:
        parts.append(f"Track: {track_en}")
    if hours is not None:
        parts.append(f"Training hours: {format_hours(hours)}")
    return "  ·  ".join(parts)


def display_url(url: str, code: str) -> str:
    """The verification address as printed under the QR code: no scheme, and no code (the
    code is printed just above it)."""
    shown = url.split("://", 1)[-1]
    if code and code in shown:
        shown = shown[: shown.index(code)]
    return shown


# --- Layout ---------------------------------------------------------------------------------

MARGIN = 110
CENTRE = WIDTH / 2
CONTENT_WIDTH = WIDTH - 2 * MARGIN
QR_SIZE = 200
QR_TOP = 940


def _lines(
    items,
    text,
    *,
    y,
    weight,
    size,
    fill,
    lang,
    min_size=None,
    max_lines=1,
    max_width=CONTENT_WIDTH,
    x=CENTRE,
    anchor="mt",
    leading=1.3,
):
    """Append `text` (fitted and wrapped) at y; return the y below it."""
    direction = "rtl" if lang == "ar" else "ltr" if lang == "en" else base_direction(text)
    language = lang if lang in ("ar", "en") else ("ar" if direction == "rtl" else None)
    size, lines = fit_lines(
        text,
        weight=weight,
        size=size,
        min_size=min_size or size,
        max_width=max_width,
        max_lines=max_lines,
        direction=direction,
        language=language,
    )
    for line in lines:
        items.append(TextItem(line, x, y, weight, size, fill, direction, language, anchor))
        y += round(size * leading)
    return y


def layout(data: CertificateData) -> list[TextItem]:
    """Every line of text on the certificate and where it goes."""
    t = data.template
    items: list[TextItem] = []

    _lines(
        items,
        "أكاديمية مدافع  ·  Madafe Academy",
        y=100,
        weight="bold",
        size=30,
        fill=t.accent_colour,
        lang="ar",
    )
    _lines(items, "شهادة إتمام", y=150, weight="bold", size=84, fill=t.primary_colour, lang="ar")
    _lines(
        items,
        "Certificate of Completion",
        y=268,
        weight="bold",
        size=48,
        fill=t.primary_colour,
        lang="en",
    )

    y = 372
    # "تشهد ... بإتمام <name> الدورة التدريبية بنجاح": the Arabic wording needs no
    # grammatical gender for the holder.
    y = _lines(
        items,
        "تشهد أكاديمية مدافع بإتمام",
        y=y,
        weight="regular",
        size=30,
        fill=t.text_colour,
        lang="ar",
    )
    y = _lines(
        items,
        "This is to certify that",
        y=y,
        weight="regular",
        size=26,
        fill=t.text_colour,
        lang="en",
    )
    y += 8
    if data.holder_name:
        y = _lines(
            items,
            data.holder_name,
            y=y,
            weight="bold",
            size=64,
            min_size=36,
            fill=t.text_colour,
            lang=None,
            max_width=CONTENT_WIDTH - 200,
        )
        y += 4
    else:
        y = _lines(
            items, "حامل هذه الشهادة", y=y, weight="bold", size=46, fill=t.text_colour, lang="ar"
        )
        y = _lines(
            items,
            "the holder of this certificate",
            y=y,
            weight="bold",
            size=34,
            fill=t.text_colour,
            lang="en",
        )
    y += 8
    y = _lines(
        items,
        "الدورة التدريبية بنجاح",
        y=y,
        weight="regular",
        size=30,
        fill=t.text_colour,
        lang="ar",
    )
    y = _lines(
        items,
        "has successfully completed the course",
        y=y,
        weight="regular",
        size=26,
        fill=t.text_colour,
        lang="en",
    )
    y += 10
    y = _lines(
        items,
        data.course_title_ar,
        y=y,
        weight="bold",
        size=48,
        min_size=30,
        max_lines=2,
        fill=t.primary_colour,
        lang="ar",
        leading=1.45,
    )
    y = _lines(
        items,
        data.course_title_en,
        y=y,
        weight="bold",
        size=36,
        min_size=24,
        max_lines=2,
        fill=t.primary_colour,
        lang="en",
    )
    y += 8
    hours_ar = arabic_hours_line(data.track_ar, data.hours)
    if hours_ar:
        y = _lines(
            items,
            hours_ar,
            y=y,
            weight="regular",
            size=26,
            min_size=18,
            fill=t.text_colour,
            lang="ar",
        )
    hours_en = english_hours_line(data.track_en, data.hours)
    if hours_en:
        _lines(
            items,
            hours_en,
            y=y,
            weight="regular",
            size=22,
            min_size=16,
            fill=t.text_colour,
            lang="en",
        )

    # Bottom left, beside the QR code: the code and where to check it.
    text_x = MARGIN + QR_SIZE + 24
    block = 390
    y = QR_TOP
    y = _lines(
        items,
        "رمز التحقق  ·  Verification code",
        y=y,
        weight="regular",
        size=20,
        fill=t.text_colour,
        lang="ar",
        x=text_x,
        anchor="lt",
        max_width=block,
        min_size=14,
    )
    y = _lines(
        items,
        data.code,
        y=y + 2,
        weight="bold",
        size=28,
        min_size=18,
        fill=t.primary_colour,
        lang="en",
        x=text_x,
        anchor="lt",
        max_width=block,
    )
    y = _lines(
        items,
        "للتحقق امسح الرمز أو زر  ·  Scan or visit",
        y=y + 6,
        weight="regular",
        size=18,
        min_size=13,
        fill=t.text_colour,
        lang="ar",
        x=text_x,
        anchor="lt",
        max_width=block,
    )
    _lines(
        items,
        display_url(data.verification_url, data.code),
        y=y,
        weight="regular",
        size=18,
        min_size=12,
        max_lines=2,
        fill=t.text_colour,
        lang="en",
        x=text_x,
        anchor="lt",
        max_width=block,
    )

    # Bottom centre: dates.
    y = QR_TOP + 20
    date_x = CENTRE - 10
    y = _lines(
        items,
        f"تاريخ الإصدار: {isolate(data.issued_on.isoformat())}",
        y=y,
        weight="bold",
        size=24,
        fill=t.text_colour,
        lang="ar",
        x=date_x,
        max_width=330,
        min_size=16,
    )
    y = _lines(
        items,
        f"Date of issue: {data.issued_on.isoformat()}",
        y=y,
        weight="regular",
        size=20,
        fill=t.text_colour,
        lang="en",
        x=date_x,
        max_width=330,
        min_size=14,
    )
    if data.expires_on:
        y = _lines(
            items,
            f"صالحة حتى: {isolate(data.expires_on.isoformat())}",
            y=y + 10,
            weight="bold",
            size=22,
            fill=t.text_colour,
            lang="ar",
            x=date_x,
            max_width=330,
            min_size=14,
        )
        _lines(
            items,
            f"Valid until: {data.expires_on.isoformat()}",
            y=y,
            weight="regular",
            size=20,
            fill=t.text_colour,
            lang="en",
            x=date_x,
            max_width=330,
            min_size=14,
        )

    # Bottom right: up to two signatories, the first one rightmost (Arabic reading order).
    signatories = list(t.signatories)[:2]
    slot = 300
    right = WIDTH - MARGIN
    for index, person in enumerate(signatories):
        x = right - slot / 2 - index * (slot + 20) if len(signatories) > 1 else right - 170
        y = QR_TOP + 70
        for text, weight, size, lang in (
            (person.name_ar, "bold", 24, None),
            (person.name_en if person.name_en != person.name_ar else "", "bold", 20, None),
            (person.title_ar, "regular", 20, "ar"),
            (person.title_en if person.title_en != person.title_ar else "", "regular", 18, "en"),
        ):
            if text:
                y = _lines(
                    items,
                    text,
                    y=y,
                    weight=weight,
                    size=size,
                    min_size=12,
                    fill=t.text_colour,
                    lang=lang,
                    x=x,
                    max_width=slot,
                    leading=1.35,
                )
    return items


def signature_lines(data: CertificateData) -> list[tuple[float, float, float]]:
    """(x_start, x_end, y) of the line above each signatory."""
    signatories = list(data.template.signatories)[:2]
    slot = 300
    right = WIDTH - MARGIN
    lines = []
    for index in range(len(signatories)):
        x = right - slot / 2 - index * (slot + 20) if len(signatories) > 1 else right - 170
        lines.append((x - slot / 2 + 20, x + slot / 2 - 20, QR_TOP + 55))
    return lines


# --- Drawing --------------------------------------------------------------------------------


def draw_text(draw: ImageDraw.ImageDraw, item: TextItem) -> None:
    draw.text(
        (item.x, item.y),
        item.text,
        fill=item.fill,
        font=font(item.weight, item.size),
        anchor=item.anchor,
        direction=item.direction,
        language=item.language,
    )


def _qr_image(url: str, size: int, dark: str) -> Image.Image:
    qr = segno.make(url, error="m", micro=False)
    modules = qr.symbol_size(scale=1, border=2)[0]
    scale = max(2, size // modules)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=2, dark=dark, light="#FFFFFF")
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _background(source, paper: str) -> Image.Image:
    if source is None:
        return Image.new("RGB", (WIDTH, HEIGHT), paper)
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    with Image.open(source) as picture:
        picture = ImageOps.exif_transpose(picture).convert("RGB")
        return ImageOps.fit(picture, (WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def render_image(data: CertificateData) -> Image.Image:
    t = data.template
    image = _background(t.background, t.paper_colour)
    draw = ImageDraw.Draw(image)
    # Frame: a strong outer line and a fine inner one.
    draw.rectangle((36, 36, WIDTH - 37, HEIGHT - 37), outline=t.primary_colour, width=8)
    draw.rectangle((54, 54, WIDTH - 55, HEIGHT - 55), outline=t.accent_colour, width=2)
    draw.line((CENTRE - 160, 345, CENTRE + 160, 345), fill=t.accent_colour, width=3)
    for item in layout(data):
        draw_text(draw, item)
    for x0, x1, y in signature_lines(data):
        draw.line((x0, y, x1, y), fill=t.text_colour, width=2)
    qr = _qr_image(data.verification_url, QR_SIZE, t.text_colour)
    image.paste(qr, (MARGIN, QR_TOP - 10 + (QR_SIZE - qr.height) // 2))
    return image


def to_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(DPI, DPI), compress_level=3)
    return buffer.getvalue()


def to_pdf(image: Image.Image, *, title: str, when: date) -> bytes:
    """A one-page PDF the size of A4 landscape. The page is the image (JPEG, high quality,
    no chroma subsampling so coloured text stays sharp). The metadata names the code, never
    the holder."""
    stamp = datetime.combine(when, time(0, 0)).timetuple()
    buffer = io.BytesIO()
    image.save(
        buffer,
        "PDF",
        resolution=WIDTH / A4_LANDSCAPE_POINTS[0] * 72,
        quality=90,
        subsampling=0,
        title=title,
        author="Madafe Academy",
        creator="Madafe Academy",
        producer="Madafe Academy",
        creationDate=stamp,
        modDate=stamp,
    )
    return buffer.getvalue()


class ArabicShapingUnavailable(RuntimeError):
    """Pillow has no raqm layout engine: Arabic would come out unjoined and reversed."""


def render(data: CertificateData) -> RenderedCertificate:
    """The certificate as PNG and PDF bytes."""
    if not features.check("raqm"):
        raise ArabicShapingUnavailable(
            "Pillow's raqm layout engine is not available (see the certificates.E001 check)."
        )
    image = render_image(data)
    title = f"Madafe Academy certificate {data.code}"
    return RenderedCertificate(
        png=to_png(image), pdf=to_pdf(image, title=title, when=data.issued_on)
    )
