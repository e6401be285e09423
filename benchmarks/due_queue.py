"""The due queue and the reminder sweep over 1,000,000 cards and 10,000 learners on
PostgreSQL, each against hand-written SQL doing the same job (the floor).

The data is made in SQL with generate_series (no ORM): 10,000 learners in four
time zones with reminder hours spread over the day, 50 words each in both
directions, a tenth of the cards new, the rest due from 20 days ago to 20 days
ahead, and a tenth of those answered once in the last two days. The queue is
`progress.queue.review_queue` for a sample of learners; its floor is one
hand-written statement doing the same work (the learner's zone and Anki day
start, the cards started today for the daily new-card limit, the due, new and
learn-ahead rows, ordered) and the sibling rule in a few lines of Python; both
sides must return the same cards in the same order. The sweep is
`send_review_reminders` run pass after pass (REMINDER_BATCH learners each) until
nobody is left; its floor does the same work in one statement (one INSERT … ON
CONFLICT … RETURNING feeding the notifications, in each learner's language, and
returning the addresses to mail), committed, then the same e-mails built and
sent through the same backend. The two sides take turns, the state reset
between them, and each ratio is taken within its trial. Runs in a child process on
a throwaway database built by migrations."""

import json
import statistics
import time

from .report import Section, database_label, in_child, spread

LEARNERS = 10_000
WORDS = 50
SAMPLE = 200
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
INSERT INTO accounts_learnerprofile (user_id, display_name, gloss_preference, ui_language,
    time_zone, daily_review_goal, reminder_hour, desired_retention)
SELECT id, 'Learner ' || id, 'both', CASE WHEN id %% 3 = 0 THEN 'en' ELSE 'ko' END,
       (%(zones)s::text[])[1 + id %% 4], 20, id %% 24, 0.9
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
# A tenth of the answered cards were first answered 0 to 47 hours ago: some of them
# today, so the daily new-card count has cards to find.
LOGS_SQL = """
INSERT INTO progress_reviewlog (learner_id, card_id, rating, reviewed_at, duration_ms, source,
                                external_id, created_at)
SELECT learner_id, id, 3, %(now)s - (id %% 48) * interval '1 hour', 1000, 'web', 'b' || id,
       %(now)s
FROM progress_reviewcard WHERE reps > 0 AND id %% 10 = 1
"""
QUEUE_FLOOR_SQL = """
WITH z AS (
  SELECT coalesce((SELECT time_zone FROM accounts_learnerprofile WHERE user_id = %(learner)s),
                  'UTC') AS name
), wall AS (
  SELECT name, ((%(now)s AT TIME ZONE name) - interval '4 hours')::date + time '04:00' AS local
  FROM z
), later AS (
  SELECT name, local, local AT TIME ZONE name AS moment FROM wall
), day AS (  -- the first of two equal wall times when clocks go back
  SELECT CASE WHEN e < moment AND (e AT TIME ZONE name) = local THEN e ELSE moment END AS start
  FROM (SELECT name, local, moment,
               (local - ((moment - interval '1 day') AT TIME ZONE name
                         - (moment - interval '1 day') AT TIME ZONE 'UTC')) AT TIME ZONE 'UTC' AS e
        FROM later) AS candidates
), started AS (
  SELECT count(*) AS n FROM progress_reviewcard c, day
  WHERE c.learner_id = %(learner)s
    AND c.id IN (SELECT card_id FROM progress_reviewlog
                 WHERE learner_id = %(learner)s AND reviewed_at >= day.start)
    AND NOT EXISTS (SELECT 1 FROM progress_reviewlog l
                    WHERE l.card_id = c.id AND l.reviewed_at < day.start)
), seen AS (
  SELECT id, item_id, CASE WHEN state = 2 THEN 1 ELSE 0 END AS part, due, stability
  FROM progress_reviewcard WHERE learner_id = %(learner)s AND reps > 0 AND due <= %(now)s
  ORDER BY due, id LIMIT 200
), fresh AS (
  SELECT id, item_id, 2 AS part, created_at AS due, NULL::float AS stability
  FROM progress_reviewcard WHERE learner_id = %(learner)s AND reps = 0 AND due <= %(now)s
  ORDER BY created_at, id LIMIT (SELECT greatest(20 - n, 0) FROM started)
), ahead AS (
  SELECT id, item_id, 3 AS part, due, stability FROM progress_reviewcard
  WHERE learner_id = %(learner)s AND reps > 0 AND state <> 2
    AND due <= %(now)s + interval '20 minutes'
  ORDER BY due, id LIMIT 200
), rows AS (
  SELECT * FROM seen UNION ALL SELECT * FROM fresh
  UNION ALL SELECT * FROM ahead WHERE NOT EXISTS (SELECT 1 FROM seen UNION ALL SELECT 1 FROM fresh)
)
SELECT id, item_id FROM rows
ORDER BY part,
         CASE WHEN part = 1 THEN extract(epoch FROM %(now)s - due) / 86400
                                 / greatest(coalesce(stability, 1), 0.01) END DESC,
         due, id
"""
REMINDER_FLOOR_SQL = """
WITH ready AS (
  SELECT p.user_id, p.ui_language, (%(now)s AT TIME ZONE p.time_zone)::date AS local_date
  FROM accounts_learnerprofile p
  WHERE extract(hour FROM (%(now)s AT TIME ZONE p.time_zone)) >= p.reminder_hour
    AND EXISTS (SELECT 1 FROM progress_reviewcard c
                WHERE c.learner_id = p.user_id AND c.due <= %(now)s)
), claimed AS (
  INSERT INTO progress_sentmarker (user_id, kind, local_date, created_at)
  SELECT user_id, 'review_reminder', local_date, %(now)s FROM ready
  ON CONFLICT DO NOTHING RETURNING user_id
), noted AS (
  INSERT INTO progress_notification (learner_id, kind, text, created_at)
  SELECT r.user_id, 'review_reminder',
         CASE r.ui_language WHEN 'ko' THEN %(text_ko)s ELSE %(text_en)s END, %(now)s
  FROM claimed c JOIN ready r USING (user_id)
  RETURNING learner_id
)
SELECT u.email, r.ui_language FROM noted n
JOIN ready r ON r.user_id = n.learner_id JOIN auth_user u ON u.id = n.learner_id
WHERE u.email <> ''
"""
SWEEP_TRIALS = 3


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
        for sql in (USERS_SQL, PROFILES_SQL, CARDS_SQL, LOGS_SQL):
            cursor.execute(sql, params)
        cursor.execute("ANALYZE")
    return time.perf_counter() - began


