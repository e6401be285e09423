"""The initial-sound rule (두음법칙) that South Korean spelling applies and the North's does not.

At the start of a word the South writes ㄹ before ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ as ㅇ (료금→요금),
ㄹ before other vowels as ㄴ (로선→노선), and ㄴ before ㅑ ㅕ ㅛ ㅠ ㅣ as ㅇ (녀자→여자);
the North keeps ㄹ and ㄴ. Only the first syllable changes.
"""

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
NIEUN, RIEUL, IEUNG = 2, 5, 11  # initial consonant indexes
Y_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
YE = 7  # ㅖ: 례의→예의, but ㄴ before ㅖ stays (녜 is rare and kept)


def syllable_parts(char: str) -> tuple[int, int, int] | None:
    """(initial, vowel, final) of a Hangul syllable, or None."""
    code = ord(char)
    if not HANGUL_FIRST <= code <= HANGUL_LAST:
        return None
    offset = code - HANGUL_FIRST
    return offset // 588, (offset % 588) // 28, offset % 28


def syllable(initial: int, vowel: int, final: int) -> str:
    return chr(HANGUL_FIRST + (initial * 21 + vowel) * 28 + final)


def southern_initial(initial: int, vowel: int) -> int:
    if initial == RIEUL:
        return IEUNG if vowel in Y_VOWELS else NIEUN
    if initial == NIEUN and vowel in Y_VOWELS and vowel != YE:
        return IEUNG
    return initial


def southern_spelling(word: str) -> str:
    """The word as South Korean spelling writes it at the start of a word (로인→노인)."""
    parts = syllable_parts(word[:1]) if word else None
    if parts is None:
        return word
    initial, vowel, final = parts
    return syllable(southern_initial(initial, vowel), vowel, final) + word[1:]


def could_be_southern_spelling(word: str) -> bool:
    """Whether the first syllable could be a 두음 spelling: initial ㄴ (노 may stand for 로),
    or ㅇ before ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ (요 may stand for 료 or 뇨, 이 for 리 or 니)."""
    parts = syllable_parts(word[:1]) if word else None
    return parts is not None and (parts[0] == NIEUN or (parts[0] == IEUNG and parts[1] in Y_VOWELS))
