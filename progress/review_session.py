"""What one card of a review session shows: prompt, answer and the four buttons.

A recognition card shows the English word (with IPA, an example and a speak
button once revealed) and reveals the Korean meanings the learner asked for
(North, South or both). A production card shows the Korean meaning and asks
for the English; the typed answer is graded with typo tolerance into a
suggested rating the learner may change. Each button shows the interval that
answer would give (`scheduler.preview`), except in drill, which does not touch
the schedule. Each revealed card carries a fresh one-time token: the review's
external id, so a double click or a retried post records once.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from accounts.models import LearnerProfile

from . import memory
from .models import ReviewCard
from .scheduler import describe_interval, preview
from .typing_grade import suggest_rating

BUTTONS = [
    (1, _("Again"), "Again"),
    (2, _("Hard"), "Hard"),
    (3, _("Good"), "Good"),
    (4, _("Easy"), "Easy"),
]
VERDICTS = {1: "wrong", 2: "close", 3: "right", 4: "right"}
# Longer than this on one card means the learner walked away; Anki caps at 60 s too.
MAX_DURATION_MS = 60_000


@dataclass(frozen=True)
class Button:
    rating: int
    label: str
    label_en: str
    interval: str = ""
    suggested: bool = False


@dataclass
class CardView:
    card: ReviewCard
    mode: str  # "review" or "drill"
    revealed: bool = False
    typed: str = ""
    verdict: str = ""  # "right", "close" (a typo) or "wrong"
    buttons: list[Button] = field(default_factory=list)
    token: str = ""
    shown_at: int = 0
    glosses: list[str] = field(default_factory=list)

    @property
    def item(self):
        return self.card.item

    @property
    def is_production(self) -> bool:
        return self.card.direction == ReviewCard.Direction.PRODUCTION


def glosses_for(item, preference: str) -> list[str]:
    north, south = "; ".join(item.north_forms_for_learners()), item.gloss_sk
    if preference == LearnerProfile.Gloss.NORTH and north:
        return [north]
    if preference == LearnerProfile.Gloss.SOUTH or not north:
        return [south]
    return [north] if north == south else [north, south]


def card_view(
    card: ReviewCard,
    profile: LearnerProfile | None,
    *,
    now: datetime,
    mode: str,
    revealed: bool = False,
    typed: str | None = None,
    shown_at_ms: int | None = None,
) -> CardView:
    preference = profile.gloss_preference if profile else LearnerProfile.Gloss.BOTH
    view = CardView(card=card, mode=mode, glosses=glosses_for(card.item, preference))
    view.shown_at = shown_at_ms or int(now.timestamp() * 1000)
    if not (revealed or typed is not None):
        return view
    suggested = None
    if typed is not None:
        seconds = max(0.0, (now.timestamp() * 1000 - view.shown_at) / 1000)
        suggested = int(suggest_rating(card.item.headword, typed, seconds=seconds))
        view.typed, view.verdict = typed, VERDICTS[suggested]
    view.revealed, view.token = True, uuid.uuid4().hex
    intervals = next_intervals(card, profile, now=now) if mode == "review" else {}
    view.buttons = [
        Button(rating, label, label_en, intervals.get(rating, ""), rating == suggested)
        for rating, label, label_en in BUTTONS
    ]
    return view


def next_intervals(card: ReviewCard, profile, *, now: datetime) -> dict[int, str]:
    config = memory.config_for(profile)
    state = memory.memory_of(card).state
    outcomes = preview(state, now=now, config=config, card_id=card.pk)
    return {
        int(rating): describe_interval(outcome.interval) for rating, outcome in outcomes.items()
    }


def duration_ms(shown_at_ms: int | None, now: datetime) -> int | None:
    if not shown_at_ms:
        return None
    return min(MAX_DURATION_MS, max(0, int(now.timestamp() * 1000) - shown_at_ms))
