"""The tutors' grid judges cards in SQL on PostgreSQL (`courses.card_summary_sql`).
These hold that SQL to the rules' owners: retrievability to
`progress.scheduler.retrievability_after`, each moment's day to
`accounts.clock.anki_day` (rollover hour included, across DST changes), and the
whole summary to the Python path over the same cards."""

from datetime import UTC, datetime, timedelta

from django.db import connection

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts import clock
from courses.card_summary import Judge, KeepJudge, judged
from courses.windows import windowed_cards
from progress.models import ReviewCard
from progress.retention_sql import anki_day_sql, retrievability_sql
from progress.scheduler import DEFAULT_PARAMETERS, retrievability_after
from tests.factories.accounts import learner
from tests.factories.courses import ClassroomFactory, MembershipFactory
from tests.factories.lessons import VocabularyItemFactory

NEEDS_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): power() and AT TIME ZONE",
)
BASE = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # New York's clocks go forward that night
ZONES = [
    "UTC", "Asia/Seoul", "America/New_York", "Europe/London", "Australia/Lord_Howe",
    "America/Santiago", "Europe/Dublin", "Pacific/Chatham",
]  # fmt: skip
MINUTES = 400 * 24 * 60  # over a year either way: every DST change of each zone
w20s = st.floats(min_value=0.1, max_value=0.8)
stabilities = st.floats(min_value=0.001, max_value=36500)


def parameters_with(w20: float) -> tuple[float, ...]:
    return (*DEFAULT_PARAMETERS[:20], w20)


@NEEDS_POSTGRES
class RetentionSqlTests(TestCase):
    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(st.integers(-50, 40000), stabilities, w20s), min_size=1))
    def test_sql_retrievability_is_retrievability_after(self, cases):
        expression = retrievability_sql("t.days", "t.stability", "t.w20")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {expression} FROM unnest(%s::int[], %s::float8[], %s::float8[])"  # noqa: S608
                " WITH ORDINALITY AS t(days, stability, w20, n) ORDER BY n",
                [list(column) for column in zip(*cases, strict=True)],
            )
            found = [row[0] for row in cursor.fetchall()]
        want = [
            retrievability_after(days, stability, parameters=parameters_with(w20))
            for days, stability, w20 in cases
        ]
        assert found == want  # the very floats, not close ones

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.integers(-MINUTES, MINUTES), min_size=1, max_size=40),
        st.sampled_from(ZONES),
        st.integers(0, 23),
    )
    def test_sql_day_is_the_clocks_anki_day(self, minutes, zone, rollover):
        moments = [BASE + timedelta(minutes=m) for m in minutes]
        expression = anki_day_sql("t.moment", "%s", "%s")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {expression} FROM unnest(%s::timestamptz[])"  # noqa: S608
                " WITH ORDINALITY AS t(moment, n) ORDER BY n",
                [zone, rollover, moments],
            )
            found = [row[0] for row in cursor.fetchall()]
        want = [clock.anki_day(m, time_zone=zone, rollover_hour=rollover) for m in moments]
        assert found == want


HEADWORDS = ["bank", "bank", "river", "pharmacy", "ward"]  # two items spelt "bank"
cards = st.lists(
    st.fixed_dictionaries({
        "item": st.integers(0, len(HEADWORDS) - 1),
        "direction": st.sampled_from(ReviewCard.Direction.values),
        "stability": st.one_of(st.none(), st.floats(min_value=0.01, max_value=200)),
        "reviewed": st.one_of(st.none(), st.integers(-90 * 24 * 60, 0)),
        "created": st.integers(-120, 0),  # days
        "lapses": st.integers(0, 6),
        "due": st.integers(-3 * 24 * 60, 3 * 24 * 60),
    }),
    max_size=10,
    unique_by=lambda card: (card["item"], card["direction"]),
)  # fmt: skip
keeps = st.lists(
    st.tuples(
        st.sets(st.integers(0, len(HEADWORDS) - 1), max_size=3),
        st.integers(-20, 20),  # days from now
        st.floats(min_value=0.5, max_value=0.99),
    ),
    max_size=3,
)


def make_cards(user, specs, items):
    for spec in specs:
        reviewed = spec["reviewed"]
        ReviewCard.objects.create(
            learner=user, item=items[spec["item"]], direction=spec["direction"], state=2,
            stability=spec["stability"], difficulty=5.0, lapses=spec["lapses"],
            due=BASE + timedelta(minutes=spec["due"]),
            last_review=None if reviewed is None else BASE + timedelta(minutes=reviewed),
            created_at=BASE + timedelta(days=spec["created"]),
        )  # fmt: skip


def judge_of(membership, zone, w20, session_days, keep_specs, items) -> Judge:
    def day(moment):
        return clock.anki_day(moment, time_zone=zone)

    return Judge(
        membership.pk, zone, clock.ROLLOVER_HOUR, parameters_with(w20), day(BASE),
        day(BASE + timedelta(days=session_days)),
        tuple(
            KeepJudge(n + 1, frozenset(items[i].pk for i in chosen), day(BASE) + shift, target)
            for n, (chosen, shift, target) in enumerate(keep_specs)
        ),
    )  # fmt: skip


@NEEDS_POSTGRES
class SummaryInSqlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.items = [
            VocabularyItemFactory(headword=word, sense=f"sense {n}")
            for n, word in enumerate(HEADWORDS)
        ]

    @settings(max_examples=60, deadline=None)
    @given(cards, st.sampled_from(ZONES), w20s, st.integers(0, 14), keeps, st.integers(0, 100))
    def test_the_sql_summary_is_the_python_one(self, specs, zone, w20, session, keep, joined):
        from courses.card_summary_sql import sql_memories

        classroom = ClassroomFactory()
        membership = MembershipFactory(
            classroom=classroom, learner=learner(time_zone=zone),
            joined_at=BASE - timedelta(days=joined),
        )  # fmt: skip
        make_cards(membership.learner, specs, self.items)
        judge = judge_of(membership, zone, w20, session, keep, self.items)
        in_python = judged(windowed_cards([classroom], BASE).get(membership.pk, []), judge)
        (in_sql,) = sql_memories([judge], BASE).values()
        assert sorted(in_sql.retentions) == sorted(in_python.retentions)
        assert in_sql.average_retention == in_python.average_retention
        assert in_sql.words_at_risk == in_python.words_at_risk
        assert (in_sql.leeches, in_sql.due) == (in_python.leeches, in_python.due)
        assert in_sql.last_review == in_python.last_review
        assert {k: v for k, v in in_sql.keeps.items() if v.held} == {
            k: v for k, v in in_python.keeps.items() if v.held
        }
