from django.db import IntegrityError

import pytest

from lessons.models import LessonPage, LessonVocabulary, VocabularyItem, WordPair
from tests.factories.lessons import (
    LessonPageFactory,
    VocabularyItemFactory,
    WordPairFactory,
    every_block,
)

pytestmark = pytest.mark.django_db


def test_headword_and_sense_together_are_unique():
    VocabularyItemFactory(headword="bank", sense="money")
    VocabularyItemFactory(headword="bank", sense="river")
    with pytest.raises(IntegrityError):
        VocabularyItemFactory(headword="bank", sense="money")


def test_nk_forms_splits_the_north_korean_gloss_on_semicolons():
    item = VocabularyItemFactory.build(gloss_nk="손전화; 손전화기 ;")
    assert item.nk_forms == ["손전화", "손전화기"]


def test_clean_fills_an_empty_ipa_from_the_cmu_dictionary():
    item = VocabularyItemFactory.build(headword="pharmacy", ipa="")
    item.clean()
    assert item.ipa == "/ˈfɑɹməsi/"


def test_clean_keeps_an_ipa_the_author_typed():
    item = VocabularyItemFactory.build(headword="pharmacy", ipa="/ˈfɑːməsi/")
    item.clean()
    assert item.ipa == "/ˈfɑːməsi/"


def test_clean_leaves_ipa_empty_for_a_word_missing_from_the_dictionary():
    item = VocabularyItemFactory.build(headword="qwzxv", ipa="")
    item.clean()
    assert item.ipa == ""


def test_sound_traps_are_derived_from_the_headword():
    assert VocabularyItemFactory.build(headword="verb").sound_traps == {"v/b", "final_voicing"}


def test_each_item_gets_its_own_stable_uuid():
    first, second = VocabularyItemFactory(), VocabularyItemFactory()
    assert first.uuid != second.uuid
    first.refresh_from_db()
    assert VocabularyItem.objects.get(pk=first.pk).uuid == first.uuid


def test_at_or_below_keeps_items_of_the_level_and_lower():
    a1 = VocabularyItemFactory(cefr_level="A1")
    a2 = VocabularyItemFactory(cefr_level="A2")
    VocabularyItemFactory(cefr_level="B1")
    assert set(VocabularyItem.objects.at_or_below("A2")) == {a1, a2}


def test_north_forms_for_lists_every_north_form_of_a_south_form():
    WordPairFactory(south_form="핸드폰", north_form="손전화")
    WordPairFactory(south_form="핸드폰", north_form="손전화기")
    WordPairFactory(south_form="주차장", north_form="차마당")
    assert WordPair.objects.north_forms_for(" 핸드폰 ") == ["손전화", "손전화기"]


def test_vocabulary_items_keeps_the_lesson_order():
    words = [VocabularyItemFactory() for _ in range(3)]
    lesson = LessonPageFactory(words=[words[2], words[0], words[1]])
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.vocabulary_items() == [words[2], words[0], words[1]]


def test_exercise_blocks_are_the_exercises_in_body_order():
    lesson = LessonPageFactory(body=every_block())
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert [block.block_type for block in lesson.exercise_blocks()] == [
        "multiple_choice",
        "gap_fill",
        "matching",
        "word_order",
        "dictation",
        "minimal_pair",
        "listen_and_choose",
        "type_letter",
        "hear_letter",
        "read_sign",
        "writing",
    ]
    assert all(block.id for block in lesson.exercise_blocks())


def test_vocabulary_items_of_an_unsaved_preview_follow_the_form_order():
    first, second = VocabularyItemFactory(), VocabularyItemFactory()
    lesson = LessonPageFactory.build()
    lesson.vocabulary_links = [
        LessonVocabulary(item=second, sort_order=1),
        LessonVocabulary(item=first, sort_order=0),
    ]
    assert lesson.vocabulary_items() == [first, second]
