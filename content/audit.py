"""Auditing the curriculum's North Korean forms against two reference files (no database).

The references are read from paths the caller gives: the Ministry of
Unification word pairs (`south_form,north_form`, a South form may have several
North forms) and the checked rows (`english,sk_form,nk_form,confirmed,...`,
North forms separated by ";", notes in brackets; an `unconfirmed` row supports
nothing). The curriculum is read by `content.schema.read_curriculum`. Only
*claimed* forms are audited: the `gloss_nk` of an attested or shared item; an
unverified item claims nothing.

Findings, one rule each:
- unattested: a claimed form that is none of the item's South forms, while the
  item is not attested, or is attested by a pair or checked row that does not
  give that form.
- conflict: the pairs give other North forms for a South form the item answers
  (its only South form, or one it claims as the North's too), and the item
  claims none of them (nor does its checked row support a claimed form).
- initial sound (the North keeps initial ㄹ/ㄴ, no 두음법칙): a claimed word that
  starts with a Southern 두음 spelling of a word the pairs spell with ㄹ/ㄴ
  (노인 where a pair says 노인→로인); the same morpheme spelled with ㄹ/ㄴ in
  one item and with ㅇ/ㄴ in another (로선 and 노선); and a word "shared by
  rule" that could be a 두음 spelling (it needs a pair or another source).
- homograph risk: a claimed form that only a Hangul match of a pair supports.
  An editor clears it by writing `sense confirmed: <why>` into nk_source, or by
  citing another source (a URL or the checked row); it is never cleared here.
- note: the Korean note of an unverified item speaks of the North (북) and
  quotes its candidate form, showing the learner a North form no source
  supports (unless a checked row gives it, or a pair gives it for a South
  word the note quotes too).
A pair that matches the Hangul but not the sense (연구→련구 is 聯句, "linked
verse") is set aside by writing `pair rejected: 연구→련구 (<why>)` into
nk_source: it then raises neither a conflict nor an initial-sound finding.
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from content.initial_sounds import could_be_southern_spelling, southern_spelling
from content.schema import Curriculum, read_curriculum

ATTESTED, SHARED, UNVERIFIED = "attested", "shared", "unverified"
KINDS = ("unattested", "conflict", "initial_sound", "homograph", "note")
SENSE_CONFIRMED = "sense confirmed:"
PAIR_REJECTED = "pair rejected:"
SHARED_BY_RULE = "shared by rule"
BRACKETED = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class References:
    pairs: Mapping[str, frozenset[str]]  # South form -> North forms
    checked: Mapping[str, frozenset[str]]  # English (lower case) -> North forms


@dataclass(frozen=True)
class AuditItem:
    key: str
    english: str
    south: tuple[str, ...]
    north: tuple[str, ...]  # claimed forms: empty when unverified
    status: str
    source: str
    candidates: tuple[str, ...] = ()
    note: str = ""
    loanword: str = ""  # the South Korean loanword (sk_loanword), when there is one


@dataclass(frozen=True)
class Finding:
    kind: str
    key: str
    message: str


# --- reading ----------------------------------------------------------------------


def read_references(pairs_path: Path, checked_path: Path) -> References:
    pairs: dict[str, set[str]] = defaultdict(set)
    for row in read_rows(pairs_path):
        pairs[row["south_form"].strip()].add(row["north_form"].strip())
    checked: dict[str, set[str]] = defaultdict(set)
    for row in read_rows(checked_path):
        if row["confirmed"].strip() != "unconfirmed":
            for english in english_keys(row["english"]):
                checked[english].update(split_forms(row["nk_form"]))
    return References(freeze(pairs), freeze(checked))


def read_rows(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def freeze(found: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in found.items()}


def english_keys(text: str) -> list[str]:
    """'minus / negative' and 'app (application)' name minus, negative and app."""
    return [part.strip().lower() for part in BRACKETED.sub("", text).split("/") if part.strip()]


def split_forms(text: str) -> list[str]:
    """Forms separated by ";" or ",", with bracketed notes left out."""
    cleaned = BRACKETED.sub("", text)
    return [form.strip() for form in re.split(r"[;,]", cleaned) if form.strip()]


def audit_items(curriculum: Curriculum) -> list[AuditItem]:
    return [audit_item(entry.data) for entry in curriculum.vocabulary]


def audit_item(data: Mapping) -> AuditItem:
    sense = f" ({data['sense']})" if data["sense"] else ""
    return AuditItem(
        key=f"{data['headword']}{sense}",
        english=data["headword"],
        south=tuple(split_forms(data["gloss_sk"])),
        north=tuple(data["gloss_nk"]) if data["nk_status"] != UNVERIFIED else (),
        status=data["nk_status"],
        source=data["nk_source"],
        candidates=tuple(data["nk_candidate"]) if data["nk_status"] == UNVERIFIED else (),
        note=data["note_ko"],
        loanword=data["sk_loanword"],
    )


# --- support for one form ----------------------------------------------------------


def pair_support(item: AuditItem, form: str, refs: References) -> str:
    """'MOU pair 노선→로선' when a pair maps one of the item's South forms to `form`."""
    for south in item.south:
        if form in refs.pairs.get(south, ()):
            return f"MOU pair {south}→{form}"
    return ""


