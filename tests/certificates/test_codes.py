import math
import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from certificates import codes

CODE_RE = re.compile(r"^MDF(-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}){4}$")


def test_code_format():
    for _ in range(200):
        code = codes.generate_code()
        assert CODE_RE.match(code), code
        assert len(code) == codes.MAX_LENGTH == 23


def test_code_carries_at_least_60_bits():
    # 16 symbols from a 32-symbol alphabet.
    assert len(codes.ALPHABET) == len(set(codes.ALPHABET)) == 32
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) == codes.BITS == 80
    # Crockford's alphabet: no I, L, O or U to misread.
    assert not set("ILOU") & set(codes.ALPHABET)


def test_codes_are_random_and_use_the_whole_alphabet():
    generated = [codes.generate_code() for _ in range(4000)]
    assert len(set(generated)) == len(generated)
    bodies = [code.removeprefix("MDF-").replace("-", "") for code in generated]
    for position in range(codes.LENGTH):
        counts = Counter(body[position] for body in bodies)
        # Every symbol shows up at every position; none dominates (expected 125 each).
        assert set(counts) == set(codes.ALPHABET)
        assert max(counts.values()) < 200
        assert min(counts.values()) > 60


def test_codes_come_from_the_secrets_module(monkeypatch):
    calls = []

    def fake_choice(alphabet):
        calls.append(alphabet)
        return "7"

    monkeypatch.setattr(codes.secrets, "choice", fake_choice)
    assert codes.generate_code() == "MDF-7777-7777-7777-7777"
    assert len(calls) == 16


def test_normalisation_accepts_what_people_type():
    canonical = "MDF-7K3Q-9XWP-2HTN-4M0A"
    for typed in [
        canonical,
        canonical.lower(),
        "mdf 7k3q 9xwp 2htn 4m0a",
        "7K3Q9XWP2HTN4M0A",
        "7k3q-9xwp-2htn-4moa",  # O for 0
        " MDF-7K3Q–9XWP—2HTN-4M0A ",  # typographic dashes, surrounding spaces
        "MDF7K3Q9XWP2HTN4M0A",
        "MDF-٧K٣Q-٩XWP-٢HTN-٤M٠A",  # Arabic-Indic digits
    ]:
        assert codes.normalise_code(typed) == canonical, typed


def test_normalisation_reads_i_and_l_as_one():
    assert codes.normalise_code("MDF-IIII-LLLL-iiii-llll") == "MDF-1111-1111-1111-1111"


def test_normalisation_rejects_what_cannot_be_a_code():
    for typed in [
        None,
        "",
        "MDF",
        "MDF-7K3Q-9XWP-2HTN",  # too short
        "MDF-7K3Q-9XWP-2HTN-4M0A-X",  # too long
        "MDF-7K3Q-9XWP-2HTN-4M0U",  # U is not in the alphabet
        "MDF-7K3Q-9XWP-2HTN-4M0!",
        "<script>alert(1)</script>",
        "ABC-7K3Q-9XWP-2HTN-4M0A",
    ]:
        assert codes.normalise_code(typed) is None, typed


@given(
    st.integers(min_value=0, max_value=2**80 - 1),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["-", " ", "", "  "]),
)
def test_any_generated_code_survives_retyping(number, lower, keep_prefix, separator):
    body = "".join(codes.ALPHABET[(number >> (5 * i)) & 31] for i in range(16))
    code = codes.format_code(body)
    groups = [body[i : i + 4] for i in range(0, 16, 4)]
    typed = separator.join((["MDF"] if keep_prefix else []) + groups)
    typed = typed.replace("1", "l").replace("0", "O")
    if lower:
        typed = typed.lower()
    assert codes.normalise_code(typed) == code
