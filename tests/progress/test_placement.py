"""The placement estimate, checked on simulated learners of known level: answers
drawn from the Rasch model the estimate assumes, items chosen adaptively from a
bank spread over every level, as the placement test will ask them."""

import random

import pytest

from progress import placement
from progress.placement import LEVELS, Item

ITEMS_PER_LEVEL = 40
CHOICES = 4  # a multiple-choice item: a guess is right one time in four


def bank(rng: random.Random) -> list[Item]:
    return [
        Item(
            f"{level}-{n}",
            placement.band_centre(level) + rng.uniform(-0.75, 0.75),
            guess=1 / CHOICES if n % 2 else 0.0,  # half multiple choice, half typed
        )
        for level in LEVELS
        for n in range(ITEMS_PER_LEVEL)
    ]


def take_test(items: list[Item], answer) -> tuple[placement.Estimate, int]:
    """Ask adaptively until the test is finished; `answer(item)` says right or wrong."""
    answers: list[tuple[Item, bool]] = []
    asked: set[str] = set()
    current = placement.estimate(answers)
    while not placement.finished(current, len(answers)):
        item = placement.next_item(items, asked, current.theta)
        asked.add(item.id)
        answers.append((item, answer(item)))
        current = placement.estimate(answers)
    return current, len(answers)


def simulated_learner(rng: random.Random, level: str) -> float:
    """An ability inside the level's interval (the open ends as wide as the others)."""
    return placement.band_centre(level) + rng.uniform(-0.75, 0.75)


def answering(rng: random.Random, theta: float):
    """A learner of ability `theta` answering as the Rasch model says."""
    return lambda item: rng.random() < placement.probability(theta, item)


def placed_levels(items: list[Item], rng: random.Random, learners: int = 400) -> list[int]:
    """How far from their own level simulated learners of every level are placed."""
    distances = []
    for _ in range(learners):
        level = rng.choice(LEVELS)
        theta = simulated_learner(rng, level)
        found, asked = take_test(items, answering(rng, theta))
        assert asked <= placement.MAX_ITEMS
        distances.append(abs(LEVELS.index(found.level) - LEVELS.index(level)))
    return distances


def assert_recovers_levels(items: list[Item], rng: random.Random) -> None:
    """At least 90% placed within one level of their own, and most exactly."""
    distances = placed_levels(items, rng)
    assert sum(distance <= 1 for distance in distances) / len(distances) >= 0.9
    assert sum(distance == 0 for distance in distances) / len(distances) >= 0.6


def test_simulated_learners_are_placed_within_one_level_of_their_own():
    rng = random.Random(19)
    assert_recovers_levels(bank(rng), rng)


def test_a_learner_who_answers_at_random_is_placed_in_first_steps():
    rng = random.Random(7)
    items = bank(rng)
    for _ in range(50):
        # A guess among the choices, and any typed answer wrong.
        found, _asked = take_test(items, lambda item: rng.random() < item.guess)
        assert found.level == "A0"


def test_every_answer_right_or_wrong_gives_a_defined_estimate_at_the_ends():
    hard = [(Item("hard", placement.band_centre("B2")), True)] * 30
    easy = [(Item("easy", placement.band_centre("A0")), False)] * 30
    assert placement.estimate(hard).level == "B2"
    assert placement.estimate(easy).level == "A0"
    assert placement.estimate([]).level == "A1"  # the prior alone: where most adults start


def test_more_answers_make_the_estimate_surer():
    answers = [(Item("mid", 0.0), right) for right in (True, False) * 15]
    few, many = placement.estimate(answers[:4]), placement.estimate(answers)
    assert many.se < few.se
    assert many.theta == pytest.approx(0.0, abs=0.3)


@pytest.mark.parametrize(
    ("theta", "level"), [(-3, "A0"), (-1, "A1"), (0, "A2"), (2, "B1"), (3, "B2")]
)
def test_levels_are_the_intervals_of_the_ability_scale(theta, level):
    assert placement.level_of(theta) == level
    assert placement.level_of(placement.band_centre(level)) == level


def test_a_guess_counts_for_less_than_a_typed_answer():
    typed, chosen = Item("typed", 0.0), Item("chosen", 0.0, guess=1 / CHOICES)
    assert placement.probability(-6.0, chosen) == pytest.approx(1 / CHOICES, abs=0.01)
    assert placement.estimate([(chosen, True)]).theta < placement.estimate([(typed, True)]).theta


def test_the_next_item_is_the_most_informative_one_not_yet_asked():
    items = [Item("a", -2.0), Item("b", 0.25), Item("c", 1.0)]
    assert placement.next_item(items, set(), 0.0).id == "b"
    assert placement.next_item(items, {"b"}, 0.0).id == "c"
    assert placement.next_item(items, {"a", "b", "c"}, 0.0) is None


def test_kinds_are_asked_in_turn_and_a_kind_with_nothing_left_loses_its_turn():
    items = [
        Item("w1", 0.0, kind="word"),
        Item("w2", 0.1, kind="word"),
        Item("g1", 3.0, kind="grammar"),
    ]
    assert placement.next_item(items, set(), 0.0).id == "w1"
    assert placement.next_item(items, {"w1"}, 0.0).id == "g1"  # grammar's turn, though far
    assert placement.next_item(items, {"w1", "g1"}, 0.0).id == "w2"
    assert placement.next_item(items, {"w2", "g1"}, 0.0).id == "w1"
