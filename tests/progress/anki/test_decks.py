"""Lesson, course and learner decks built from the database import into real Anki."""

import io
import os
import re
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document

import pytest
import time_machine

from lessons.audio import rendering
from lessons.models import VocabularyItem
from progress.anki import builds
from progress.anki.decks import course_deck, learner_deck, lesson_deck
from progress.models import ReviewCard
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.anki_collection import import_package, import_warnings, new_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def col(tmp_path):
    collection = new_collection(tmp_path / "anki")
    yield collection
    collection.close()


def cards_for(user, items, **fields):
    for item in items:
        for direction in ReviewCard.Direction.values:
            ReviewCard.objects.create(
                learner=user, item=item, direction=direction, due="2026-01-01T00:00Z", **fields
            )


def test_lesson_deck_holds_the_lesson_words_in_a_named_subdeck(col, tmp_path):
    course = CoursePageFactory(title="First Steps")
    items = VocabularyItemFactory.create_batch(3)
    lesson = LessonPageFactory(parent=course, title="Greetings", words=items)
    build = lesson_deck(lesson)
    log = import_package(col, build.package(), tmp_path)
    assert import_warnings(log) == {} and len(log.new) == 3
    assert col.card_count() == 6
    assert build.filename == f"saebom-{lesson.slug}.apkg"
    deck = col.decks.by_name("Saebom::First Steps::Greetings")
    assert deck and len(col.find_cards(f"did:{deck['id']}")) == 6
    fields = {col.get_note(n)["English"] for n in col.find_notes("")}
    assert fields == {item.headword for item in items}


def test_course_deck_has_a_subdeck_per_lesson_and_each_word_once(col, tmp_path):
    course = CoursePageFactory(title="Everyday Life")
    shared, a, b = VocabularyItemFactory.create_batch(3)
    LessonPageFactory(parent=course, title="Bank", words=[shared, a])
    LessonPageFactory(parent=course, title="Pharmacy", words=[b, shared])
    build = course_deck(course)
    assert import_warnings(import_package(col, build.package(), tmp_path)) == {}
    assert col.note_count() == 3
    bank = col.decks.by_name("Saebom::Everyday Life::Bank")
    pharmacy = col.decks.by_name("Saebom::Everyday Life::Pharmacy")
    assert len(col.find_cards(f"did:{bank['id']}")) == 4
    assert len(col.find_cards(f"did:{pharmacy['id']}")) == 2


def test_learner_deck_follows_the_gloss_preference(col, tmp_path):
    user = learner(gloss_preference="south")
    cards_for(user, VocabularyItemFactory.create_batch(2))
    build = learner_deck(user)
    assert build.south_first and build.note_count == 2
    assert import_warnings(import_package(col, build.package(), tmp_path)) == {}
    assert col.card_count() == 4
    assert col.decks.by_name("Saebom::My words") is not None
    answer = col.get_card(col.find_cards("")[0]).answer()
    assert "saebom_south_first" in answer


def test_weak_deck_holds_only_lapsed_or_hard_words(col, tmp_path):
    user = learner()
    weak, hard, easy = VocabularyItemFactory.create_batch(3)
    cards_for(user, [weak], lapses=3)
    cards_for(user, [hard], difficulty=8.5)
    cards_for(user, [easy], lapses=0, difficulty=3.0)
    build = learner_deck(user, weak=True)
    assert import_warnings(import_package(col, build.package(), tmp_path)) == {}
    english = {col.get_note(n)["English"] for n in col.find_notes("")}
    assert english == {weak.headword, hard.headword}
    assert col.decks.by_name("Saebom::Weak words") is not None


def test_a_learner_deck_contains_no_username_or_learner_id(tmp_path):
    user = learner(display_name="Quiet Heron 77", user__id=987_654_321)
    user.username = "heron-zq81x"
    user.email = "heron-zq81x@example.org"
    user.save()
    cards_for(user, VocabularyItemFactory.create_batch(4))
    build = learner_deck(user)
    data = build.package()
    needles = [user.username, user.email, "Quiet Heron 77", str(user.pk)]
    assert all(n not in build.filename for n in needles)
    haystacks = [data, *_unpacked(data)]
    for needle in needles:
        assert not any(needle.encode() in hay for hay in haystacks), needle


def test_audio_documents_are_bundled_with_flat_prefixed_names(col, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    doc = Document.objects.create(title="pharmacy", file=ContentFile(b"ID3 audio", "p.mp3"))
    item = VocabularyItemFactory(headword="pharmacy", audio=doc)
    lesson = LessonPageFactory(words=[item])
    import_package(col, lesson_deck(lesson).package(), tmp_path)
    note = col.get_note(col.find_notes("")[0])
    name = f"saebom_{item.uuid.hex[:8]}_pharmacy.mp3"
    assert note["Audio"] == f"[sound:{name}]"
    assert not col.media.check().missing


def _unpacked(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(name) for name in archive.namelist()]


def test_rendered_audio_is_on_the_answer_side_and_a_rebuild_adds_no_media(col, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    bread = VocabularyItemFactory(headword="bread", example_en="I need bread.")
    river = VocabularyItemFactory(headword="river", example_en="")
    lesson = LessonPageFactory(words=[bread, river])
    rendering.render_published_audio()
    first = lesson_deck(lesson)
    import_package(col, first.package(), tmp_path, "v1.apkg")
    names = sorted(os.listdir(col.media.dir()))
    assert len(names) == 3 and all(re.fullmatch(r"saebom_[0-9a-f]{20}\.mp3", n) for n in names)
    note = col.get_note(col.find_notes("English:bread")[0])
    assert note["Audio"].count("[sound:") == 2
    card = note.cards()[0]
    assert "[sound:" not in card.question() and "[anki:play:a:0]" in card.answer()
    assert not col.media.check().missing

    VocabularyItem.objects.filter(pk=river.pk).update(example_en="The river is wide.")
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # Anki compares seconds
        rendering.render_published_audio()
    second = lesson_deck(lesson)
    assert second.timestamp > first.timestamp
    log = import_package(col, second.package(), tmp_path, "v2.apkg")
    assert len(log.updated) == 2 and not log.new and col.note_count() == 2
    assert len(_media_of(col, "river")) == 2
    assert sorted(os.listdir(col.media.dir())) == sorted([*names, _media_of(col, "river")[1]])
    check = col.media.check()
    assert not check.missing and not check.unused


def test_a_deck_built_before_rendering_is_rebuilt_once_audio_exists():
    lesson = LessonPageFactory(words=[VocabularyItemFactory(headword="bread", example_en="")])
    before = builds.cache_key(lesson_deck(lesson))
    rendering.render_published_audio()
    assert builds.cache_key(lesson_deck(lesson)) != before


def _media_of(col, headword: str) -> list[str]:
    note = col.get_note(col.find_notes(f"English:{headword}")[0])
    return re.findall(r"\[sound:([^\]]+)\]", note["Audio"])