def checked_support(item: AuditItem, form: str, refs: References) -> str:
    return (
        f"checked row: {item.english}" if form in refs.checked.get(item.english.lower(), ()) else ""
    )


def rejected(item: AuditItem, south: str) -> bool:
    return f"{PAIR_REJECTED} {south}→" in item.source


def different_forms(item: AuditItem) -> list[str]:
    return [form for form in item.north if form not in item.south]


# --- the checks ----------------------------------------------------------------------


def unattested(item: AuditItem, refs: References) -> list[Finding]:
    found = []
    for form in different_forms(item):
        if item.status != ATTESTED:
            found.append(Finding("unattested", item.key, f"{form} differs from the South form"))
        elif cites_reference_files(item.source) and not supported(item, form, refs):
            found.append(Finding("unattested", item.key, f"{form}: the cited pair/row lacks it"))
    return found


def cites_reference_files(source: str) -> bool:
    return "http" not in source and ("MOU pair" in source or "checked row:" in source)


def supported(item: AuditItem, form: str, refs: References) -> bool:
    return bool(pair_support(item, form, refs) or checked_support(item, form, refs))


def conflicts(item: AuditItem, refs: References) -> list[Finding]:
    if not item.north or any(checked_support(item, f, refs) for f in item.north):
        return []
    found = []
    for south in answered(item):
        others = sorted(refs.pairs.get(south, frozenset()) - {south})
        if others and not set(item.north) & set(others) and not rejected(item, south):
            message = f"the pairs give {south}→{', '.join(others)}; the item says {item.north}"
            found.append(Finding("conflict", item.key, message))
    return found


def answered(item: AuditItem) -> list[str]:
    """The South forms the item's North forms answer: those it claims as shared too, or its
    only South form (with several, a form claimed for one says nothing about another)."""
    return list(item.south) if len(item.south) == 1 else [s for s in item.south if s in item.north]


def homograph_risks(item: AuditItem, refs: References) -> list[Finding]:
    if SENSE_CONFIRMED in item.source or "http" in item.source:
        return []
    return [
        Finding("homograph", item.key, f"homograph risk: confirm the pair means this sense ({how})")
        for form in different_forms(item)
        if (how := pair_support(item, form, refs)) and not checked_support(item, form, refs)
    ]


