"""Log records that cannot repeat what a learner typed.

A database error's text repeats the values sent: PostgreSQL's "Failing row
contains (...)" and "Key (...)=(...)" details hold answers, names and stories.
WithholdDatabaseErrorText, on every handler of the site's LOGGING, keeps such an
error's class, SQLSTATE code and traceback, and drops its text, from the
record's exception and from its arguments (Celery passes a failed task's
exception as text). SQL with its parameters is never logged at all (LOGGING
holds django.db.backends at INFO).
"""

import logging
import traceback

from django.db import Error

DRIVERS = ("psycopg", "psycopg2", "sqlite3")


def is_database_error(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, Error) or type(error).__module__.split(".")[0] in DRIVERS:
            return True
        error = error.__cause__ or error.__context__
    return False


def withheld(error: BaseException) -> str:
    code = getattr(error.__cause__, "sqlstate", None) or getattr(error, "sqlstate", None)
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    return (
        f"{kind} (SQLSTATE {code or 'unknown'}; its text is withheld: it repeats the values sent)"
    )


class WithholdDatabaseErrorText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if is_database_error(error):
            frames = "".join(traceback.format_tb(error.__traceback__))
            record.exc_text = f"Traceback (most recent call last):\n{frames}{withheld(error)}"
            record.exc_info = None
        texts = {str(error), repr(error)} if is_database_error(error) else set()
        record.msg = self._clean(record.msg, texts)
        if isinstance(record.args, dict):
            record.args = {key: self._clean(value, texts) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(self._clean(value, texts) for value in record.args)
        return True

    @staticmethod
    def _clean(value, texts: set[str]):
        if isinstance(value, BaseException) and is_database_error(value):
            return withheld(value)
        if isinstance(value, str) and any(text and text in value for text in texts):
            return "(text withheld: it repeats a database error's values)"
        return value
