"""Health checks for /healthz: the database answers, the broker accepts a
connection, the cache answers, and beat's heartbeat is recent."""

from dataclasses import asdict, dataclass

from django.db import DatabaseError, connection

from kombu import Connection

from .models import Heartbeat


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return Check(False, f"database error: {exc.__class__.__name__}")
    return Check(True, connection.vendor)


def check_broker(url: str, transport_options: dict, *, timeout: float = 2.0) -> Check:
    conn = Connection(url, transport_options=transport_options, connect_timeout=timeout)
    try:
        conn.ensure_connection(max_retries=1, timeout=timeout)
        conn.default_channel  # noqa: B018 - opens a channel, which touches the broker's storage
    except Exception as exc:  # kombu raises transport-specific errors
        return Check(False, f"broker unreachable: {exc.__class__.__name__}")
    finally:
        conn.release()
    return Check(True, str(conn.transport_cls))


def check_cache(cache) -> Check:
    """A cache that can be down (Redis) is pinged; an in-process one always answers."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return Check(True, type(cache).__name__)
    try:
        ping()
    except Exception as exc:  # the client raises transport-specific errors
        return Check(False, f"cache unreachable: {exc.__class__.__name__}")
    return Check(True, type(cache).__name__)


def check_heartbeat(now, *, max_age: float) -> Check:
    heartbeat = Heartbeat.objects.filter(name="heartbeat").first()
    if heartbeat is None:
        return Check(False, "no heartbeat recorded yet")
    age = heartbeat.age(now)
    return Check(age <= max_age, f"{age:.0f} s ago")


def report(checks: dict[str, Check]) -> tuple[dict, bool]:
    healthy = all(c.ok for c in checks.values())
    body = {"status": "ok" if healthy else "fail", **{k: asdict(c) for k, c in checks.items()}}
    return body, healthy
