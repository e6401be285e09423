"""The due queue's rows in one statement: one round trip per page.

The statement reads the learner's time zone (FALLBACK_ZONE without a profile),
the start of their Anki day, how many cards they started in it (the daily
new-card limit), how many answers they gave in it (the session's "done"), and
the rows `progress.queue.due_rules` calls due: answered cards past due, new
cards oldest first within the limit, and, only when there are neither, learning
cards within the learn-ahead window. It restates those rules in SQL, written
once; tests hold it equal to the ORM rules.

The day start is `accounts.clock.anki_day_start`: SQLite calls that very
function (registered on the connection); PostgreSQL computes it with
`AT TIME ZONE`, taking the first of two equal local times when clocks go back,
as Python does (fold=0). A test holds the two equal across zones and DST.
"""

from datetime import UTC, datetime, timedelta
from functools import cache

from django.db import connection
from django.utils.dateparse import parse_datetime

from accounts import clock

from .prepared import converted, database, select_by_pk, statement_cursor


def postgres_anki_date(moment: str, zone: str, rollover: str) -> str:
    """PostgreSQL: the learner's Anki date of the timestamptz `moment`, as
    `clock.anki_day` counts it (the local time less the rollover hours, as a date);
    the queue's day start and the tutors' grid both read it from here."""
    return f"CAST(({moment} AT TIME ZONE {zone}) - {rollover} * interval '1 hour' AS date)"


# PostgreSQL: the wall-clock start of the learner's Anki day, the later UTC moment
# that wall time names, and then the earlier one when clocks went back at it.
POSTGRES_DAY = f"""
wall AS (
  SELECT name, {postgres_anki_date("CAST(%(now)s AS timestamptz)", "name", "%(rollover)s")}
               + %(rollover)s * interval '1 hour' AS local
  FROM zone
), later AS (
  SELECT name, local, local AT TIME ZONE name AS moment FROM wall
), shifted AS (
  SELECT name, local, moment, moment + ((moment AT TIME ZONE name) - (moment AT TIME ZONE 'UTC'))
         - (((moment - interval '1 day') AT TIME ZONE name)
            - ((moment - interval '1 day') AT TIME ZONE 'UTC')) AS earlier
  FROM later
), day AS (
  SELECT CASE WHEN earlier < moment AND (earlier AT TIME ZONE name) = local
         THEN earlier ELSE moment END AS start
  FROM shifted
)"""  # noqa: S608 (an expression of this module, no input)
SQLITE_DAY = """
day AS (SELECT saebom_anki_day_start(%(now)s, name) AS start FROM zone)"""
# The due moment as it is read: PostgreSQL gives whole microseconds since the epoch
# (an integer reads back many times faster than a timestamp, exactly); SQLite its text.
DUE = {"postgresql": "CAST(EXTRACT(EPOCH FROM due) * 1000000 AS bigint)", "sqlite": "due"}
COLUMNS = "id, item_id, state, {due} AS due_at, stability, reps"
QUEUE_SQL = """
WITH zone AS (
  SELECT COALESCE((SELECT time_zone FROM accounts_learnerprofile
                   WHERE user_id = %(learner)s), %(fallback)s) AS name
), {day}, started AS (
  SELECT COUNT(*) AS n FROM progress_reviewcard c
  WHERE c.learner_id = %(learner)s
    AND c.id IN (SELECT l.card_id FROM progress_reviewlog l, day
                 WHERE l.learner_id = %(learner)s AND l.reviewed_at >= day.start)
    AND NOT EXISTS (SELECT 1 FROM progress_reviewlog e, day
                    WHERE e.card_id = c.id AND e.reviewed_at < day.start)
), seen AS (
  SELECT {columns}, 0 AS part, due AS sort_key FROM progress_reviewcard
  WHERE learner_id = %(learner)s AND reps > 0 AND due <= %(now)s
  ORDER BY due, id LIMIT %(window)s
), fresh AS (
  SELECT {columns}, 1 AS part, created_at AS sort_key FROM progress_reviewcard
  WHERE learner_id = %(learner)s AND reps = 0 AND due <= %(now)s
  ORDER BY created_at, id
  LIMIT (SELECT CASE WHEN n < %(limit)s THEN %(limit)s - n ELSE 0 END FROM started)
), ahead AS (
  SELECT {columns}, 2 AS part, due AS sort_key FROM progress_reviewcard
  WHERE learner_id = %(learner)s AND reps > 0 AND due <= %(ahead)s AND state <> %(review)s
  ORDER BY due, id LIMIT %(window)s
), answered AS (
  SELECT COUNT(*) AS n FROM progress_reviewlog l, day
  WHERE l.learner_id = %(learner)s AND l.reviewed_at >= day.start
)
SELECT answered.n, id, item_id, state, due_at, stability, reps FROM answered LEFT JOIN (
  SELECT * FROM seen
  UNION ALL SELECT * FROM fresh
  UNION ALL SELECT * FROM ahead
    WHERE NOT EXISTS (SELECT 1 FROM seen) AND NOT EXISTS (SELECT 1 FROM fresh)
) due_cards ON TRUE
ORDER BY part, sort_key, id
"""
STATEMENTS = {
    vendor: QUEUE_SQL.format(day=day, columns=COLUMNS.format(due=DUE[vendor]))
    for vendor, day in (("postgresql", POSTGRES_DAY), ("sqlite", SQLITE_DAY))
}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def due_rows(learner_id: int, *, now: datetime, ahead: timedelta, limit: int, window: int):
    """The due rows as (id, item_id, state, due, stability, reps), seen cards by due,
    then new cards oldest first, else the learn-ahead cards by due; and the answers
    given in the learner's day (`review_session.answered_today`), read with them."""
    from .models import ReviewCard

    params = {
        "learner": learner_id,
        "fallback": clock.FALLBACK_ZONE,
        "rollover": clock.ROLLOVER_HOUR,
        "now": moment(now),
        "ahead": moment(now + ahead),
        "limit": limit,
        "window": window,
        "review": ReviewCard.State.REVIEW,
    }
    db = database()
    with statement_cursor(db) as cursor:
        prepare(cursor)
        cursor.execute(STATEMENTS[db.vendor], params)
        rows = cursor.fetchall()
    due = [(*row[1:4], aware(row[4]), *row[5:7]) for row in rows if row[1] is not None]
    return due, rows[0][0]


