import io
import re

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

from certificates import rendering
from certificates.rendering import LRI, PDI, TemplateValues

from .sample import sample_data

JOINED_PHRASE = "السلام عليكم بببب"


@pytest.fixture(scope="module")
def rendered():
    return rendering.render(sample_data())


def _texts(data):
    return [item.text for item in rendering.layout(data)]


def _ink_box(image):
    """Bounding box of everything that is not white."""
    return ImageChops.invert(image.convert("L")).getbbox()


def test_png_is_a4_landscape_at_150_dpi(rendered):
    image = Image.open(io.BytesIO(rendered.png))
    assert image.format == "PNG"
    assert image.size == (1754, 1240)
    assert round(image.info["dpi"][0]) == round(image.info["dpi"][1]) == 150
    image.load()


def test_pdf_is_one_a4_landscape_page(rendered):
    pdf = rendered.pdf
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert (
        pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") <= 1
    )
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    width, height = (float(v) for v in boxes[0])
    # A4 is 297 x 210 mm = 841.89 x 595.28 points.
    assert width == pytest.approx(841.89, abs=0.5)
    assert height == pytest.approx(595.28, abs=0.5)


def test_pdf_metadata_names_the_code_never_the_holder(rendered):
    # Pillow writes the document information as UTF-16 strings.
    assert "MDF-7K3Q-9XWP-2HTN-4M0A".encode("utf-16-be") in rendered.pdf
    for secret in ("سلمى", "الورفلي"):
        assert secret.encode("utf-8") not in rendered.pdf
        assert secret.encode("utf-16-be") not in rendered.pdf


def test_raqm_is_on_and_the_renderer_uses_it():
    assert features.check("raqm")
    assert rendering.font("regular", 40).layout_engine == ImageFont.Layout.RAQM
    assert rendering.font("bold", 40).layout_engine == ImageFont.Layout.RAQM


def _draw(item):
    image = Image.new("L", (1200, 200), 255)
    rendering.draw_text(ImageDraw.Draw(image), item)
    return image


def test_arabic_is_drawn_shaped():
    """A joined Arabic phrase drawn by the renderer is narrower than the same letters in
    their isolated forms, which is what Pillow's basic layout draws. Fails if the renderer
    draws Arabic without raqm."""
    item = rendering.TextItem(JOINED_PHRASE, 600, 50, "regular", 60, "black", "rtl", "ar")
    shaped = _ink_box(_draw(item))
    path = str(rendering.FONT_FILES["regular"])
    basic_font = ImageFont.truetype(path, 60, layout_engine=ImageFont.Layout.BASIC)
    basic = Image.new("L", (1200, 200), 255)
    ImageDraw.Draw(basic).text((600, 50), JOINED_PHRASE, font=basic_font, fill="black", anchor="mt")
    unshaped = _ink_box(basic)
    shaped_width = shaped[2] - shaped[0]
    unshaped_width = unshaped[2] - unshaped[0]
    assert shaped_width < 0.85 * unshaped_width
    # And the pixels differ, not only the width.
    assert ImageChops.difference(_draw(item), basic).getbbox() is not None


def test_arabic_paragraphs_run_right_to_left():
    """In a right-to-left line the Arabic word (read first) is on the right and the number
    (read last) on the left; left to right would put them the other way round."""
    text = "بببببببب 1"
    item = rendering.TextItem(text, 600, 50, "regular", 60, "black", "rtl", "ar")
    image = _draw(item)
    columns = [any(image.getpixel((x, y)) < 128 for y in range(200)) for x in range(1200)]
    runs, start = [], None
    for x, inked in enumerate([*columns, False]):
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            runs.append((start, x))
            start = None
    # The digit is the leftmost run and far narrower than the joined word on the right.
    leftmost, rightmost = runs[0], runs[-1]
    assert leftmost[1] - leftmost[0] < 40
    assert rightmost[1] - rightmost[0] > 150


def test_isolates_are_invisible_when_drawn():
    plain = rendering.TextItem("2026-11-22", 600, 50, "regular", 40, "black", "rtl", "ar")
    isolated = rendering.TextItem(
        rendering.isolate("2026-11-22"), 600, 50, "regular", 40, "black", "rtl", "ar"
    )
    assert ImageChops.difference(_draw(plain), _draw(isolated)).getbbox() is None


