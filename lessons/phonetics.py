"""General American IPA and the sound traps of English words for Korean speakers.

Both come from the first pronunciation the CMU dictionary (`pronouncing`) gives
for each word; phones are ARPAbet with the stress digit stripped.

Sound traps, the English contrasts Korean lacks:

- ``f/p``: the word has F or P;  ``v/b``: V or B;  ``r/l``: R or L;
- ``th``: TH or DH;  ``z/j``: Z, ZH or JH;
- ``cluster``: two or more consonant phones in a row at the start or the end;
- ``final_voicing``: the word ends in a voiced obstruent (B D G V DH Z ZH JH).

The traps of a text are the union of the traps of its words. A word missing
from the dictionary adds no trap, and makes ``ipa_for`` return "" for the
whole text, so that a partial transcription is never shown as a whole one.

A minimal pair for a contrast (``is_minimal_pair``): under some pronunciation
of each word, the two differ in one phone only (unstressed ə and ɪ counted
alike), and that difference is the contrast: one of the two phones has the
contrast's trap; for ``final_voicing``, the last phone, voiced against
voiceless; for ``cluster``, one consonant more inside a consonant cluster.
"""

import re
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

import pronouncing

SOUND_TRAPS = ("f/p", "v/b", "r/l", "th", "z/j", "cluster", "final_voicing")
# What a person reads for each trap code; the codes stay the stored values.
SOUND_TRAP_LABELS = {
    "f/p": _("f and p"),
    "v/b": _("v and b"),
    "r/l": _("r and l"),
    "th": _("th"),
    "z/j": _("z and j"),
    "cluster": _("consonants together"),
    "final_voicing": _("voiced last sound"),
}

VOWELS = {
    "AA": "ɑ",
    "AE": "æ",
    "AH": "ʌ",
    "AO": "ɔ",
    "AW": "aʊ",
    "AY": "aɪ",
    "EH": "ɛ",
    "ER": "ɝ",
    "EY": "eɪ",
    "IH": "ɪ",
    "IY": "i",
    "OW": "oʊ",
    "OY": "ɔɪ",
    "UH": "ʊ",
    "UW": "u",
}
UNSTRESSED = {"AH": "ə", "ER": "ɚ"}
CONSONANTS = {
    "B": "b",
    "CH": "tʃ",
    "D": "d",
    "DH": "ð",
    "F": "f",
    "G": "ɡ",
    "HH": "h",
    "JH": "dʒ",
    "K": "k",
    "L": "l",
    "M": "m",
    "N": "n",
    "NG": "ŋ",
    "P": "p",
    "R": "ɹ",
    "S": "s",
    "SH": "ʃ",
    "T": "t",
    "TH": "θ",
    "V": "v",
    "W": "w",
    "Y": "j",
    "Z": "z",
    "ZH": "ʒ",
}
# A trap is a sound Korean lacks: a Korean speaker says /p/ for /f/, /b/ for
# /v/ and /dʒ/ for /z/, so "fan", "very" and "zoo" hold traps while "pen",
# "bus" and "jam" hold none (ㅍ, ㅂ and ㅈ carry them). A minimal pair needs
# only one of its two sounds here. Both r and l are traps: one ㄹ serves both.
PHONE_TRAPS = {
    "F": "f/p",
    "V": "v/b",
    "R": "r/l",
    "L": "r/l",
    "TH": "th",
    "DH": "th",
    "Z": "z/j",
    "ZH": "z/j",
}
VOICED_OBSTRUENTS = frozenset({"B", "D", "G", "V", "DH", "Z", "ZH", "JH"})
# Onsets English allows before a stressed vowel; the stress mark goes before them.
GLIDES = frozenset({"R", "L", "W", "Y"})
S_CLUSTER_SECONDS = frozenset({"P", "T", "K", "M", "N", "L", "W", "F"})
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def words_of(text: str) -> list[str]:
    return WORD.findall(text)


def phones_of(word: str) -> list[str] | None:
    """The word's first CMU pronunciation as stressless phones, or None."""
    pronunciations = pronouncing.phones_for_word(word.lower())
    if not pronunciations:
        return None
    return pronunciations[0].split()


def traps_for_phones(phones: Sequence[str]) -> frozenset[str]:
    """The sound traps of one word given as ARPAbet phones (stress digits allowed)."""
    bare = [phone.rstrip("012") for phone in phones]
    traps = {PHONE_TRAPS[phone] for phone in bare if phone in PHONE_TRAPS}
    if _leading_consonants(bare) >= 2 or _leading_consonants(bare[::-1]) >= 2:
        traps.add("cluster")
    if bare and bare[-1] in VOICED_OBSTRUENTS:
        traps.add("final_voicing")
    return frozenset(traps)


