"""The review card shows an unverified item in English and South Korean only."""

from django.urls import reverse

import pytest

from progress.review_session import glosses_for
from tests.factories.accounts import learner
from tests.factories.lessons import UNVERIFIED_CANDIDATE, VocabularyItemFactory, unverified_item
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db
CANDIDATE = UNVERIFIED_CANDIDATE


@pytest.fixture
def unverified():
    return unverified_item()


@pytest.mark.parametrize("preference", ["north", "both", "south"])
def test_the_glosses_fall_back_to_the_south_form(unverified, preference):
    assert glosses_for(unverified, preference) == ["양말"]


@pytest.mark.parametrize("preference", ["north", "both"])
def test_the_revealed_card_never_shows_the_candidate(client, unverified, preference):
    user = learner(gloss_preference=preference)
    card = ReviewCardFactory(learner=user, item=unverified)
    client.force_login(user)
    page = client.get(reverse("progress:review_reveal", args=[card.pk])).content.decode()
    assert "양말" in page and CANDIDATE not in page


def test_an_attested_form_is_shown_to_a_north_preference():
    item = VocabularyItemFactory(gloss_nk="로선", gloss_sk="노선", nk_source="MOU pair 노선→로선")
    assert glosses_for(item, "north") == ["로선"]
    assert glosses_for(item, "both") == ["로선", "노선"]