def test_dates_and_numbers_in_arabic_lines_are_isolated():
    data = sample_data()
    arabic = [i.text for i in rendering.layout(data) if i.language == "ar"]
    assert f"تاريخ الإصدار: {LRI}2026-11-22{PDI}" in arabic
    assert f"صالحة حتى: {LRI}2028-11-22{PDI}" in arabic
    assert any(f"{LRI}12{PDI}" in text for text in arabic)
    # Every run of digits in an Arabic line sits inside an isolate.
    for text in arabic:
        outside = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", text)
        assert not re.search(r"\d", outside), text


def test_arabic_lines_are_laid_out_rtl_and_english_ltr():
    items = rendering.layout(sample_data())
    for item in items:
        if item.language == "ar":
            assert item.direction == "rtl"
        if item.language == "en":
            assert item.direction == "ltr"
    by_text = {item.text: item for item in items}
    assert by_text["شهادة إتمام"].language == "ar"
    assert by_text["Certificate of Completion"].language == "en"


def test_both_languages_and_every_field_are_on_the_certificate():
    texts = "\n".join(_texts(sample_data()))
    for expected in [
        "شهادة إتمام",
        "Certificate of Completion",
        "سلمى الورفلي",
        "الأمن الرقمي للمدافعين عن حقوق الإنسان",
        "Digital security for human-rights defenders",
        "الأمن الرقمي والمعلوماتي",
        "Information and digital security",
        "Training hours: 12",
        "MDF-7K3Q-9XWP-2HTN-4M0A",
        "academy.example.org/ar/certificates/verify/",
        "Date of issue: 2026-11-22",
        "Valid until: 2028-11-22",
        "ليلى بن علي",
        "Leila Ben Ali",
        "مديرة البرامج",
        "Programme director",
    ]:
        assert expected in texts, expected


def test_no_name_certificate_speaks_of_the_holder():
    texts = _texts(sample_data(holder_name=None))
    assert "حامل هذه الشهادة" in texts
    assert "the holder of this certificate" in texts
    assert "سلمى الورفلي" not in "\n".join(texts)


def test_latin_name_is_laid_out_left_to_right():
    items = rendering.layout(sample_data(holder_name="Salma Al-Warfalli"))
    (name,) = [i for i in items if i.text == "Salma Al-Warfalli"]
    assert name.direction == "ltr"


def test_no_expiry_no_valid_until_line():
    texts = "\n".join(_texts(sample_data(expires_on=None)))
    assert "Valid until" not in texts
    assert "صالحة حتى" not in texts


def test_long_titles_are_fitted_on_the_page():
    long_title = " ".join(["توثيق انتهاكات حقوق الإنسان وفق المعايير الدولية"] * 4)
    items = rendering.layout(sample_data(course_title_ar=long_title))
    lines = [i for i in items if i.text in long_title and i.language == "ar"]
    assert 1 <= len(lines) <= 2
    for line in lines:
        width = rendering.text_width(line.text, line.weight, line.size, "rtl", "ar")
        assert width <= rendering.CONTENT_WIDTH


def test_qr_code_to_the_verification_url_is_drawn():
    data = sample_data()
    image = rendering.render_image(data)
    qr = rendering._qr_image(data.verification_url, rendering.QR_SIZE, data.template.text_colour)
    top = rendering.QR_TOP - 10 + (rendering.QR_SIZE - qr.height) // 2
    region = image.crop((rendering.MARGIN, top, rendering.MARGIN + qr.width, top + qr.height))
    assert ImageChops.difference(region, qr).getbbox() is None
    other = rendering._qr_image(data.verification_url + "x", rendering.QR_SIZE, "#1F2933")
    assert ImageChops.difference(region, other.resize(region.size)).getbbox() is not None


def test_template_colours_and_background_are_used(tmp_path):
    background = tmp_path / "bg.png"
    Image.new("RGB", (800, 600), "#00FF00").save(background)
    data = sample_data(
        template=TemplateValues(primary_colour="#FF0000", background=background.read_bytes())
    )
    image = rendering.render_image(data)
    assert image.getpixel((5, 5)) == (0, 255, 0)  # the background, outside the frame
    assert image.getpixel((40, 600)) == (255, 0, 0)  # the outer frame in the primary colour


def test_rendering_refuses_without_raqm(monkeypatch):
    real_check = features.check
    monkeypatch.setattr(
        features, "check", lambda name: False if name == "raqm" else real_check(name)
    )
    with pytest.raises(rendering.ArabicShapingUnavailable):
        rendering.render(sample_data())


def test_hours_are_printed_plainly():
    assert rendering.format_hours(12) == "12"
    assert rendering.format_hours(1.5) == "1.5"
    assert rendering.format_hours(None) == ""