def sound_trap_label(trap: str) -> str:
    """The trap's name in the language in use; an unknown code is shown as it is."""
    return str(SOUND_TRAP_LABELS.get(trap, trap))


def sound_traps(text: str) -> frozenset[str]:
    traps: set[str] = set()
    for word in words_of(text):
        phones = phones_of(word)
        if phones:
            traps |= traps_for_phones(phones)
    return frozenset(traps)


def is_minimal_pair(first: str, second: str, contrast: str) -> bool | None:
    """Whether the two words are a minimal pair for the contrast; None when either
    word is missing from the dictionary."""
    firsts, seconds = _pronunciations(first), _pronunciations(second)
    if not firsts or not seconds:
        return None
    return any(_contrasted(a, b, contrast) for a in firsts for b in seconds)


def _pronunciations(word: str) -> list[list[str]]:
    reduced = {"AH0": "@", "IH0": "@"}
    return [
        [reduced.get(phone, phone.rstrip("012")) for phone in found.split()]
        for found in pronouncing.phones_for_word(word.lower())
    ]


def _contrasted(a: list[str], b: list[str], contrast: str) -> bool:
    if contrast == "cluster":
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return len(longer) == len(shorter) + 1 and any(
            longer[:i] + longer[i + 1 :] == shorter and _in_cluster(longer, i)
            for i in range(len(longer))
        )
    differences = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    if len(a) != len(b) or len(differences) != 1:
        return False
    ((at, x, y),) = differences
    if contrast == "final_voicing":
        return at == len(a) - 1 and (x in VOICED_OBSTRUENTS) != (y in VOICED_OBSTRUENTS)
    return contrast in (PHONE_TRAPS.get(x), PHONE_TRAPS.get(y))


def _in_cluster(phones: list[str], at: int) -> bool:
    """Whether the phone at `at` is a consonant beside another consonant."""

    def consonant(i):
        return 0 <= i < len(phones) and phones[i] not in VOWELS and phones[i] != "@"

    return consonant(at) and (consonant(at - 1) or consonant(at + 1))


def ipa_for(text: str) -> str:
    """General American IPA of every word of text between slashes, or ""."""
    words = words_of(text)
    transcriptions = [phones_of(word) for word in words]
    if not words or None in transcriptions:
        return ""
    return "/" + " ".join(ipa_for_phones(phones) for phones in transcriptions) + "/"


def ipa_for_phones(phones: Sequence[str]) -> str:
    symbols = [_symbol(phone) for phone in phones]
    stressed = [i for i, phone in enumerate(phones) if phone[-1:] in "12" and phone[:-1] in VOWELS]
    if sum(1 for phone in phones if phone.rstrip("012") in VOWELS) > 1:
        # Insert from the right so earlier positions stay valid.
        for i in reversed(stressed):
            mark = "ˈ" if phones[i].endswith("1") else "ˌ"
            symbols.insert(_onset_start(phones, i), mark)
    return "".join(symbols)


def _symbol(phone: str) -> str:
    bare, stress = phone.rstrip("012"), phone[len(phone.rstrip("012")) :]
    if bare in VOWELS:
        return UNSTRESSED.get(bare, VOWELS[bare]) if stress == "0" else VOWELS[bare]
    return CONSONANTS.get(bare, "")


def _leading_consonants(bare: Sequence[str]) -> int:
    count = 0
    for phone in bare:
        if phone in VOWELS:
            break
        count += 1
    return count


def _onset_start(phones: Sequence[str], vowel: int) -> int:
    """Index where the syllable of the vowel at `vowel` begins (maximal legal onset)."""
    consonants: list[str] = []
    start = vowel
    while start > 0 and phones[start - 1].rstrip("012") not in VOWELS:
        candidate = [phones[start - 1].rstrip("012"), *consonants]
        if not _legal_onset(candidate):
            break
        consonants = candidate
        start -= 1
    return start


def _legal_onset(consonants: list[str]) -> bool:
    if len(consonants) == 1:
        return consonants[0] != "NG"
    if len(consonants) == 2:
        first, second = consonants
        if first == "S":
            return second in S_CLUSTER_SECONDS
        return second in GLIDES and first in {"P", "B", "T", "D", "K", "G", "F", "TH", "SH"}
    if len(consonants) == 3:
        return consonants[0] == "S" and consonants[1] in {"P", "T", "K"} and consonants[2] in GLIDES
    return False
