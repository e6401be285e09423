import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.clock import anki_day, day_start
from progress import memory
from progress.scheduler import (
    MemoryState,
    Rating,
    Review,
    ReviewKind,
    SchedulerConfig,
    State,
    fuzz_draw,
    preview,
    retrievability,
    review,
)
from tests.support.anki_history import age_card

SEOUL = ZoneInfo("Asia/Seoul")


def replay(reviews, **kwargs) -> MemoryState:
    """The scheduler state of `progress.memory.replay`, the one replay."""
    return memory.replay(reviews, **kwargs).state


# A fitted FSRS-6 parameter set, far enough from the defaults to matter.
PARAMS = [
    0.155, 0.7309, 2.1474, 5.3781, 6.6072, 0.5568, 2.9969, 0.0186, 1.6839, 0.1755, 0.6325,
    1.5914, 0.0266, 0.3971, 1.8139, 0.6025, 1.8729, 0.7111, 0.0806, 0.1796, 0.375,
]  # fmt: skip
# Anki answers against the real clock and leaves answers dated after its today out of
# a card's memory, so the histories lie years in the past of any day the suite runs.
START = datetime(2024, 9, 1, 21, 0, tzinfo=SEOUL)


def at(days=0, hours=0, minutes=0):
    return START + timedelta(days=days, hours=hours, minutes=minutes)


# (local time, rating, Anki revlog type) per card.
HISTORIES = {
    "steady": [
        (at(), 3, 0),
        (at(minutes=10), 3, 0),
        (at(days=1, hours=8), 3, 1),  # 05:00 the next local day: one Anki day, 0 full days
        (at(days=9), 3, 1),
    ],
    "lapse": [
        (at(), 1, 0),
        (at(minutes=1), 3, 0),
        (at(minutes=11), 3, 0),
        (at(days=3, hours=6), 1, 1),
        (at(days=3, hours=6, minutes=10), 3, 2),
        (at(days=5, hours=5), 3, 1),
        (at(days=12, hours=1), 4, 1),
    ],
    "before_rollover": [
        (at(), 4, 0),
        (at(hours=6, minutes=30), 2, 1),  # 03:30 local still belongs to the first day
        (at(days=1, hours=7, minutes=30), 3, 1),  # 04:30: the next day, only 31 hours later
        (at(days=20), 3, 1),
    ],
    "hard_and_again_same_day": [
        (at(hours=1), 2, 0),
        (at(hours=1, minutes=6), 1, 0),
        (at(hours=1, minutes=7), 3, 0),
        (at(hours=1, minutes=17), 3, 0),
        (at(days=4, hours=-2), 2, 1),
        (at(days=30), 1, 1),
        (at(days=30, minutes=10), 3, 2),
    ],
}


def wait_out_ankis_rollover(before: float = 30, after: float = 5) -> None:
    """Anki's live scheduler can count an answer given in the first moments after its
    04:00 rollover in the day before (its own recomputation from the revlog does not);
    near the rollover, the answers are put off until just after it."""
    now = datetime.now(SEOUL)
    rollover = now.replace(hour=4, minute=0, second=0, microsecond=0)
    if (now - rollover).total_seconds() > after:
        rollover += timedelta(days=1)
    wait = (rollover - now).total_seconds() + after
    if wait <= before + after:
        time.sleep(wait)


@pytest.fixture
def anki_collection(tmp_path, seoul_process_time_zone):
    """A real Anki collection on Seoul's days, FSRS switched on with PARAMS, and a deck id,
    opened well clear of Anki's rollover."""
    from tests.support.anki_collection import new_collection, switch_on_fsrs

    wait_out_ankis_rollover()
    col = new_collection(tmp_path)
    deck_id = col.decks.id("Saebom")
    switch_on_fsrs(col, deck_id, PARAMS)
    rollover = col._backend.sched_timing_today().next_day_at
    assert datetime.fromtimestamp(rollover, SEOUL).hour == 4, "Anki is not on Seoul's day"
    yield col, deck_id
    col.close()


def add_card(col, deck_id, front):
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = front, "-"
    col.add_note(note, deck_id)
    return note.cards()[0].id


@pytest.fixture
def anki_memory_states(anki_collection):
    """Stability and difficulty Anki computes from HISTORIES' revlog, keyed like HISTORIES."""
    col, deck_id = anki_collection
    card_ids = {name: add_card(col, deck_id, name) for name in HISTORIES}
    rows = [
        (int(moment.timestamp() * 1000) + offset, card_ids[name], -1, ease, 1, 0, 0, 5000, kind)
        for offset, name in enumerate(HISTORIES)
        for moment, ease, kind in HISTORIES[name]
    ]
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return {name: col._backend.compute_memory_state(cid).state for name, cid in card_ids.items()}


