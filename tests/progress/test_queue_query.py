"""The one-statement due queue (`progress.queue_query`) against the rules it restates:
for generated cards, answers, zones and moments, `review_queue` is the queue that
`due_rules`, `new_cards_left` and `order_queue` make through the ORM, and the
answers it counts in the learner's day are `session_progress`'s; and on
PostgreSQL its day start is `accounts.clock`'s across every DST change."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts import clock
from progress import queue
from progress.models import ReviewCard, ReviewLog
from progress.queue_query import POSTGRES_DAY
from progress.review_session import session_progress
from tests.factories.accounts import UserFactory, learner
from tests.factories.lessons import VocabularyItemFactory

# 03:50 in Seoul: near the learner's Anki day boundary (04:00) in one of the zones.
BASE = datetime(2026, 3, 2, 18, 50, tzinfo=UTC)
ZONES = ["Asia/Seoul", "America/New_York", "Australia/Lord_Howe", None]  # None: no profile
LIMIT, WINDOW = 3, 6

minutes = st.integers(min_value=-3 * 24 * 60, max_value=24 * 60)
cards = st.lists(
    st.fixed_dictionaries({
        "reps": st.sampled_from([0, 0, 1, 4]),
        "state": st.sampled_from(ReviewCard.State.values),
        "due": minutes,
        "stability": st.one_of(st.none(), st.floats(min_value=0.001, max_value=100)),
        "created": st.integers(min_value=0, max_value=5),
        "answers": st.lists(st.integers(min_value=-3 * 24 * 60, max_value=0), max_size=2),
    }),
    max_size=14,
)  # fmt: skip


def queue_by_rules(user, *, now):
    """The queue as the ORM rules make it (`due_rules`, `new_cards_left`, `order_queue`)."""
    zone = queue.time_zone_of(user)
    left = queue.new_cards_left(user.pk, now=now, time_zone=zone, limit=LIMIT)
    cards, rules = ReviewCard.objects.for_learner(user), queue.due_rules(now)
    fields = ("pk", "item_id", "state", "due", "stability", "reps")
    seen = cards.filter(rules["seen"]).order_by("due", "pk").values_list(*fields)[:WINDOW]
    new = cards.filter(rules["new"]).order_by("created_at", "pk").values_list(*fields)[:left]
    ahead = cards.filter(rules["ahead"]).order_by("due", "pk").values_list(*fields)[:WINDOW]
    rows = [*seen, *new] or list(ahead)
    return queue.order_queue([queue.Entry(*row) for row in rows], now=now)


def make_cards(user, specs, items):
    for n, spec in enumerate(specs):
        card = ReviewCard.objects.create(
            learner=user, item=items[n // 2], direction=ReviewCard.Direction.values[n % 2],
            state=spec["state"], reps=spec["reps"], stability=spec["stability"],
            due=BASE + timedelta(minutes=spec["due"]),
            created_at=BASE - timedelta(days=spec["created"]),
        )  # fmt: skip
        for k, at in enumerate(spec["answers"]):
            ReviewLog.objects.create(
                learner=user, card=card, rating=3, reviewed_at=BASE + timedelta(minutes=at),
                source=ReviewLog.Source.WEB, external_id=f"{card.pk}-{k}",
            )  # fmt: skip


class OneStatementQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.items = VocabularyItemFactory.create_batch(7)

    @settings(max_examples=60, deadline=None)
    @given(cards, st.sampled_from(ZONES), st.integers(min_value=-26 * 60, max_value=26 * 60))
    def test_the_one_statement_queue_is_the_queue_of_the_orm_rules(self, specs, zone, later):
        user = learner(time_zone=zone) if zone else UserFactory()
        make_cards(user, specs, self.items)
        now = BASE + timedelta(minutes=later)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(queue, "NEW_CARDS_PER_DAY", LIMIT)
            patch.setattr(queue, "QUEUE_WINDOW", WINDOW)
            shown = queue.review_queue(user, now=now)
            assert shown == queue_by_rules(user, now=now)
            if len(shown) < WINDOW:  # every due card is in the queue: the counts agree
                assert len(shown) == queue.due_count(user, now=now)
            head = queue.queue_head(user, now=now, time_zone=queue.time_zone_of(user))
            profile = getattr(user, "learner_profile", None)
            assert head.done == session_progress(user, profile, now=now).done


def transitions(zone: str, year: int = 2026) -> list[datetime]:
    """The moments in `year` at which the zone's UTC offset changes."""
    info, moment = ZoneInfo(zone), datetime(year, 1, 1, tzinfo=UTC)
    found, offset = [], moment.astimezone(info).utcoffset()
    while moment.year == year:
        moment += timedelta(minutes=30)
        if moment.astimezone(info).utcoffset() != offset:
            found.append(moment)
            offset = moment.astimezone(info).utcoffset()
    return found


def sql_day_start(cursor, now: datetime, zone: str, rollover: int) -> datetime:
    zone_cte = "WITH zone AS (SELECT CAST(%(zone)s AS text) AS name)"
    sql = f"{zone_cte}, {POSTGRES_DAY} SELECT start FROM day"  # noqa: S608
    cursor.execute(sql, {"zone": zone, "now": now, "rollover": rollover})
    return cursor.fetchone()[0]


# New York and London (one hour), Lord Howe (half an hour), Santiago (midnight),
# Dublin (negative DST in the zone data), Chatham (a 02:45 change).
DST_ZONES = [
    "America/New_York", "Europe/London", "Australia/Lord_Howe",
    "America/Santiago", "Europe/Dublin", "Pacific/Chatham",
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="AT TIME ZONE needs PostgreSQL")
@pytest.mark.parametrize("zone", DST_ZONES)
def test_postgresql_day_start_is_the_clocks_around_every_change(zone):
    """Every half hour for a day and a half around each change, with the rollover at
    04:00 and at the changed hours themselves (when that wall time is missing or
    comes twice)."""
    with connection.cursor() as cursor:
        for change in transitions(zone):
            hours = {clock.ROLLOVER_HOUR, *(
                (change + shift).astimezone(ZoneInfo(zone)).hour
                for shift in (timedelta(minutes=-30), timedelta(0))
            )}  # fmt: skip
            for rollover in sorted(hours):
                for step in range(-36, 37):
                    now = change + timedelta(minutes=30 * step)
                    day = clock.anki_day(now, time_zone=zone, rollover_hour=rollover)
                    want = clock.day_start(day, time_zone=zone, rollover_hour=rollover)
                    assert sql_day_start(cursor, now, zone, rollover) == want, (now, rollover)


@pytest.mark.django_db
def test_the_queue_is_read_in_one_query(django_assert_num_queries):
    user = learner(time_zone="Asia/Seoul")
    ReviewCard.objects.bulk_create(
        ReviewCard(learner=user, item=item, due=BASE, created_at=BASE)
        for item in VocabularyItemFactory.create_batch(3)
    )
    with django_assert_num_queries(1):
        assert len(queue.review_queue(user, now=BASE)) == 3
