"""What the tutors' grid needs from each learner's review cards, summed up per
membership: the average predicted retention now, the words at risk at the next
session, leeches, cards due, the last review, and for each "keep" assignment how
many of its cards are held at or above the target (`courses.dashboard` turns
these into cells and rows).

The moments are judged as learner days counted once per learner (`Judge`, made
by the dashboard with `accounts.clock`); each card's day is the day of its last
review, and its retention FSRS retrievability over the days between
(`progress.scheduler.retrievability_after`).

On PostgreSQL the per-card work (the day of each last review, retrievability at
each moment) is done by the database in one statement
(`courses.card_summary_sql`); elsewhere the window's cards are read
(`courses.windows.windowed_cards`) and judged here. Either way: one query,
whatever the number of classrooms, learners and cards.
"""

from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean

from django.db import connection

from accounts import clock
from progress.models import LEECH_LAPSES
from progress.scheduler import retrievability_after

from .windows import windowed_cards

RISK_THRESHOLD = 0.8


@dataclass(frozen=True)
class WordAtRisk:
    headword: str
    retention: float
    items: frozenset[int] = frozenset()  # the vocabulary items spelt this way


@dataclass(frozen=True)
class KeepJudge:
    """One "keep" assignment judged for one learner: its words, on `day`."""

    assignment_id: int
    items: frozenset[int]
    day: int
    target: float


@dataclass(frozen=True)
class Judge:
    """One membership's clock and memory settings, and the learner days judged."""

    membership_id: int
    time_zone: str
    rollover_hour: int
    parameters: tuple[float, ...]
    now_day: int
    session_day: int
    keeps: tuple[KeepJudge, ...] = ()


@dataclass(frozen=True)
class KeepFacts:
    held: int = 0  # the words' cards ever reviewed
    kept: int = 0  # of which predicted at or above the target
    lowest: float | None = None


@dataclass
class Memory:
    retentions: list[float] = field(default_factory=list)  # reviewed cards, now
    words_at_risk: list[WordAtRisk] = field(default_factory=list)
    leeches: int = 0
    due: int = 0
    last_review: datetime | None = None
    keeps: dict[int, KeepFacts] = field(default_factory=dict)  # by assignment id

    @property
    def average_retention(self) -> float | None:
        return fmean(self.retentions) if self.retentions else None


def memories(classrooms, judges: list[Judge], now: datetime) -> dict[int, Memory]:
    """{membership id: Memory} of the judged memberships of `classrooms`, in one query."""
    if not judges:
        return {}
    if connection.vendor == "postgresql":
        from .card_summary_sql import sql_memories

        return sql_memories(judges, now)
    cards = windowed_cards(classrooms, now)
    return {
        judge.membership_id: judged(cards.get(judge.membership_id, []), judge) for judge in judges
    }


def judged(cards: list[dict], judge: Judge) -> Memory:
    """One membership's Memory from its cards, in Python."""
    days = {}
    for n, card in enumerate(cards):
        if card["last_review"] is not None and card["stability"] is not None:
            days[n] = clock.anki_day(
                card["last_review"], time_zone=judge.time_zone, rollover_hour=judge.rollover_hour
            )
    reviewed = [(cards[n], day) for n, day in days.items()]

    def retention(card, day, at):
        return retrievability_after(at - day, card["stability"], parameters=judge.parameters)

    memory = Memory(retentions=[retention(c, d, judge.now_day) for c, d in reviewed])
    at_session = [(c, retention(c, d, judge.session_day)) for c, d in reviewed]
    memory.words_at_risk = words_at_risk(at_session)
    memory.leeches = len({c["item_id"] for c in cards if c["lapses"] >= LEECH_LAPSES})
    memory.due = sum(c["is_due"] for c in cards)
    memory.last_review = max((c["last_review"] for c in cards if c["last_review"]), default=None)
    for keep in judge.keeps:
        held = [retention(c, d, keep.day) for c, d in reviewed if c["item_id"] in keep.items]
        kept = sum(r >= keep.target for r in held)
        memory.keeps[keep.assignment_id] = KeepFacts(len(held), kept, min(held, default=None))
    return memory


def words_at_risk(at_session: list[tuple[dict, float]]) -> list[WordAtRisk]:
    """Words with a card below RISK_THRESHOLD at the session, lowest first (then by word)."""
    at_risk: dict[str, tuple[float, frozenset[int]]] = {}
    for card, retention in at_session:
        if retention < RISK_THRESHOLD:
            lowest, items = at_risk.get(card["item__headword"], (1.0, frozenset()))
            at_risk[card["item__headword"]] = (min(retention, lowest), items | {card["item_id"]})
    return sorted(
        (WordAtRisk(word, retention, items) for word, (retention, items) in at_risk.items()),
        key=lambda word: (word.retention, word.headword),
    )
