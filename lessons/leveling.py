"""Lesson level analysis: is a lesson's English within reach of its level?

The English of a lesson is gathered from its blocks (`english_of`): rich text
(tags stripped), dialogue titles and lines, image alt text and captions, and what each
exercise type's `english_text` gives (lessons.exercises: the prompt, choices,
gap-fill text with blanks filled with their first answer, matching left items,
word-order sentence, dictation text, minimal-pair words). Korean fields are
never read.

Words are lemmatised with lemminflect (every lemma of every part of speech is a
candidate; the one shown is the word itself when it is its own lemma, else the
verb, noun, adjective or adverb lemma, in that order). A multi-word headword
("credit score") counts for each of its words.

A lemma is *above level* when all of these hold:
- its wordfreq zipf frequency in English (the highest of the word and its
  lemmas) is below the level's floor;
- it is not taught in this lesson or in an earlier lesson of the course;
- it is not a vocabulary item at or below the lesson's level (at Pre-A1 no
  item is: a learner who cannot yet read English is assumed to know no word
  but the most frequent, so every other word a Pre-A1 lesson uses is taught).
Numbers and proper names (capitalised words that do not start a sentence, and
dialogue speaker names) are ignored: they count neither as running words nor as
above level.

Coverage is the share of running words that are not above level. Mean sentence
length is words per sentence over the lesson's running text (rich text,
dialogue lines, prompts, gap-fill, word-order and dictation texts); choices,
matching items, alt text and minimal-pair words are fragments that count for
coverage only.

Sentences end at ".", "!" or "?" followed by space, except after a title
(Mr., Mrs., Ms., Dr., St.) or "e.g." / "i.e.", which never end one, and after
"a.m.", "p.m." or "U.S.", which end one only when a capital letter follows.
No sentence-splitting library is installed, and one would be heavy for this.

Thresholds (C1 uses the B2 values). "Known" depends on the level: the floor
at Pre-A1 (A0) is so high that only about seventy of the most frequent words
(the, is, you, have, this, my, not, one, can, what, do, no…) pass it, so want,
need, go, good, time, family and money (zipf 5.5-6.29) must be taught there; its shorter sentences
suit a first-time reader, and its lower coverage allows for the few English
words of the exercise prompts a lesson for beginners cannot avoid.

| level | zipf floor | coverage at least | mean sentence length at most |
| ----- | ---------- | ----------------- | ---------------------------- |
| A0    | 6.3        | 90%               | 7                            |
| A1    | 4.5        | 97%               | 10                           |
| A2    | 4.0        | 97%               | 14                           |
| B1    | 3.5        | 96%               | 18                           |
| B2    | 3.0        | 95%               | 24                           |

A lesson with no running words is reported as empty, never as within the
thresholds. The report of a saved lesson also lists its taught words whose North Korean
form a learner is not shown (unverified), for editors to source.
"""

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from django.utils.html import strip_tags

from lemminflect import getAllLemmas
from wordfreq import zipf_frequency

from lessons.exercises import registry

LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1")
# The level at which no vocabulary item is assumed known, only taught words (see above).
FIRST_READERS = "A0"


@dataclass(frozen=True)
class Thresholds:
    zipf_floor: float
    min_coverage: float
    max_sentence_length: float


