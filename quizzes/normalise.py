"""Normalisation of short answers before comparison. Pure (standard library only).

Two answers match when they are equal after: Unicode NFKC; case-folding; removing Arabic
diacritics (tashkeel, the superscript alef, Quranic marks) and tatweel; one form of alef
(أ إ آ ٱ → ا), ى → ي, ة → ه; Arabic-Indic and Persian digits → ASCII digits; and collapsing
white space (and stripping it at both ends).
"""

import re
import unicodedata

# Harakat and tanwin U+064B–U+0652, maddah/hamza above and below U+0653–U+0655 (their
# precomposed letters are handled below), U+0656–U+065F extended marks, superscript alef
# U+0670, small high/low Quranic annotation marks U+06D6–U+06ED.
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")

_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0672": "\u0627",  # ٲ wavy hamza above
        "\u0673": "\u0627",  # ٳ wavy hamza below
        "\u0649": "\u064a",  # ى → ي
        "\u0629": "\u0647",  # ة → ه
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian (extended) digits
    }
)

_SPACES = re.compile(r"\s+")


def normalise_answer(text: str) -> str:
    """The form of `text` that short answers are compared in."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    # NFKC composes alef + hamza above (U+0627 U+0654) into أ: unify after composing.
    text = text.casefold()
    text = _MARKS.sub("", text)
    text = text.translate(_LETTERS)
    # Invisible format characters (ZWJ/ZWNJ, bidi marks) never make an answer different.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SPACES.sub(" ", text).strip()
