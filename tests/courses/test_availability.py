"""Weekly availability across time zones (courses/availability.py): a tutor in New
York and a learner in Seoul, in winter, in summer and across a clock change."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses import availability
from courses.availability import AvailabilityError

NEW_YORK, SEOUL = "America/New_York", "Asia/Seoul"
TUTOR = availability.parse("Mon 19:00-22:00\nTue 19:00-22:00\nWed 19:00-22:00")
LEARNER = availability.parse("화 9:00-11:00\n수요일 9:00-11:00\nthursday 9-11")


def test_typed_lines_become_slots_in_week_order():
    assert availability.parse("Wed 9-12\n\nmon 18:30 – 20:00") == [(0, 1110, 1200), (2, 540, 720)]


def test_a_slot_past_midnight_is_split_and_touching_slots_are_merged():
    assert availability.parse("Sun 22:00-01:30") == [(0, 0, 90), (6, 1320, 1440)]
    assert availability.parse("Fri 9-12\nFri 11:00-14:00\nFri 14-15") == [(4, 540, 900)]
    assert availability.parse("Sat 20:00-24:00") == [(5, 1200, 1440)]


@pytest.mark.parametrize(
    "text",
    ["Funday 9-10", "Mon 25:00-26:00", "Mon 9:75-10", "Mon 9-9", "Mon", "9-10", "Mon 9-10 and 11"],
)
def test_a_line_that_is_not_a_slot_is_refused_naming_the_line(text):
    with pytest.raises(AvailabilityError, match="Line 1"):
        availability.parse(text)


def test_nul_bytes_are_dropped_and_too_many_lines_refused():
    assert availability.parse("Mon 9-10\x00") == [(0, 540, 600)]
    with pytest.raises(AvailabilityError):
        availability.parse("\n".join(["Mon 9-10"] * (availability.MAX_LINES + 1)))


slots = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 1439), st.integers(1, 1440)).filter(
        lambda slot: slot[1] < slot[2]
    ),
    max_size=12,
)


@given(slots)
def test_formatted_slots_read_back_as_the_same_week(found):
    expected = availability.merged(found)
    assert availability.parse(availability.formatted(expected)) == expected


def winter_monday():
    return datetime(2027, 1, 11, tzinfo=UTC)


def test_new_york_evenings_meet_seoul_mornings_in_winter():
    both = availability.overlap((TUTOR, NEW_YORK), (LEARNER, SEOUL), start=winter_monday())
    seoul = availability.local_spans(both, SEOUL)
    new_york = availability.local_spans(both, NEW_YORK)
    # New York is 14 hours behind Seoul in winter: Monday 19:00 there is Tuesday 09:00 here.
    assert [(s.strftime("%a %H:%M"), e.strftime("%H:%M")) for s, e in seoul] == [
        ("Tue 09:00", "11:00"),
        ("Wed 09:00", "11:00"),
        ("Thu 09:00", "11:00"),
    ]
    assert [(s.strftime("%a %H:%M"), e.strftime("%H:%M")) for s, e in new_york] == [
        ("Mon 19:00", "21:00"),
        ("Tue 19:00", "21:00"),
        ("Wed 19:00", "21:00"),
    ]


def test_in_summer_new_york_is_an_hour_nearer_and_the_overlap_moves_with_it():
    summer = datetime(2027, 7, 12, tzinfo=UTC)
    both = availability.overlap((TUTOR, NEW_YORK), (LEARNER, SEOUL), start=summer)
    new_york = availability.local_spans(both, NEW_YORK)
    assert [(s.strftime("%a %H:%M"), e.strftime("%H:%M")) for s, e in new_york] == [
        ("Mon 20:00", "22:00"),
        ("Tue 20:00", "22:00"),
        ("Wed 20:00", "22:00"),
    ]


def test_the_week_of_new_yorks_clock_change_shifts_the_overlap_on_that_day():
    # Clocks in New York go forward on Sunday 14 March 2027; Seoul has no change.
    week = datetime(2027, 3, 13, 12, tzinfo=UTC)  # Saturday morning in New York
    tutor = availability.parse("Sat 19:00-22:00\nMon 19:00-22:00")
    learner = availability.parse("Sun 8:00-12:00\nTue 8:00-12:00")
    both = availability.overlap((tutor, NEW_YORK), (learner, SEOUL), start=week, days=4)
    seoul = [
        (s.strftime("%m-%d %H:%M"), e.strftime("%H:%M"))
        for s, e in availability.local_spans(both, SEOUL)
    ]
    assert (seoul[0][0][:5], seoul[0][0][6:]) == ("03-14", "09:00")  # Sat 19:00 EST
    assert (seoul[1][0][:5], seoul[1][0][6:]) == ("03-16", "08:00")  # Mon 19:00 EDT


@given(slots, slots, st.integers(0, 400))
def test_overlap_is_the_same_both_ways_and_inside_both(first, second, day):
    start = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(days=day)
    a, b = availability.merged(first), availability.merged(second)
    both = availability.overlap((a, NEW_YORK), (b, SEOUL), start=start)
    assert both == availability.overlap((b, SEOUL), (a, NEW_YORK), start=start)
    for low, high in both:
        for slots_, zone in ((a, NEW_YORK), (b, SEOUL)):
            assert any(
                s <= low and high <= e for s, e in availability.occurrences(slots_, zone, start, 7)
            )


def test_local_spans_split_at_the_readers_midnight():
    interval = (datetime(2027, 1, 11, 14, tzinfo=UTC), datetime(2027, 1, 11, 17, tzinfo=UTC))
    spans = availability.local_spans([interval], SEOUL)  # 23:00 to 02:00 in Seoul
    assert [(s.strftime("%d %H:%M"), e.strftime("%d %H:%M")) for s, e in spans] == [
        ("11 23:00", "12 00:00"),
        ("12 00:00", "12 02:00"),
    ]
