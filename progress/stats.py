"""Nightly per-learner review aggregates for dashboards (LearnerStats).

For each learner with cards: answers in the last 7 and 30 days, cards coming
due in the next 7 and 30 days, the mean FSRS retrievability now of the cards
answered at least once, the streak (`progress.streaks`, over the studied days
of `studied_days_of`) and the leeches (cards forgotten
LEECH_LAPSES times or more). Learners are read in batches of STATS_BATCH in
id order; each batch costs a fixed number of queries plus one per time zone
present in it. Upserting makes a repeated run harmless.

Below them, the reads of the learner's progress page (`learner_progress`),
with their rules beside them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from accounts import clock
from accounts.models import LearnerProfile

from . import memory
from .models import LEECH_LAPSES, ExerciseAttempt, LearnerStats, ReviewCard, ReviewLog
from .scheduler import MemoryState, Review, SchedulerConfig, retrievability, retrievability_after
from .streaks import Streak, streak_of

STATS_BATCH = 1000
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
            streak_days=streak_of(
                days[learner_id], clock.today_of(profiles.get(learner_id), now)
            ).days,
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
    """{learner id: studied days}, each learner's days in their own zone."""
    by_zone = defaultdict(list)
    for learner_id in ids:
        by_zone[clock.zone_name(profiles.get(learner_id))].append(learner_id)
    days = defaultdict(set)
    for zone, members in by_zone.items():
        days.update(studied_days_of(members, ZoneInfo(zone)))
    return days


# ---------------------------------------------------------------- the learner's progress page
#
# Days are the learner's calendar days (`accounts.clock`), as the streak and the
# home page count them. A word is known on a day when, at that day's end, one of
# its cards is in FSRS's Review state: past its learning steps and not
# relearning after a lapse. Predicted retention on day t is the mean FSRS
# retrievability of the learner's answered cards t days from now, were no card
# answered again. The page costs a fixed number of queries; the words-known
# line replays only the cards answered inside its window.

CHART_DAYS = 30
FORECAST_DAYS = 30
KNOWN = ReviewCard.State.REVIEW


@dataclass(frozen=True)
class LearnerProgress:
    today: date
    goal: int | None  # reviews a day; None without a profile
    done_today: int
    streak: Streak
    days: list[date]  # the last CHART_DAYS learner days, today last
    reviews: list[int]  # answers on each of `days`
    known: list[int]  # words known at the end of each of `days`
    retention: list[float | None]  # mean retrievability in 0..FORECAST_DAYS days


def learner_progress(user, *, now: datetime) -> LearnerProgress:
    profile = LearnerProfile.objects.for_user(user)
    zone, config = clock.zone_of(profile), memory.config_for(profile)
    today = clock.calendar_day(now, zone)
    days = [today - timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1)]
    start = clock.start_of_day(days[0], zone)
    per_day = daily_reviews(user, since=start, zone=zone)
    cards = list(
        ReviewCard.objects.for_learner(user)
        .seen()
        .values("id", "item_id", "state", "stability", "last_review")
    )
    return LearnerProgress(
        today=today,
        goal=profile.daily_review_goal if profile is not None else None,
        done_today=per_day.get(today, 0),
        streak=streak_of(studied_days(user, zone), today),
        days=days,
        reviews=[per_day.get(day, 0) for day in days],
        known=known_words(
            user, cards, start=start, ends=[clock.end_of_day(d, zone) for d in days], config=config
        ),
        retention=forecast(cards, now=now, config=config),
    )


def daily_reviews(user, *, since: datetime, zone: ZoneInfo) -> dict[date, int]:
    rows = (
        ReviewLog.objects.for_learner(user)
        .since(since)
        .annotate(day=TruncDate("reviewed_at", tzinfo=zone))
        .values("day")
        .annotate(answers=Count("pk"))
    )
    return {row["day"]: row["answers"] for row in rows}


def studied_days_of(ids, zone: ZoneInfo, *, since: datetime | None = None) -> dict[int, set[date]]:
    """{learner id: days in `zone` with a review or a lesson answer}: the studied
    days, the one definition the streak, the goal and the home page's week use."""
    found = defaultdict(set)
    for model, moment in ((ReviewLog, "reviewed_at"), (ExerciseAttempt, "created_at")):
        rows = model.objects.filter(learner_id__in=ids)
        if since is not None:
            rows = rows.filter(**{f"{moment}__gte": since})
        rows = rows.annotate(day=TruncDate(moment, tzinfo=zone)).values_list("learner_id", "day")
        for learner_id, day in rows.distinct():
            found[learner_id].add(day)
    return found


def studied_days(user, zone: ZoneInfo, *, since: datetime | None = None) -> set[date]:
    return studied_days_of([user.pk], zone, since=since).get(user.pk, set())


def known_words(
    user, cards: list[dict], *, start: datetime, ends: list[datetime], config: SchedulerConfig
) -> list[int]:
    """Words known at each of `ends` (rule above). A card last answered before
    `start` kept its stored state all along; the others are replayed."""
    recent = {
        c["id"]: c["item_id"] for c in cards if c["last_review"] and c["last_review"] >= start
    }
    steady = {c["item_id"] for c in cards if c["id"] not in recent and c["state"] == KNOWN}
    reviews = defaultdict(list)
    logs = ReviewLog.objects.for_learner(user).filter(card__last_review__gte=start)
    for card_id, rating, moment in logs.values_list("card_id", "rating", "reviewed_at"):
        reviews[card_id].append(Review(rating, moment))
    known = [set(steady) for _ in ends]
    for card_id, item_id in recent.items():
        states = states_at(reviews[card_id], ends, config=config)
        for words, state in zip(known, states, strict=True):
            if state == KNOWN:
                words.add(item_id)
    return [len(words) for words in known]


def states_at(
    reviews: list[Review], ends: list[datetime], *, config: SchedulerConfig
) -> list[int | None]:
    """A card's FSRS state at each of `ends` (in time order), None before its first
    answer: `memory.replay`'s answers, applied by `memory.answer`, read at each end.
    No card id goes in, so no fuzz is drawn: fuzz moves due dates only, and no
    state depends on them."""
    answers = sorted((r for r in reviews if r.is_answer), key=lambda r: r.reviewed_at)
    found, state, applied = [], memory.CardMemory(MemoryState()), 0
    for end in ends:
        while applied < len(answers) and answers[applied].reviewed_at < end:
            row = answers[applied]
            state = memory.answer(
                state, row.rating, reviewed_at=row.reviewed_at, config=config, card_id=None
            )
            applied += 1
        found.append(int(state.state.state) if applied else None)
    return found


def scheduler_day(moment: datetime, config: SchedulerConfig) -> int:
    """The day number the scheduler counts `moment` in (Anki's day, `accounts.clock`)."""
    return clock.anki_day(
        moment, time_zone=config.time_zone, rollover_hour=config.day_rollover_hour
    )


def forecast(cards: list[dict], *, now: datetime, config: SchedulerConfig) -> list[float | None]:
    """Mean retrievability of `cards` on each of the next FORECAST_DAYS days, today
    first, by `retrievability_after` with each card's day counted once."""
    today = scheduler_day(now, config)
    held = [
        (today - scheduler_day(c["last_review"], config), c["stability"])
        for c in cards
        if c["stability"] and c["last_review"]
    ]
    if not held:
        return [None] * (FORECAST_DAYS + 1)
    return [
        fmean(retrievability_after(age + t, s, parameters=config.parameters) for age, s in held)
        for t in range(FORECAST_DAYS + 1)
    ]
