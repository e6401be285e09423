"""Deck downloads: small decks at once, large ones through the Celery task."""

import io
import zipfile

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

import pytest

from progress.anki import builds
from progress.models import ReviewCard
from progress.tasks import build_deck_task
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.anki_packages import package_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def give_words(user, items):
    ReviewCard.objects.bulk_create(
        ReviewCard(learner=user, item=item, direction=d, due="2026-01-01T00:00Z")
        for item in items
        for d in ReviewCard.Direction.values
    )


def is_package(response) -> bool:
    data = b"".join(response.streaming_content)
    return "collection.anki2" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_a_lesson_deck_downloads_at_once_with_a_generic_name(client):
    lesson = LessonPageFactory(words=VocabularyItemFactory.create_batch(3))
    response = client.get(reverse("anki:lesson", args=[lesson.pk]))
    assert response.status_code == 200
    assert f'filename="saebom-{lesson.slug}.apkg"' in response["Content-Disposition"]
    assert is_package(response)


def test_a_course_deck_downloads(client):
    lesson = LessonPageFactory(words=VocabularyItemFactory.create_batch(2))
    response = client.get(reverse("anki:course", args=[lesson.get_parent().pk]))
    assert response.status_code == 200 and is_package(response)


def test_an_unpublished_lesson_has_no_deck(client):
    lesson = LessonPageFactory(words=VocabularyItemFactory.create_batch(2))
    lesson.unpublish()
    assert client.get(reverse("anki:lesson", args=[lesson.pk])).status_code == 404


def test_my_words_needs_a_signed_in_learner(client):
    response = client.get(reverse("anki:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_words_holds_only_my_words(client):
    me, other = learner(), learner()
    # A headword no factory example sentence holds (they all say "The pharmacy is open.").
    mine, theirs = VocabularyItemFactory(), VocabularyItemFactory(headword="wardrobe")
    give_words(me, [mine])
    give_words(other, [theirs])
    client.force_login(me)
    response = client.get(reverse("anki:mine"))
    text = package_text(b"".join(response.streaming_content))
    assert mine.headword in text and str(mine.uuid) in text
    assert theirs.headword not in text and str(theirs.uuid) not in text


def test_a_learner_without_words_is_told_so(client):
    client.force_login(learner())
    response = client.get(reverse("anki:mine"))
    assert response.status_code == 404
    assert b"Finish a lesson first" in response.content


def test_a_large_deck_is_built_by_the_task_and_then_downloads(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(builds, "LARGE_DECK", 3)
    user = learner()
    give_words(user, VocabularyItemFactory.create_batch(5))
    client.force_login(user)
    sent = []
    monkeypatch.setattr(build_deck_task, "delay", lambda *args: sent.append(args))

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(reverse("anki:mine"))
    assert first.status_code == 200 and b"<progress" in first.content
    assert sent == [("learner", user.pk, False, [])]

    again = client.get(reverse("anki:mine") + "?poll=1")
    assert b"<progress" in again.content and len(sent) == 1  # no second build queued

    build_deck_task(*sent[0])
    ready = client.get(reverse("anki:mine") + "?poll=1")
    assert b"Download the deck" in ready.content
    assert is_package(client.get(reverse("anki:mine")))


def test_a_content_edit_gives_a_new_cached_package():
    items = VocabularyItemFactory.create_batch(2)
    lesson = LessonPageFactory(words=items)
    before = builds.package_path(builds.deck_for("lesson", lesson.pk))
    items[0].gloss_sk = "새 뜻"
    items[0].save()
    after = builds.package_path(builds.deck_for("lesson", lesson.pk))
    assert before != after


def test_export_anki_command_writes_each_kind(tmp_path):
    items = VocabularyItemFactory.create_batch(2)
    lesson = LessonPageFactory(words=items)
    user = learner()
    give_words(user, items[:1])
    for args in (
        ["--lesson", lesson.slug],
        ["--course", lesson.get_parent().slug],
        ["--learner", user.username],
        ["--learner", user.username, "--weak"],
    ):
        out = tmp_path / "deck.apkg"
        call_command("export_anki", *args, "-o", str(out))
        assert zipfile.is_zipfile(out)


def test_export_anki_command_names_a_missing_target(tmp_path):
    with pytest.raises(CommandError, match="No published lesson"):
        call_command("export_anki", "--lesson", "nope", "-o", str(tmp_path / "x.apkg"))
    with pytest.raises(CommandError, match="--weak goes with --learner"):
        call_command("export_anki", "--lesson", "nope", "--weak", "-o", str(tmp_path / "x.apkg"))


def test_lesson_and_course_pages_offer_their_deck(client):
    lesson = LessonPageFactory(words=VocabularyItemFactory.create_batch(2))
    course = lesson.get_parent()
    assert reverse("anki:lesson", args=[lesson.pk]) in client.get(lesson.url).content.decode()
    assert reverse("anki:course", args=[course.pk]) in client.get(course.url).content.decode()


def test_a_new_learner_is_offered_no_anki_deck(client):
    client.force_login(learner())
    page = client.get("/").content.decode()
    assert reverse("anki:mine") not in page and reverse("anki:weak") not in page


def test_the_learner_home_offers_my_words_once_there_are_cards(client):
    user = learner()
    give_words(user, VocabularyItemFactory.create_batch(2))
    client.force_login(user)
    page = client.get("/").content.decode()
    assert reverse("anki:mine") in page and reverse("anki:weak") not in page


def test_the_learner_home_offers_weak_words_once_a_card_is_weak(client):
    user = learner()
    give_words(user, VocabularyItemFactory.create_batch(2))
    ReviewCard.objects.filter(pk=ReviewCard.objects.first().pk).update(lapses=3)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert reverse("anki:mine") in page and reverse("anki:weak") in page
