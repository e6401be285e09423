"""Shared fixtures: service availability, Celery workers, the browser."""

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in the main thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def missing(what: str):
    """Skip a test whose service is absent, or fail it when CI requires services."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {what} is not available")
    pytest.skip(f"{what} is not available (set REQUIRE_SERVICES=1 to make this a failure)")


def answers(url: str) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if not answers(url):
        missing(f"Redis at {url}")
    return url


@pytest.fixture
def postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        missing("PostgreSQL (set DATABASE_URL)")
    return connection


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        missing(f"Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Playwright's sync API runs test code in another context, where Django makes
    fresh connection objects without the serialized page tree that
    serialized_rollback restores; share it through the wrapper class."""
    from django.db import connections

    for conn in connections.all():
        contents = getattr(conn, "_test_serialized_contents", None)
        if contents is not None:
            type(conn)._test_serialized_contents = contents
    return


@pytest.fixture(scope="session", autouse=True)
def anki_clock_on_seoul(tmp_path_factory):
    """Anki's backend reads the local time zone once per process and keeps it. Let
    that first reading be Seoul's, so that the parity tests, which compare Saebom's
    days with Anki's for a learner in Seoul, do not depend on test order."""
    import time

    import anki.collection

    previous = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Seoul"
    time.tzset()
    col = anki.collection.Collection(str(tmp_path_factory.mktemp("anki-clock") / "c.anki2"))
    col._backend.sched_timing_today()
    col.close()
    if previous is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = previous
    time.tzset()
