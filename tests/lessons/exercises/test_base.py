"""lessons.exercises.base: what every exercise type shares."""

from lessons.exercises.base import shuffled


def test_shuffled_is_a_fixed_permutation_that_moves_something():
    items = ["a", "b", "c", "d"]
    order = shuffled(items, "block-1")
    assert sorted(order) == [0, 1, 2, 3]
    assert order == shuffled(items, "block-1")
    assert order != [0, 1, 2, 3]
