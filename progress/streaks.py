"""The learner's streak, with freezes that forgive a missed day.

Rules, over the learner's days (dates from `accounts.clock`) with at least one
review or lesson answer, called studied days:
- The streak is the number of studied days in the current run. A run goes on
  from one studied day to the next when no day lies between them, or when one
  day does and a freeze covers it; a covered day keeps the run but adds nothing
  to its length.
- Every FREEZE_EVERY-th studied day (the 7th, 14th, ... counted over all
  studied days) earns a freeze; at most MAX_FREEZES are held, and one earned
  beyond that is lost. Held freezes outlive a broken run.
- A single missed day spends one held freeze, automatically. Two or more
  missed days in a row, or one with no freeze held, break the run: the streak
  starts again from 0 with the next studied day.
- Today is not missed while it lasts: a streak whose last studied day is
  yesterday is alive, and one whose last studied day is the day before
  yesterday is alive only by spending a freeze on yesterday.
- `freezes_used` counts the freezes spent inside the current run.

Pure: dates and today come in, a Streak goes out. Days after `today` are ignored.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

FREEZE_EVERY = 7
MAX_FREEZES = 2


@dataclass(frozen=True)
class Streak:
    days: int = 0
    freezes_held: int = 0
    freezes_used: int = 0
    studied_today: bool = False


def _after_gap(missed: int, streak: Streak) -> Streak:
    """The streak once `missed` days without study have passed."""
    if missed <= 0:
        return streak
    if missed == 1 and streak.freezes_held:
        return Streak(streak.days, streak.freezes_held - 1, streak.freezes_used + 1)
    return Streak(0, streak.freezes_held, 0)


def _after_study(count: int, streak: Streak) -> Streak:
    """The streak after the `count`-th studied day."""
    earned = 1 if count % FREEZE_EVERY == 0 else 0
    held = min(MAX_FREEZES, streak.freezes_held + earned)
    return Streak(streak.days + 1, held, streak.freezes_used)


def streak_of(days: Iterable[date], today: date) -> Streak:
    studied = sorted({day for day in days if day <= today})
    streak, previous = Streak(), None
    for count, day in enumerate(studied, start=1):
        if previous is not None:
            streak = _after_gap((day - previous).days - 1, streak)
        streak, previous = _after_study(count, streak), day
    if previous is None:
        return streak
    streak = _after_gap((today - previous).days - 1, streak)
    return Streak(streak.days, streak.freezes_held, streak.freezes_used, previous == today)
