"""A database that stops answering: /healthz answers 503 instead of hanging.

The hang is real: a second connection holds an exclusive lock on the heartbeat
table that /healthz reads, and /healthz runs in a fresh process configured from
the environment, as a web worker is. Without a statement timeout that process
would wait for the lock for ever (the subprocess timeout below is only a guard).
"""

import json

import psycopg
import pytest

from cms.models import Heartbeat
from tests.cms.test_settings import run

HEALTHZ = (
    "import django, json; django.setup();"
    "from django.test import Client;"
    "r = Client().get('/healthz');"
    "print(r.status_code, json.dumps(r.json()))"
)


def database_url(settings_dict: dict) -> str:
    return "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**settings_dict)


@pytest.fixture
def heartbeat_locked(postgres):
    """An open transaction on a second connection that holds the heartbeat table."""
    url = database_url(postgres.settings_dict)
    with psycopg.connect(url) as holder:
        holder.execute(f"LOCK TABLE {Heartbeat._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        yield url
        holder.rollback()


def test_healthz_answers_503_when_the_database_stops_answering(heartbeat_locked):
    env = {"DATABASE_URL": heartbeat_locked, "DATABASE_STATEMENT_TIMEOUT": "1"}
    result = run(["-c", HEALTHZ], settings="cms.settings.test", extra_env=env)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.split(" ", 1)
    assert status == "503"
    assert json.loads(body)["heartbeat"] == {"ok": False, "detail": "database unavailable"}


def database_options(**env) -> dict:
    code = "from django.conf import settings as s; print(json.dumps(s.DATABASES['default']))"
    result = run(
        ["-c", f"import django, json; django.setup(); {code}"],
        settings="cms.settings.dev",
        extra_env={"DATABASE_URL": "postgres://saebom@db.example:5432/saebom", **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["OPTIONS"]


def test_postgresql_connections_have_connect_and_statement_timeouts_by_default():
    options = database_options()
    assert options["connect_timeout"] > 0
    assert "-c statement_timeout=" in options["options"]
    assert not options["options"].endswith("statement_timeout=0")


def test_the_timeouts_come_from_the_environment():
    options = database_options(DATABASE_CONNECT_TIMEOUT="3", DATABASE_STATEMENT_TIMEOUT="2.5")
    assert options == {"connect_timeout": 3, "options": "-c statement_timeout=2500"}
