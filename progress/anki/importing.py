"""Bringing a learner's offline Anki reviews into their Saebom history.

Mapping rules:
- A note is Saebom's when its last field (WordId) is the uuid of a vocabulary
  item, or, failing that, when its GUID is `export.note_guid` of one. Any other
  note is counted as not from Saebom and its reviews are ignored.
- A card's template ordinal is its direction: 0 recognition, 1 production;
  other ordinals are not Saebom cards, and their rows are skipped.
- A revlog row is an answer unless Anki's own optimizer would skip it: a manual
  or rescheduled row, a row without a rating (ease 0), or a filtered-deck review
  that did not reschedule (factor 0). Rows dated after `now` plus the clock skew
  that `record_review` allows are skipped the same way it refuses them, and so
  are rows dated before Anki existed (EARLIEST): a damaged or hand-edited
  collection can hold any integer as a row id, and one such row must not cost
  the learner the rest of their history.
- A reset ("Reset card": a manual row with factor 0, where "Set due date"
  keeps the ease) starts the card afresh, so Anki drops the history before it;
  those rows are skipped too. Anki also starts a card's memory at its last run
  of learning rows; web answers carry no such kind, so that rule is not applied.
- Each answer becomes a ReviewLog with source "anki" and external id
  "anki:<revlog id>:<card id>". The revlog id alone is unique only within one
  collection; with the card id added, the same review exported twice (or from
  two synced devices) is recognised, while two collections that happen to share
  a millisecond cannot collide.

The import is one transaction. The learner's cards are locked first, so web
answers wait for it; logs are written in bulk (`progress.bulk_write`: COPY on
PostgreSQL, sent in batches as they are made), and while the database takes them
each card that gained a log is replayed once over its whole history (web and Anki)
in time order (`progress.replaying`, FSRS in Rust).
While the learner and all their cards are locked, no other log of theirs can be
written, so the ids found recorded at the start are all there are. An import
that would take the learner past ANKI_REVIEWS_PER_LEARNER reviews is refused whole.
"""

import gc
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import LearnerProfile
from lessons.models import VocabularyItem

from .. import bulk_write, memory, replaying
from ..models import ReviewCard, ReviewLog
from ..recording import CLOCK_SKEW, create_review_cards
from ..scheduler import ReviewKind
from . import export
from .exceptions import TooManyReviewsKept
from .package import PackageContents, RevlogRow

