"""What a review card shows: interval labels in the learner's language, meanings
labelled by side, IPA between one pair of slashes, and the day's summary."""

from datetime import UTC, datetime, timedelta

from django.utils import translation

import pytest

from progress.models import ReviewLog
from progress.review_session import (
    CardView,
    interval_label,
    labelled_glosses,
    session_progress,
    session_summary,
)
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
INTERVALS = [
    timedelta(seconds=30),
    timedelta(minutes=10),
    timedelta(hours=3),
    timedelta(days=4),
    timedelta(days=45),
    timedelta(days=60),
    timedelta(days=730),
]


def test_intervals_are_described_briefly_in_english():
    with translation.override("en"):
        labels = [interval_label(interval) for interval in INTERVALS]
    assert labels == ["1m", "10m", "3h", "4d", "1.5mo", "2mo", "2y"]


def test_intervals_are_described_in_korean_units_for_a_korean_learner():
    with translation.override("ko"):
        labels = [interval_label(interval) for interval in INTERVALS]
    assert labels == ["1분", "10분", "3시간", "4일", "1.5달", "2달", "2년"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preference", "expected"),
    [
        ("north", [("north", "약국")]),
        ("south", [("south", "약방")]),
        ("both", [("north", "약국"), ("south", "약방")]),
    ],
)
def test_meanings_are_labelled_by_side_as_the_learner_prefers(preference, expected):
    item = VocabularyItemFactory(gloss_nk="약국", gloss_sk="약방")
    assert labelled_glosses(item, preference) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["/həˈloʊ/", "həˈloʊ", " /həˈloʊ/ "])
def test_ipa_is_shown_between_one_pair_of_slashes(stored):
    card = ReviewCardFactory.build(item=VocabularyItemFactory.build(ipa=stored))
    assert CardView(card=card, mode="review").ipa == "/həˈloʊ/"


@pytest.mark.django_db
def test_the_summary_counts_the_days_cards_and_those_remembered_the_first_time():
    user = learner(time_zone="UTC")
    cards = ReviewCardFactory.create_batch(3, learner=user, reps=1, due=NOW + timedelta(hours=5))
    history = [(cards[0], 1), (cards[0], 3), (cards[1], 3), (cards[2], 2)]
    yesterday = (cards[2], 1, NOW - timedelta(days=1))
    for n, (card, rating, *when) in enumerate([*history, yesterday]):
        moment = when[0] if when else NOW - timedelta(minutes=10 - n)
        ReviewLog.objects.create(learner=user, card=card, rating=rating, reviewed_at=moment,
                                 source="web", external_id=f"log-{n}")  # fmt: skip
    profile = user.learner_profile
    summary = session_summary(user, profile, now=NOW)
    assert (summary.reviewed, summary.first_try, summary.has_cards) == (3, 2, True)
    with translation.override("ko"):
        assert session_summary(user, profile, now=NOW).next_due == "5시간"
    assert session_progress(user, profile, now=NOW).done == 4


@pytest.mark.django_db
def test_a_learner_without_cards_has_no_summary_to_show():
    user = learner()
    summary = session_summary(user, user.learner_profile, now=NOW)
    assert (summary.reviewed, summary.next_due, summary.has_cards) == (0, "", False)
