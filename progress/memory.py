"""Between ReviewCard rows and the pure scheduler: a card's MemoryState, the
learner's SchedulerConfig, and the pure replay of a card's history.

A lapse is an Again answer given to a card in the Review state, as Anki counts
them; the scheduler's MemoryState does not carry lapses, so they are counted
here while answers are applied.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from accounts.clock import zone_name

from . import scheduler
from .scheduler import MemoryState, Rating, Review, SchedulerConfig, State


@dataclass(frozen=True)
class CardMemory:
    state: MemoryState
    lapses: int = 0


def config_for(profile) -> SchedulerConfig:
    """The scheduler settings of a learner profile (None: the defaults)."""
    if profile is None:
        return _config(None, 0.9, zone_name(None))
    parameters = tuple(profile.fsrs_parameters) if profile.fsrs_parameters else None
    return _config(parameters, profile.desired_retention, zone_name(profile))


@lru_cache(maxsize=256)
def _config(parameters: tuple | None, retention: float, time_zone: str) -> SchedulerConfig:
    extra = {"parameters": parameters} if parameters else {}
    return SchedulerConfig(desired_retention=retention, time_zone=time_zone, **extra)


def memory_of(card) -> CardMemory:
    state = MemoryState(
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=card.reps,
    )
    return CardMemory(state=state, lapses=card.lapses)


def answer(
    memory: CardMemory,
    rating: int,
    *,
    reviewed_at: datetime,
    config: SchedulerConfig,
    card_id: int | None,
    scheduled: bool = True,
) -> CardMemory:
    """The memory after one answer; with `scheduled` False its due date is left as it
    was (`scheduler.recall`), for an answer that a later one follows."""
    lapsed = memory.state.state == State.Review and rating == Rating.Again
    if scheduled:
        state = scheduler.review(
            memory.state, rating, now=reviewed_at, config=config, card_id=card_id
        )
    else:
        state = scheduler.recall(memory.state, rating, now=reviewed_at, config=config)
    return CardMemory(state=state, lapses=memory.lapses + lapsed)


def replay(
    reviews: Iterable[Review], *, config: SchedulerConfig, card_id: int | None = None
) -> CardMemory:
    """The memory reached by a whole history, its answers taken in time order from a new card.

    The one pure replay: `recording.replay_cards` stores its result on card rows.
    Rows that are not answers (Anki's manual and rescheduled rows) are passed over.
    """
    rows = sorted((r for r in reviews if r.is_answer), key=lambda r: r.reviewed_at)
    memory, last = CardMemory(state=MemoryState()), len(rows) - 1
    for index, row in enumerate(rows):
        memory = answer(
            memory,
            row.rating,
            reviewed_at=row.reviewed_at,
            config=config,
            card_id=card_id,
            scheduled=index == last,  # every earlier due date is replaced by the next
        )
    return memory


def store(card, memory: CardMemory) -> list[str]:
    """Copy `memory` onto the card row; returns the fields to save."""
    state = memory.state
    card.state = int(state.state)
    card.step = state.step
    card.stability = state.stability
    card.difficulty = state.difficulty
    card.due = state.due
    card.last_review = state.last_review
    card.reps = state.reps
    card.lapses = memory.lapses
    return ["state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses"]
