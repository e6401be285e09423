"""FSRS retrievability and the learner's day as PostgreSQL expressions, so that
screens judging thousands of cards (the tutors' grid) let the database do the
per-card work instead of reading every card's timestamp into Python.

Both restate rules owned elsewhere, written once here and held equal to their
owners by property tests:
- the day of a moment is `accounts.clock.anki_day` (the local time where the
  learner lives, less the rollover hours, as a day number since 1970-01-01),
  built on the queue's `postgres_anki_date`;
- retrievability is `progress.scheduler.retrievability_after`: with decay
  -w20 and factor 0.9 ** (1 / decay) - 1, (1 + factor * max(0, t) / S) ** decay,
  in float8, operation for operation, so that PostgreSQL's power() gives the
  very number Python's ** gives.
"""

from .queue_query import postgres_anki_date


def anki_day_sql(moment: str, zone: str, rollover: str) -> str:
    """The learner's day number of the timestamptz `moment` (`clock.anki_day`)."""
    return f"({postgres_anki_date(moment, zone, rollover)} - DATE '1970-01-01')"


def retrievability_sql(days: str, stability: str, w20: str) -> str:
    """`retrievability_after(days, stability, parameters)` with `w20` the parameters'
    twenty-first weight; every operand float8, as Python's floats are."""
    decay = f"(-CAST({w20} AS float8))"
    factor = f"(power(CAST(0.9 AS float8), 1 / {decay}) - 1)"
    elapsed = f"CAST(greatest(0, {days}) AS float8)"
    return f"power(1 + {factor} * {elapsed} / {stability}, {decay})"
