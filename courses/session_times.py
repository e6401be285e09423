"""The times of one-to-one sessions: when one may start, and when each side is reminded.

Rules:
- A session starts on the half hour of its tutor's free times (the weekly slots of
  `courses.availability`, placed through the tutor's zone), at least `LEAD` ahead and
  at most `HORIZON` ahead, and lies wholly inside one free interval. `start_choices`
  lists the starts of the next `CHOICE_DAYS` days that a session of `shortest`
  minutes fits into, so that nobody types a time across zones.
- A person is reminded at their reminder hour, in their own zone, on the latest
  local day on which that hour falls at least `REMIND_BEFORE` before the start.
  A reminder hour skipped by a clock change is read as zoneinfo reads it (fold=0).
Pure: moments, slots and zones in, moments out; no ORM and no clock.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .availability import Slot, occurrences

LENGTHS = (30, 45, 60, 90)
LEAD = timedelta(hours=1)
HORIZON = timedelta(days=60)
CHOICE_DAYS = 14
STEP = timedelta(minutes=30)
REMIND_BEFORE = timedelta(hours=1)


def reminder_moment(starts_at: datetime, zone: str, hour: int) -> datetime:
    """The UTC moment to remind someone in `zone` whose reminder hour is `hour`."""
    where = ZoneInfo(zone)
    latest = starts_at - REMIND_BEFORE
    day = latest.astimezone(where).date()
    for _attempt in range(3):
        moment = datetime.combine(day, time(hour), tzinfo=where).astimezone(UTC)
        if moment <= latest:
            return moment
        day -= timedelta(days=1)
    raise AssertionError("a reminder hour falls on one of three days")  # pragma: no cover


def rounded_up(moment: datetime) -> datetime:
    """The next half hour in UTC at or after `moment`."""
    base = moment.replace(minute=0, second=0, microsecond=0)
    while base < moment:
        base += STEP
    return base


def fits(slots: Sequence[Slot], zone: str, starts_at: datetime, minutes: int) -> bool:
    """Whether [starts_at, starts_at + minutes) lies inside one free interval."""
    ends_at = starts_at + timedelta(minutes=minutes)
    window = starts_at - timedelta(days=1)
    free = occurrences(slots, zone, window, 3)
    return any(low <= starts_at and ends_at <= high for low, high in free)


def start_choices(
    slots: Sequence[Slot],
    zone: str,
    *,
    now: datetime,
    shortest: int = LENGTHS[0],
    busy: Sequence[tuple[datetime, datetime]] = (),
) -> list[datetime]:
    """UTC starts every half hour in the free times of the next CHOICE_DAYS days."""
    length = timedelta(minutes=shortest)
    starts = []
    for low, high in occurrences(slots, zone, rounded_up(now + LEAD), CHOICE_DAYS):
        moment = low
        while moment + length <= high:
            if not any(b_low < moment + length and moment < b_high for b_low, b_high in busy):
                starts.append(moment)
            moment += STEP
    return starts
