"""Is a page Korean everywhere a learner reads it?

`english_leaks(page)` returns each visible text node of a Playwright page that
is not Korean: it has Latin letters, and either no Hangul at all or an English
word (two letters or more) that is not a name the site keeps in Latin letters
(the brand, Anki and file formats). Text inside an element marked `lang="en"`
(English being taught), inside `<code>`, or inside an element marked
`translate="no"` (names and text the site does not write: a classroom's name,
a user name, an organisation's name, a learner's story) is left out, and so
are the brand names "Saebom" and "새봄" and CEFR levels (A1 to C2). A Korean
sentence naming a sound by its letter ("r과 l") passes: single letters are
not English words.
"""

import re
from dataclasses import dataclass

# Names written in Latin letters on the Korean site, on purpose.
# "th" names a sound by its letters, as "f" and "p" do (lessons.phonetics labels).
KEPT_IN_LATIN = {"Saebom", "Anki", "AnkiDroid", "CSV", "JSON", "apkg", "colpkg", "MOU", "th"}
CEFR_LEVEL = re.compile(r"\b[ABC][12]\b")
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
LATIN = re.compile(r"[A-Za-z]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")

VISIBLE_TEXT = """() => {
  const skipped = ['script, style, noscript, template, code',
                   '[lang|="en"], [translate="no"], [hidden], [aria-hidden="true"]'].join(', ');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
        ? '.' + e.className.trim().split(/\\s+/)[0] : ''));
    }
    return parts.join(' > ');
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest(skipped)) continue;
    if (parent.checkVisibility && !parent.checkVisibility({visibilityProperty: true})) continue;
    found.push({text: text.replace(/\\s+/g, ' '), where: where(parent)});
  }
  return found;
}"""


@dataclass(frozen=True)
class Leak:
    text: str
    where: str  # the element path, e.g. "form.stack > div.field > label"


def is_korean(text: str) -> bool:
    """Whether a text node reads as Korean (or has no letters at all)."""
    rest = ENGLISH_WORD.sub(lambda word: "" if word[0] in KEPT_IN_LATIN else word[0], text)
    rest = CEFR_LEVEL.sub("", rest)
    if ENGLISH_WORD.search(rest):
        return False
    return not LATIN.search(rest) or bool(HANGUL.search(rest))


def english_leaks(page) -> list[Leak]:
    """Every visible text node of the page that is not Korean."""
    nodes = page.evaluate(VISIBLE_TEXT)
    return [Leak(node["text"], node["where"]) for node in nodes if not is_korean(node["text"])]
