import gettext
from pathlib import Path

from django.conf import settings

from madafe.i18n import read_po, write_mo

LOCALE = Path(settings.BASE_DIR) / "locale"


def _untranslated(po: Path) -> list[str]:
    from madafe.i18n import _entries

    missing = []
    for flags, fields in _entries(po.read_text(encoding="utf-8")):
        if not fields.get("msgid"):
            continue
        values = [v for k, v in fields.items() if k.startswith("msgstr")]
        if "fuzzy" in flags or not values or not all(values):
            missing.append(fields["msgid"])
    return missing


def test_every_arabic_entry_is_translated():
    po = LOCALE / "ar" / "LC_MESSAGES" / "django.po"
    assert po.exists()
    missing = _untranslated(po)
    assert missing == [], f"{len(missing)} untranslated or fuzzy Arabic entries: {missing[:10]}"


def test_compiled_catalogue_translates_like_its_source(tmp_path):
    """The pure-Python compiler gives gettext exactly what the .po file says: a fresh clone
    needs no GNU gettext."""
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        expected = read_po(po)
        mo = tmp_path / "check.mo"
        write_mo(expected, mo)
        with mo.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for msgid, msgstr in expected.items():
            if msgid and "\x00" not in msgid and "\x04" not in msgid:
                assert compiled.gettext(msgid) == msgstr


def test_pure_python_compiler_reads_plurals_and_context(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgctxt "verb"\nmsgid "Start"\nmsgstr "ابدأ"\n\n'
        'msgid "one lesson"\nmsgid_plural "%(n)s lessons"\nmsgstr[0] "درس"\nmsgstr[1] "دروس"\n\n'
        '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "غامض"\n\n'
        'msgid "Multi"\n"line"\nmsgstr ""\n"متعدد"\n',
        encoding="utf-8",
    )
    mo = tmp_path / "x.mo"
    write_mo(read_po(po), mo)
    with mo.open("rb") as handle:
        t = gettext.GNUTranslations(handle)
    assert t.pgettext("verb", "Start") == "ابدأ"
    assert t.ngettext("one lesson", "%(n)s lessons", 1) == "درس"
    assert t.ngettext("one lesson", "%(n)s lessons", 3) == "دروس"
    assert t.gettext("Fuzzy") == "Fuzzy"
    assert t.gettext("Multiline") == "متعدد"
