"""Where a learner goes next through a lesson's steps.

A lesson is step 0 (its words), then one exercise per step in lesson order,
then "again": each exercise not yet answered right (best score below 1, or
never answered), asked again in lesson order until right or skipped, then the
summary. Skipping only moves forward, so a skipped exercise is not asked
again in that pass. A visitor's answers are not kept: a visitor goes from the
last exercise straight to the summary.
"""

from dataclasses import dataclass

from .models import ExerciseAttempt


@dataclass(frozen=True)
class WayOn:
    url: str
    # Whether the learner has answered the exercise of this step at least once.
    answered: bool
    # Whether leaving now leaves the exercise wrong (in "again", the link skips it).
    skips: bool


def best_scores(user, lesson) -> dict[str, float]:
    if not user.is_authenticated:
        return {}
    return ExerciseAttempt.objects.best_scores(user, lesson.pk)


def way_on(user, lesson, *, number: int, again: bool) -> WayOn:
    """The next step after exercise `number` (1-based), in one query."""
    exercises = lesson.exercise_blocks()
    best = best_scores(user, lesson)
    block_id = exercises[number - 1].id
    right = best.get(block_id, 0.0) >= 1
    if not again and number < len(exercises):
        url = lesson.step_url(number + 1)
    else:
        after = number if again else 0
        url = next(
            (
                lesson.step_url(n, again=True)
                for n, block in enumerate(exercises, 1)
                if n > after and best.get(block.id, 0.0) < 1 and user.is_authenticated
            ),
            lesson.summary_url(),
        )
    return WayOn(url=url, answered=block_id in best, skips=again and not right)