def southern_spellings(item: AuditItem, refs: References) -> list[Finding]:
    """Claimed words starting with a 두음 spelling of a word the pairs keep with ㄹ/ㄴ."""
    found = []
    for word in claimed_words(item):
        for length in range(len(word), 1, -1):
            start = word[:length]
            kept = [
                n for n in refs.pairs.get(start, ()) if n != start and southern_spelling(n) == start
            ]
            if kept and not rejected(item, start):
                message = f"{word}: the North keeps the initial sound, {start}→{kept[0]}"
                found.append(Finding("initial_sound", item.key, message))
                break
    return found


def shared_by_rule_spellings(item: AuditItem, refs: References) -> list[Finding]:
    """Shared by rule may not cover a word that could be a Southern 두음 spelling."""
    if item.status != SHARED or not item.source.startswith(SHARED_BY_RULE):
        return []
    return [
        Finding("initial_sound", item.key, f"{word}: shared by rule needs a source here")
        for word in claimed_words(item)
        if could_be_southern_spelling(word.lstrip("…~"))
    ]


def claimed_words(item: AuditItem) -> list[str]:
    return [word for form in item.north for word in form.split()]


def sister_spellings(items: Iterable[AuditItem]) -> list[Finding]:
    """A morpheme (a word's first two syllables) kept with ㄹ/ㄴ in one item, 두음 in another.

    The 두음 rule is one of Sino-Korean and native words: a North form that spells the
    item's loanword (it begins as the South loanword does: 로타리 for 로터리, 노타이샤쯔 for
    노타이) is no such morpheme, so 로타 and 노타 are not one morpheme spelled twice."""
    starts: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for word in claimed_words(item):
            if not spells_the_loanword(item, word):
                starts[word[:2]].add(item.key)
    found = []
    for start, keys in sorted(starts.items()):
        southern = southern_spelling(start)
        if len(start) == 2 and southern != start and starts.get(southern):
            message = f"{start} in {sorted(keys)} but {southern} in {sorted(starts[southern])}"
            found.append(Finding("initial_sound", sorted(starts[southern])[0], message))
    return found


def spells_the_loanword(item: AuditItem, word: str) -> bool:
    return bool(item.loanword) and word[:1] == item.loanword[:1]


def notes_naming_candidates(item: AuditItem, refs: References) -> list[Finding]:
    """A learner's note that quotes an unverified form shows it as a North form after all."""
    return [
        Finding("note", item.key, f"the note quotes the unverified form {form}")
        for form in item.candidates
        if "북" in item.note
        and f"'{form}'" in item.note
        and form not in item.south
        and not note_source(item.note, form, refs)
    ]


def note_source(note: str, form: str, refs: References) -> bool:
    """A note may quote a form a checked row gives, or one a pair gives for a word it quotes."""
    if any(form in forms for forms in refs.checked.values()):
        return True
    return any(form in north and f"'{south}'" in note for south, north in refs.pairs.items())


# --- the whole audit ------------------------------------------------------------------


PER_ITEM = (
    unattested,
    conflicts,
    southern_spellings,
    shared_by_rule_spellings,
    homograph_risks,
    notes_naming_candidates,
)


def audit(items: list[AuditItem], refs: References) -> list[Finding]:
    found = [finding for item in items for check in PER_ITEM for finding in check(item, refs)]
    return found + sister_spellings(items)


def summary(items: list[AuditItem], findings: list[Finding]) -> str:
    statuses = [item.status for item in items]
    kinds = [finding.kind for finding in findings]
    counted = ", ".join(f"{kinds.count(kind)} {kind.replace('_', '-')}" for kind in KINDS)
    return (
        f"{len(items)} items: {statuses.count(ATTESTED)} attested, {statuses.count(SHARED)} "
        f"shared, {statuses.count(UNVERIFIED)} unverified; findings: {counted}"
    )


def audit_report(root: Path, pairs_path: Path, checked_path: Path) -> list[str]:
    """The findings, one a line, then the summary line."""
    items = audit_items(read_curriculum(root))
    findings = audit(items, read_references(pairs_path, checked_path))
    lines = [f"{f.kind}: {f.key}: {f.message}" for f in findings]
    return [*lines, summary(items, findings)]
