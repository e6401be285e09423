"""lessons.exercises.matching: pure, so no database."""

from lessons.exercises import matching

MATCHING = {
    "prompt": "Match.",
    "pairs": [
        {"left": "hello", "right": "안녕하십니까"},
        {"left": "thank you", "right": "고맙습니다"},
        {"left": "goodbye", "right": "안녕히 가십시오"},
    ],
}


def test_matching_scores_each_left_item():
    result = matching.grade(MATCHING, {"matches": (0, 2, 1)})
    assert result.parts == (True, False, False)
    assert result.expected[0] == "hello = 안녕하십니까"


def test_matching_with_an_unanswered_item_counts_it_wrong():
    assert matching.grade(MATCHING, {"matches": (0, 1, None)}).parts == (True, True, False)


def test_matching_accepts_either_of_two_identical_right_items():
    value = {"pairs": [{"left": "hi", "right": "안녕"}, {"left": "hello", "right": "안녕"}]}
    assert matching.grade(value, {"matches": (1, 0)}).correct
