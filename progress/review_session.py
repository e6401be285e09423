"""What one card of a review session shows: prompt, answer and the four buttons.

A recognition card shows the English word (with IPA, an example and a speak
button once revealed) and reveals the Korean meanings the learner asked for
(North, South or both). A production card shows the Korean meaning and asks
for the English; the typed answer is graded with typo tolerance into a
suggested rating the learner may change. Each button shows the interval that
answer would give (`scheduler.preview`) in the learner's language, in the
manner of Anki's labels (10m, 3d; 10분, 3일), except in drill, which does not
touch the schedule. Each revealed card carries a fresh idempotency key (a
uuid4): the review's external id, so a double click, a retried post or an
answer re-sent by the offline outbox records once.

Around the cards: how far the learner is (reviews answered in their Anki day,
cards left by `queue.due_count`) and, when nothing is left, a summary of the
day's reviews and when the next card falls due.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from accounts import clock
from accounts.models import LearnerProfile

from . import memory, queue
from .models import ReviewCard, ReviewLog
from .scheduler import preview
from .typing_grade import suggest_rating

BUTTONS = [(1, _("Again")), (2, _("Hard")), (3, _("Good")), (4, _("Easy"))]
VERDICTS = {1: "wrong", 2: "close", 3: "right", 4: "right"}
# Longer than this on one card means the learner walked away; Anki caps at 60 s too.
MAX_DURATION_MS = 60_000


@dataclass(frozen=True)
class Button:
    rating: int
    label: str
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
    idempotency_key: str = ""
    shown_at: int = 0
    glosses: list[tuple[str, str]] = field(default_factory=list)  # (side, words)

    @property
    def item(self):
        return self.card.item

    @property
    def ipa(self) -> str:
        """The IPA between one pair of slashes, however the item stores it."""
        bare = self.card.item.ipa.strip().strip("/")
        return f"/{bare}/" if bare else ""

    @property
    def is_production(self) -> bool:
        return self.card.direction == ReviewCard.Direction.PRODUCTION


def labelled_glosses(item, preference: str) -> list[tuple[str, str]]:
    return item.labelled_glosses(preference)


def glosses_for(item, preference: str) -> list[str]:
    return list(dict.fromkeys(words for _side, words in labelled_glosses(item, preference)))


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
    view = CardView(card=card, mode=mode, glosses=labelled_glosses(card.item, preference))
    view.shown_at = shown_at_ms or int(now.timestamp() * 1000)
    if not (revealed or typed is not None):
        return view
    suggested = None
    if typed is not None:
        seconds = max(0.0, (now.timestamp() * 1000 - view.shown_at) / 1000)
        suggested = int(suggest_rating(card.item.headword, typed, seconds=seconds))
        view.typed, view.verdict = typed, VERDICTS[suggested]
    view.revealed, view.idempotency_key = True, str(uuid.uuid4())
    intervals = next_intervals(card, profile, now=now) if mode == "review" else {}
    view.buttons = [
        Button(rating, label, intervals.get(rating, ""), rating == suggested)
        for rating, label in BUTTONS
    ]
    return view


def next_intervals(card: ReviewCard, profile, *, now: datetime) -> dict[int, str]:
    config = memory.config_for(profile)
    state = memory.memory_of(card).state
    outcomes = preview(state, now=now, config=config, card_id=card.pk)
    return {int(rating): interval_label(outcome.interval) for rating, outcome in outcomes.items()}


def interval_units() -> dict[str, str]:
    """The unit templates of interval labels in the active language, keyed m, h, d, mo, y.

    Each holds "%(count)s" where the number goes. `interval_label` reads them
    here, and the offline pack hands them to the browser's
    SaebomScheduling.intervalLabel, so both show one label for one interval.
    """
    return {
        # Translators: the units of a short interval on a review button: minutes, hours,
        # days, months (30 days) and years.
        "m": pgettext("interval", "%(count)sm"),
        "h": pgettext("interval", "%(count)sh"),
        "d": pgettext("interval", "%(count)sd"),
        "mo": pgettext("interval", "%(count)smo"),
        "y": pgettext("interval", "%(count)sy"),
    }


def interval_label(interval: timedelta) -> str:
    """A short label in the manner of Anki's (1m, 6m, 1h, 3d, 1.5mo, 2y), in the UI language.

    Minutes under an hour (at least 1), hours under a day, days under 30,
    months of 30 days under 365 days, then years of 365 days; months and
    years to one decimal without a trailing ".0". Python's rounding (half to
    even), which SaebomScheduling.intervalLabel repeats.
    """
    seconds = interval.total_seconds()
    units = interval_units()
    if seconds < 3600:
        return units["m"] % {"count": max(1, round(seconds / 60))}
    if seconds < 86400:
        return units["h"] % {"count": round(seconds / 3600)}
    days = seconds / 86400
    if days < 30:
        return units["d"] % {"count": round(days)}
    if days < 365:
        return units["mo"] % {"count": one_decimal(days / 30)}
    return units["y"] % {"count": one_decimal(days / 365)}


def one_decimal(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def duration_ms(shown_at_ms: int | None, now: datetime) -> int | None:
    if not shown_at_ms:
        return None
    return min(MAX_DURATION_MS, max(0, int(now.timestamp() * 1000) - shown_at_ms))


@dataclass(frozen=True)
class SessionProgress:
    done: int  # reviews answered in the learner's day
    left: int  # cards the session will still show now, this one included

    @property
    def total(self) -> int:
        return self.done + self.left


@dataclass(frozen=True)
class Summary:
    reviewed: int  # cards answered in the learner's day
    first_try: int  # of those, remembered at the day's first answer
    next_due: str  # when the next card falls due, as an interval label; "" if never
    has_cards: bool


def session_progress(learner, profile, *, now: datetime) -> SessionProgress:
    """Answers given in the learner's day and cards left (`queue.due_count`); the
    review page reads both with the queue instead (`queue.queue_head`, which tests
    hold to these)."""
    zone = clock.zone_name(profile)
    start = clock.anki_day_start(now, time_zone=zone)
    done = ReviewLog.objects.for_learner(learner).since(start).count()
    return SessionProgress(done=done, left=queue.due_count(learner, now=now, time_zone=zone))


def session_summary(learner, profile, *, now: datetime) -> Summary:
    zone = clock.zone_name(profile)
    start = clock.anki_day_start(now, time_zone=zone)
    logs = ReviewLog.objects.for_learner(learner).since(start).order_by("reviewed_at", "pk")
    first_ratings: dict[int, int] = {}
    for card_id, rating in logs.values_list("card_id", "rating"):
        first_ratings.setdefault(card_id, rating)
    next_due = queue.next_due(learner, now=now, time_zone=zone)
    return Summary(
        reviewed=len(first_ratings),
        first_try=sum(1 for rating in first_ratings.values() if rating > 1),
        next_due=interval_label(next_due - now) if next_due else "",
        has_cards=next_due is not None or bool(first_ratings),
    )