def answer_in_anki(col, card_id, rating):
    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card_id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating - 1))
    return col.get_card(card_id)


def reviews_of(name):
    return [Review(ease, moment.astimezone(UTC)) for moment, ease, _ in HISTORIES[name]]


def test_replay_gives_anki_stability_and_difficulty_in_seoul(anki_memory_states):
    config = SchedulerConfig(parameters=PARAMS, time_zone="Asia/Seoul")
    for name, anki_state in anki_memory_states.items():
        ours = replay(reviews_of(name), config=config)
        assert ours.stability == pytest.approx(anki_state.stability, rel=1e-5), name
        assert ours.difficulty == pytest.approx(anki_state.difficulty, rel=1e-5), name


# (days passed since the previous answer, rating) for one card studied in Anki.
STUDY = [(0, 1), (0, 3), (0, 3), (3, 3), (7, 1), (0, 3), (2, 2), (1, 3), (15, 4), (40, 1), (0, 3)]


def test_answers_given_in_anki_over_days_match_replay_after_every_answer(anki_collection):
    col, deck_id = anki_collection
    card_id = add_card(col, deck_id, "studied")
    config = SchedulerConfig(parameters=PARAMS, time_zone="Asia/Seoul")
    for days_passed, rating in STUDY:
        if days_passed:
            age_card(col, card_id, days_passed)
        card = answer_in_anki(col, card_id, rating)
        rows = col.db.all("select id, ease from revlog where cid = ? order by id", card_id)
        ours = replay(
            [Review(ease, datetime.fromtimestamp(ms / 1000, UTC)) for ms, ease in rows],
            config=config,
        )
        # Anki stores the state rounded (4 decimals for S, 3 for D) and builds on that.
        assert ours.stability == pytest.approx(card.memory_state.stability, rel=1e-3)
        assert ours.difficulty == pytest.approx(card.memory_state.difficulty, abs=2e-3)
        assert int(ours.state) == card.type  # Learning 1, Review 2, Relearning 3 in both
    exact = col._backend.compute_memory_state(card_id).state
    assert ours.stability == pytest.approx(exact.stability, rel=1e-5)
    assert ours.difficulty == pytest.approx(exact.difficulty, rel=1e-5)


def test_counting_whole_24_hour_periods_would_not_match_anki(anki_memory_states):
    from fsrs import Card, ReviewLog, Scheduler

    plain = Scheduler(parameters=PARAMS, enable_fuzzing=False)
    differing = []
    for name, anki_state in anki_memory_states.items():
        logs = [ReviewLog(1, Rating(r.rating), r.reviewed_at, None) for r in reviews_of(name)]
        card = plain.reschedule_card(Card(card_id=1), logs)
        if card.stability != pytest.approx(anki_state.stability, rel=1e-3):
            differing.append(name)
    assert set(differing) >= {"steady", "before_rollover"}


def test_the_day_starts_at_the_rollover_hour_in_the_learners_zone():
    seoul = {"time_zone": "Asia/Seoul", "rollover_hour": 4}
    day = anki_day(datetime(2026, 9, 2, 3, 59, tzinfo=SEOUL), **seoul)
    next_day = anki_day(datetime(2026, 9, 2, 4, 0, tzinfo=SEOUL), **seoul)
    assert next_day == day + 1
    assert day_start(next_day, time_zone="Asia/Seoul", rollover_hour=4) == datetime(
        2026, 9, 1, 19, 0, tzinfo=UTC
    )


def test_day_start_follows_daylight_saving_time():
    zone = "America/New_York"
    summer = anki_day(datetime(2026, 7, 1, 12, tzinfo=UTC), time_zone=zone, rollover_hour=4)
    winter = anki_day(datetime(2026, 12, 1, 12, tzinfo=UTC), time_zone=zone, rollover_hour=4)
    assert day_start(summer, time_zone=zone, rollover_hour=4).hour == 8
    assert day_start(winter, time_zone=zone, rollover_hour=4).hour == 9


def test_a_new_card_answered_good_moves_to_its_second_learning_step():
    now = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    state = review(MemoryState(), Rating.Good, now=now, config=SchedulerConfig())
    assert (state.state, state.step, state.reps) == (State.Learning, 1, 1)
    assert state.due == now + timedelta(minutes=10)
    assert state.last_review == now


def test_a_graduated_card_is_due_at_the_start_of_a_learners_day():
    config = SchedulerConfig(time_zone="Asia/Seoul", enable_fuzzing=False)
    now = datetime(2026, 3, 1, 22, 30, tzinfo=SEOUL)
    state = review(MemoryState(), Rating.Easy, now=now, config=config)
    assert state.state == State.Review
    local_due = state.due.astimezone(SEOUL)
    assert (local_due.hour, local_due.minute) == (4, 0)
    assert local_due.date() > now.date()


