"""Shared fixtures: service availability, Celery workers, the browser."""

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytest_plugins = ["tests.support.lesson_fixtures", "tests.support.placement_fixtures"]

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


# Anki's backend reads the local time zone through a clock library that rereads TZ
# at most once a second per thread, and a collection keeps the day timing it read.
TZ_RECHECK_SECONDS = 1.1


def set_process_time_zone(name: str | None) -> None:
    import time

    if name is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = name
    time.tzset()
    time.sleep(TZ_RECHECK_SECONDS)


@pytest.fixture(scope="module")
def seoul_process_time_zone():
    """Put the process, and so Anki's backend, on Seoul's clock for a module's tests.
    Both switches wait out the clock library's one-second cache: without the wait a
    collection opened right after the switch counts the previous zone's days."""
    previous = os.environ.get("TZ")
    set_process_time_zone("Asia/Seoul")
    yield
    set_process_time_zone(previous)


@pytest.fixture(autouse=True)
def forget_cached_hub_links():
    """Every page's footer caches the hub's links; a test's pages are rolled back after
    it, so each test starts with that cache cold and its query counts do not depend
    on which test ran before."""
    from django.core.cache import cache

    from hub.navigation import CACHE_KEY

    cache.delete(CACHE_KEY)


@pytest.fixture(scope="session", autouse=True)
def media_of_this_run(tmp_path_factory):
    """Files the tests save go to a folder of this run, which pytest removes a few
    runs later, rather than piling up in the project's var/."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
