"""The due queue and the reminder sweep over 1,000,000 cards and 10,000 learners on
PostgreSQL, each against hand-written SQL doing the same job (the floor).

The data is made in SQL with generate_series (no ORM): 10,000 learners in four
time zones with reminder hours spread over the day, 50 words each in both
directions, a tenth of the cards new, the rest due from 20 days ago to 20 days
ahead. The queue is `progress.queue.review_queue` for a sample of learners; its
floor is one UNION query (due cards by overdue-ness over stability, new cards
oldest first) that skips the per-day new-card count and the sibling rule. The
sweep is `send_review_reminders` run pass after pass (REMINDER_BATCH learners
each) until nobody is left; its floor is one INSERT … ON CONFLICT … RETURNING
feeding one INSERT of notifications. Runs in a child process on a throwaway
database built by migrations."""

import json
import os
import statistics
import subprocess
import sys
import time

from .report import Section

LEARNERS = 10_000
WORDS = 50
SAMPLE = 200
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/saebom"
BENCH_DATABASE = "saebom_bench_due_queue"
ZONES = ["Asia/Seoul", "America/New_York", "Europe/London", "UTC"]

USERS_SQL = """
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined)
SELECT '!', false, 'bench' || n, '', '', CASE WHEN n %% 2 = 0 THEN 'b' || n || '@example.org'
       ELSE '' END, false, true, %(now)s
FROM generate_series(1, %(learners)s) AS n
"""
PROFILES_SQL = """
INSERT INTO progress_learnerprofile (user_id, display_name, gloss_preference, ui_language,
    time_zone, daily_review_goal, reminder_hour, desired_retention)
SELECT id, 'Learner ' || id, 'both', 'ko', (%(zones)s::text[])[1 + id %% 4], 20, id %% 24, 0.9
FROM auth_user WHERE username LIKE 'bench%%'
"""
CARDS_SQL = """
INSERT INTO progress_reviewcard (learner_id, item_id, direction, state, step, stability,
    difficulty, due, last_review, reps, lapses, created_at)
SELECT u.id, i.id, d.direction,
       CASE WHEN (u.id + i.id) %% 10 = 0 THEN 1 ELSE 2 END,
       CASE WHEN (u.id + i.id) %% 10 = 0 THEN 0 END,
       CASE WHEN (u.id + i.id) %% 10 = 0 THEN NULL ELSE 1 + (u.id * 7 + i.id) %% 60 END,
       CASE WHEN (u.id + i.id) %% 10 = 0 THEN NULL ELSE 5.0 END,
       %(now)s + ((u.id * 13 + i.id * 7) %% 41 - 20) * interval '1 day',
       CASE WHEN (u.id + i.id) %% 10 = 0 THEN NULL ELSE %(now)s - interval '30 days' END,
       CASE WHEN (u.id + i.id) %% 10 = 0 THEN 0 ELSE 3 END,
       (u.id + i.id) %% 5, %(now)s
FROM auth_user u
CROSS JOIN lessons_vocabularyitem i
CROSS JOIN (VALUES ('recognition'), ('production')) AS d(direction)
WHERE u.username LIKE 'bench%%'
"""
QUEUE_FLOOR_SQL = """
(SELECT id, item_id FROM progress_reviewcard
 WHERE learner_id = %(learner)s AND reps > 0 AND due <= %(now)s
 ORDER BY extract(epoch FROM (%(now)s - due)) / greatest(coalesce(stability, 1), 0.01) DESC
 LIMIT 200)
UNION ALL
(SELECT id, item_id FROM progress_reviewcard
 WHERE learner_id = %(learner)s AND reps = 0 AND due <= %(now)s
 ORDER BY created_at, id LIMIT 20)
"""
REMINDER_FLOOR_SQL = """
WITH ready AS (
  SELECT p.user_id, (%(now)s AT TIME ZONE p.time_zone)::date AS local_date
  FROM progress_learnerprofile p
  WHERE extract(hour FROM (%(now)s AT TIME ZONE p.time_zone)) >= p.reminder_hour
    AND EXISTS (SELECT 1 FROM progress_reviewcard c
                WHERE c.learner_id = p.user_id AND c.due <= %(now)s)
), claimed AS (
  INSERT INTO progress_sentmarker (user_id, kind, local_date, created_at)
  SELECT user_id, 'review_reminder', local_date, %(now)s FROM ready
  ON CONFLICT DO NOTHING RETURNING user_id
)
INSERT INTO progress_notification (learner_id, kind, text, created_at)
SELECT user_id, 'review_reminder', 'Your words are waiting.', %(now)s FROM claimed
"""


