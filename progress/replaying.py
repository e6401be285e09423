"""Many cards' histories replayed at once, FSRS's memory maths done in Rust.

`memory.replay` applies a history one answer at a time through py-fsrs, which
costs tens of microseconds an answer: an Anki import of 100,000 answers spent
seconds there. This module reaches the same CardMemory in three parts:
- stability and difficulty up to the answer before the last come from fsrs-rs
  (`fsrs_rs_python`, the FSRS crate Anki itself runs), fed each answer's rating
  and the learner's days elapsed since the one before (`accounts.clock.anki_days`),
  all cards in one call;
- the state, learning step and lapses before the last answer follow from the
  ratings and the configured steps alone: `_after` restates py-fsrs's state
  machine (Learning → Review → Relearning) for that;
- the last answer is applied by `memory.answer`, the path every web answer
  takes, so the due date, its fuzz and the interval come from their one owner.

fsrs-rs computes in 32-bit floats and py-fsrs in 64-bit ones, so stability and
difficulty agree to a relative TOLERANCE, not to the last bit; states, steps,
reps, lapses, last reviews and due dates are equal: a Review card whose interval,
before rounding to whole days, lies within that tolerance of a half day is
replayed answer by answer, as is a history whose stability reaches fsrs-rs's cap,
where the two disagree. A property test holds this path equal to `memory.replay`.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from operator import itemgetter

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from accounts.clock import anki_days

from . import memory
from .memory import CardMemory
from .scheduler import MemoryState, Rating, Review, SchedulerConfig, State, unrounded_interval

# fsrs-rs computes in 32-bit floats: stability and difficulty agree with py-fsrs's
# 64-bit ones to this relative tolerance. Measured over histories of up to 120
# answers: 5e-6 with the default parameters, 1.2e-4 at worst with random ones
# anywhere within py-fsrs's bounds; this leaves four times that.
TOLERANCE = 5e-4

# fsrs-rs caps stability at 100 years, as Anki does; py-fsrs lets it grow. A history
# that reaches the cap (only extreme parameters do) is replayed through py-fsrs.
STABILITY_CEILING = 36500 * (1 - 1e-6)

Answer = tuple[int, datetime]  # a rating 1-4 and when it was given


def replay_many(
    histories: Mapping[int, Sequence[Answer]], *, config: SchedulerConfig
) -> dict[int, CardMemory]:
    """{card id: the memory its answers reach}, as `memory.replay` gives it. Answers
    are (rating, moment) pairs in any order: plain tuples, since an import makes one
    per answer it records."""
    answers = {card_id: sorted(rows, key=itemgetter(1)) for card_id, rows in histories.items()}
    longer = [card_id for card_id, rows in answers.items() if len(rows) > 1]
    items = [_item(answers[card_id][:-1], config) for card_id in longer]
    states = _fsrs(config.parameters).historical_memory_state_batch(items)
    earlier = dict(zip(longer, states, strict=True))
    return {
        card_id: _finish(card_id, rows, earlier.get(card_id), config)
        for card_id, rows in answers.items()
    }


@lru_cache(maxsize=16)
def _fsrs(parameters: tuple[float, ...]) -> FSRS:
    return FSRS(list(parameters))


def _item(rows: Sequence[Answer], config: SchedulerConfig) -> FSRSItem:
    """The answers as fsrs-rs takes them: rating and learner's days since the answer before."""
    moments = (moment for _, moment in rows)
    days = anki_days(moments, time_zone=config.time_zone, rollover_hour=config.day_rollover_hour)
    elapsed = [0, *(day - before for before, day in zip(days, days[1:], strict=False))]
    return FSRSItem(
        [FSRSReview(rating, gap) for (rating, _), gap in zip(rows, elapsed, strict=True)]
    )


def _finish(card_id: int, rows: Sequence[Answer], states, config: SchedulerConfig) -> CardMemory:
    """Apply the last answer to the memory the earlier ones reached (`states`: fsrs-rs's
    memory after each of them)."""
    if states and max(state.stability for state in states) >= STABILITY_CEILING:
        return _one_by_one(card_id, rows, config)
    if not rows:
        return CardMemory(state=MemoryState())
    start = CardMemory(state=MemoryState())
    if states:
        before = states[-1]
        state, step, lapses = _after([rating for rating, _ in rows[:-1]], config)
        reached = MemoryState(
            state=state,
            step=step,
            stability=before.stability,
            difficulty=before.difficulty,
            last_review=rows[-2][1],
            reps=len(rows) - 1,
        )
        start = CardMemory(state=reached, lapses=lapses)
    rating, moment = rows[-1]
    reached = memory.answer(start, rating, reviewed_at=moment, config=config, card_id=card_id)
    if not _settled(reached.state, config):
        return _one_by_one(card_id, rows, config)
    return reached


def _one_by_one(card_id: int, rows: Sequence[Answer], config: SchedulerConfig) -> CardMemory:
    reviews = [Review(rating, moment) for rating, moment in rows]
    return memory.replay(reviews, config=config, card_id=card_id)


def _settled(state: MemoryState, config: SchedulerConfig) -> bool:
    """Whether any stability within TOLERANCE of this one gives the same due date: a
    Review card's interval is rounded to whole days, so near a half day it may not."""
    if state.state != State.Review:
        return True
    days = unrounded_interval(state.stability, config=config)
    return abs(days % 1 - 0.5) > days * TOLERANCE


def _after(ratings: Sequence[int], config: SchedulerConfig) -> tuple[State, int | None, int]:
    """State, learning step and lapses of a new card after these ratings (py-fsrs's rules)."""
    state, step, lapses = State.Learning, 0, 0
    for rating in ratings:
        if state == State.Review:
            lapses += rating == Rating.Again
            if rating == Rating.Again and config.relearning_steps:
                state, step = State.Relearning, 0
            continue
        steps = config.learning_steps if state == State.Learning else config.relearning_steps
        state, step = _next_step(state, step, rating, len(steps))
    return state, step, lapses


def _next_step(state: State, step: int, rating: int, count: int) -> tuple[State, int | None]:
    """A learning or relearning card's next state and step."""
    graduates = step + 1 >= count if rating == Rating.Good else step >= count
    if count == 0 or rating == Rating.Easy or (rating != Rating.Again and graduates):
        return State.Review, None
    if rating == Rating.Again:
        return state, 0
    return state, step if rating == Rating.Hard else step + 1
