"""An unverified North Korean form reaches no learner and waits in the editors' queue."""

from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

import pytest

from accounts.models import LearnerProfile
from lessons.models import VocabularyItem
from progress.anki.decks import export_note
from tests.factories.accounts import UserFactory
from tests.factories.lessons import (
    UNVERIFIED_CANDIDATE,
    LessonPageFactory,
    VocabularyItemFactory,
    every_block,
    unverified_item,
)

pytestmark = pytest.mark.django_db
CANDIDATE = UNVERIFIED_CANDIDATE


@pytest.fixture
def unverified():
    return unverified_item()


@pytest.fixture
def attested():
    return VocabularyItemFactory(
        headword="route",
        gloss_nk="로선",
        gloss_sk="노선",
        nk_status="attested",
        nk_source="MOU pair 노선→로선",
    )


def test_the_rule_gives_learners_no_north_form_while_unverified(unverified, attested):
    assert unverified.north_forms_for_learners() == []
    assert attested.north_forms_for_learners() == ["로선"]


@pytest.mark.parametrize("preference", ["north", "both", "south"])
def test_the_lesson_page_shows_english_and_south_only(client, unverified, preference):
    lesson = LessonPageFactory(body=every_block(), words=[unverified])
    learner = UserFactory()
    profile = LearnerProfile.objects.for_user(learner)
    profile.gloss_preference = preference
    profile.save()
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert CANDIDATE not in html
    assert "socks" in html and '<dd lang="ko">양말</dd>' in html


def test_the_anki_note_has_no_north_form_while_unverified(unverified, attested):
    note = export_note(unverified)
    assert note.korean_north == "" and note.korean_south == "양말"
    assert CANDIDATE not in repr(note)
    assert export_note(attested).korean_north == "로선"


def test_attested_and_shared_need_a_source(attested):
    attested.nk_source = ""
    with pytest.raises(ValidationError) as error:
        attested.full_clean()
    assert "nk_source" in error.value.message_dict


def test_an_unverified_item_may_not_claim_a_north_form(unverified):
    unverified.gloss_nk = CANDIDATE
    with pytest.raises(ValidationError) as error:
        unverified.full_clean()
    assert "nk_candidate" in error.value.message_dict["gloss_nk"][0]


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(groups=["Editors"]))
    return client


def test_the_editors_queue_lists_unverified_items_only(editor, unverified, attested):
    url = reverse("wagtailsnippets_lessons_vocabularyitem:list")
    html = editor.get(url, {"nk_status": "unverified"}).content.decode()
    edit = "wagtailsnippets_lessons_vocabularyitem:edit"
    assert reverse(edit, args=[unverified.pk]) in html
    assert reverse(edit, args=[attested.pk]) not in html


def test_the_dashboard_counts_the_north_forms_to_verify(editor, unverified, attested):
    html = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "North forms to verify" in html
    assert "1 vocabulary item has a North Korean form that no source supports yet" in html
    assert "nk_status=unverified" in html


def test_the_level_report_counts_unverified_words(unverified, attested):
    LessonPageFactory(slug="route-and-socks", body=every_block(), words=[unverified, attested])
    out = StringIO()
    call_command("lesson_report", "route-and-socks", stdout=out)
    assert "North forms to verify (1): socks" in out.getvalue()


def test_the_migration_default_is_unverified():
    assert VocabularyItem._meta.get_field("nk_status").default == "unverified"
