"""Nightly fitting of each learner's own FSRS parameters.

A learner is due a fit once MIN_NEW_REVIEWS answers have been recorded since
their last fit (ever, for a first fit). `fit_learner` hands the learner's whole
history to `fitting.fit_and_decide`, which keeps the new parameters only if
they predict the learner's most recent answers (a time split) with a lower log
loss. A ParameterFit row records every attempt with its before/after figures;
the profile's parameters change only when the fit is kept. A fitted learner
has no new answers, so a repeated run fits nobody twice.
"""

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import Count, DateTimeField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import LearnerProfile

from .fitting import MIN_NEW_REVIEWS, fit_and_decide
from .models import ParameterFit, ReviewLog
from .scheduler import DEFAULT_PARAMETERS, Review

FIT_BATCH = 20
EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


def learners_due_a_fit(*, batch_size: int = FIT_BATCH) -> list[int]:
    last_fit = ParameterFit.objects.filter(learner=OuterRef("user")).order_by("-fitted_at")
    since = Coalesce(
        Subquery(last_fit.values("fitted_at")[:1]), Value(EPOCH, output_field=DateTimeField())
    )
    return list(
        LearnerProfile.objects.annotate(since=since)
        .annotate(new=Count("user__review_logs", filter=Q(user__review_logs__created_at__gt=since)))
        .filter(new__gte=MIN_NEW_REVIEWS)
        .order_by("user_id")
        .values_list("user_id", flat=True)[:batch_size]
    )


def history_of(learner_id: int) -> dict[int, list[Review]]:
    history = defaultdict(list)
    rows = ReviewLog.objects.filter(learner_id=learner_id).order_by("reviewed_at")
    for card_id, rating, reviewed_at in rows.values_list("card_id", "rating", "reviewed_at"):
        history[card_id].append(Review(rating=rating, reviewed_at=reviewed_at))
    return history


@transaction.atomic
def fit_learner(*, learner_id: int, now: datetime) -> ParameterFit:
    profile = LearnerProfile.objects.select_for_update().get(user_id=learner_id)
    current = profile.fsrs_parameters or list(DEFAULT_PARAMETERS)
    history = history_of(learner_id)
    decision = fit_and_decide(current, history, time_zone=profile.time_zone)
    if decision.kept:
        profile.fsrs_parameters = list(decision.parameters)
        profile.save(update_fields=["fsrs_parameters"])
    fit = ParameterFit(
        learner_id=learner_id,
        fitted_at=now,
        reviews_seen=sum(len(reviews) for reviews in history.values()),
        kept=decision.kept,
        reason=decision.reason[:200],
        log_loss_before=decision.before.log_loss if decision.before else None,
        log_loss_after=decision.after.log_loss if decision.after else None,
        figures=decision.to_dict(),
    )
    fit.full_clean()
    fit.save()
    return fit
