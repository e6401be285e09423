"""lessons.exercises.text: the one normalisation of free text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.exercises.text import normalise


def test_british_and_american_spellings_normalise_alike():
    assert normalise("The Theatre's centre, travelled") == normalise("the theaters center traveled")


@settings(deadline=None)
@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@settings(deadline=None)
@given(st.text())
def test_normalise_ignores_case_and_surrounding_space(text):
    assert normalise(f"  {text.upper()} \t") == normalise(normalise(text).upper())
