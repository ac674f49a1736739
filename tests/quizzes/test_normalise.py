"""The short-answer normaliser: one function, Arabic and Latin cases."""

import pytest

from quizzes.normalise import normalise_answer


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # hamza forms of alef
        ("أحمد", "احمد"),
        ("إنسان", "انسان"),
        ("آمن", "امن"),
        ("ٱلحق", "الحق"),
        # alef + combining hamza above (decomposed) composes under NFKC, then unifies
        ("\u0627\u0654حمد", "احمد"),
        # diacritics (tashkeel), shadda, sukun, tanwin, superscript alef
        ("مُدَافِعٌ", "مدافع"),
        ("حُقُوقُ الإِنْسَانِ", "حقوق الانسان"),
        ("شَدَّة", "شده"),
        ("هٰذا", "هذا"),
        ("كتابًا", "كتابا"),
        # tatweel
        ("مـــدافـع", "مدافع"),
        # ta marbuta and alef maqsura
        ("منظمة", "منظمه"),
        ("مستشفى", "مستشفي"),
        # Arabic-Indic and Persian digits
        ("١٩٤٨", "1948"),
        ("۱۹۴۸", "1948"),
        ("المادة ١٩", "الماده 19"),
        # case, spaces, compatibility forms
        ("  Human   Rights\tCouncil ", "human rights council"),
        ("HRC", "hrc"),
        ("Straße", "strasse"),
        ("ｆｕｌｌ", "full"),
        ("\ufefb", "لا"),  # lam-alef ligature presentation form
        # invisible format characters do not count
        ("مد\u200cافع", "مدافع"),
        ("\u200fHRC\u200e", "hrc"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_answer(given, expected):
    assert normalise_answer(given) == expected


def test_variants_of_one_arabic_answer_are_equal():
    variants = [
        "مجلس حقوق الإنسان",
        "مَجْلِسُ حُقُوقِ الْإِنْسَانِ",
        "مجلس  حقوق  الانسان",
        "مجلـس حقـوق الأنسان",
        " مجلس حقوق الإنسان ",
    ]
    assert len({normalise_answer(v) for v in variants}) == 1


def test_normalise_is_idempotent():
    for text in ["إِنْسَانٌ", "Human Rights", "١٢٣ مدرسة", "مستشفى"]:
        once = normalise_answer(text)
        assert normalise_answer(once) == once


def test_different_words_stay_different():
    assert normalise_answer("مدافع") != normalise_answer("مدافعة")
    assert normalise_answer("19") != normalise_answer("١٨")
