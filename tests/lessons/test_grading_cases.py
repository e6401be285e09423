"""The shared grading cases, graded by the server's Python.

tests/lessons/grading_cases.json holds cases of every exercise type and every
text rule, each with the result the rules give; test_grading_browser.py runs
the same cases through lessons/static/lessons/grading.js. A rule changed on one
side only fails one of the two. No database: values are the blocks' raw JSON,
made into block values as a page's stream makes them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.utils import translation

import pytest

from lessons.blocks import LessonStreamBlock
from lessons.exceptions import AnswerFormatError
from lessons.exercises import base, exercise_types, text
from lessons.exercises.text import RULES, RULES_FILE, spellings_for
from lessons.grading import grade_answer, parse_answer, sent_to_tutor
from progress import typing_grade

CASES_FILE = Path(__file__).resolve().parent / "grading_cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
ERROR_CODES = {message: code for code, message in RULES["answer_errors"].items()}


def case_id(case: dict) -> str:
    return case["id"]


def stored_value(block_type: str, raw: dict):
    """The block value a page's stream holds for `raw`, its stored JSON."""
    block = LessonStreamBlock.base_blocks.get(block_type)
    return block.to_python(raw) if block is not None else raw


def key_texts(case: dict) -> list[str]:
    """Every text of a case's key: the texts its spellings map is made for."""
    if "rating" in case:
        accepted = case["rating"]["accepted"]
        return [accepted] if isinstance(accepted, str) else list(accepted)
    found: list[str] = []

    def visit(item):
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for child in item.values():
                visit(child)
        elif isinstance(item, list):
            for child in item:
                visit(child)

    visit(case["value"])
    return found


def case_spellings(case: dict) -> dict[str, str]:
    return spellings_for(key_texts(case))


def python_result(case: dict):
    """What the server's Python gives for a case, in the cases' JSON shape."""
    if "rating" in case:
        rating = case["rating"]
        found = typing_grade.suggest_rating(
            rating["accepted"], rating["typed"], seconds=rating["seconds"]
        )
        return int(found)
    with translation.override("en"):
        try:
            answer = parse_answer(case["type"], case["fields"])
            grade = grade_answer(case["type"], stored_value(case["type"], case["value"]), answer)
        except AnswerFormatError as error:
            return {"error": ERROR_CODES.get(str(error), str(error))}
    return {
        "score": grade.score,
        "parts": list(grade.parts),
        "expected": list(grade.expected),
        "correct": grade.correct,
        "nearly": grade.nearly,
        "alternative": grade.alternative,
        "feedback": grade.feedback,
        # Only writing says so (and grading.js only for it): sent to the tutor, not graded.
        **({"sent_to_tutor": True} if grade.sent_to_tutor else {}),
    }


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_python_grades_the_case_as_the_table_says(case):
    assert python_result(case) == case["expect"]


def test_the_cases_cover_every_exercise_type_and_both_outcomes():
    graded = [case for case in CASES if "type" in case]
    for block_type in exercise_types():
        mine = [case["expect"] for case in graded if case["type"] == block_type]
        assert any(e.get("correct") for e in mine), block_type
        # A type not graded by rule (writing) has no wrong answer, only refused ones.
        if not sent_to_tutor(block_type):
            assert any(e.get("correct") is False for e in mine), block_type
        assert any("error" in e for e in mine), block_type
    assert len(CASES) >= 80
    assert {case["expect"] for case in CASES if "rating" in case} == {1, 2, 3, 4}
    assert len({case["id"] for case in CASES}) == len(CASES)


def test_every_error_code_is_a_message_the_server_gives():
    expected = [case["expect"] for case in CASES if isinstance(case["expect"], dict)]
    codes = {expect["error"] for expect in expected if "error" in expect}
    assert codes <= set(RULES["answer_errors"])
    assert len(codes) >= 10


def test_the_rule_file_is_the_one_django_serves():
    from django.contrib.staticfiles import finders

    assert Path(finders.find("lessons/grading_rules.json")) == RULES_FILE


def test_casefolding_beyond_lowercase_is_what_python_folds():
    """The browser folds case with this table, then toLowerCase(); the table must be
    every character (as it can stand after NFKC) whose folding differs from lower()."""
    import unicodedata

    found = {}
    for point in range(sys.maxunicode + 1):
        ch = chr(point)
        if 0xD800 <= point < 0xE000 or unicodedata.normalize("NFKC", ch) != ch:
            continue
        if unicodedata.normalize("NFKD", ch.casefold()) != unicodedata.normalize(
            "NFKD", ch.lower()
        ):
            found[ch] = ch.casefold()
    assert RULES["text"]["casefold_beyond_lowercase"] == found


def test_spellings_for_gives_what_a_british_answer_to_the_keys_needs():
    found = spellings_for(["The colour of the [[theatre|stage]].", "color"])
    assert found["colour"] == "color"
    assert found["theatre"] == "theater"
    # Within the key's typo allowance: "colours" is one slip from "colour".
    assert found["colours"] == "colors"
    assert "organise" not in found
    assert spellings_for([]) == {}
    # Every entry is breame's own, so any extra one is harmless.
    assert all(text.american(british) == american for british, american in found.items())


def test_spellings_for_reaches_words_run_together():
    """'Only the spaces differ': a British word typed as part of a key's words."""
    found = spellings_for(["the atre"])
    assert found["theatre"] == "theater"


def test_python_constants_come_from_the_rule_file():
    """Change the rule file under the server and its constants change with it."""
    script = f"""
import json, pathlib, django
real = pathlib.Path.read_text
def changed(self, *args, **kwargs):
    found = real(self, *args, **kwargs)
    if self == pathlib.Path({str(RULES_FILE)!r}):
        rules = json.loads(found)
        rules["feedback"] = {{"right": "R!", "wrong": "W!", "sent": "S!"}}
        rules["typed_review"] = {{"easy_base_seconds": 9.5, "easy_seconds_per_character": 1.5}}
        rules["answers"]["max_text_length"] = 7
        rules["typo_allowance"] = [{{"up_to_letters": None, "slips": 0}}]
        rules["text"]["quotes"] = {{"«": "'"}}
        found = json.dumps(rules)
    return found
pathlib.Path.read_text = changed
django.setup()
from lessons.exercises import base, text, writing
from progress import typing_grade
print(json.dumps([base.DEFAULT_RIGHT, base.DEFAULT_WRONG, writing.SENT, base.MAX_TEXT_LENGTH,
    typing_grade.EASY_BASE_SECONDS, typing_grade.EASY_SECONDS_PER_CHARACTER,
    text.typo_allowance("prescription"), text.normalise("don«t")]))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [
        "R!",
        "W!",
        "S!",
        7,
        9.5,
        1.5,
        0,
        "dont",
    ]
    # And, in this process, they are the file's own.
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    own = (base.DEFAULT_RIGHT, base.DEFAULT_WRONG, typing_grade.EASY_BASE_SECONDS)
    feedback, review = rules["feedback"], rules["typed_review"]
    assert own == (feedback["right"], feedback["wrong"], review["easy_base_seconds"])
