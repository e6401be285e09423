"""Statements written once and run many times, on the busiest paths (answering a
card, the due queue).

Django's ORM compiles a query anew on every call, and PostgreSQL parses and plans
every statement Django sends (Django leaves psycopg's preparing off, for
connection poolers that cannot keep prepared statements). A path that runs a few
fixed statements many times a second writes them once (from the models' own
table and column names) and runs them through `statement_cursor`: on PostgreSQL
each is prepared once per connection; values read are turned into Python values
by the converters the ORM would use (`converted`).
"""

import sys
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections

import psycopg

# psycopg's prepare_threshold: a count of runs no statement reaches.
ONLY_WHEN_ASKED = sys.maxsize


class PreparingCursor(psycopg.Cursor):
    """psycopg's server-binding cursor, preparing every statement it runs."""

    def execute(self, query, params=None, *, prepare=True, binary=False):
        return super().execute(query, params, prepare=prepare, binary=binary)


def database():
    """This thread's default connection itself: `django.db.connection` is a proxy that
    looks the connection up again at every attribute read."""
    return connections[DEFAULT_DB_ALIAS]


def statement_cursor(db):
    """A cursor for statements written once, wrapped by Django as connection.cursor()'s
    is (errors translated, execute wrappers run).

    On PostgreSQL it binds values on the server and prepares each statement once per
    connection, so the server parses and plans it once, not on every run (a pooler in
    front of PostgreSQL must keep prepared statements: see the README's scaling notes).
    """
    if db.vendor != "postgresql" or db.queries_logged:
        return db.cursor()  # a logged query shows its values (Django's query log)
    db.ensure_connection()
    db.validate_thread_sharing()
    if db.connection.prepare_threshold is None:
        # psycopg prepares nothing while the threshold is None; at this one no statement
        # is prepared unless its execute asks (Django's cursors bind on the client and never do).
        db.connection.prepare_threshold = ONLY_WHEN_ASKED
    return db.make_cursor(PreparingCursor(db.connection))


def converted(db, fields: tuple, row: tuple) -> list:
    """The row's values as the ORM would give them (aware datetimes, parsed JSON)."""
    values = list(row)
    for index, converters in converters_of(db.vendor, fields):
        for convert in converters:
            values[index] = convert(values[index], fields[index].cached_col, db)
    return values


@cache
def converters_of(vendor: str, fields: tuple) -> list:
    """Each field's converters, by position, for the database `vendor` names."""
    found = []
    for index, field in enumerate(fields):
        converters = connection.ops.get_db_converters(field.cached_col)
        converters += field.get_db_converters(connection)
        if converters:
            found.append((index, converters))
    return found


def select_by_pk(model, fields, joined, joined_fields, *, on: tuple, join: str = "JOIN") -> str:
    """SELECT `fields` of `model`'s row (as c) by its primary key (%s), with
    `joined_fields` of the `joined` model's row (as j) whose `on[1]` column equals c's
    `on[0]` column; names come from the models."""
    quote = connection.ops.quote_name
    columns = [f"c.{quote(f.column)}" for f in fields]
    columns += [f"j.{quote(f.column)}" for f in joined_fields]
    return (
        f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} c "  # noqa: S608
        f"{join} {quote(joined._meta.db_table)} j "
        f"ON j.{quote(on[1].column)} = c.{quote(on[0].column)} "
        f"WHERE c.{quote(model._meta.pk.column)} = %s"
    )
