"""The statements of `recording.record_review`, written once per database.

Answering a card is the busiest write there is, and Django's ORM compiles its
queries anew on every call: for a three-statement transaction that compiling
cost more than the database's own work. So the statements (read and lock the
card with its learner's scheduler settings; insert the log unless its external
id is recorded; write the card's new state) are built here once, from the
models' own table and column names, and run through a cursor Django wraps (so
execute wrappers still see them). On PostgreSQL the insert and the update are
one statement, and every statement is prepared once per connection. Values read
are turned into Python values by the converters the ORM would use.
"""

from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from django.db import connection

from .models import ReviewCard, ReviewLog
from .prepared import converted, database, select_by_pk, statement_cursor

# What answering a card reads: its memory state and its learner's scheduler settings.
MEMORY_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
SETTINGS = ("fsrs_parameters", "desired_retention", "time_zone")
# The fields of ReviewLog's "one_log_per_external_id" constraint.
EXTERNAL_ID_KEY = ("learner", "external_id")


class LockedCard(SimpleNamespace):
    """A card row as the answer needs it: id, learner_id, MEMORY_FIELDS and `settings`
    (the learner's profile fields SETTINGS, or None for a learner without a profile)."""

    settings = None


@dataclass(frozen=True)
class Statements:
    lock: str
    insert: str
    update: str
    # The insert and the update in one statement, or None where WITH cannot insert.
    insert_and_update: str | None
    log_fields: tuple
    read_fields: tuple


def locked_card_row(card_id: int) -> LockedCard | None:
    """The card with its learner's settings, its row locked until commit; None if there is none."""
    db = database()
    sql = statements(db.vendor)
    with statement_cursor(db) as cursor:
        cursor.execute(sql.lock, [card_id])
        row = cursor.fetchone()
    if row is None:
        return None
    learner_id, *values = converted(db, sql.read_fields, row)
    state, (profile_id, *settings) = values[: len(MEMORY_FIELDS)], values[len(MEMORY_FIELDS) :]
    card = LockedCard(
        id=card_id, learner_id=learner_id, **dict(zip(MEMORY_FIELDS, state, strict=True))
    )
    if profile_id is not None:
        card.settings = SimpleNamespace(**dict(zip(SETTINGS, settings, strict=True)))
    return card


def insert_log(values: dict) -> int | None:
    """Insert one log row unless its learner already has its external id; its id, or None."""
    db = database()
    with statement_cursor(db) as cursor:
        cursor.execute(statements(db.vendor).insert, log_params(db, values))
        row = cursor.fetchone()
    return None if row is None else row[0]


def insert_log_and_update_card(values: dict, card: LockedCard) -> int | None:
    """Insert the log unless its external id is recorded and, only if it was inserted, write
    the card's state; the new log's id, or None. One statement where the database
    can insert inside a WITH clause (PostgreSQL): one round trip fewer per answer."""
    db = database()
    sql = statements(db.vendor)
    if sql.insert_and_update is None:
        log_id = insert_log(values)
        if log_id is not None:
            update_card(card)
        return log_id
    with statement_cursor(db) as cursor:
        cursor.execute(sql.insert_and_update, [*log_params(db, values), *card_params(db, card)])
        row = cursor.fetchone()
    return None if row is None else row[0]


def update_card(card: LockedCard) -> None:
    db = database()
    with statement_cursor(db) as cursor:
        cursor.execute(statements(db.vendor).update, card_params(db, card))


def log_params(db, values: dict) -> list:
    fields = statements(db.vendor).log_fields
    return [field.get_db_prep_save(values[field.attname], db) for field in fields]


def card_params(db, card: LockedCard) -> list:
    """The card's MEMORY_FIELDS as the database takes them, then its id."""
    fields = statements(db.vendor).read_fields[1 : 1 + len(MEMORY_FIELDS)]
    params = [field.get_db_prep_save(getattr(card, field.attname), db) for field in fields]
    return [*params, card.id]


@cache
def statements(vendor: str) -> Statements:
    """The three statements for the connection's database; names come from the models."""
    card_meta, log_meta = ReviewCard._meta, ReviewLog._meta
    profile_meta = card_meta.get_field("learner").related_model._meta
    profile_meta = profile_meta.get_field("learner_profile").related_model._meta
    profile_key = profile_meta.get_field("user")
    card_fields = [card_meta.get_field(name) for name in ("learner", *MEMORY_FIELDS)]
    settings_fields = [profile_key] + [profile_meta.get_field(name) for name in SETTINGS]
    lock = (
        select_by_pk(
            ReviewCard,
            card_fields,
            profile_meta.model,
            settings_fields,
            on=(card_fields[0], profile_key),
            join="LEFT OUTER JOIN",
        )
        + lock_clause()
    )
    log_fields = tuple(f for f in log_meta.concrete_fields if not f.primary_key)
    insert, update = insert_sql(log_fields), update_sql(card_fields[1:])
    return Statements(
        lock=lock,
        insert=insert,
        update=update,
        insert_and_update=insert_and_update_sql(insert, update) if vendor == "postgresql" else None,
        log_fields=log_fields,
        read_fields=tuple(card_fields + settings_fields),
    )


def lock_clause() -> str:
    """Row locks where the database has them; SQLite's write transactions are serial already."""
    if connection.features.has_select_for_update_of:
        return " FOR UPDATE OF c"
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def insert_sql(fields: tuple) -> str:
    meta, quote = ReviewLog._meta, connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    key = ", ".join(quote(meta.get_field(name).column) for name in EXTERNAL_ID_KEY)
    placeholders = ", ".join(["%s"] * len(fields))
    # Only the model's own table and column names are put into the text; values are parameters.
    return (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({key}) DO NOTHING RETURNING {quote(meta.pk.column)}"
    )


def update_sql(fields: list) -> str:
    meta, quote = ReviewCard._meta, connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    return f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608


def insert_and_update_sql(insert: str, update: str) -> str:
    """The update joined to the insert's returned id: no row inserted, no row updated."""
    head, where = update.split(" WHERE ")
    log_pk = ReviewLog._meta.pk.column
    table = connection.ops.quote_name(ReviewCard._meta.db_table)
    quote = connection.ops.quote_name
    return (
        f"WITH new_log AS ({insert}) {head} FROM new_log WHERE {table}.{where} "
        f"RETURNING new_log.{quote(log_pk)}"
    )
