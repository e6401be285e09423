"""Spaced-repetition scheduling: FSRS-6 (py-fsrs) counted in Anki's days.

The memory model is FSRS-6 exactly as `fsrs.Scheduler` implements it; this
module adds no FSRS maths but one restatement: `retrievability_after` is
py-fsrs's forgetting curve over plain numbers, for screens that judge
thousands of cards, and a test holds it equal to the py-fsrs path. It adds
Anki's notion of a day: a review belongs to the learner's local calendar day,
which starts at the rollover hour (04:00 by default), and the days elapsed
between two reviews are the difference of those day numbers, not the number
of whole 24-hour periods py-fsrs would count.
Each review is therefore handed to py-fsrs at the start of its Anki day, which
makes stability and difficulty equal to Anki's for the same history.

Invariants:
- Pure: state, configuration and `now` come in, a new state goes out. No clock,
  no database, no settings.
- Every datetime in and out is timezone-aware; returned datetimes are UTC.
- A Review-state card is due at the start of a learner's day; a learning or
  relearning card is due at the real time its step ends.
- Fuzz is Anki's fuzz range with a floor, drawn from a hash of the card id and
  the review count (`fuzz_draw`), so a preview and the answer that follows it
  agree and a replayed history is repeatable. Without a card id there is none.
  The hash is 32-bit integer arithmetic, so the browser
  (progress/static/progress/scheduling.js) draws the same number.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from zoneinfo import ZoneInfo

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from accounts.clock import FALLBACK_ZONE, ROLLOVER_HOUR, anki_day, day_start

__all__ = [
    "DEFAULT_PARAMETERS",
    "MemoryState",
    "NextReview",
    "Rating",
    "Review",
    "ReviewKind",
    "SchedulerConfig",
    "State",
    "fuzz_draw",
    "preview",
    "retrievability",
    "retrievability_after",
    "review",
]


class ReviewKind(IntEnum):
    """The kinds of Anki's revlog `type` column; web answers are LEARNING/REVIEW/RELEARNING."""

    LEARNING = 0
    REVIEW = 1
    RELEARNING = 2
    FILTERED = 3
    MANUAL = 4
    RESCHEDULED = 5


NOT_ANSWERS = frozenset({ReviewKind.MANUAL, ReviewKind.RESCHEDULED})


