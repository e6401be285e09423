"""The learner's clock: Anki's day of many moments at once, as of one."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.clock import anki_days


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2_000_000_000), min_size=1, max_size=30),
    st.sampled_from(["UTC", "Asia/Seoul", "America/New_York", "Australia/Lord_Howe"]),
    st.integers(0, 23),
)
def test_anki_days_are_each_moments_local_date_before_the_rollover(seconds, zone, rollover):
    moments = [datetime.fromtimestamp(second, UTC) for second in seconds]
    days = anki_days(moments, time_zone=zone, rollover_hour=rollover)
    for moment, day in zip(moments, days, strict=True):
        local = moment.astimezone(ZoneInfo(zone)) - timedelta(hours=rollover)
        assert day == (local.date() - date(1970, 1, 1)).days


def test_the_clock_refuses_a_moment_without_a_zone():
    with pytest.raises(ValueError, match="timezone-aware"):
        anki_days([datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2)], time_zone="UTC")
