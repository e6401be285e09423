"""Nightly per-learner review aggregates for dashboards (LearnerStats).

For each learner with cards: answers in the last 7 and 30 days, cards coming
due in the next 7 and 30 days, the mean FSRS retrievability now of the cards
answered at least once, the streak (consecutive local days, ending today or
yesterday, with at least one answer) and the leeches (cards forgotten
LEECH_LAPSES times or more). Learners are read in batches of STATS_BATCH in
id order; each batch costs a fixed number of queries plus one per time zone
present in it. Upserting makes a repeated run harmless.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from accounts import clock
from accounts.models import LearnerProfile

from . import memory
from .models import LEECH_LAPSES, LearnerStats, ReviewCard, ReviewLog
from .scheduler import retrievability

STATS_BATCH = 1000
STREAK_HORIZON_DAYS = 400
STAT_FIELDS = [
    "reviews_7_days",
    "reviews_30_days",
    "due_7_days",
    "due_30_days",
    "average_retrievability",
    "streak_days",
    "leeches",
    "refreshed_at",
]


def streak(days: set[date], today: date) -> int:
    """Consecutive days with answers, ending today (or yesterday, while today is young)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count, day = count + 1, day - timedelta(days=1)
    return count


def learner_batches(batch_size: int = STATS_BATCH):
    last = 0
    while True:
        ids = list(
            ReviewCard.objects.filter(learner_id__gt=last)
            .order_by("learner_id")
            .values_list("learner_id", flat=True)
            .distinct()[:batch_size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def refresh_learner_stats(*, now: datetime, batch_size: int = STATS_BATCH) -> int:
    count = 0
    for ids in learner_batches(batch_size):
        LearnerStats.objects.bulk_create(
            stats_for(ids, now=now),
            update_conflicts=True,
            unique_fields=["learner"],
            update_fields=STAT_FIELDS,
        )
        count += len(ids)
    return count


def review_counts(ids: list[int], *, now: datetime) -> dict[int, dict]:
    """{learner id: answers in the last 7 ("week") and 30 ("month") days}."""
    logs = (
        ReviewLog.objects.filter(learner_id__in=ids, reviewed_at__gte=now - timedelta(days=30))
        .values("learner_id")
        .annotate(
            week=Count("pk", filter=Q(reviewed_at__gte=now - timedelta(days=7))), month=Count("pk")
        )
    )
    return {row["learner_id"]: row for row in logs}


def due_counts(ids: list[int], *, now: datetime) -> dict[int, dict]:
    """{learner id: cards due within 7 and 30 days, and leeches}."""
    cards = (
        ReviewCard.objects.filter(learner_id__in=ids)
        .values("learner_id")
        .annotate(
            week=Count("pk", filter=Q(due__lte=now + timedelta(days=7))),
            month=Count("pk", filter=Q(due__lte=now + timedelta(days=30))),
            leeches=Count("pk", filter=Q(lapses__gte=LEECH_LAPSES)),
        )
    )
    return {row["learner_id"]: row for row in cards}


def stats_for(ids: list[int], *, now: datetime) -> list[LearnerStats]:
    profiles = LearnerProfile.objects.in_bulk(ids, field_name="user_id")
    reviews, due = review_counts(ids, now=now), due_counts(ids, now=now)
    recall = mean_retrievability(ids, profiles, now=now)
    days = answer_days(ids, profiles, now=now)
    return [
        LearnerStats(
            learner_id=learner_id,
            reviews_7_days=reviews.get(learner_id, {}).get("week", 0),
            reviews_30_days=reviews.get(learner_id, {}).get("month", 0),
            due_7_days=due.get(learner_id, {}).get("week", 0),
            due_30_days=due.get(learner_id, {}).get("month", 0),
            average_retrievability=recall.get(learner_id),
            streak_days=streak(days[learner_id], clock.today_of(profiles.get(learner_id), now)),
            leeches=due.get(learner_id, {}).get("leeches", 0),
            refreshed_at=now,
        )
        for learner_id in ids
    ]


def mean_retrievability(ids, profiles, *, now: datetime) -> dict[int, float]:
    totals = defaultdict(lambda: [0.0, 0])
    cards = ReviewCard.objects.filter(learner_id__in=ids).seen()
    for card in cards.only(
        "learner_id",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
        "reps",
        "lapses",
    ).iterator():
        config = memory.config_for(profiles.get(card.learner_id))
        value = retrievability(memory.memory_of(card).state, now=now, config=config)
        totals[card.learner_id][0] += value
        totals[card.learner_id][1] += 1
    return {learner_id: total / n for learner_id, (total, n) in totals.items()}


def answer_days(ids, profiles, *, now: datetime) -> dict[int, set[date]]:
    by_zone = defaultdict(list)
    for learner_id in ids:
        by_zone[clock.zone_name(profiles.get(learner_id))].append(learner_id)
    days = defaultdict(set)
    since = now - timedelta(days=STREAK_HORIZON_DAYS)
    for zone, members in by_zone.items():
        rows = (
            ReviewLog.objects.filter(learner_id__in=members, reviewed_at__gte=since)
            .annotate(day=TruncDate("reviewed_at", tzinfo=ZoneInfo(zone)))
            .values_list("learner_id", "day")
            .distinct()
        )
        for learner_id, day in rows:
            days[learner_id].add(day)
    return days