def time_queue(now) -> dict:
    from django.contrib.auth import get_user_model

    from progress.prepared import database, statement_cursor
    from progress.queue import review_queue

    def floor(user):
        # Prepared once per connection, as Saebom's queue statement is.
        with statement_cursor(database()) as cursor:
            cursor.execute(QUEUE_FLOOR_SQL, {"learner": user.pk, "now": now})
            return apart(cursor.fetchall())

    def saebom(user):
        return [entry.card_id for entry in review_queue(user, now=now)]

    sides = {"saebom": saebom, "floor": floor}
    users = list(get_user_model().objects.filter(username__startswith="bench").order_by("pk"))
    sample = users[:: len(users) // SAMPLE][:SAMPLE]
    times, shown = {"saebom": [], "floor": []}, {}
    for n, user in enumerate(sample):  # the sides take turns to go first
        for side in ["saebom", "floor"] if n % 2 else ["floor", "saebom"]:
            began = time.perf_counter()
            shown[side] = sides[side](user)
            times[side].append(time.perf_counter() - began)
        if shown["saebom"] != shown["floor"]:
            raise AssertionError(f"the two sides queue learner {user.pk}'s cards differently")
    return times


def apart(rows: list[tuple[int, int]]) -> list[int]:
    """Card ids with one word's two cards back to back only when nothing else is left."""
    ordered, previous = [], None
    while rows:
        index = next((i for i, (_, item) in enumerate(rows) if item != previous), 0)
        card, previous = rows.pop(index)
        ordered.append(card)
    return ordered


def sweep_floor(now) -> int:
    """The sweep's work in one statement (committed), then the same e-mails."""
    from django.core.mail import send_mass_mail
    from django.db import connection

    from progress.reminders import wording

    words = {language: wording(language) for language in ("ko", "en")}
    params = {"now": now, "text_ko": words["ko"][1], "text_en": words["en"][1]}
    with connection.cursor() as cursor:  # autocommit: the statement commits
        cursor.execute(REMINDER_FLOOR_SQL, params)
        rows = cursor.fetchall()
    send_mass_mail([(*words[language], None, [email]) for email, language in rows])
    return len(rows)


def sweep_saebom(now) -> int:
    from progress.reminders import REMINDER_BATCH, send_review_reminders

    reminded = 0
    while count := send_review_reminders(now=now, batch_size=REMINDER_BATCH):
        reminded += count
    return reminded


def time_reminders(now) -> dict:
    from django.core import mail

    from progress.models import Notification, SentMarker

    sides = {"saebom": sweep_saebom, "floor": sweep_floor}
    times, reminded, mailed = {"saebom": [], "floor": []}, {}, {}
    for trial in range(SWEEP_TRIALS):
        for side in ["saebom", "floor"] if trial % 2 == 0 else ["floor", "saebom"]:
            Notification.objects.all().delete()
            SentMarker.objects.all().delete()
            mail.outbox = []
            began = time.perf_counter()
            sides[side](now)
            times[side].append(time.perf_counter() - began)
            reminded[side], mailed[side] = Notification.objects.count(), len(mail.outbox)
    return {"times": times, "reminded": reminded, "mailed": mailed}


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
        return {
            "setup": setup,
            "queue": time_queue(now),
            "reminders": time_reminders(now),
            "database": database_label(connection),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def rows(queue: dict, sweep: dict) -> list[list[str]]:
    """The queue's and the sweep's lines, each ratio taken within its trial."""
    queue_ratios = [a / b for a, b in zip(queue["saebom"], queue["floor"], strict=True)]
    times = sweep["times"]
    sweep_ratios = [a / b for a, b in zip(times["saebom"], times["floor"], strict=True)]
    ms = statistics.median
    return [
        ["due queue, one learner (`review_queue`)", f"{ms(queue['saebom']) * 1000:.2f} ms",
         spread(queue_ratios, digits=1)],
        ["due queue, hand-written SQL (floor)", f"{ms(queue['floor']) * 1000:.2f} ms", "1.0×"],
        [f"reminder sweep (`send_review_reminders`, {sweep['reminded']['saebom']:,} learners, "
         f"{sweep['mailed']['saebom']:,} e-mails)", f"{ms(times['saebom']) * 1000:.0f} ms",
         spread(sweep_ratios, digits=1)],
        [f"reminder sweep, one statement and the same mail (floor, "
         f"{sweep['reminded']['floor']:,} learners, {sweep['mailed']['floor']:,} e-mails)",
         f"{ms(times['floor']) * 1000:.0f} ms", "1.0×"],
    ]  # fmt: skip


def run(args) -> Section:
    result = in_child("benchmarks.due_queue", postgres=True)
    queue, sweep = result["queue"], result["reminders"]
    return Section(
        title="Due queue and reminder sweep (1,000,000 cards, 10,000 learners)",
        database=result["database"],
        summary=(
            f"{LEARNERS:,} learners × {WORDS} words × 2 directions, made in SQL in "
            f"{result['setup']:.0f} s. Queue: {SAMPLE} learners, both sides in turn for each, "
            "the ratio taken per learner (median, lowest–highest). Sweep: every learner "
            "whose reminder hour has come and who has due cards gets one marker, one "
            "notification in their language and, with an address, one e-mail; "
            f"{SWEEP_TRIALS} trials, the sides in turn, the ratio taken per trial."
        ),
        header=["operation", "time", "vs floor"],
        rows=rows(queue, sweep),
        notes=(
            "Both queue sides make one round trip, each statement prepared once per "
            "connection; Saebom's extra cost is ordering in Python (the floor orders in "
            "SQL). The sweep's is its batches (each pass re-reads the time zones and "
            "excludes learners already reminded) and reading each batch back into Python "
            "to claim, notify and mail."
        ),
    )


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201
