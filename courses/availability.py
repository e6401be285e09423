"""Weekly availability across time zones: when a tutor in New York and a learner
in Seoul are both free, and how each of them reads that time.

A weekly availability is a list of slots (weekday, start minute, end minute) in its
owner's own zone: Monday is 0, minutes count from local midnight, a slot ends
after it starts and within its day (a slot past midnight is written as two). Rules:
- `parse` reads the lines a person types ("Mon 19:00-21:00", "Saturday 9:30 - 12";
  English or Korean day names) and refuses what it cannot read with a message
  naming the line; a slot running past midnight is split at midnight; slots of
  one day that touch or overlap are merged.
- `occurrences` places the slots on real dates in a window, in UTC, through the
  owner's zone, so that a change of daylight saving time on either side moves the
  overlap as it moves the people. A local time skipped by a clock change starts at
  the first moment after the gap (zoneinfo's fold=0 reading).
- `overlap` intersects two availabilities over the window; `local_spans` shows
  intervals in a reader's zone, split at the reader's midnights.
Pure: slots, zones and moments in, intervals out; no ORM and no clock.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

Slot = tuple[int, int, int]  # weekday, start minute, end minute (local)
Interval = tuple[datetime, datetime]  # aware UTC moments, start < end

DAY_MINUTES = 24 * 60
MAX_LINES = 50
DAY_NAMES = {
    **{name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        name: n
        for n, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{name: n for n, name in enumerate("월화수목금토일")},
    **{f"{name}요일": n for n, name in enumerate("월화수목금토일")},
}
LINE_RE = re.compile(
    r"^\s*(?P<day>[^\W\d_]+)\s+(?P<start>\d{1,2}(?::\d{2})?)\s*[-–~]\s*(?P<end>\d{1,2}(?::\d{2})?)\s*$"
)


class AvailabilityError(ValueError):
    """A line that is not a weekly slot; the message names the line."""


def minutes_of(text: str) -> int | None:
    hours, _sep, minutes = text.partition(":")
    hour, minute = int(hours), int(minutes or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return hour * 60 + minute


def parse(text: str) -> list[Slot]:
    """The slots of the typed lines; blank lines are skipped."""
    lines = [line for line in text.replace("\x00", "").splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise AvailabilityError(_("Give at most %(most)s lines.") % {"most": MAX_LINES})
    slots: list[Slot] = []
    for number, line in enumerate(lines, start=1):
        found = LINE_RE.match(line)
        day = DAY_NAMES.get(found.group("day").casefold()) if found else None
        start = minutes_of(found.group("start")) if found else None
        end = minutes_of(found.group("end")) if found else None
        if day is None or start is None or end is None or start == end:
            raise AvailabilityError(
                _("Line %(number)s: write a day and two times, like “Mon 19:00-21:00”.")
                % {"number": number}
            )
        if end > start:
            slots.append((day, start, end))
        else:  # past midnight: the rest of this day, then the start of the next
            slots.append((day, start, DAY_MINUTES))
            if end:
                slots.append(((day + 1) % 7, 0, end))
    return merged(slots)


def merged(slots: Iterable[Slot]) -> list[Slot]:
    """Slots in week order, those of one day that touch or overlap made one."""
    result: list[Slot] = []
    for day, start, end in sorted(slots):
        if result and result[-1][0] == day and start <= result[-1][2]:
            result[-1] = (day, result[-1][1], max(end, result[-1][2]))
        else:
            result.append((day, start, end))
    return result


def formatted(slots: Sequence[Slot]) -> str:
    """The slots as lines `parse` reads back."""
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return "\n".join(f"{names[day]} {clock(start)}-{clock(end)}" for day, start, end in slots)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def local_moment(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """The UTC moment of a local day and minute (24:00 is the next midnight)."""
    if minutes == DAY_MINUTES:
        day, minutes = day + timedelta(days=1), 0
    naive = datetime.combine(day, time(minutes // 60, minutes % 60))
    return naive.replace(tzinfo=zone).astimezone(UTC)


def occurrences(slots: Sequence[Slot], zone: str, start: datetime, days: int) -> list[Interval]:
    """The slots on real dates, as UTC intervals cut to [start, start + days)."""
    where = ZoneInfo(zone)
    end = start + timedelta(days=days)
    first = start.astimezone(where).date() - timedelta(days=1)
    found = []
    for offset in range(days + 2):
        day = first + timedelta(days=offset)
        for weekday, begin, finish in slots:
            if weekday == day.weekday():
                low, high = local_moment(day, begin, where), local_moment(day, finish, where)
                low, high = max(low, start), min(high, end)
                if low < high:
                    found.append((low, high))
    return joined(found)


def joined(intervals: Iterable[Interval]) -> list[Interval]:
    result: list[Interval] = []
    for low, high in sorted(intervals):
        if result and low <= result[-1][1]:
            result[-1] = (result[-1][0], max(high, result[-1][1]))
        else:
            result.append((low, high))
    return result


def intersection(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    found, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low < high:
            found.append((low, high))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return found


def overlap(
    first: tuple[Sequence[Slot], str],
    second: tuple[Sequence[Slot], str],
    *,
    start: datetime,
    days: int = 7,
) -> list[Interval]:
    """When both are free in [start, start + days): (slots, zone) each."""
    return intersection(
        occurrences(first[0], first[1], start, days), occurrences(second[0], second[1], start, days)
    )


def local_spans(intervals: Iterable[Interval], zone: str) -> list[tuple[datetime, datetime]]:
    """The intervals in a reader's zone, each split at the reader's local midnights."""
    where = ZoneInfo(zone)
    spans = []
    for low, high in intervals:
        low, high = low.astimezone(where), high.astimezone(where)
        while low.date() < high.date():
            midnight = datetime.combine(low.date() + timedelta(days=1), time(), tzinfo=where)
            spans.append((low, midnight))
            low = midnight
        if low < high:
            spans.append((low, high))
    return spans
