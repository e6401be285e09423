"""Reading values a browser sends: one rule for whole numbers, one for free text.

A whole number is ASCII digits only: no sign, no spaces, no "²" (which
`str.isdigit()` accepts and `int()` refuses) and no "١" (which `int()` reads),
and it fits a signed 64-bit column, so it can reach any integer field of
SQLite or PostgreSQL. Free text holds no NUL byte: PostgreSQL refuses one in
text and JSON, so it is refused before any write, by the rule Django's form
fields already apply (`ProhibitNullCharactersValidator`).
"""

import re

from django import forms

DIGITS = re.compile(r"[0-9]{1,19}")
LARGEST = 2**63 - 1
NUL = "\x00"


def whole_number(raw: object, *, largest: int = LARGEST) -> int | None:
    """`raw` as a whole number from 0 to `largest`, or None when it is anything else."""
    if not isinstance(raw, str) or not DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if number <= largest else None


def has_nul(text: str) -> bool:
    return NUL in text


class WholeNumberField(forms.IntegerField):
    """A form's integer, read by `whole_number`."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(str(value).strip())
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class ModelIdChoiceField(forms.ModelChoiceField):
    """A model choice whose submitted id is read by `whole_number` before any query:
    an id past 64 bits would overflow SQLite's integers instead of matching nothing."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if whole_number(str(value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class PercentField(WholeNumberField):
    """A fraction (0.85) shown and typed as a whole percent (85); cleans to the fraction."""

    def prepare_value(self, value):
        return round(value * 100) if isinstance(value, float) else value

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else percent / 100
