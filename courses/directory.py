"""The tutor directory's reading of profiles: which tutors a learner is shown, and
their free times in the learner's own zone.

Rules:
- A learner sees a listed profile only while its tutor has room: fewer accepted
  requests than the profile's capacity. A full tutor is left out, not shown as
  "full": a learner cannot ask them anyway, and `courses.matching` refuses it.
- Filters are a help, a language, and free times the learner types in the weekly
  line format, read in the learner's zone and never stored. With free times, a
  profile is shown only if the two overlap in the window, and the overlap is shown.
- Times are placed on real dates over [start, start + days) through each person's
  zone (`courses.availability`), so a clock change on either side moves them, and
  shown in the reader's zone split at the reader's midnights.
Pure: profiles (any objects with the profile's attributes), zones and moments in,
plain values out; no ORM and no clock.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .availability import DAY_MINUTES, Slot, clock, local_spans, occurrences, overlap

Span = tuple[datetime, datetime]  # aware, in the reader's zone, within one local day
WEEK = 7


@dataclass(frozen=True)
class Wanted:
    """What the learner asked for; empty values filter nothing."""

    help: str = ""
    language: str = ""
    free_slots: Sequence[Slot] = ()


@dataclass(frozen=True)
class Row:
    """One reader's day and a time on it, ready to print ("24:00" ends a day)."""

    day: date
    start: str
    end: str


@dataclass
class Card:
    profile: object
    week: list[Row] = field(default_factory=list)
    overlap: list[Row] = field(default_factory=list)


def week_in_zone(
    slots: Sequence[Slot], zone: str, reader_zone: str, start: datetime, days: int = WEEK
) -> list[Span]:
    """The owner's free times over [start, start + days), in the reader's zone."""
    return local_spans(occurrences(slots, zone, start, days), reader_zone)


def tutor_week(profile, reader_zone: str, start: datetime) -> list[Row]:
    """A profile's free times over the coming week, as rows in the reader's zone."""
    return rows(week_in_zone(profile.availability, profile.time_zone, reader_zone, start))


def overlap_in_zone(
    profile_slots: Sequence[Slot],
    profile_zone: str,
    learner_slots: Sequence[Slot],
    learner_zone: str,
    start: datetime,
    days: int = WEEK,
) -> list[Span]:
    """When tutor and learner are both free in [start, start + days), as aware
    datetimes in the learner's zone (`.astimezone(UTC)` gives the moments back).
    Each person's slots are weekly, in their own zone, as `availability.parse`
    returns them; a span never crosses the learner's midnight."""
    both = overlap(
        (profile_slots, profile_zone), (learner_slots, learner_zone), start=start, days=days
    )
    return local_spans(both, learner_zone)


def rows(spans: Iterable[Span]) -> list[Row]:
    def minutes(moment: datetime) -> int:
        return moment.hour * 60 + moment.minute

    return [
        Row(
            day=low.date(),
            start=clock(minutes(low)),
            end=clock(DAY_MINUTES if high.date() > low.date() else minutes(high)),
        )
        for low, high in spans
    ]


def has_room(profile) -> bool:
    """`profile.taken` is the tutor's accepted requests (annotated by the query)."""
    return profile.taken < profile.capacity


def cards(profiles: Iterable, *, wanted: Wanted, reader_zone: str, start: datetime) -> list[Card]:
    """The cards of the profiles the learner asked for, in the given order."""
    found = []
    for profile in profiles:
        if not has_room(profile) or not fits(profile, wanted):
            continue
        card = Card(
            profile,
            week=tutor_week(profile, reader_zone, start),
        )
        if wanted.free_slots:
            card.overlap = rows(
                overlap_in_zone(
                    profile.availability, profile.time_zone, wanted.free_slots, reader_zone, start
                )
            )
            if not card.overlap:
                continue
        found.append(card)
    return found


def fits(profile, wanted: Wanted) -> bool:
    if wanted.help and wanted.help not in profile.helps_with:
        return False
    return not wanted.language or wanted.language in profile.languages
