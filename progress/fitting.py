"""Fitting a learner's own FSRS-6 parameters, and deciding whether to keep them.

Training items are built the way Anki builds them (rslib `reviews_for_fsrs`):
reviews are grouped per card and sorted by time; rows that are not answers
(manual and rescheduled entries) are dropped; `delta_t` is the number of the
learner's days (time zone, rollover hour) since the previous answer; every
answer after the first becomes one item holding the card's whole history up to
it; only items whose last `delta_t` is positive are kept, since a same-day
answer says nothing about the forgetting curve. A card's history is taken to
start at its first answer, when the card was new (web histories always do;
imported Anki histories are merged before they get here).

Fitting is fsrs-rs (`fsrs_rs_python`), the optimizer inside Anki, without torch.

The decision is a time split: candidate parameters are fitted on the reviews
before the cut (the earliest `split` share of answers) and compared with the
current ones on the items after it, which keep their full earlier history.
The candidate is kept only if its log loss there is lower; the figures of both
sides are recorded either way. Pure: no clock, no database.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview

from accounts.clock import FALLBACK_ZONE, ROLLOVER_HOUR, anki_days

from .scheduler import Review

# The nightly fit runs for a learner once this many answers have come in since the last fit.
MIN_NEW_REVIEWS = 400
# Fewer held-out items than this make the comparison too noisy to trust.
MIN_TEST_ITEMS = 50

History = Mapping[object, Iterable[Review]]


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class FitDecision:
    kept: bool
    parameters: tuple[float, ...]  # the parameters to use from now on
    current: tuple[float, ...]
    reason: str
    candidate: tuple[float, ...] | None = None
    before: Evaluation | None = None  # current parameters on the held-out items
    after: Evaluation | None = None  # candidate parameters on the held-out items
    cut: datetime | None = None
    train_items: int = 0
    test_items: int = 0

    def to_dict(self) -> dict:
        return {
            "kept": self.kept,
            "parameters": list(self.parameters),
            "current": list(self.current),
            "candidate": list(self.candidate) if self.candidate else None,
            "before": vars(self.before) if self.before else None,
            "after": vars(self.after) if self.after else None,
            "cut": self.cut.isoformat() if self.cut else None,
            "train_items": self.train_items,
            "test_items": self.test_items,
            "reason": self.reason,
        }


def training_items(
    history_by_card: History,
    *,
    time_zone: str = FALLBACK_ZONE,
    rollover_hour: int = ROLLOVER_HOUR,
    since: datetime | None = None,
) -> list[FSRSItem]:
    """Anki-shaped items in time order; with `since`, only items answered at or after it."""
    dated = []
    for reviews in history_by_card.values():
        answers = sorted((r for r in reviews if r.is_answer), key=lambda r: r.reviewed_at)
        dated += _card_items(answers, time_zone=time_zone, rollover_hour=rollover_hour)
    dated.sort(key=lambda pair: pair[0])
    return [item for moment, item in dated if since is None or moment >= since]


def _card_items(answers: list[Review], *, time_zone: str, rollover_hour: int) -> list:
    if not answers:
        return []
    moments = (r.reviewed_at for r in answers)
    days = anki_days(moments, time_zone=time_zone, rollover_hour=rollover_hour)
    deltas = [0] + [day - previous for previous, day in zip(days, days[1:], strict=False)]
    steps = [FSRSReview(r.rating, delta) for r, delta in zip(answers, deltas, strict=True)]
    return [
        (answers[index].reviewed_at, FSRSItem(steps[: index + 1]))
        for index in range(1, len(answers))
        if deltas[index] > 0
    ]


def history_before(history_by_card: History, cut: datetime) -> dict:
    return {
        card: [r for r in reviews if r.reviewed_at < cut]
        for card, reviews in history_by_card.items()
    }


def time_split(history_by_card: History, *, split: float = 0.8) -> datetime | None:
    """The moment before which the earliest `split` share of all answers lies."""
    moments = sorted(
        r.reviewed_at for reviews in history_by_card.values() for r in reviews if r.is_answer
    )
    if len(moments) < 2:
        return None
    return moments[min(int(len(moments) * split), len(moments) - 1)]


def fit_parameters(items: Sequence[FSRSItem]) -> list[float]:
    """FSRS-6 parameters fitted by fsrs-rs, within the bounds py-fsrs accepts."""
    fitted = FSRS(DEFAULT_PARAMETERS).compute_parameters(list(items))
    return [
        min(max(value, low), high)
        for value, low, high in zip(
            fitted, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    ]


def evaluate(parameters: Sequence[float], items: Sequence[FSRSItem]) -> Evaluation:
    """Log loss and RMSE(bins) of the predicted recall of each item's last answer."""
    if not items:
        raise ValueError("there are no items to evaluate")
    result = FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(log_loss=result.log_loss, rmse_bins=result.rmse_bins)


def held_out_items(history_by_card: History, cut, *, time_zone: str, rollover_hour: int) -> list:
    """The items after the time split `cut` (none without a cut)."""
    if not cut:
        return []
    return training_items(
        history_by_card, time_zone=time_zone, rollover_hour=rollover_hour, since=cut
    )


def decide(
    current: Sequence[float],
    candidate: Sequence[float],
    history_by_card: History,
    *,
    time_zone: str = FALLBACK_ZONE,
    rollover_hour: int = ROLLOVER_HOUR,
    split: float = 0.8,
    train_items: int = 0,
) -> FitDecision:
    """Keep `candidate` only if it predicts the answers after the time split better."""
    current, candidate = tuple(current), tuple(candidate)
    cut = time_split(history_by_card, split=split)
    held_out = held_out_items(
        history_by_card, cut, time_zone=time_zone, rollover_hour=rollover_hour
    )
    figures = {
        "current": current,
        "candidate": candidate,
        "cut": cut,
        "train_items": train_items,
        "test_items": len(held_out),
    }
    if len(held_out) < MIN_TEST_ITEMS:
        reason = f"{len(held_out)} held-out items, fewer than {MIN_TEST_ITEMS}"
        return FitDecision(kept=False, parameters=current, reason=reason, **figures)
    return compare(current, candidate, held_out, figures)


def compare(current: tuple, candidate: tuple, held_out: list, figures: dict) -> FitDecision:
    """Keep the candidate when its held-out log loss is lower than the current one's."""
    before, after = evaluate(current, held_out), evaluate(candidate, held_out)
    kept = after.log_loss < before.log_loss
    reason = "lower held-out log loss" if kept else "no lower held-out log loss"
    parameters = candidate if kept else current
    return FitDecision(
        kept=kept, parameters=parameters, reason=reason, before=before, after=after, **figures
    )


def fit_and_decide(
    current: Sequence[float],
    history_by_card: History,
    *,
    time_zone: str = FALLBACK_ZONE,
    rollover_hour: int = ROLLOVER_HOUR,
    split: float = 0.8,
) -> FitDecision:
    """Fit on the answers before the time split, then `decide` on the answers after it."""
    cut = time_split(history_by_card, split=split)
    earlier = history_before(history_by_card, cut) if cut else {}
    items = training_items(earlier, time_zone=time_zone, rollover_hour=rollover_hour)
    if not items:
        reason = "no training items before the time split"
        return FitDecision(
            kept=False, parameters=tuple(current), current=tuple(current), reason=reason, cut=cut
        )
    candidate = fit_parameters(items)
    return decide(
        current,
        candidate,
        history_by_card,
        time_zone=time_zone,
        rollover_hour=rollover_hour,
        split=split,
        train_items=len(items),
    )
