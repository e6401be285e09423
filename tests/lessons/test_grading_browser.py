"""The shared grading cases, graded in headless Chromium by grading.js.

The same cases as test_grading_cases.py (tests/lessons/grading_cases.json),
with the same rule file (lessons/static/lessons/grading_rules.json) and each
case's spellings map made by the server's `spellings_for`, as the offline pack
carries it. No server: the script is loaded into a blank page.
"""

import json
import sys
import unicodedata

import pytest
from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

from lessons.exercises.text import RULES_FILE, normalise, spelling, spellings_for
from tests.lessons.test_grading_cases import CASES, case_id, case_spellings

pytestmark = pytest.mark.browser

GRADING_JS = RULES_FILE.parent / "grading.js"
# The text rules grading.js uses; every page loads this first.
GRADING_TEXT_JS = RULES_FILE.parent / "grading_text.js"

# Every case in one call; an error is reported by its name and code, as a caller sees it.
RUN_CASES = """([cases, rules]) => {
  SaebomGrading.setRules(rules);
  return cases.map(function (c) {
    try {
      if (c.rating) {
        var r = c.rating;
        return SaebomGrading.suggestRating(r.accepted, r.typed, r.seconds, c.spellings);
      }
      var answer = SaebomGrading.parse(c.type, c.fields);
      return SaebomGrading.grade(c.type, c.value, answer, c.spellings);
    } catch (error) {
      if (error.name === "AnswerFormatError") return {error: error.code};
      return {thrown: String(error)};
    }
  });
}"""


def grading_page(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    page.add_script_tag(path=str(GRADING_TEXT_JS))
    page.add_script_tag(path=str(GRADING_JS))
    return page


@pytest.fixture(scope="module")
def browser_results(browser):
    page = grading_page(browser)
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    cases = [{**case, "spellings": case_spellings(case)} for case in CASES]
    results = page.evaluate(RUN_CASES, [cases, rules])
    page.close()
    return dict(zip((case["id"] for case in CASES), results, strict=True))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_browser_grades_the_case_as_the_table_says(case, browser_results):
    assert browser_results[case["id"]] == case["expect"]


def test_the_script_works_in_a_worker_without_a_window(browser, tmp_path):
    """A service worker loads both files with importScripts: they attach to `self`."""
    page = grading_page(browser)
    rules = RULES_FILE.read_text(encoding="utf-8")
    sources = [path.read_text(encoding="utf-8") for path in (GRADING_TEXT_JS, GRADING_JS)]
    worker = f"""importScripts.apply(self, SCRIPTS);
SaebomGrading.setRules({rules});
postMessage(typeof window + " " + SaebomGrading.spelling("colour", "color", {{"colour": "color"}}));
"""
    found = page.evaluate(
        """([sources, worker]) => new Promise((resolve, reject) => {
          const blob = (text) => URL.createObjectURL(new Blob([text], {type: "text/javascript"}));
          const scripts = JSON.stringify(sources.map(blob));
          const url = blob(`var SCRIPTS = ${scripts};\n${worker}`);
          const running = new Worker(url);
          running.onmessage = (event) => resolve(event.data);
          running.onerror = (event) => reject(new Error(event.message));
        })""",
        [sources, worker],
    )
    page.close()
    assert found == "undefined right"


def test_grading_js_loaded_without_the_text_rules_names_the_file_it_needs(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_script_tag(path=str(GRADING_JS))
    defined = page.evaluate("() => typeof SaebomGrading")
    page.close()
    assert defined == "undefined"
    assert any("grading_text.js" in error for error in errors)


def test_grading_before_the_rules_are_set_says_so(browser):
    page = grading_page(browser)
    found = page.evaluate(
        """() => { try { SaebomGrading.words("a b"); return "graded"; }
                   catch (error) { return error.message; } }"""
    )
    page.close()
    assert "setRules" in found


def test_every_character_python_knows_is_normalised_alike(browser):
    """Each character of Python's Unicode database, between two letters, normalises
    as Python's `normalise` gives it: categories, case folding, NFKC and quotes.
    Characters Python's older Unicode does not assign (category Cn) are left out:
    the browser's newer Unicode may make them letters."""
    texts = [
        f"a{chr(point)}B"
        for point in range(sys.maxunicode + 1)
        if not 0xD800 <= point < 0xE000 and unicodedata.category(chr(point)) != "Cn"
    ]
    page = grading_page(browser)
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """([texts, rules]) => { SaebomGrading.setRules(rules);
             return texts.map((text) => SaebomGrading.normalise(text, {})); }""",
        [texts, rules],
    )
    page.close()
    differ = [(text, found[i]) for i, text in enumerate(texts) if normalise(text) != found[i]]
    assert differ == []


def test_british_and_american_answers_grade_alike_with_the_packs_spellings(browser):
    """With only `spellings_for(keys)` of breame's table, the browser grades British
    and American answers, and slips in them, as the server does with all of it."""
    entries = sorted(BRITISH_ENGLISH_SPELLINGS.items())[::4]
    trials = []
    for british, american in entries:
        for key in (british, american, f"a {american} b", f"{american[:2]} {american[2:]}"):
            for typed in (british, american, british + "s", british[:-1], f"a{british}b"):
                trials.append((key, typed, spellings_for([key])))
    page = grading_page(browser)
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """([trials, rules]) => { SaebomGrading.setRules(rules);
             return trials.map(([key, typed, map]) =>
               SaebomGrading.spelling(key, typed, map)); }""",
        [trials, rules],
    )
    page.close()
    differ = [
        (key, typed, found[i])
        for i, (key, typed, _) in enumerate(trials)
        if spelling(key, typed) != found[i]
    ]
    assert differ == []


def test_load_rules_fetches_the_static_rule_file(browser):
    page = grading_page(browser)
    page.route(
        "http://saebom.test/static/lessons/grading_rules.json",
        lambda route: route.fulfill(
            path=str(RULES_FILE), headers={"Access-Control-Allow-Origin": "*"}
        ),
    )
    found = page.evaluate(
        """() => SaebomGrading.loadRules("http://saebom.test/static/lessons/grading_rules.json")
                 .then((grading) => grading.grade("minimal_pair",
                   {words: ["fan", "pan"], answer: "fan"}, {choice: "fan"}, {}).feedback)"""
    )
    page.close()
    assert found == json.loads(RULES_FILE.read_text(encoding="utf-8"))["feedback"]["right"]