# Plain strings, as the cards read back give them: an import looks one up per answer.
DIRECTIONS = {0: ReviewCard.Direction.RECOGNITION.value, 1: ReviewCard.Direction.PRODUCTION.value}
_MAX_DURATION_MS = 2**31 - 1
# Anki's first release; no genuine review is older.
EARLIEST = datetime(2006, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ImportResult:
    new_reviews: int = 0
    already_known: int = 0
    foreign_notes: int = 0
    skipped_rows: int = 0
    new_cards: int = 0
    cards_replayed: int = 0


# Plain values: these run once per revlog row, and an enum member compares slower.
_NOT_ANSWERS = frozenset({int(ReviewKind.MANUAL), int(ReviewKind.RESCHEDULED)})
_FILTERED, _MANUAL = int(ReviewKind.FILTERED), int(ReviewKind.MANUAL)
_ANKI = ReviewLog.Source.ANKI.value
# Logs are sent to the database this many at a time, so it starts on them early.
LOG_BATCH = 5000


def is_answer(row: RevlogRow) -> bool:
    """Whether Anki's optimizer would train on this row."""
    if not 1 <= row.ease <= 4 or row.type in _NOT_ANSWERS:
        return False
    return not (row.type == _FILTERED and row.factor == 0)


def is_reset(row: RevlogRow) -> bool:
    return row.ease == 0 and row.type == _MANUAL and row.factor == 0


def external_id(row: RevlogRow) -> str:
    return f"anki:{row.id}:{row.cid}"


def reviewed_at(row: RevlogRow) -> datetime:
    return datetime.fromtimestamp(row.id / 1000, UTC)


@contextmanager
def _collector_paused():
    """Python's cycle collector off while an import runs: it makes a few objects per
    answer recorded, none of them in a cycle, and each pass of the collector would
    walk every one of them again (a third of an import's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
@transaction.atomic
def import_reviews(*, learner, contents: PackageContents, now: datetime) -> ImportResult:
    """Record the package's answers to Saebom cards and replay every card they touch."""
    # One import per learner at a time; web answers to their cards wait for it.
    get_user_model().objects.select_for_update().filter(pk=learner.pk).exists()
    existing = set(
        ReviewCard.objects.select_for_update().filter(learner=learner).values_list("pk", flat=True)
    )
    items = saebom_items(contents)
    wanted, skipped = _answers(contents, items, now)
    item_ids = {item for item, _ in wanted.values()}
    new_cards = create_review_cards(
        learner=learner, items=[VocabularyItem(pk=pk) for pk in item_ids], now=now
    )
    fresh = _fresh_answers(learner, wanted)
    touched = _record_and_replay(learner, fresh, existing, now)
    return ImportResult(
        new_reviews=len(fresh),
        already_known=len(wanted) - len(fresh),
        foreign_notes=len(contents.notes) - len(items),
        skipped_rows=skipped,
        new_cards=new_cards,
        cards_replayed=len(touched),
    )


def _record_and_replay(learner, fresh: list[tuple], existing: set[int], now: datetime) -> set:
    """Write a log for each fresh answer and store the replay of every card they touch
    over its whole history: the logs stored before (cards made by this import have
    none) and the new ones. The logs are sent in batches, which the database takes
    while the rest are made and the cards replayed. Returns the touched cards' ids."""
    touched = {card for _, card in fresh}
    histories = bulk_write.histories_of(touched & existing)
    config = memory.config_for(LearnerProfile.objects.filter(user=learner).first())
    with bulk_write.logs_inserted(created_at=now) as send:
        for start in range(0, len(fresh), LOG_BATCH):
            send(_logs(learner.pk, fresh[start : start + LOG_BATCH], histories))
        memories = replaying.replay_many(histories, config=config)
    bulk_write.update_cards(memories)
    return touched


def _fresh_answers(learner, wanted: dict) -> list[tuple[RevlogRow, int]]:
    """(row, card id) of each answer not recorded yet; refused whole past the learner's
    ceiling."""
    cards, known = _cards_of(learner), _anki_ids_of(learner)
    fresh = [(row, cards[key]) for row, key in wanted.items()]
    if known:
        fresh = [(row, card) for row, card in fresh if external_id(row) not in known]
    kept = ReviewLog.objects.filter(learner=learner).count()
    if kept + len(fresh) > settings.ANKI_REVIEWS_PER_LEARNER:
        raise TooManyReviewsKept()
    return fresh


def _logs(learner_id: int, answers: list[tuple[RevlogRow, int]], histories: dict) -> list:
    """The answers' logs, in bulk_write.LOG_FIELDS order; each is added to its card's
    history as the replay reads it."""
    logs = []
    for row, card in answers:
        moment = reviewed_at(row)
        histories[card].append((row.ease, moment))
        duration = min(max(row.time_ms, 0), _MAX_DURATION_MS)
        logs.append((learner_id, card, row.ease, moment, duration, _ANKI, external_id(row)))
    return logs


def _cards_of(learner) -> dict[tuple[int, str], int]:
    rows = ReviewCard.objects.filter(learner=learner).values_list("pk", "item_id", "direction")
    return {(item, direction): pk for pk, item, direction in rows}


def _anki_ids_of(learner) -> set[str]:
    logs = ReviewLog.objects.filter(learner=learner, source=ReviewLog.Source.ANKI)
    return set(logs.values_list("external_id", flat=True))


def saebom_items(contents: PackageContents) -> dict[int, int]:
    """Note id -> vocabulary item id, for the notes that are Saebom words."""
    by_uuid = {str(value): pk for value, pk in VocabularyItem.objects.values_list("uuid", "pk")}
    found = {
        nid: by_uuid[word_id]
        for nid, note in contents.notes.items()
        if (word_id := _word_id(note.fields[-1])) in by_uuid
    }
    if len(found) < len(contents.notes):
        by_guid = {export.note_guid(value): pk for value, pk in by_uuid.items()}
        for nid, note in contents.notes.items():
            if nid not in found and note.guid in by_guid:
                found[nid] = by_guid[note.guid]
    return found


def _word_id(value: str) -> str | None:
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def _answers(contents: PackageContents, items: dict[int, int], now: datetime):
    """{row: (item id, direction)} for the rows to record, and how many rows were skipped.
    Rows of notes not from Saebom are neither: those notes are counted instead."""
    wanted, skipped = {}, 0
    earliest, latest = EARLIEST.timestamp() * 1000, (now + CLOCK_SKEW).timestamp() * 1000
    resets = {row.cid: row.id for row in contents.revlog if is_reset(row)}
    cards = {
        cid: (items.get(card.nid), DIRECTIONS.get(card.ord)) for cid, card in contents.cards.items()
    }
    for row in contents.revlog:
        item, direction = cards.get(row.cid, (0, None))
        if item is None:
            continue
        sane = earliest <= row.id <= latest and row.id >= resets.get(row.cid, 0)
        if direction is None or not sane or not is_answer(row):
            skipped += 1
            continue
        wanted[row] = (item, direction)
    return wanted, skipped