@dataclass(frozen=True)
class SchedulerConfig:
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    time_zone: str = FALLBACK_ZONE
    day_rollover_hour: int = ROLLOVER_HOUR
    enable_fuzzing: bool = True
    fsrs: Scheduler = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not 0 <= self.day_rollover_hour <= 23:
            raise ValueError(f"day_rollover_hour must be 0-23, not {self.day_rollover_hour}")
        ZoneInfo(self.time_zone)  # raises ZoneInfoNotFoundError for an unknown name
        object.__setattr__(self, "parameters", tuple(float(p) for p in self.parameters))
        fsrs = Scheduler(
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=self.maximum_interval,
            enable_fuzzing=False,
        )
        object.__setattr__(self, "fsrs", fsrs)

    def to_dict(self) -> dict:
        return {
            "parameters": list(self.parameters),
            "desired_retention": self.desired_retention,
            "learning_steps": [int(s.total_seconds()) for s in self.learning_steps],
            "relearning_steps": [int(s.total_seconds()) for s in self.relearning_steps],
            "maximum_interval": self.maximum_interval,
            "time_zone": self.time_zone,
            "day_rollover_hour": self.day_rollover_hour,
            "enable_fuzzing": self.enable_fuzzing,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "SchedulerConfig":
        steps = {
            name: tuple(timedelta(seconds=s) for s in data[name])
            for name in ("learning_steps", "relearning_steps")
            if name in data
        }
        return cls(**{**data, **steps})


@dataclass(frozen=True)
class MemoryState:
    """One card's FSRS state; a new card is Learning at step 0 with no stability."""

    state: State = State.Learning
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0

    def to_dict(self) -> dict:
        return {
            "state": int(self.state),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "MemoryState":
        moments = {
            key: datetime.fromisoformat(data[key]) if data.get(key) else None
            for key in ("due", "last_review")
        }
        return cls(**{**data, **moments, "state": State(data["state"])})


@dataclass(frozen=True)
class Review:
    """One row of a card's history. `rating` is 1-4; Anki's manual rows may carry 0."""

    rating: int
    reviewed_at: datetime
    duration_ms: int | None = None
    kind: ReviewKind = ReviewKind.REVIEW

    @property
    def is_answer(self) -> bool:
        """Whether this row is a learner's answer (Anki's manual and rescheduled rows are not)."""
        return 1 <= self.rating <= 4 and self.kind not in NOT_ANSWERS


@dataclass(frozen=True)
class NextReview:
    state: MemoryState
    interval: timedelta


def review(
    state: MemoryState,
    rating: Rating,
    *,
    now: datetime,
    config: SchedulerConfig,
    card_id: int | None = None,
) -> MemoryState:
    """The state after answering `rating` at `now`; `card_id` seeds the fuzz."""
    return _answer(state, Rating(rating), now=now, config=config, card_id=card_id).state


def preview(
    state: MemoryState, *, now: datetime, config: SchedulerConfig, card_id: int | None = None
) -> dict[Rating, NextReview]:
    """What each of the four buttons would do at `now`: the next state and its interval."""
    return {
        rating: _answer(state, rating, now=now, config=config, card_id=card_id) for rating in Rating
    }


def retrievability(state: MemoryState, *, now: datetime, config: SchedulerConfig) -> float:
    """Predicted probability of recall at `now` (0 for a card never reviewed)."""
    today = _day(now, config)
    return config.fsrs.get_card_retrievability(_fsrs_card(state, config), _moment(today))


def retrievability_after(days: int, stability: float, *, parameters: Sequence[float]) -> float:
    """FSRS-6's forgetting curve over plain numbers: R = (1 + factor * t / S) ** -w20.

    `days` must be counted as `retrievability` counts them: the learner's day
    number of the moment (`anki_day`) minus that of the last review, never below
    0. For the same card and moment this returns exactly what `retrievability`
    returns, without building a py-fsrs card, so that screens judging thousands
    of cards can count each card's day once.
    """
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return (1 + factor * max(0, days) / stability) ** decay


def recall(
    state: MemoryState, rating: Rating, *, now: datetime, config: SchedulerConfig
) -> MemoryState:
    """`review`'s state with the due date left as it was: all a replay needs of an
    answer that a later one follows, since the next answer sets its own due date
    and reads only the memory, the state, the step and the last review."""
    now, _, card = _reviewed(state, Rating(rating), now, config)
    return _reached(state, card, due=state.due, now=now)


def _answer(
    state: MemoryState,
    rating: Rating,
    *,
    now: datetime,
    config: SchedulerConfig,
    card_id: int | None,
) -> NextReview:
    now, today, card = _reviewed(state, rating, now, config)
    interval = card.due - _moment(today)
    if card.state == State.Review:
        interval = _review_interval(interval.days, state, today, config, card_id)
        due = _day_start(today + interval.days, config)
    else:
        due = now + interval
    return NextReview(state=_reached(state, card, due=due, now=now), interval=interval)


def _reviewed(state: MemoryState, rating: Rating, now: datetime, config: SchedulerConfig):
    """The answer's moment in UTC, its learner's day, and py-fsrs's card after it."""
    now = _aware(now).astimezone(UTC)
    today = _day(now, config)
    card, _ = config.fsrs.review_card(
        _fsrs_card(state, config), rating, review_datetime=_moment(today)
    )
    return now, today, card


def _reached(state: MemoryState, card: Card, *, due: datetime | None, now: datetime) -> MemoryState:
    """The state py-fsrs's card reached by an answer at `now`, due at `due`."""
    return replace(
        state,
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=due,
        last_review=now,
        reps=state.reps + 1,
    )


def _review_interval(
    days: int, state: MemoryState, today: int, config: SchedulerConfig, card_id: int | None
) -> timedelta:
    if config.enable_fuzzing and card_id is not None:
        elapsed = today - _day(state.last_review, config) if state.last_review else 0
        days = _fuzzed_days(days, elapsed, config.maximum_interval, seed=(card_id, state.reps))
    return timedelta(days=days)


def _fuzzed_days(days: int, elapsed: int, maximum: int, *, seed: tuple) -> int:
    """Anki's fuzz: a uniform whole number of days in a range that widens with the interval."""
    if days < 2.5:
        return days
    delta = sum(r["factor"] * max(min(days, r["end"]) - r["start"], 0.0) for r in FUZZ_RANGES)
    low = max(2, round(days - delta))
    high = min(round(days + delta), maximum)
    if days > elapsed:
        low = max(low, elapsed + 1)
    low = min(low, high)
    return math.floor(fuzz_draw(*seed) * (high - low + 1) + low)


MASK_32 = 0xFFFFFFFF


def fuzz_draw(card_id: int, reps: int) -> float:
    """A number in [0, 1), fixed for (card_id, reps) and spread evenly across them.

    32-bit FNV-1a over the ASCII text "card_id:reps", then MurmurHash3's
    finalizer (FNV-1a alone leaves the high bits of short texts clustered),
    divided by 2**32. Every step is masked to 32 bits so that JavaScript
    (Math.imul, >>> 0) computes the same integer: keep scheduling.js's
    fuzzDraw in step with this function.
    """
    h = 0x811C9DC5
    for byte in f"{card_id}:{reps}".encode("ascii"):
        h = ((h ^ byte) * 0x01000193) & MASK_32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK_32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK_32
    h ^= h >> 16
    return h / 2**32


def _fsrs_card(state: MemoryState, config: SchedulerConfig) -> Card:
    last = _moment(_day(state.last_review, config)) if state.last_review else None
    return Card(
        card_id=0,
        state=state.state,
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=last,
        last_review=last,
    )


def _day(moment: datetime, config: SchedulerConfig) -> int:
    return anki_day(moment, time_zone=config.time_zone, rollover_hour=config.day_rollover_hour)


def _day_start(day: int, config: SchedulerConfig) -> datetime:
    return day_start(day, time_zone=config.time_zone, rollover_hour=config.day_rollover_hour)


def _moment(day: int) -> datetime:
    """The day as py-fsrs sees it: midnight UTC, so its 24-hour count equals the day count."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=day)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes passed to the scheduler must be timezone-aware")
    return moment


# ---------------------------------------------------------------------------
# For the batch replay (progress/replaying.py), whose stability is known to a
# tolerance only.


def unrounded_interval(stability: float, *, config: SchedulerConfig) -> float:
    """The days of py-fsrs's next interval before it rounds them to whole days:
    S / factor * (retention ** (1 / decay) - 1), FSRS-6's forgetting curve solved
    for the desired retention. A stability close to the true one gives the same
    whole days unless this lies close to a half day."""
    decay = -config.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return stability / factor * (config.desired_retention ** (1 / decay) - 1)
