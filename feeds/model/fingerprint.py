"""Wire-copy detection: an exact content hash and a 64-bit simhash fingerprint.

Two questions, two tools:

* :func:`content_hash` — is this the *same text*? SHA-256 of the normalized text (folded,
  punctuation dropped, whitespace collapsed), so typography, case and accents do not matter.
* :func:`simhash` — is this *nearly* the same text? Charikar's simhash over word 3-shingles.

Threshold choice. A simhash bit differs between two texts with probability angle/π, where the
angle is between their shingle vectors. Over a whole article, a republished copy that trims
its last paragraphs shares only ~70–85 % of the shingles: 4–14 bits apart, too close to
noise for a safe cut-off. So the fingerprint covers the **lead**: the first
:data:`LEAD_WORDS` words of the body, after dropping short standalone lines (bylines,
datelines, "Read more", copyright footers). Wire republishers change the headline, add a byline
or footer and trim paragraphs from the end (inverted pyramid); all of these leave the lead as
it was, so copies land at distance 0–2. Two outlets writing up the same event independently
share names and numbers but few 3-word sequences and land near 32 (half the bits). The default
``max_distance=3`` (Manku et al.'s value for 64-bit fingerprints) absorbs a changed character
class or a stray token while keeping independent stories far apart. Not caught: copies whose
lead was edited (one changed word moves ~3 of ~80 shingles, about 5 bits) or cut inside the
lead; the pipeline then treats them as separate reports, which errs towards alerting. Hash the
*body* (``Story.text``), not the headline.

Fingerprints are stable across processes (BLAKE2b, never Python's salted ``hash()``). Use
:func:`simhash_to_signed` to store one in a signed 64-bit database column.
"""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

LEAD_WORDS = 80  # words of the lead that the fingerprint covers
SHINGLE_WORDS = 3
MIN_LINE_WORDS = 8  # shorter standalone lines are bylines, datelines or footers
# Below this many words there is no fingerprint (0): a teaser such as "Lire la suite" or an empty
# body would otherwise make every story of a feed a "copy" of the first one.
MIN_FINGERPRINT_WORDS = 12
NO_FINGERPRINT = 0
BITS = 64
_MASK = (1 << BITS) - 1
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize_text(text: str) -> str:
    """Folded (ASCII, case-folded) words separated by single spaces; punctuation dropped."""
    return _NON_WORD.sub(" ", unidecode(text).casefold()).strip()


def content_hash(text: str) -> str:
    """SHA-256 hex digest of :func:`normalize_text` — equal for exact copies of a text.

    ``""`` for a text with no words, so that empty bodies never look like copies of each other.
    """
    normalized = normalize_text(text)
    if not normalized:
        return ""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def lead_words(text: str, limit: int = LEAD_WORDS) -> list[str]:
    """The first ``limit`` normalized words of the body, skipping short standalone lines.

    When every line is short (a one-paragraph summary split oddly), all lines are kept.
    """
    lines = [normalize_text(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    body = [line for line in lines if len(line.split()) >= MIN_LINE_WORDS] or lines
    words: list[str] = []
    for line in body:
        words.extend(line.split())
        if len(words) >= limit:
            break
    return words[:limit]


def _shingles(words: list[str]) -> list[str]:
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def _feature_hash(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    """Unsigned 64-bit simhash of the text's lead; :data:`NO_FINGERPRINT` (0) for a lead of
    fewer than :data:`MIN_FINGERPRINT_WORDS` words, which is never anyone's near duplicate."""
    words = lead_words(text)
    if len(words) < MIN_FINGERPRINT_WORDS:
        return NO_FINGERPRINT
    weights = [0] * BITS
    for feature in _shingles(words):
        value = _feature_hash(feature)
        for bit in range(BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit in range(BITS) if weights[bit] > 0)


def hamming_distance(a: int, b: int) -> int:
    """Bits that differ between two fingerprints (signed or unsigned form)."""
    return ((a ^ b) & _MASK).bit_count()


def is_near_duplicate(a: int, b: int, max_distance: int = 3) -> bool:
    """True when two fingerprints are at most ``max_distance`` bits apart (see module doc).

    :data:`NO_FINGERPRINT` (a text too short to judge) is never a near duplicate.
    """
    if a == NO_FINGERPRINT or b == NO_FINGERPRINT:
        return False
    return hamming_distance(a, b) <= max_distance


def simhash_to_signed(value: int) -> int:
    """Map an unsigned 64-bit fingerprint onto a signed BIGINT (two's complement)."""
    value &= _MASK
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def simhash_from_signed(value: int) -> int:
    """Inverse of :func:`simhash_to_signed`."""
    return value & _MASK
