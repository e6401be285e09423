"""The floor of the review answer benchmark (benchmarks.review_answer): a bare
view that answers a card as a minimal hand-written implementation must, and
renders the review session's card fragment with the same context.

One transaction locks the learner's card (read with the learner's settings: the
ownership check and the scheduler's inputs in one statement), inserts the log
unless its idempotency key is already recorded, and updates the card, then
commits; one statement reads the next card by the queue's rules together with
the two counts the fragment shows (answers in the learner's day, cards left).
The card's next state comes from the project's pure scheduler, so that a
learner answered through this view and one answered through Saebom's stay in
step and both sides read and write the same rows. Its statements are prepared
once per connection, through the cursor Saebom's answer and queue use, so neither
side plans a statement the other does not. It is also the benchmark's
URLconf (the floor beside the whole site), imported in its child process only."""

import uuid
from datetime import datetime, timedelta
from datetime import time as clock_time
from types import SimpleNamespace as Plain
from zoneinfo import ZoneInfo

from django.db import transaction
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone

from progress.prepared import database, statement_cursor
from progress.scheduler import MemoryState, SchedulerConfig, State, review

FRAGMENT = "progress/review/card.html"
NAMES = {"session": "progress:review"} | {
    step: f"progress:review_{step}" for step in ("reveal", "check", "answer")
}
NEW_PER_DAY, LEARN_AHEAD = 20, timedelta(minutes=20)

LOCK = """
SELECT c.item_id, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, c.reps,
       c.lapses, p.fsrs_parameters, p.desired_retention, p.time_zone, p.gloss_preference
FROM progress_reviewcard c LEFT JOIN accounts_learnerprofile p ON p.user_id = c.learner_id
WHERE c.id = %s AND c.learner_id = %s FOR UPDATE OF c
"""
INSERT = """
INSERT INTO progress_reviewlog (learner_id, card_id, rating, reviewed_at, duration_ms, source,
                                external_id, created_at)
VALUES (%s, %s, %s, %s, %s, 'web', %s, %s)
ON CONFLICT (learner_id, external_id) DO NOTHING RETURNING id
"""
UPDATE = """
UPDATE progress_reviewcard SET state = %s, step = %s, stability = %s, difficulty = %s, due = %s,
       last_review = %s, reps = %s, lapses = %s WHERE id = %s
"""
# The queue's rules in one statement: learning cards past due by due time, reviews by
# overdueness over stability, new cards oldest first within the day's limit, the word
# just shown last; learn-ahead cards only when nothing else is due.
NEXT = """
WITH mine AS (
  SELECT id, item_id, direction, state, due, stability, reps, created_at
  FROM progress_reviewcard WHERE learner_id = %(learner)s
), started AS (
  SELECT count(*) AS n FROM mine m
  WHERE EXISTS (SELECT 1 FROM progress_reviewlog l
                WHERE l.card_id = m.id AND l.reviewed_at >= %(start)s::timestamptz)
    AND NOT EXISTS (SELECT 1 FROM progress_reviewlog l
                    WHERE l.card_id = m.id AND l.reviewed_at < %(start)s::timestamptz)
), seen AS (
  SELECT * FROM mine WHERE reps > 0 AND due <= %(now)s::timestamptz
), fresh AS (
  SELECT * FROM mine WHERE reps = 0 AND due <= %(now)s::timestamptz
  ORDER BY created_at, id LIMIT (SELECT greatest(0, %(limit)s - n) FROM started)
), shown AS (
  SELECT * FROM seen UNION ALL SELECT * FROM fresh
  UNION ALL SELECT * FROM mine
  WHERE reps > 0 AND state <> 2 AND due <= %(now)s::timestamptz + %(ahead)s::interval
    AND NOT EXISTS (SELECT 1 FROM seen) AND NOT EXISTS (SELECT 1 FROM fresh)
)
SELECT c.id, c.direction, i.headword, i.gloss_nk, i.gloss_sk, i.nk_status,
       (SELECT count(*) FROM progress_reviewlog
        WHERE learner_id = %(learner)s AND reviewed_at >= %(start)s::timestamptz),
       (SELECT count(*) FROM shown)
FROM shown c JOIN lessons_vocabularyitem i ON i.id = c.item_id
ORDER BY c.item_id = %(after)s,
         CASE WHEN c.reps = 0 THEN 2 WHEN c.state <> 2 THEN 0 ELSE 1 END,
         CASE WHEN c.reps > 0 AND c.state <> 2 THEN c.due END,
         CASE WHEN c.reps > 0 AND c.state = 2 THEN
           -extract(epoch FROM %(now)s::timestamptz - c.due)
           / greatest(coalesce(c.stability, 1), 0.01) END,
         c.created_at, c.id
LIMIT 1
"""


