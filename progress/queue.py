"""The review queue: which card comes next.

Rules, in order:
1. Learning and relearning cards whose step has ended, earliest first (a
   step is minutes long: letting it slip defeats it).
2. Review cards that are due, most overdue relative to their stability first:
   (now - due) / stability, so a card with a short memory that is a day late
   comes before a card with a long memory that is a day late.
3. New cards, oldest first, at most the daily new-card limit per learner's day
   (Anki's day: local time zone, 04:00 rollover).
4. The two directions of one word are never back to back: a card whose word
   was just shown is moved behind the next card of another word.
When nothing is due, learning cards due within the learn-ahead window come
next, as in Anki, so a learning session need not stall for a minute.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef

from accounts import clock
from accounts.models import LearnerProfile

from . import memory
from .models import ReviewCard, ReviewLog

NEW_CARDS_PER_DAY = 20
LEARN_AHEAD = timedelta(minutes=20)
# More than a session ever needs; bounds the rows read per page.
QUEUE_WINDOW = 200


@dataclass(frozen=True)
class Entry:
    card_id: int
    item_id: int
    state: int
    due: datetime
    stability: float | None
    reps: int


def order_queue(
    entries: list[Entry], *, now: datetime, after_item: int | None = None
) -> list[Entry]:
    """Order due entries by the rules above; `after_item` is the word just shown."""
    learning = sorted(
        (e for e in entries if e.reps and e.state != ReviewCard.State.REVIEW), key=lambda e: e.due
    )
    reviews = sorted(
        (e for e in entries if e.reps and e.state == ReviewCard.State.REVIEW),
        key=lambda e: -overdueness(e, now),
    )
    new = [e for e in entries if not e.reps]
    return separate_siblings([*learning, *reviews, *new], after_item=after_item)


def overdueness(entry: Entry, now: datetime) -> float:
    days_late = (now - entry.due).total_seconds() / 86400
    return days_late / max(entry.stability or 1.0, 0.01)


def separate_siblings(entries: list[Entry], *, after_item: int | None = None) -> list[Entry]:
    """Keep the order, but never let one word's two cards follow each other."""
    pending, ordered, previous = list(entries), [], after_item
    while pending:
        index = next((i for i, e in enumerate(pending) if e.item_id != previous), None)
        if index is None:  # only siblings of the word just shown are left
            break
        entry = pending.pop(index)
        ordered.append(entry)
        previous = entry.item_id
    return ordered


def new_cards_left(learner_id: int, *, now: datetime, time_zone: str, limit: int) -> int:
    """How many new cards the learner may still start in their current day."""
    start = clock.anki_day_start(now, time_zone=time_zone)
    earlier = ReviewLog.objects.filter(card=OuterRef("pk"), reviewed_at__lt=start)
    started_today = (
        ReviewCard.objects.filter(learner_id=learner_id, logs__reviewed_at__gte=start)
        .exclude(Exists(earlier))
        .distinct()
        .count()
    )
    return max(0, limit - started_today)


def review_queue(learner, *, now: datetime, after_item: int | None = None) -> list[Entry]:
    """The learner's due cards in the order they should be shown."""
    profile = LearnerProfile.objects.filter(user=learner).first()
    time_zone = memory.config_for(profile).time_zone
    cards = ReviewCard.objects.for_learner(learner)
    fields = ("pk", "item_id", "state", "due", "stability", "reps")
    seen = list(cards.seen().due(now).order_by("due").values_list(*fields)[:QUEUE_WINDOW])
    left = new_cards_left(learner.pk, now=now, time_zone=time_zone, limit=NEW_CARDS_PER_DAY)
    new = list(cards.new().due(now).order_by("created_at", "pk").values_list(*fields)[:left])
    if not seen and not new:
        ahead = cards.seen().due(now + LEARN_AHEAD).exclude(state=ReviewCard.State.REVIEW)
        seen = list(ahead.order_by("due").values_list(*fields)[:QUEUE_WINDOW])
    entries = [Entry(*row) for row in seen + new]
    return order_queue(entries, now=now, after_item=after_item)


def next_card(learner, *, now: datetime, after_item: int | None = None) -> ReviewCard | None:
    queue = review_queue(learner, now=now, after_item=after_item)
    if not queue:
        return None
    return ReviewCard.objects.select_related("item").get(pk=queue[0].card_id)


def weak_cards(learner, *, limit: int = 20) -> list[int]:
    """Card ids for "drill my weak words": most forgotten, then shortest memory."""
    cards = ReviewCard.objects.for_learner(learner).seen()
    return list(cards.order_by("-lapses", "stability", "pk").values_list("pk", flat=True)[:limit])
