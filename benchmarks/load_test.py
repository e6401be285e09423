"""The load test on a local cluster (cluster.loadtest): two gunicorn web processes
behind a round-robin, two Celery workers and one beat on PostgreSQL and Redis, media
on moto, mail to a sink, all on this machine with the load generator itself.

Bounded: USERS simulated users for RUN_TIME (at most MAX_REQUESTS requests). The
figures are the requests per second and the latency percentiles locust measured
per endpoint, and the checker's comparison of the database with what was sent.
No reference runs beside it: the figures belong to this machine and run alone.
"""

import os
from pathlib import Path

from cluster.launcher import config_from
from cluster.loadtest import LoadPlan, LoadResult, run_load

from .report import Section

USERS = 20
RUN_TIME = "60s"
MAX_REQUESTS = 20000
COLUMNS = ["endpoint", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms"]
CHECKS = [
    ("lost", "reviews lost"),
    ("doubled", "reviews doubled"),
    ("wrong_rating", "reviews with another rating"),
    ("unknown", "reviews never sent"),
    ("card_mismatches", "cards off the replay of their logs"),
    ("reminders_missing", "learners not reminded"),
    ("reminders_doubled", "learners reminded twice"),
    ("uploads_not_imported", "uploads not imported"),
    ("uploads_doubled", "uploads imported twice"),
    ("anki_reviews_wrong", "uploaders with other than the package's answers"),
]


def run(args) -> Section:
    plan = LoadPlan(users=USERS, run_time=RUN_TIME, max_requests=MAX_REQUESTS)
    config = config_from(os.environ, Path(os.environ.get("SAEBOM_VAR_DIR", "var")))
    result = run_load(plan, config)
    return Section(
        title="Load test on a local cluster",
        summary=summary(result),
        header=COLUMNS,
        rows=[row(stats) for stats in result.stats],
        notes=checker_notes(result.checker),
        database=postgres_label(config.database_url),
    )


def summary(result: LoadResult) -> str:
    total = result.stats[-1]
    return (
        f"{result.plan.users} users (learners 9 : tutors 1) for {result.seconds:.0f} s: "
        f"{total['Request Count']} requests, {total['Requests/s']:.1f} per second, "
        f"{total['Failure Count']} failed. Two web processes of two gunicorn workers each "
        "behind a round-robin, two Celery workers of one process each and one beat, with "
        "locust on the same two cores. Among the answers, 15% are posted twice with one "
        "key and 10% are first cut off by a 1 ms client timeout, then sent again; sign-in "
        "time is Argon2 hashing."
    )


def row(stats: dict) -> list[str]:
    latencies = [f"{stats[q]:.0f}" for q in ("50%", "95%", "99%")]
    counts = [str(stats["Request Count"]), str(stats["Failure Count"])]
    return [stats["Name"], *counts, f"{stats['Requests/s']:.2f}", *latencies]


def checker_notes(checker: dict) -> str:
    lines = [
        "The checker afterwards (`cluster.checker`): "
        f"{checker['reviews_acknowledged']} answers acknowledged "
        f"({checker['reviews_unacknowledged']} only cut off), "
        f"{checker['cards_checked']} reviewed cards replayed, "
        f"{checker['learners_reminded_once']} learners reminded exactly once "
        "(the reminder task sent twice before the run and twice after, to two workers), "
        f"{checker['uploads_acknowledged']} Anki uploads acknowledged.",
        "",
    ]
    lines += [f"- {label}: {checker[key]}" for key, label in CHECKS]
    verdict = "agrees" if checker["ok"] else "DISAGREES"
    return "\n".join([*lines, "", f"The database {verdict} with what was sent."])


def postgres_label(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        version = conn.info.server_version
    return f"PostgreSQL {version // 10000}.{version % 10000}"
