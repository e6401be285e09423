"""lessons.exercises.dictation: pure, so no database."""

from lessons.exercises import dictation

DICTATION = {"prompt": "Type.", "text": "I don't need a bag, thank you."}


def test_dictation_gives_credit_per_word_around_a_missed_word():
    result = dictation.grade(DICTATION, {"text": "i dont need bag thank you"})
    assert result.parts == (True, True, True, False, True, True, True)
    assert result.expected == ("I don't need a bag, thank you.",)


def test_dictation_with_extra_words_is_not_correct():
    result = dictation.grade(DICTATION, {"text": "I don't need a bag, thank you very much"})
    assert not result.correct
