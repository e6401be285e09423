"""The review queue: which card comes next.

Rules, in order:
1. Learning and relearning cards whose step has ended, earliest first (a
   step is minutes long: letting it slip defeats it).
2. Review cards that are due, most overdue relative to their stability first:
   (now - due) / stability, so a card with a short memory that is a day late
   comes before a card with a long memory that is a day late.
3. New cards, oldest first, at most the daily new-card limit per learner's day
   (Anki's day: local time zone, 04:00 rollover).
4. The two directions of one word are not back to back: a card whose word
   was just shown is moved behind the next card of another word, and comes
   last when no other word is left.
When nothing is due, learning cards due within the learn-ahead window come
next, as in Anki, so a learning session need not stall for a minute.

`due_rules` is the one answer to "what is due now": the session shows those
cards in `review_queue`'s order and every count of due words (the session's
"cards left", the learner's home) is `due_count`, so the two always agree.
`review_queue` reads the due rows, the learner's zone and the daily new-card
count in one statement (`queue_query`), which tests hold equal to `due_rules`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q

from accounts import clock
from accounts.models import LearnerProfile

from . import memory, queue_query
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
    """Keep the order, but let one word's two cards follow each other only when
    nothing else is left: a due card is never dropped from the session."""
    pending, ordered, previous = list(entries), [], after_item
    while pending:
        index = next((i for i, e in enumerate(pending) if e.item_id != previous), 0)
        entry = pending.pop(index)
        ordered.append(entry)
        previous = entry.item_id
    return ordered


def started_in(start: datetime):
    """A card's condition: first answered at or after `start`."""
    logs = ReviewLog.objects.filter(card=OuterRef("pk"))
    return Exists(logs.filter(reviewed_at__gte=start)) & ~Exists(logs.filter(reviewed_at__lt=start))


def new_cards_left(learner_id: int, *, now: datetime, time_zone: str, limit: int) -> int:
    """How many new cards the learner may still start in their current day."""
    start = clock.anki_day_start(now, time_zone=time_zone)
    started_today = ReviewCard.objects.filter(started_in(start), learner_id=learner_id).count()
    return max(0, limit - started_today)


def time_zone_of(learner) -> str:
    return memory.config_for(LearnerProfile.objects.filter(user=learner).first()).time_zone


def due_rules(now: datetime) -> dict[str, Q]:
    """Which cards are due now: answered cards past due, new cards (within the daily
    limit), and, only when there are neither, learning cards within the learn-ahead window."""
    return {
        "seen": Q(reps__gt=0, due__lte=now),
        "new": Q(reps=0, due__lte=now),
        "ahead": Q(reps__gt=0, due__lte=now + LEARN_AHEAD) & ~Q(state=ReviewCard.State.REVIEW),
    }


def due_count(learner, *, now: datetime, time_zone: str | None = None) -> int:
    """How many cards the review session would show now: the home's and the session's
    count, in one query."""
    start = clock.anki_day_start(now, time_zone=time_zone or time_zone_of(learner))
    counts = ReviewCard.objects.for_learner(learner).aggregate(
        started=Count("pk", filter=started_in(start)),
        **{name: Count("pk", filter=rule) for name, rule in due_rules(now).items()},
    )
    left = max(0, NEW_CARDS_PER_DAY - counts["started"])
    return counts["seen"] + min(counts["new"], left) or counts["ahead"]


def next_due(learner, *, now: datetime, time_zone: str | None = None) -> datetime | None:
    """When the next card falls due after `now`: the earliest answered card, or the
    start of the learner's next day when new cards wait for the daily limit."""
    time_zone = time_zone or time_zone_of(learner)
    cards = ReviewCard.objects.for_learner(learner)
    times = [cards.seen().filter(due__gt=now).aggregate(first=Min("due"))["first"]]
    if cards.new().exists():
        day = clock.anki_day(now, time_zone=time_zone)
        times.append(clock.day_start(day + 1, time_zone=time_zone))
    return min((moment for moment in times if moment is not None), default=None)


def review_queue(learner, *, now: datetime, after_item: int | None = None) -> list[Entry]:
    """The learner's due cards (by `due_rules`) in the order they should be shown,
    read in one statement (`queue_query`)."""
    return _read_queue(learner, now=now, after_item=after_item)[0]


def _read_queue(learner, *, now: datetime, after_item: int | None) -> tuple[list[Entry], int]:
    """The queue in order, and the answers given in the learner's day, read with it."""
    rows, answered = queue_query.due_rows(
        learner.pk, now=now, ahead=LEARN_AHEAD, limit=NEW_CARDS_PER_DAY, window=QUEUE_WINDOW
    )
    return order_queue([Entry(*row) for row in rows], now=now, after_item=after_item), answered


def next_card(learner, *, now: datetime, after_item: int | None = None) -> ReviewCard | None:
    return _first_card(review_queue(learner, now=now, after_item=after_item))


@dataclass(frozen=True)
class Head:
    """What the review page shows of the queue: the next card (None when none is
    due), the cards left (`due_count`) and the answers given in the learner's day."""

    card: ReviewCard | None
    left: int
    done: int


def queue_head(learner, *, now: datetime, time_zone: str, after_item: int | None = None) -> Head:
    """The next card and the session's counts, from one read of the queue where it
    can: a queue shorter than its window holds every due card, so its length is
    `due_count`."""
    entries, done = _read_queue(learner, now=now, after_item=after_item)
    if len(entries) < QUEUE_WINDOW:
        left = len(entries)
    else:
        left = due_count(learner, now=now, time_zone=time_zone)
    return Head(_first_card(entries), left, done)


def _first_card(entries: list[Entry]) -> ReviewCard | None:
    if not entries:
        return None
    return queue_query.card_with_item(entries[0].card_id)


def weak_cards(learner, *, limit: int = 20) -> list[int]:
    """Card ids for "drill my weak words": most forgotten, then shortest memory."""
    cards = ReviewCard.objects.for_learner(learner).seen()
    return list(cards.order_by("-lapses", "stability", "pk").values_list("pk", flat=True)[:limit])