THRESHOLDS = {
    "A0": Thresholds(6.3, 0.90, 7),
    "A1": Thresholds(4.5, 0.97, 10),
    "A2": Thresholds(4.0, 0.97, 14),
    "B1": Thresholds(3.5, 0.96, 18),
    "B2": Thresholds(3.0, 0.95, 24),
    "C1": Thresholds(3.0, 0.95, 24),
}
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[-'\u2019][A-Za-z0-9]+)*")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\u201d\u2019]*\s+")
# Abbreviations that never end a sentence, and those that may (before a capital).
NEVER_ENDS_RE = re.compile(r"(?:^|\W)(?:mrs?|ms|dr|st|e\.g|i\.e)\.$", re.I)
MAY_END_RE = re.compile(r"(?:^|\W)(?:a\.m|p\.m|u\.s)\.$", re.I)
BLOCK_TAG_RE = re.compile(r"</?(?:p|li|ul|ol|br|h[1-6]|div|blockquote)\b[^>]*>", re.I)
CLITICS = {"n't": "not", "'s": "", "'re": "be", "'m": "be", "'ll": "will", "'ve": "have", "'d": ""}
IRREGULAR_NEGATIVES = {"can't": "can", "won't": "will", "shan't": "shall", "ain't": "be"}
LEMMA_ORDER = ("VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN")


@dataclass(frozen=True)
class EnglishText:
    """A lesson's English: running text, fragments, and names to ignore."""

    prose: tuple[str, ...]
    fragments: tuple[str, ...]
    names: frozenset[str]


@dataclass(frozen=True)
class LessonLevelReport:
    level: str
    taught: tuple[str, ...]
    taught_before: tuple[str, ...]
    above_level: tuple[tuple[str, float, int], ...]  # (lemma, zipf, occurrences)
    running_words: int
    sentences: int
    coverage: float
    mean_sentence_length: float
    north_unverified: tuple[str, ...] = ()  # taught words whose North form awaits a source

    @property
    def thresholds(self) -> Thresholds:
        return THRESHOLDS[self.level]

    @property
    def empty(self) -> bool:
        """No English to measure: coverage and sentence length would say nothing."""
        return self.running_words == 0

    def problems(self) -> list[str]:
        if self.empty:
            return ["the lesson is empty: it has no English text to measure yet"]
        found = []
        if self.coverage < self.thresholds.min_coverage:
            found.append(
                f"coverage {self.coverage:.1%} is below {self.thresholds.min_coverage:.0%}"
            )
        if self.mean_sentence_length > self.thresholds.max_sentence_length:
            found.append(
                f"mean sentence length {self.mean_sentence_length:.1f} is above "
                f"{self.thresholds.max_sentence_length}"
            )
        return found


# --- gathering the English of a lesson ----------------------------------------


def english_of(blocks: Iterable[tuple[str, Mapping]]) -> EnglishText:
    """Gather the English of (block_type, value) pairs.

    A value is a StructValue or a dict with the block's YAML keys; a text
    block's value may be rich text, an HTML string or a dict with `html`.
    """
    prose, fragments, names = [], [], set()
    exercises = registry()
    for block_type, value in blocks:
        if block_type in exercises:
            running, pieces = exercises[block_type].english_text(value)
            prose.extend(running)
            fragments.extend(pieces)
        elif block_type in GATHERERS:
            GATHERERS[block_type](value, prose, fragments, names)
    return EnglishText(
        tuple(t for t in prose if t), tuple(t for t in fragments if t), frozenset(names)
    )


def html_chunks(value) -> list[str]:
    source = value.get("html", "") if isinstance(value, Mapping) else value
    source = getattr(source, "source", source) or ""
    text = html.unescape(strip_tags(BLOCK_TAG_RE.sub("\n", str(source))))
    return [line.strip() for line in text.split("\n")]


def get(item, name: str, default=""):
    found = item.get(name, default) if hasattr(item, "get") else getattr(item, name, default)
    return default if found is None else found


def gather_text(value, prose, fragments, names):
    prose.extend(html_chunks(value))


def gather_dialogue(value, prose, fragments, names):
    prose.append(get(value, "title"))
    for line in get(value, "lines", []):
        prose.append(get(line, "en"))
        names.update(TOKEN_RE.findall(get(line, "speaker")))


def gather_image(value, prose, fragments, names):
    fragments.extend([get(value, "alt"), get(value, "caption")])


GATHERERS = {
    "text": gather_text,
    "dialogue": gather_dialogue,
    "image": gather_image,
}


# --- words -------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    pieces = SENTENCE_END_RE.split(text.strip())
    found = pieces[:1]
    for piece in pieces[1:]:
        if continues(found[-1], piece):
            found[-1] += " " + piece
        else:
            found.append(piece)
    return [s for s in found if TOKEN_RE.search(s)]


def continues(before: str, after: str) -> bool:
    """Whether the break between two pieces falls after an abbreviation, not a sentence."""
    if NEVER_ENDS_RE.search(before):
        return True
    return bool(MAY_END_RE.search(before)) and not after[:1].isupper()


def tokens(sentence: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The lower-cased words of a sentence, without numbers and proper names."""
    found = []
    for position, token in enumerate(TOKEN_RE.findall(sentence.replace("\u2019", "'"))):
        if any(ch.isdigit() for ch in token) or token in names:
            continue
        if position > 0 and is_capitalised(token):
            continue
        found.extend(base_form(part.lower()) for part in token.split("-"))
    return [token for token in found if token]


def is_capitalised(token: str) -> bool:
    return token[0].isupper() and token.split("'")[0] != "I"


def base_form(token: str) -> str:
    if token in IRREGULAR_NEGATIVES:
        return IRREGULAR_NEGATIVES[token]
    for clitic in CLITICS:
        if token.endswith(clitic) and len(token) > len(clitic):
            return token[: -len(clitic)]
    return token.replace("'", "")


@lru_cache(maxsize=50_000)
def lemmas(word: str) -> tuple[str, ...]:
    """The word's candidate lemmas, the one to show first."""
    by_pos = getAllLemmas(word)
    found = [lemma.lower() for pos in LEMMA_ORDER for lemma in by_pos.get(pos, ())]
    found += [lemma.lower() for forms in by_pos.values() for lemma in forms]
    if word in found or not found:
        found.insert(0, word)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    return max(zipf_frequency(form, "en") for form in lemmas(word))


def forms_of(headwords: Iterable[str]) -> frozenset[str]:
    """Every word and lemma of the headwords; a multi-word headword counts per word."""
    found = set()
    for headword in headwords:
        for word in tokens(headword.lower()):
            found.add(word)
            found.update(lemmas(word))
    return frozenset(found)


def at_or_below(level: str, vocabulary: Mapping[str, str] | Iterable[tuple[str, str]]):
    """Headwords of the items a learner at `level` is assumed to know (none at Pre-A1)."""
    items = vocabulary.items() if isinstance(vocabulary, Mapping) else vocabulary
    if level == FIRST_READERS:
        return []
    limit = LEVELS.index(level)
    return [headword for headword, item_level in items if LEVELS.index(item_level) <= limit]


# --- the report --------------------------------------------------------------


def analyse(
    text: EnglishText,
    *,
    level: str,
    taught: Iterable[str],
    taught_before: Iterable[str] = (),
    vocabulary: Mapping[str, str] | Iterable[tuple[str, str]] = (),
) -> LessonLevelReport:
    """Level report for a lesson's English; `vocabulary` is (headword, CEFR level) pairs."""
    taught, taught_before = tuple(taught), tuple(taught_before)
    known = forms_of([*taught, *taught_before, *at_or_below(level, vocabulary)])
    floor = THRESHOLDS[level].zipf_floor
    prose = [tokens(s, text.names) for chunk in text.prose for s in sentences(chunk)]
    prose = [words for words in prose if words]
    fragments = [tokens(chunk, text.names) for chunk in text.fragments]
    running = [word for words in prose + fragments for word in words]
    above = above_level(running, known, floor)
    prose_words = sum(len(words) for words in prose)
    return LessonLevelReport(
        level=level,
        taught=taught,
        taught_before=taught_before,
        above_level=tuple(sorted((lemma, zipf(lemma), n) for lemma, n in above.items())),
        running_words=len(running),
        sentences=len(prose),
        coverage=1 - sum(above.values()) / len(running) if running else 1.0,
        mean_sentence_length=prose_words / len(prose) if prose else 0.0,
    )


def above_level(running: list[str], known: frozenset[str], floor: float) -> Counter:
    """Occurrences, by shown lemma, of the running words that are rare and not known."""
    return Counter(
        lemmas(word)[0]
        for word in running
        if zipf(word) < floor and known.isdisjoint((word, *lemmas(word)))
    )


def report_for_lesson(page) -> LessonLevelReport:
    """The level report of a LessonPage, from its body and its course's vocabulary."""
    from lessons.models import LessonPage, LessonVocabulary, VocabularyItem

    earlier = LessonPage.objects.sibling_of(page).filter(path__lt=page.path)
    taught_before = LessonVocabulary.objects.filter(page__in=earlier).values_list(
        "item__headword", flat=True
    )
    items = page.vocabulary_items()
    report = analyse(
        english_of((block.block_type, block.value) for block in page.body),
        level=page.cefr_level,
        taught=[item.headword for item in items],
        taught_before=list(taught_before),
        vocabulary=VocabularyItem.objects.values_list("headword", "cefr_level"),
    )
    unverified = [str(item) for item in items if not item.north_forms_for_learners()]
    return replace(report, north_unverified=tuple(unverified))


def format_report(report: LessonLevelReport) -> str:
    """The report as plain text lines, for the terminal."""
    t = report.thresholds
    lines = [
        f"Level: {report.level}",
        f"Words taught here ({len(report.taught)}): {', '.join(report.taught) or '-'}",
        f"Words taught earlier ({len(report.taught_before)}): "
        f"{', '.join(report.taught_before) or '-'}",
        f"Running words: {report.running_words}",
        f"Coverage: {report.coverage:.1%} (at least {t.min_coverage:.0%})",
        f"Mean sentence length: {report.mean_sentence_length:.1f} "
        f"(at most {t.max_sentence_length})",
        f"Above level and not taught ({len(report.above_level)}):",
        *(f"  {lemma} (zipf {z:.2f}, {n}x)" for lemma, z, n in report.above_level),
        f"North forms to verify ({len(report.north_unverified)}): "
        f"{', '.join(report.north_unverified) or '-'}",
    ]
    lines += [f"PROBLEM: {problem}" for problem in report.problems()] or ["Within thresholds."]
    return "\n".join(lines)