def card_with_item(card_id: int):
    """The card with its vocabulary item, as `select_related("item")` gives them, by a
    statement written once (the queue's next card is read on every answer)."""
    from .models import ReviewCard

    db = database()
    sql, card_fields, item_fields = card_statement(db.vendor)
    with statement_cursor(db) as cursor:
        cursor.execute(sql, [card_id])
        row = cursor.fetchone()
    values = converted(db, (*card_fields, *item_fields), row)
    names = [field.attname for field in card_fields]
    card = ReviewCard.from_db(db.alias, names, values[: len(card_fields)])
    item_model = ReviewCard._meta.get_field("item").related_model
    names = [field.attname for field in item_fields]
    item = item_model.from_db(db.alias, names, values[len(card_fields) :])
    ReviewCard._meta.get_field("item").set_cached_value(card, item)
    return card


@cache
def card_statement(vendor: str) -> tuple[str, tuple, tuple]:
    """The statement reading a card and its item, and the fields of its columns."""
    from .models import ReviewCard

    item_key = ReviewCard._meta.get_field("item")
    card_fields = tuple(ReviewCard._meta.concrete_fields)
    item_fields = tuple(item_key.related_model._meta.concrete_fields)
    sql = select_by_pk(
        ReviewCard,
        card_fields,
        item_key.related_model,
        item_fields,
        on=(item_key, item_key.target_field),
    )
    return sql, card_fields, item_fields


def moment(value: datetime):
    """A moment as the database stores it (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def aware(value) -> datetime:
    """A moment read back from the database, timezone-aware (an integer is
    microseconds since the epoch)."""
    if isinstance(value, int):
        return EPOCH + timedelta(microseconds=value)
    value = parse_datetime(value) if isinstance(value, str) else value
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def prepare(cursor) -> None:
    """On SQLite, give the statement the learner's clock (`clock.anki_day_start`)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "saebom_anki_day_start", 2, sqlite_day_start, deterministic=True
        )


def sqlite_day_start(now: str, time_zone: str) -> str:
    start = clock.anki_day_start(aware(now), time_zone=time_zone)
    return connection.ops.adapt_datetimefield_value(start)
