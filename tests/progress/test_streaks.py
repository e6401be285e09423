from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from progress.streaks import MAX_FREEZES, Streak, streak_of

TODAY = date(2026, 3, 20)


def ago(*days: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in days]


def test_no_study_is_no_streak():
    assert streak_of([], TODAY) == Streak()


def test_consecutive_days_ending_today_or_yesterday_count():
    assert streak_of(ago(0, 1, 2), TODAY) == Streak(days=3, studied_today=True)
    assert streak_of(ago(1, 2, 3), TODAY) == Streak(days=3)


def test_without_a_freeze_one_missed_day_breaks_the_streak():
    assert streak_of(ago(0, 1, 3, 4), TODAY).days == 2
    assert streak_of(ago(2, 3), TODAY).days == 0


def test_seven_studied_days_earn_a_freeze_that_covers_one_missed_day():
    week = ago(*range(2, 9))
    assert streak_of(week, TODAY - timedelta(days=2)) == Streak(7, 1, 0, True)
    # Yesterday was missed: the freeze is spent and the streak lives on.
    assert streak_of(week, TODAY) == Streak(7, 0, 1)
    assert streak_of([*week, TODAY], TODAY) == Streak(8, 0, 1, True)


def test_two_missed_days_in_a_row_break_the_streak_even_with_freezes():
    fortnight = ago(*range(3, 17))
    assert streak_of(fortnight, TODAY - timedelta(days=3)).freezes_held == 2
    assert streak_of(fortnight, TODAY) == Streak(0, 2, 0)
    assert streak_of([*fortnight, TODAY], TODAY) == Streak(1, 2, 0, True)


def test_at_most_two_freezes_are_held():
    assert streak_of(ago(*range(30)), TODAY) == Streak(30, MAX_FREEZES, 0, True)


def test_a_freeze_spent_in_the_middle_of_a_run_is_counted_and_the_run_goes_on():
    days = [*ago(*range(10, 17)), *ago(*range(0, 9))]  # day 9 missed
    assert streak_of(days, TODAY) == Streak(16, 1, 1, True)


def test_days_after_today_and_repeats_are_ignored():
    assert streak_of([*ago(0, 0, 1), TODAY + timedelta(days=1)], TODAY) == Streak(2, 0, 0, True)


study_days = st.sets(st.integers(min_value=0, max_value=120), max_size=90).map(
    lambda offsets: set(ago(*offsets))
)


@given(study_days)
def test_the_run_has_no_two_missed_days_in_a_row_and_counts_its_freezes(days):
    streak = streak_of(days, TODAY)
    assert 0 <= streak.freezes_held <= MAX_FREEZES
    assert streak.studied_today == (TODAY in days)
    if streak.days == 0:
        return
    run = sorted(days)[-streak.days :]
    gaps = [(later - earlier).days - 1 for earlier, later in zip(run, run[1:], strict=False)]
    gaps.append(max(0, (TODAY - run[-1]).days - 1))
    assert all(gap <= 1 for gap in gaps)
    assert streak.freezes_used == sum(gaps)


@given(study_days)
def test_a_run_ends_only_where_it_could_not_go_on(days):
    streak = streak_of(days, TODAY)
    ordered = sorted(days)
    if streak.days < len(ordered):
        before, first = ordered[-streak.days - 1], (ordered[-streak.days] if streak.days else TODAY)
        assert (first - before).days - 1 >= 1  # a missed day (or more) broke the run there


@given(study_days)
def test_studying_today_after_yesterday_adds_one_day(days):
    days = days - {TODAY}
    if TODAY - timedelta(days=1) not in days:
        return
    before, after = streak_of(days, TODAY), streak_of(days | {TODAY}, TODAY)
    assert after.days == before.days + 1
    assert after.freezes_used == before.freezes_used
