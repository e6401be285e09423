"""A suggested FSRS rating for a typed answer (production: Korean prompt, English typed).

The typo rule is `lessons.exercises.text.spelling`, the one lessons use too:
- right: Easy when typed quickly (within a time that grows with the answer's
  length), otherwise Good;
- nearly right (a slip in a word's spelling): Hard;
- anything else, including an empty answer: Again.

The timing constants are data in the rule file the browser reads too, so a
rating suggested offline (SaebomGrading.suggestRating) is the one the server
would suggest. The rating is only a suggestion; the learner may change it before it counts.
Pure: no clock; the seconds taken are passed in.
"""

from collections.abc import Iterable

from fsrs import Rating

from lessons.exercises.text import RULES, Spelling, normalise, spelling

# From the rule file the browser's grader reads too (lessons.exercises.text.RULES_FILE).
EASY_BASE_SECONDS = RULES["typed_review"]["easy_base_seconds"]
EASY_SECONDS_PER_CHARACTER = RULES["typed_review"]["easy_seconds_per_character"]


def suggest_rating(expected: str | Iterable[str], typed: str, *, seconds: float) -> Rating:
    """The rating a typed answer suggests, against one accepted answer or several."""
    verdict = spelling(expected, typed)
    if verdict == Spelling.RIGHT:
        quick = EASY_BASE_SECONDS + EASY_SECONDS_PER_CHARACTER * len(normalise(typed))
        return Rating.Easy if seconds <= quick else Rating.Good
    return Rating.Hard if verdict == Spelling.CLOSE else Rating.Again