def populate(now) -> float:
    from django.db import connection

    from lessons.models import VocabularyItem

    began = time.perf_counter()
    VocabularyItem.objects.bulk_create(
        VocabularyItem(headword=f"word {n}", part_of_speech="noun", cefr_level="A1",
                       gloss_nk="낱말", gloss_sk="단어")
        for n in range(WORDS)
    )  # fmt: skip
    params = {"now": now, "learners": LEARNERS, "zones": ZONES}
    with connection.cursor() as cursor:
        for sql in (USERS_SQL, PROFILES_SQL, CARDS_SQL):
            cursor.execute(sql, params)
        cursor.execute("ANALYZE")
    return time.perf_counter() - began


def time_queue(now) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from progress.queue import review_queue

    users = list(get_user_model().objects.filter(username__startswith="bench").order_by("pk"))
    sample = users[:: len(users) // SAMPLE][:SAMPLE]
    saebom, floor = [], []
    for user in sample:
        began = time.perf_counter()
        review_queue(user, now=now)
        saebom.append(time.perf_counter() - began)
        with connection.cursor() as cursor:
            began = time.perf_counter()
            cursor.execute(QUEUE_FLOOR_SQL, {"learner": user.pk, "now": now})
            cursor.fetchall()
            floor.append(time.perf_counter() - began)
    return {"saebom": statistics.median(saebom), "floor": statistics.median(floor)}


def time_reminders(now) -> dict:
    from django.db import connection, transaction

    from progress.models import Notification, SentMarker
    from progress.reminders import REMINDER_BATCH, send_review_reminders

    began, reminded, passes = time.perf_counter(), 0, 0
    while count := send_review_reminders(now=now, batch_size=REMINDER_BATCH):
        reminded, passes = reminded + count, passes + 1
    saebom = time.perf_counter() - began
    Notification.objects.all().delete()
    SentMarker.objects.all().delete()
    with transaction.atomic(), connection.cursor() as cursor:
        began = time.perf_counter()
        cursor.execute(REMINDER_FLOOR_SQL, {"now": now})
        floor = time.perf_counter() - began
    floor_reminded = Notification.objects.count()
    return {"saebom": saebom, "floor": floor, "reminded": reminded, "passes": passes,
            "floor_reminded": floor_reminded}  # fmt: skip


def measure() -> dict:
    import django

    django.setup()
    from datetime import UTC, datetime

    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    try:
        setup = populate(now)
        return {"setup": setup, "queue": time_queue(now), "reminders": time_reminders(now)}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> Section:
    url = os.environ.get("DATABASE_URL", "")
    url = url if url.startswith("postgres") else DEFAULT_URL
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.due_queue"], capture_output=True, text=True,
        check=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
                         "DATABASE_URL": url},
    )  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    queue, reminders = result["queue"], result["reminders"]
    rows = [
        ["due queue, one learner (`review_queue`)", f"{queue['saebom'] * 1000:.2f} ms",
         f"{queue['saebom'] / queue['floor']:.1f}×"],
        ["due queue, hand-written SQL (floor)", f"{queue['floor'] * 1000:.2f} ms", "1.0×"],
        [f"reminder sweep (`send_review_reminders`, {reminders['passes']} passes, "
         f"{reminders['reminded']:,} learners)", f"{reminders['saebom'] * 1000:.0f} ms",
         f"{reminders['saebom'] / reminders['floor']:.1f}×"],
        [f"reminder sweep, one SQL statement (floor, {reminders['floor_reminded']:,} learners)",
         f"{reminders['floor'] * 1000:.0f} ms", "1.0×"],
    ]  # fmt: skip
    return Section(
        title="Due queue and reminder sweep (1,000,000 cards, 10,000 learners)",
        summary=(
            f"{LEARNERS:,} learners × {WORDS} words × 2 directions on PostgreSQL, made in "
            f"SQL in {result['setup']:.0f} s. Queue: median over {SAMPLE} learners of one "
            "queue read. Sweep: every learner whose reminder hour has come and who has due "
            "cards gets one marker and one notification."
        ),
        header=["operation", "time", "vs floor"],
        rows=rows,
        notes=(
            "The queue's extra cost over its floor is the per-day new-card count (one more "
            "query), the profile read and ordering in Python; the sweep's is its batches "
            "(each pass re-reads the time zones and excludes learners already reminded) "
            "and building each reminder's text in the learner's language."
        ),
    )


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201