def test_preview_shows_longer_intervals_for_better_ratings_on_a_review_card():
    config = SchedulerConfig(enable_fuzzing=False)
    start = datetime(2026, 3, 1, 10, tzinfo=UTC)
    state = review(MemoryState(), Rating.Easy, now=start, config=config)
    options = preview(state, now=state.due + timedelta(hours=6), config=config)
    intervals = [options[r].interval for r in Rating]
    assert intervals[0] == timedelta(minutes=10)
    assert intervals[1] < intervals[2] < intervals[3]
    assert options[Rating.Again].state.state == State.Relearning


def test_preview_agrees_with_the_answer_given_afterwards_including_fuzz():
    config = SchedulerConfig()
    start = datetime(2026, 3, 1, 10, tzinfo=UTC)
    state = review(MemoryState(), Rating.Easy, now=start, config=config, card_id=7)
    shown_at = state.due + timedelta(hours=1)
    options = preview(state, now=shown_at, config=config, card_id=7)
    answered_at = shown_at + timedelta(seconds=20)
    for rating in Rating:
        answered = review(state, rating, now=answered_at, config=config, card_id=7)
        shown = options[rating].state
        assert (answered.state, answered.stability) == (shown.state, shown.stability)
        if answered.state == State.Review:
            assert answered.due == shown.due
        else:
            assert answered.due - answered_at == options[rating].interval


def test_fuzz_is_repeatable_and_spreads_intervals_across_cards():
    config = SchedulerConfig()
    now = datetime(2026, 3, 1, 10, tzinfo=UTC)
    mature = MemoryState(
        state=State.Review, step=None, stability=40.0, difficulty=5.0, last_review=now, reps=5
    )
    later = now + timedelta(days=40)
    unfuzzed = preview(mature, now=later, config=config)[Rating.Good].interval.days
    fuzzed = {
        card_id: review(mature, Rating.Good, now=later, config=config, card_id=card_id)
        for card_id in range(40)
    }
    again = review(mature, Rating.Good, now=later, config=config, card_id=3)
    assert again == fuzzed[3]
    days = {(s.due - later).days for s in fuzzed.values()}
    assert len(days) > 3
    assert all(abs(d - unfuzzed) <= 0.15 * unfuzzed + 1 for d in days)


def test_fuzz_reaches_every_day_of_ankis_range_with_even_weight():
    config = SchedulerConfig()
    now = datetime(2026, 3, 1, 10, tzinfo=UTC)
    mature = MemoryState(
        state=State.Review, step=None, stability=40.0, difficulty=5.0, last_review=now, reps=5
    )
    later = now + timedelta(days=40)
    assert preview(mature, now=later, config=config)[Rating.Good].interval.days == 110
    days = Counter(
        preview(mature, now=later, config=config, card_id=card_id)[Rating.Good].interval.days
        for card_id in range(2600)
    )
    # Anki's range for 110 days: 110 -+ (0.15 * 4.5 + 0.1 * 13 + 0.05 * 90) = 104..116.
    assert set(days) == set(range(104, 117))
    # 200 a day on average; the ends weigh as much as the middle (py-fsrs's own
    # rounding gives them half).
    assert max(days.values()) < 1.3 * min(days.values())


def test_the_fuzz_draw_is_a_fixed_32_bit_hash_that_the_browser_repeats():
    """scheduling.js's fuzzDraw must give these numbers too (test_scheduling_browser)."""
    assert fuzz_draw(0, 0) == 0.2328543036710471
    assert fuzz_draw(12, 3) == 0.527335561113432
    assert fuzz_draw(10**12 + 7, 40) == 0.6000888308044523


def test_fuzz_draws_spread_evenly_over_cards_and_answers():
    draws = [fuzz_draw(card_id, reps) for card_id in range(5000) for reps in range(4)]
    assert all(0 <= draw < 1 for draw in draws)
    tenths = Counter(int(draw * 10) for draw in draws)
    assert all(1800 < tenths[tenth] < 2200 for tenth in range(10))  # 2000 expected, sd 42
    assert len(set(draws)) == len(draws)
    # Neighbouring counts of one card are not alike (a weak hash would step slowly).
    steps = [abs(fuzz_draw(7, reps + 1) - fuzz_draw(7, reps)) for reps in range(1000)]
    assert sum(steps) / len(steps) == pytest.approx(1 / 3, abs=0.03)


def test_the_scheduler_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        review(MemoryState(), Rating.Good, now=datetime(2026, 3, 1), config=SchedulerConfig())


