"""Certificate codes: random, readable, typeable.

A code is the prefix ``MDF`` and four groups of four Crockford base32 characters, e.g.
``MDF-7K3Q-9XWP-2HTN-4M0A``: 16 characters of 5 bits each, 80 bits from ``secrets``. The
code is the only thing a verifier needs, so it must be unguessable (verification is also
rate-limited) and survive being read aloud, copied by hand or typed on a phone.

Crockford's alphabet leaves out I, L, O and U; when reading a typed code, I and L count as 1
and O as 0, case does not matter, and dashes and spaces are ignored.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "MDF"
GROUPS = 4
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE
BITS = LENGTH * 5  # 80
# "MDF" + 4 dashes + 16 characters.
MAX_LENGTH = len(PREFIX) + GROUPS + LENGTH

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.·]+")
_CONFUSABLES = str.maketrans(
    {
        "I": "1",
        "L": "1",
        "O": "0",
        # Typed on an Arabic or Persian keyboard: Arabic-Indic digits.
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_VALID = frozenset(ALPHABET)


def format_code(body: str) -> str:
    """``7K3Q9XWP2HTN4M0A`` -> ``MDF-7K3Q-9XWP-2HTN-4M0A``."""
    groups = [body[i : i + GROUP_SIZE] for i in range(0, len(body), GROUP_SIZE)]
    return "-".join([PREFIX, *groups])


def generate_code() -> str:
    """A new code with 80 bits of randomness from the operating system's CSPRNG."""
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalise_code(text: str | None) -> str | None:
    """The canonical form of a code as someone typed or scanned it, or None if it cannot be
    a code. Case-insensitive; dashes, spaces and the ``MDF`` prefix are optional; I and L
    read as 1, O as 0; Arabic-Indic digits as the digits they are."""
    if not text:
        return None
    compact = _SEPARATORS.sub("", text.strip()).upper()
    if len(compact) == len(PREFIX) + LENGTH and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    compact = compact.translate(_CONFUSABLES)
    if len(compact) != LENGTH or not _VALID.issuperset(compact):
        return None
    return format_code(compact)