def floor_answer(request, card_id: int):
    """The bare answer view (see the module's docstring)."""
    if request.method != "POST" or not request.user.is_authenticated:
        return HttpResponseNotAllowed(["POST"])
    now, post = timezone.now(), request.POST
    rating = int(post["rating"])
    if rating not in (1, 2, 3, 4):
        return HttpResponseBadRequest()
    key = f"web-{uuid.UUID(post['idempotency_key'])}"
    duration = min(60_000, max(0, int(now.timestamp() * 1000) - int(post["shown_at"])))
    row = floor_record(request.user.pk, card_id, [rating, now, duration, key, now])
    if row is None:
        raise Http404
    profile = {"time_zone": row[11] or "UTC", "gloss": row[12] or "both"}
    found = floor_next(next_params(request.user.pk, now, profile, after=row[0]))
    return render(request, FRAGMENT, floor_context(found, profile, now))


def floor_record(learner: int, card_id: int, log: list) -> tuple | None:
    """Lock the learner's card, insert the log once, update the card; committed.
    Returns the card's row as read, or None when the learner has no such card."""
    rating, now = log[0], log[1]
    with transaction.atomic(), statement_cursor(database()) as cursor:
        cursor.execute(LOCK, [card_id, learner])
        row = cursor.fetchone()
        if row is None:
            return None
        cursor.execute(INSERT, [learner, card_id, *log])
        if cursor.fetchone():
            cursor.execute(UPDATE, [*floor_step(card_id, row, rating, now), card_id])
    return row


def floor_next(params: dict) -> tuple:
    with statement_cursor(database()) as cursor:
        cursor.execute(NEXT, params)
        return cursor.fetchone()


CONFIGS: dict = {}


def floor_step(card_id: int, row: tuple, rating: int, now) -> list:
    """The card's next state (FSRS, the learner's settings) as the UPDATE's values."""
    settings = (tuple(row[9]) if row[9] else None, row[10] or 0.9, row[11] or "UTC")
    if settings not in CONFIGS:
        extra = {"parameters": settings[0]} if settings[0] else {}
        CONFIGS[settings] = SchedulerConfig(
            desired_retention=settings[1], time_zone=settings[2], **extra
        )
    state = MemoryState(State(row[1]), *row[2:8])
    new = review(state, rating, now=now, config=CONFIGS[settings], card_id=card_id)
    lapses = row[8] + (row[1] == 2 and rating == 1)
    return [int(new.state), new.step, new.stability, new.difficulty, new.due,
            new.last_review, new.reps, lapses]  # fmt: skip


def next_params(learner: int, now, profile: dict, *, after: int) -> dict:
    zone = ZoneInfo(profile["time_zone"])
    day = (now.astimezone(zone) - timedelta(hours=4)).date()
    start = datetime.combine(day, clock_time(4), tzinfo=zone)
    return {"learner": learner, "now": now, "start": start, "limit": NEW_PER_DAY,
            "ahead": LEARN_AHEAD, "after": after}  # fmt: skip


def floor_context(row: tuple, profile: dict, now) -> dict:
    card_id, direction, headword, gloss_nk, gloss_sk, nk_status, done, left = row
    forms = [form.strip() for form in gloss_nk.split(";") if form.strip()]
    north = ", ".join(forms) if nk_status != "unverified" else ""
    glosses = [("north", north)] if profile["gloss"] != "south" and north else []
    if profile["gloss"] != "north" or not north:
        glosses.append(("south", gloss_sk))
    view = Plain(
        card=Plain(pk=card_id, direction=direction), item=Plain(headword=headword),
        is_production=direction == "production", glosses=glosses, revealed=False,
        shown_at=int(now.timestamp() * 1000),
    )  # fmt: skip
    progress = Plain(done=done, left=left, total=done + left)
    return {"view": view, "mode": "review", "names": NAMES, "progress": progress}


urlpatterns = [path("bench/answer/<int:card_id>/", floor_answer), path("", include("cms.urls"))]