def test_replay_orders_reviews_by_time_and_skips_rows_that_are_not_answers():
    config = SchedulerConfig()
    t0 = datetime(2026, 3, 1, 10, tzinfo=UTC)
    history = [
        Review(3, t0),
        Review(3, t0 + timedelta(minutes=10)),
        Review(3, t0 + timedelta(days=3)),
    ]
    shuffled = [
        history[2],
        Review(0, t0 + timedelta(days=1), kind=ReviewKind.MANUAL),
        Review(3, t0 + timedelta(days=2), kind=ReviewKind.RESCHEDULED),
        history[0],
        history[1],
    ]
    assert replay(shuffled, config=config) == replay(history, config=config)
    assert replay(history, config=config).reps == 3


def test_an_offline_review_older_than_the_last_web_review_is_merged_by_replaying():
    config = SchedulerConfig()
    t0 = datetime(2026, 3, 1, 10, tzinfo=UTC)
    web = [Review(3, t0), Review(3, t0 + timedelta(minutes=10)), Review(3, t0 + timedelta(days=9))]
    offline = Review(1, t0 + timedelta(days=4))
    merged = replay([*web, offline], config=config)
    assert merged != replay(web, config=config)
    assert merged.last_review == web[-1].reviewed_at


def test_retrievability_is_full_on_the_day_of_review_and_falls_later():
    config = SchedulerConfig()
    now = datetime(2026, 3, 1, 10, tzinfo=UTC)
    state = review(MemoryState(), Rating.Good, now=now, config=config)
    assert retrievability(MemoryState(), now=now, config=config) == 0
    assert retrievability(state, now=now + timedelta(hours=12), config=config) == 1
    week = retrievability(state, now=now + timedelta(days=7), config=config)
    month = retrievability(state, now=now + timedelta(days=30), config=config)
    assert 1 > week > month > 0


def test_config_and_state_survive_a_round_trip_through_plain_dicts():
    config = SchedulerConfig(parameters=PARAMS, time_zone="Asia/Seoul", desired_retention=0.85)
    state = replay(reviews_of("lapse"), config=config, card_id=1)
    assert SchedulerConfig.from_dict(config.to_dict()) == config
    assert MemoryState.from_dict(state.to_dict()) == state


def test_config_rejects_out_of_range_parameters_and_unknown_zones():
    with pytest.raises(ValueError):
        SchedulerConfig(parameters=[100.0] * 21)
    with pytest.raises(Exception, match="Nowhere"):
        SchedulerConfig(time_zone="Nowhere/Atlantis")


@settings(max_examples=60, deadline=None)
@given(
    ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=12),
    gaps=st.lists(st.integers(min_value=1, max_value=60 * 24 * 40), min_size=12, max_size=12),
)
def test_any_history_keeps_state_within_fsrs_bounds(ratings, gaps):
    config = SchedulerConfig(time_zone="Asia/Seoul")
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    state = MemoryState()
    for rating, gap in zip(ratings, gaps, strict=False):
        moment += timedelta(minutes=gap)
        state = review(state, rating, now=moment, config=config, card_id=11)
        assert 1 <= state.difficulty <= 10
        assert state.stability >= 0.001
        assert state.due > moment
        assert (state.due - moment).days <= config.maximum_interval


ZONES = [
    "UTC", "Asia/Seoul", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham",
    "Australia/Lord_Howe", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London",
]  # fmt: skip


def fsrs_parameters():
    """Any FSRS-6 parameter set py-fsrs accepts, each within its bounds."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return st.tuples(
        *(
            st.floats(min_value=low, max_value=high, allow_nan=False)
            for low, high in zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
        )
    )


moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
# Mostly hours around the day boundaries, sometimes years; a few before the review.
gaps = st.one_of(
    st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=3)),
    st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=36500)),
)


@settings(max_examples=300, deadline=None)
@given(
    parameters=fsrs_parameters(),
    time_zone=st.sampled_from(ZONES),
    rollover_hour=st.integers(min_value=0, max_value=23),
    state=st.sampled_from([State.Learning, State.Review, State.Relearning]),
    stability=st.floats(min_value=0.001, max_value=36500, allow_nan=False),
    last_review=moments,
    gap=gaps,
)
def test_retrievability_over_plain_numbers_equals_the_py_fsrs_path(
    parameters, time_zone, rollover_hour, state, stability, last_review, gap
):
    from progress.scheduler import retrievability_after

    now = last_review + gap
    config = SchedulerConfig(
        parameters=parameters, time_zone=time_zone, day_rollover_hour=rollover_hour
    )
    memory = MemoryState(state=state, step=None, stability=stability, difficulty=5.0,
                         due=last_review, last_review=last_review, reps=3)  # fmt: skip
    days = anki_day(now, time_zone=time_zone, rollover_hour=rollover_hour) - anki_day(
        last_review, time_zone=time_zone, rollover_hour=rollover_hour
    )
    expected = retrievability(memory, now=now, config=config)
    assert retrievability_after(days, stability, parameters=config.parameters) == expected
