"""Placement: a learner's CEFR level estimated from answers to items of known
difficulty, by a Rasch model, with items chosen adaptively.

Model: the chance of a right answer is g + (1 - g) / (1 + exp(-(theta - b))), where
theta is the learner's ability, b the item's difficulty, both on one logit scale on
which each level is an interval (BAND_EDGES: below the first edge is Pre-A1, above
the last is B2), and g the chance of a blind guess being right (1/choices for a
multiple-choice item, 0 for a typed one): Rasch with a known guessing floor. Rules:
- The estimate is the mean of theta's posterior over a grid (a normal prior, PRIOR_SD,
  centred on A1), so it is defined even when every answer is right or every one is
  wrong; its standard error is the posterior's spread, and the confidence of the level
  is the posterior's share inside the level's interval.
- The next item is the unanswered one most informative at the current estimate (the
  difficulty nearest to it); the test stops once the standard error is at most
  TARGET_SE after MIN_ITEMS items, or after MAX_ITEMS.
- An answerer who guesses scores near the chance rate on every item, which the
  guessing floor reads as knowing none of them: Pre-A1.
Pure: answers and items in, numbers out; no ORM, clock or randomness.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LEVELS = ("A0", "A1", "A2", "B1", "B2")  # lessons.models.CefrLevel: A0 is Pre-A1
BAND_EDGES = (-2.0, -0.5, 1.0, 2.5)
PRIOR_MEAN = -1.25  # the middle of A1: most adult learners start at Pre-A1 or A1
PRIOR_SD = 2.0
GRID = tuple(-6.0 + i * 0.05 for i in range(241))  # -6 to 6 logits
MIN_ITEMS, MAX_ITEMS, TARGET_SE = 10, 30, 0.45


@dataclass(frozen=True)
class Item:
    id: str
    difficulty: float
    guess: float = 0.0  # the chance a blind guess is right
    kind: str = ""  # what the item tests (a word, a sentence, grammar…): asked in turn


@dataclass(frozen=True)
class Estimate:
    theta: float
    se: float
    level: str
    confidence: float  # the posterior's share inside the level's interval


def probability(theta: float, item: Item) -> float:
    """The model's chance that a learner of ability `theta` answers `item` right."""
    return item.guess + (1.0 - item.guess) / (1.0 + math.exp(item.difficulty - theta))


def level_of(theta: float) -> str:
    return LEVELS[sum(theta >= edge for edge in BAND_EDGES)]


def band_centre(level: str) -> float:
    """The middle of a level's interval (the open ends are as wide as the inner levels)."""
    edges = (BAND_EDGES[0] - 1.5, *BAND_EDGES, BAND_EDGES[-1] + 1.5)
    index = LEVELS.index(level)
    return (edges[index] + edges[index + 1]) / 2


def estimate(answers: Iterable[tuple[Item, bool]]) -> Estimate:
    """The estimate after `answers`: (item, right) pairs, in any order."""
    answers = list(answers)
    logs = [_log_prior(theta) + _log_likelihood(theta, answers) for theta in GRID]
    top = max(logs)  # scaled by the largest, so that a long test does not underflow
    weights = [math.exp(log - top) for log in logs]
    total = sum(weights)
    posterior = [weight / total for weight in weights]
    mean = sum(theta * p for theta, p in zip(GRID, posterior, strict=True))
    spread = sum((theta - mean) ** 2 * p for theta, p in zip(GRID, posterior, strict=True))
    level = level_of(mean)
    inside = sum(p for theta, p in zip(GRID, posterior, strict=True) if level_of(theta) == level)
    return Estimate(theta=mean, se=math.sqrt(spread), level=level, confidence=inside)


def next_item(items: Sequence[Item], answered: set[str], theta: float) -> Item | None:
    """The unanswered item most informative at `theta` (the difficulty nearest to it;
    ties: the first in `items`), of the kind whose turn it is: kinds are asked in
    turn, in the order they first appear in `items`, so that a test mixes words,
    sentences, grammar and listening; a kind with nothing left loses its turn."""
    left = [item for item in items if item.id not in answered]
    kinds = list(dict.fromkeys(item.kind for item in items))
    asked = len([item for item in items if item.id in answered])
    for turn in range(len(kinds)):
        kind = kinds[(asked + turn) % len(kinds)]
        of_kind = [item for item in left if item.kind == kind]
        if of_kind:
            return min(of_kind, key=lambda item: abs(item.difficulty - theta))
    return None


def finished(current: Estimate, count: int) -> bool:
    return count >= MAX_ITEMS or (count >= MIN_ITEMS and current.se <= TARGET_SE)


def _log_prior(theta: float) -> float:
    return -(((theta - PRIOR_MEAN) / PRIOR_SD) ** 2) / 2


def _log_likelihood(theta: float, answers: list[tuple[Item, bool]]) -> float:
    log = 0.0
    for item, right in answers:
        p = probability(theta, item)
        log += math.log(p if right else 1.0 - p)
    return log
