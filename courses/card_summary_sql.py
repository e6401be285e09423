"""PostgreSQL: `courses.card_summary`'s Memory of every judged membership in one
statement. The database counts each card's learner day (`AT TIME ZONE`) and its
retrievability at each judged day (`power()`), through the expressions of
`progress.retention_sql`, and returns per membership only what the grid shows:
the retentions now (averaged in Python with `fmean`, as the Python path does),
the words at risk, leeches, cards due, the last review and each "keep"
assignment's counts. The cards are those `courses.windows.windowed_cards`
reads: the membership's learner's, made or reviewed since joining.
"""

from datetime import datetime

from django.db import connection

from progress.models import LEECH_LAPSES
from progress.retention_sql import anki_day_sql, retrievability_sql

from .card_summary import RISK_THRESHOLD, Judge, KeepFacts, Memory, WordAtRisk

W20 = 20  # the forgetting curve's decay weight in FSRS-6's parameters


def retention(at: str, day: str = "card.day", table: str = "card") -> str:
    return retrievability_sql(f"{at} - {day}", f"{table}.stability", f"{table}.w20")


SUMMARY_SQL = f"""
WITH judge AS (
  SELECT * FROM unnest(%(membership)s::bigint[], %(zone)s::text[], %(rollover)s::int[],
                       %(w20)s::float8[], %(now_day)s::int[], %(session_day)s::int[])
    AS j(membership_id, zone, rollover, w20, now_day, session_day)
), card AS (
  SELECT j.membership_id, j.w20, j.now_day, j.session_day, c.item_id, c.stability,
         c.lapses, c.last_review, c.due <= %(now)s AS is_due,
         CASE WHEN c.last_review IS NOT NULL AND c.stability IS NOT NULL
              THEN {anki_day_sql("c.last_review", "j.zone", "j.rollover")} END AS day
  FROM judge j
  JOIN courses_membership m ON m.id = j.membership_id
  JOIN progress_reviewcard c ON c.learner_id = m.learner_id
       AND (c.created_at >= m.joined_at OR c.last_review > m.joined_at)
), summary AS (
  SELECT membership_id,
         array_agg({retention("card.now_day")}) FILTER (WHERE day IS NOT NULL) AS retentions,
         count(*) FILTER (WHERE is_due) AS due, max(last_review) AS last_review
  FROM card GROUP BY membership_id
), leeches AS (
  SELECT membership_id, count(*) AS leeches
  FROM (SELECT DISTINCT membership_id, item_id FROM card WHERE lapses >= %(leech)s) leech
  GROUP BY membership_id
), at_session AS (
  SELECT membership_id, item_id, {retention("card.session_day")} AS retention
  FROM card WHERE day IS NOT NULL
), risk AS (
  SELECT r.membership_id, v.headword, min(r.retention) AS retention,
         array_agg(DISTINCT r.item_id) AS items
  FROM at_session r JOIN lessons_vocabularyitem v ON v.id = r.item_id
  WHERE r.retention < %(risk)s GROUP BY r.membership_id, v.headword
), risks AS (
  SELECT membership_id,
         json_agg(json_build_array(headword, retention, items) ORDER BY retention, headword)
           AS words
  FROM risk GROUP BY membership_id
), keep_judge AS (
  SELECT * FROM unnest(%(k_membership)s::bigint[], %(k_assignment)s::bigint[],
                       %(k_day)s::int[], %(k_target)s::float8[])
    AS k(membership_id, assignment_id, day, target)
), keep_item AS (
  SELECT * FROM unnest(%(i_assignment)s::bigint[], %(i_item)s::bigint[])
    AS i(assignment_id, item_id)
), keep_card AS (
  SELECT k.membership_id, k.assignment_id, k.target, {retention("k.day")} AS r
  FROM keep_judge k JOIN keep_item i ON i.assignment_id = k.assignment_id
  JOIN card ON card.membership_id = k.membership_id AND card.item_id = i.item_id
           AND card.day IS NOT NULL
), keeps AS (
  SELECT membership_id, json_agg(json_build_array(assignment_id, held, kept, lowest)) AS keeps
  FROM (SELECT membership_id, assignment_id, count(*) AS held,
               count(*) FILTER (WHERE r >= target) AS kept, min(r) AS lowest
        FROM keep_card GROUP BY membership_id, assignment_id) counted
  GROUP BY membership_id
)
SELECT s.membership_id, s.retentions, COALESCE(l.leeches, 0), s.due, s.last_review, r.words,
       k.keeps
FROM summary s LEFT JOIN leeches l USING (membership_id) LEFT JOIN risks r USING (membership_id)
     LEFT JOIN keeps k USING (membership_id)
"""  # noqa: S608 (expressions of progress.retention_sql, no input)


def parameters(judges: list[Judge], now: datetime) -> dict:
    """The statement's arrays: one entry per membership, per keep judged, per word kept."""
    keeps = [(judge.membership_id, keep) for judge in judges for keep in judge.keeps]
    words = {(keep.assignment_id, item) for _, keep in keeps for item in keep.items}
    return {
        "membership": [j.membership_id for j in judges],
        "zone": [j.time_zone for j in judges],
        "rollover": [j.rollover_hour for j in judges],
        "w20": [j.parameters[W20] for j in judges],
        "now_day": [j.now_day for j in judges],
        "session_day": [j.session_day for j in judges],
        "now": now,
        "leech": LEECH_LAPSES,
        "risk": RISK_THRESHOLD,
        "k_membership": [pk for pk, _ in keeps],
        "k_assignment": [keep.assignment_id for _, keep in keeps],
        "k_day": [keep.day for _, keep in keeps],
        "k_target": [keep.target for _, keep in keeps],
        "i_assignment": [assignment for assignment, _ in words],
        "i_item": [item for _, item in words],
    }


def sql_memories(judges: list[Judge], now: datetime) -> dict[int, Memory]:
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_SQL, parameters(judges, now))
        rows = cursor.fetchall()
    found = {judge.membership_id: Memory() for judge in judges}
    for membership_id, retentions, leeches, due, last_review, words, keeps in rows:
        found[membership_id] = Memory(
            retentions=retentions or [],
            words_at_risk=[WordAtRisk(w, r, frozenset(items)) for w, r, items in words or []],
            leeches=leeches,
            due=due,
            last_review=last_review,
            keeps={pk: KeepFacts(held, kept, lowest) for pk, held, kept, lowest in keeps or []},
        )
    return found
