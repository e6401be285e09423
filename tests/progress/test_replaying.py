"""The batch replay (fsrs-rs for the memory maths) against the one-answer-at-a-time
replay through py-fsrs (`memory.replay`), over histories, zones and rollovers."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress import memory
from progress.replaying import TOLERANCE, _after, replay_many
from progress.scheduler import Review, ReviewKind, SchedulerConfig, State
from tests.progress.test_scheduler import ZONES, fsrs_parameters

# Minutes apart (same learner's day, across a rollover), days, and years.
gaps = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=30)),
    st.integers(min_value=1, max_value=60).map(lambda days: timedelta(days=days, minutes=7)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3000)),
)
rows = st.tuples(
    st.integers(min_value=0, max_value=4),
    gaps,
    st.sampled_from([ReviewKind.LEARNING, ReviewKind.REVIEW, ReviewKind.MANUAL]),
)
histories = st.lists(rows, min_size=0, max_size=80)
configs = st.builds(
    SchedulerConfig,
    parameters=st.one_of(st.just(SchedulerConfig().parameters), fsrs_parameters()),
    desired_retention=st.sampled_from([0.7, 0.85, 0.9, 0.97]),
    time_zone=st.sampled_from(ZONES),
    day_rollover_hour=st.integers(min_value=0, max_value=23),
    enable_fuzzing=st.booleans(),
    learning_steps=st.sampled_from(
        [(), (timedelta(minutes=1),), (timedelta(minutes=1), timedelta(minutes=10))]
    ),
    relearning_steps=st.sampled_from([(), (timedelta(minutes=10),)]),
)


def reviews_of(history, start: datetime) -> list[Review]:
    moment, reviews = start, []
    for rating, gap, kind in history:
        moment += gap
        reviews.append(Review(rating, moment, kind=kind))
    return reviews[::-1]  # out of order, as late offline answers arrive


def answers_in(reviews: list[Review]) -> list[tuple]:
    """What the batch replay takes: the answers only, as (rating, moment) pairs."""
    return [(row.rating, row.reviewed_at) for row in reviews if row.is_answer]


def assert_same(ours: memory.CardMemory, theirs: memory.CardMemory) -> None:
    left, right = ours.state, theirs.state
    assert (left.state, left.step, left.reps, ours.lapses) == (
        right.state,
        right.step,
        right.reps,
        theirs.lapses,
    )
    assert (left.due, left.last_review) == (right.due, right.last_review)
    for name in ("stability", "difficulty"):
        mine, exact = getattr(left, name), getattr(right, name)
        assert (mine is None) == (exact is None), name
        if exact is not None:
            assert mine == pytest.approx(exact, rel=TOLERANCE), name


@settings(max_examples=300, deadline=None)
@given(
    cards=st.lists(histories, min_size=1, max_size=4),
    config=configs,
    start=st.datetimes(
        min_value=datetime(2005, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
    ),
)
def test_the_batch_replay_equals_replaying_answer_by_answer(cards, config, start):
    """Stability and difficulty are held to a relative 5e-4 (replaying.TOLERANCE):
    fsrs-rs computes in 32-bit floats, py-fsrs in 64-bit ones; over 120 answers the
    two drift apart by 5e-6 with the default parameters and by up to about 1.2e-4
    with extreme ones. Everything
    else must be equal: state, step, reps, lapses, last review and the due date
    (the replay falls back to py-fsrs where that tolerance could move a rounded
    interval by a day, or where stability reaches fsrs-rs's 36,500-day cap)."""
    stored = {card_id: reviews_of(history, start) for card_id, history in enumerate(cards, 1)}
    ours = replay_many(
        {card_id: answers_in(rows) for card_id, rows in stored.items()}, config=config
    )
    for card_id, reviews in stored.items():
        assert_same(ours[card_id], memory.replay(reviews, config=config, card_id=card_id))


def test_a_card_with_one_answer_and_a_card_with_none_replay_too():
    config = SchedulerConfig()
    moment = datetime(2024, 3, 1, 9, tzinfo=UTC)
    ours = replay_many({1: [(3, moment)], 2: []}, config=config)
    assert ours[1] == memory.replay([Review(3, moment)], config=config, card_id=1)
    assert ours[2] == memory.replay([], config=config, card_id=2)


def test_a_learning_card_graduates_after_its_last_step_and_lapses_into_relearning():
    config = SchedulerConfig()
    assert _after([3], config) == (State.Learning, 1, 0)
    assert _after([3, 3], config) == (State.Review, None, 0)
    assert _after([3, 3, 1], config) == (State.Relearning, 0, 1)
    assert _after([2, 1, 4], config) == (State.Review, None, 0)


@pytest.mark.parametrize("guard", ["TOLERANCE", "STABILITY_CEILING"])
def test_cards_the_guards_catch_are_replayed_answer_by_answer_exactly(monkeypatch, guard):
    """With the guard made to catch every card (any Review card close enough to a
    half day; any stability at the cap), the result is py-fsrs's to the last bit."""
    from progress import replaying

    monkeypatch.setattr(replaying, guard, 1e9 if guard == "TOLERANCE" else 0.0)
    config = SchedulerConfig(time_zone="Asia/Seoul")
    start = datetime(2024, 3, 1, 9, tzinfo=UTC)
    reviews = [Review(rating, start + timedelta(days=3 * n)) for n, rating in enumerate([3, 3, 3])]
    ours = replay_many({7: answers_in(reviews)}, config=config)[7]
    assert ours.state.state == State.Review
    assert ours == memory.replay(reviews, config=config, card_id=7)


@settings(max_examples=200, deadline=None)
@given(
    history=histories,
    config=configs,
    start=st.datetimes(
        min_value=datetime(2005, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
    ),
)
def test_the_replay_equals_every_answer_scheduled_in_turn(history, config, start):
    """`memory.replay` leaves out the due date of every answer but the last
    (`scheduler.recall`); applying each answer in full, in time order, ends equal,
    to the last bit."""
    reviews = sorted(reviews_of(history, start), key=lambda row: row.reviewed_at)
    expected = memory.CardMemory(state=memory.MemoryState())
    for row in (row for row in reviews if row.is_answer):
        expected = memory.answer(
            expected, row.rating, reviewed_at=row.reviewed_at, config=config, card_id=7
        )
    assert memory.replay(reviews, config=config, card_id=7) == expected
