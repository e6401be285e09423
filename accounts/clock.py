"""The learner's clock: the one place that says which day it is for a learner.

Two kinds of day, both counted where the learner lives:
- the calendar day (midnight to midnight), for due dates, streaks, the daily
  reminder and the tutors' digest;
- Anki's day, which starts at ROLLOVER_HOUR (04:00), for the scheduler and the
  daily new-card limit, so that Saebom counts days as Anki does.

A user with no profile (a tutor who never studied, a new account) lives in
FALLBACK_ZONE. Pure: a `now` or a moment comes in, plain values go out; no
clock, no database, no settings.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

FALLBACK_ZONE = "UTC"
ROLLOVER_HOUR = 4
EPOCH_DAY = date(1970, 1, 1).toordinal()


def zone_name(profile) -> str:
    """The learner's time zone name, or FALLBACK_ZONE for a user without a profile."""
    return profile.time_zone if profile is not None else FALLBACK_ZONE


def zone_of(profile) -> ZoneInfo:
    return ZoneInfo(zone_name(profile))


def today_of(profile, now: datetime) -> date:
    """The calendar date at `now` where the user lives (FALLBACK_ZONE without a profile)."""
    return calendar_day(now, zone_name(profile))


def local_now(now: datetime, zone: ZoneInfo | str) -> datetime:
    return now.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)


def calendar_day(now: datetime, zone: ZoneInfo | str) -> date:
    """The learner's calendar date at `now`."""
    return local_now(now, zone).date()


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first moment after the calendar day `day` where the learner lives."""
    return start_of_day(day + timedelta(days=1), zone)


def anki_day(moment: datetime, *, time_zone: str, rollover_hour: int = ROLLOVER_HOUR) -> int:
    """The learner's day number (days since 1970-01-01) of `moment`, as Anki counts days."""
    return anki_days((moment,), time_zone=time_zone, rollover_hour=rollover_hour)[0]


def anki_days(
    moments: Iterable[datetime], *, time_zone: str, rollover_hour: int = ROLLOVER_HOUR
) -> list[int]:
    """`anki_day` of each moment, the zone found once: a replay asks for one per answer."""
    zone, rollover = ZoneInfo(time_zone), timedelta(hours=rollover_hour)
    days = []
    for moment in moments:
        if moment.utcoffset() is None:
            raise ValueError("datetimes passed to the learner's clock must be timezone-aware")
        days.append((moment.astimezone(zone) - rollover).toordinal() - EPOCH_DAY)
    return days


@lru_cache(maxsize=4096)
def day_start(day: int, *, time_zone: str, rollover_hour: int = ROLLOVER_HOUR) -> datetime:
    """The UTC moment at which the learner's Anki day number `day` begins.

    Kept per (day, zone, hour): every answer that schedules a card asks for one,
    most of them for the same few days, and the answer is fixed by the zone data.
    """
    local_date = date.fromordinal(day + EPOCH_DAY)
    local = datetime.combine(local_date, time(rollover_hour), tzinfo=ZoneInfo(time_zone))
    return local.astimezone(UTC)


def anki_day_start(now: datetime, *, time_zone: str) -> datetime:
    """When the learner's current Anki day began."""
    return day_start(anki_day(now, time_zone=time_zone), time_zone=time_zone)
