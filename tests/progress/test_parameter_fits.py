from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import LearnerProfile
from lessons.models import VocabularyItem
from progress import fitting
from progress.models import ParameterFit, ReviewCard, ReviewLog
from progress.parameter_fits import fit_learner, learners_due_a_fit
from progress.scheduler import DEFAULT_PARAMETERS
from progress.tasks import fit_learner_parameters_task
from tests.factories.accounts import learner
from tests.progress.test_fitting import TRUTH, simulate

NOW = datetime(2026, 9, 1, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def fast_forgetter_history():
    return simulate(TRUTH)


def store_history(user, history):
    items = VocabularyItem.objects.bulk_create(
        VocabularyItem(headword=f"word {n}", part_of_speech="noun", cefr_level="A1",
                       gloss_nk="낱말", gloss_sk="단어")
        for n in range(len(history))
    )  # fmt: skip
    cards = ReviewCard.objects.bulk_create(
        ReviewCard(learner=user, item=item, direction="recognition", due=NOW) for item in items
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(learner=user, card=card, rating=r.rating, reviewed_at=r.reviewed_at,
                  source="anki", external_id=f"{card.pk}-{n}")
        for card, reviews in zip(cards, history.values(), strict=True)
        for n, r in enumerate(reviews)
    )  # fmt: skip


@pytest.fixture
def fast_forgetter(fast_forgetter_history):
    user = learner(time_zone="UTC")
    store_history(user, fast_forgetter_history)
    return user


def test_learners_with_enough_new_reviews_are_due_a_fit(fast_forgetter):
    learner()  # no reviews at all
    assert learners_due_a_fit() == [fast_forgetter.pk]


def test_the_fit_task_keeps_parameters_that_predict_the_learner_better(fast_forgetter):
    fit_learner_parameters_task()
    fit = ParameterFit.objects.get(learner=fast_forgetter)
    profile = LearnerProfile.objects.get(user=fast_forgetter)
    assert fit.kept
    assert fit.log_loss_after < fit.log_loss_before
    assert profile.fsrs_parameters == fit.figures["candidate"]
    assert profile.fsrs_parameters != list(DEFAULT_PARAMETERS)
    assert learners_due_a_fit() == []  # no new reviews since: nobody is fitted twice


def test_the_fit_task_refuses_parameters_that_predict_worse(fast_forgetter, monkeypatch):
    good = fit_learner(learner_id=fast_forgetter.pk, now=NOW).figures["candidate"]
    ParameterFit.objects.all().delete()
    worse = list(good)
    worse[0:4] = [value / 8 for value in good[0:4]]
    worse[8] = good[8] / 3
    monkeypatch.setattr(fitting, "fit_parameters", lambda items: worse)
    fit_learner_parameters_task()
    fit = ParameterFit.objects.get(learner=fast_forgetter)
    assert not fit.kept
    assert fit.log_loss_after > fit.log_loss_before
    assert fit.figures["candidate"] == pytest.approx(worse)
    assert LearnerProfile.objects.get(user=fast_forgetter).fsrs_parameters == good


def test_a_fit_with_too_little_history_is_recorded_and_changes_nothing():
    user = learner()
    fit = fit_learner(learner_id=user.pk, now=NOW + timedelta(days=1))
    assert not fit.kept
    assert fit.log_loss_before is None
    assert LearnerProfile.objects.get(user=user).fsrs_parameters is None
