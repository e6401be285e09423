import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from lessons import grading
from lessons.audio.models import NORMAL, SLOW, SpokenText, spoken_key
from lessons.exercises import text as text_module
from progress import offline, queue, review_session
from progress.models import LessonProgress, ReviewCard
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import (
    UNVERIFIED_CANDIDATE,
    LessonPageFactory,
    VocabularyItemFactory,
    every_block,
    unverified_item,
)
from tests.factories.progress import LessonProgressFactory, ReviewCardFactory
from tests.support.lesson_fixtures import LISTEN_AND_CHOOSE

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return learner(gloss_preference="north")


@pytest.fixture
def now():
    return timezone.now()


def seen_card(user, *, due, state=ReviewCard.State.REVIEW, **fields):
    """A card answered before, due at `due`."""
    defaults = {"reps": 3, "stability": 5.0, "difficulty": 5.0, "last_review": due - timedelta(5)}
    return ReviewCardFactory(learner=user, due=due, state=state, step=None, **defaults | fields)


def card_ids(pack) -> list[int]:
    return [card["id"] for card in pack["cards"]]


def test_the_cards_due_now_come_in_the_review_sessions_order(user, now):
    for days in (1, 3, 8):
        seen_card(user, due=now - timedelta(days=days), stability=days * 2.0)
    ReviewCardFactory.create_batch(3, learner=user, due=now - timedelta(hours=1))
    pack = offline.build_pack(user, now=now)
    assert card_ids(pack) == [entry.card_id for entry in queue.review_queue(user, now=now)]
    assert pack["due_now"] == queue.due_count(user, now=now) == 6


def test_cards_falling_due_in_the_next_day_come_too_and_later_ones_do_not(user, now):
    soon = seen_card(user, due=now + timedelta(hours=20))
    seen_card(user, due=now + timedelta(hours=30))
    learning = seen_card(user, due=now + timedelta(hours=2), state=ReviewCard.State.LEARNING)
    assert card_ids(offline.build_pack(user, now=now)) == [learning.pk, soon.pk]


def test_new_cards_stop_at_the_days_new_card_limit(user, now):
    ReviewCardFactory.create_batch(queue.NEW_CARDS_PER_DAY + 5, learner=user, due=now)
    pack = offline.build_pack(user, now=now)
    assert pack["new_left"] == queue.NEW_CARDS_PER_DAY
    assert len(pack["cards"]) == queue.NEW_CARDS_PER_DAY


def test_the_pack_holds_at_most_max_cards(user, now, monkeypatch):
    monkeypatch.setattr(offline, "MAX_CARDS", 4)
    for hours in range(6):
        seen_card(user, due=now - timedelta(hours=hours + 1))
    assert len(offline.build_pack(user, now=now)["cards"]) == 4


def test_a_card_carries_its_state_scheduler_and_accepted_answer(user, now):
    card = seen_card(user, due=now - timedelta(days=1))
    pack = offline.build_pack(user, now=now)
    entry = pack["cards"][0]
    assert entry["state"]["reps"] == 3 and entry["state"]["stability"] == 5.0
    assert entry["accepted"] == [card.item.headword]
    assert (entry["item_id"], entry["direction"]) == (card.item_id, "recognition")
    assert pack["scheduler"]["desired_retention"] == user.learner_profile.desired_retention
    assert len(pack["scheduler"]["parameters"]) > 0


def test_front_and_back_are_the_online_cards_fragment(user, now):
    card = ReviewCardFactory(learner=user, item__gloss_nk="약국", item__gloss_sk="약방")
    entry = offline.build_pack(user, now=now)["cards"][0]
    assert f'data-card="{card.pk}"' in entry["front"] and "data-reveal" in entry["front"]
    assert "약국" not in entry["front"]
    assert "약국" in entry["back"] and "약방" not in entry["back"]  # north preference
    assert entry["back"].count('data-rating="') == 4
    assert "review-progress" not in entry["front"] + entry["back"]
    assert "csrfmiddlewaretoken" not in entry["front"] + entry["back"]
    # The phone makes a key per answer: a key in the pack would be shared by all.
    assert 'name="idempotency_key" value=""' in entry["back"]


def test_an_unverified_north_form_stays_hidden_offline(now):
    user = learner(gloss_preference="both")
    ReviewCardFactory(learner=user, item=unverified_item(), direction="production")
    entry = offline.build_pack(user, now=now)["cards"][0]
    assert "양말" in entry["front"]
    assert UNVERIFIED_CANDIDATE not in json.dumps(entry, ensure_ascii=False)


def test_the_pack_names_nobody(now, lesson):
    user = learner(display_name="Sparrow Kim", user__username="kimsecret")
    user.email = "kim.secret@example.org"
    user.save()
    ReviewCardFactory(learner=user)
    LessonProgressFactory(learner=user, lesson=lesson)
    text = json.dumps(offline.build_pack(user, now=now), ensure_ascii=False)
    assert text.count('"id"') >= 2
    for personal in ("Sparrow Kim", "kimsecret", "kim.secret", "example.org"):
        assert personal not in text


def course_of(count: int, **fields):
    course = CoursePageFactory()
    return [LessonPageFactory(parent=course, **fields) for _ in range(count)]


def lesson_ids(pack) -> list[int]:
    return [lesson["id"] for lesson in pack["lessons"]]


def test_started_lessons_come_with_the_next_lesson_of_their_course(user, now):
    first, second, third = course_of(3)
    LessonProgressFactory(learner=user, lesson=first)
    assert lesson_ids(offline.build_pack(user, now=now)) == [first.pk, second.pk]
    LessonProgressFactory(learner=user, lesson=second, completed_at=now)
    assert lesson_ids(offline.build_pack(user, now=now)) == [third.pk, first.pk]


def test_a_learner_with_no_lesson_gets_the_homes_first_lesson(user, now):
    first, _second = course_of(2)
    assert lesson_ids(offline.build_pack(user, now=now)) == [first.pk]


def test_only_live_lessons_are_packed(user, now):
    first, second, third = course_of(3)
    LessonProgressFactory(learner=user, lesson=first)
    second.unpublish()
    assert lesson_ids(offline.build_pack(user, now=now)) == [first.pk, third.pk]


def test_lessons_are_capped_most_recent_first(user, now, monkeypatch):
    monkeypatch.setattr(offline, "MAX_LESSONS", 2)
    lessons = [LessonPageFactory() for _ in range(3)]
    for hours, lesson in enumerate(lessons):
        LessonProgressFactory(learner=user, lesson=lesson, last_activity_at=now - timedelta(hours))
    assert lesson_ids(offline.build_pack(user, now=now)) == [lessons[0].pk, lessons[1].pk]


def test_a_lesson_lists_its_steps_exercises_and_where_to_finish(client, user, now, lesson):
    LessonProgressFactory(learner=user, lesson=lesson)
    entry = offline.build_pack(user, now=now)["lessons"][0]
    assert entry["title"] == "At the pharmacy"
    assert entry["steps"] == [lesson.step_url(1), lesson.step_url(2)]
    assert entry["complete_url"] == f"/learn/lessons/{lesson.pk}/complete/"
    exercises = [(e["block_id"], e["type"], e["step"]) for e in entry["exercises"]]
    assert exercises == [("mc-1", "multiple_choice", 1), ("mp-1", "minimal_pair", 2)]
    client.force_login(user)
    for url in [entry["url"], *entry["steps"], entry["summary_url"]]:
        assert client.get(url).status_code == 200


def test_a_korean_learners_lesson_title_is_korean(now, lesson):
    user = learner(ui_language="ko")
    LessonProgressFactory(learner=user, lesson=lesson)
    assert offline.build_pack(user, now=now)["lessons"][0]["title"] == lesson.title_ko


def test_every_exercise_in_the_pack_grades_its_own_key_right(user, now):
    lesson = LessonPageFactory(body=every_block())
    LessonProgressFactory(learner=user, lesson=lesson)
    exercises = offline.build_pack(user, now=now)["lessons"][0]["exercises"]
    assert len(exercises) == len(lesson.exercise_blocks()) == 11
    for exercise in exercises:
        kind, value = exercise["type"], exercise["value"]
        assert grading.grade_answer(kind, value, grading.key_answer(kind, value)).correct, kind


def spoken(text, speed=NORMAL):
    return SpokenText.objects.create(
        key=spoken_key(text, voice="tone", speed=speed),
        text=text,
        voice="tone",
        speed=speed,
        audio=f"audio/{len(text)}-{speed}.mp3",
        duration_ms=500,
        size=100,
    )


def test_audio_lists_what_the_speaker_buttons_request_for_texts_with_a_file(user, now):
    word = VocabularyItemFactory(headword="pharmacy", example_en="The pharmacy is open.")
    lesson = LessonPageFactory(body=[LISTEN_AND_CHOOSE], words=[word])
    spoken("pharmacy"), spoken("pharmacy", SLOW), spoken("The bus is late.")
    LessonProgressFactory(learner=user, lesson=lesson)
    audio = offline.build_pack(user, now=now)["lessons"][0]["audio"]
    listen = f"/learn/lessons/{lesson.pk}/exercises/lc-1/listen/"
    assert audio == [
        "/speech/?text=pharmacy",
        "/speech/?text=pharmacy&speed=slow",
        "/speech/?text=The%20bus%20is%20late.",
        listen,
    ]


def test_review_cards_bring_the_sounds_of_their_word_and_example(user, now):
    word = VocabularyItemFactory(headword="bread", example_en="I buy bread.")
    ReviewCardFactory(learner=user, item=word)
    spoken("bread"), spoken("I buy bread.", SLOW), spoken("not on any card")
    audio = offline.build_pack(user, now=now)["audio"]
    assert audio == ["/speech/?text=bread", "/speech/?text=I%20buy%20bread.&speed=slow"]


def test_the_interval_units_are_the_learners_language(now):
    korean = learner(ui_language="ko")
    with translation.override("ko"):
        units = offline.build_pack(korean, now=now)["interval_units"]
        assert units == review_session.interval_units()
    assert units["d"] == "%(count)s일"


def test_spellings_come_from_spellings_for_over_the_packs_key_texts(user, now, monkeypatch):
    lesson = LessonPageFactory(body=every_block())
    LessonProgressFactory(learner=user, lesson=lesson)
    card = ReviewCardFactory(learner=user)
    asked = []

    def spellings_for(texts):
        asked.extend(texts)
        return {"colour": "color"}

    monkeypatch.setattr(text_module, "spellings_for", spellings_for, raising=False)
    pack = offline.build_pack(user, now=now)
    assert pack["spellings"] == {"colour": "color"}
    assert {card.item.headword, "some", "I need [[some|a little]] [[medicine]].", "fan"} <= set(
        asked
    )


def test_real_spellings_and_the_grading_rules_come_with_the_pack(user, now):
    item = VocabularyItemFactory(headword="color")
    ReviewCardFactory(learner=user, item=item)
    pack = offline.build_pack(user, now=now)
    assert pack["spellings"]["colour"] == "color"
    assert pack["grading_rules"] == text_module.RULES


def study(user, *, lessons: int, cards: int, now):
    """`lessons` started lessons (each with a next one) and `cards` due cards."""
    for _ in range(lessons):
        first, _second = course_of(2, body=every_block(), words=[VocabularyItemFactory()])
        LessonProgressFactory(learner=user, lesson=first)
    for hours in range(cards):
        seen_card(user, due=now - timedelta(hours=hours + 1))
    ReviewCardFactory.create_batch(cards, learner=user)


# The site root paths are read once and then cached; the rest is one query per read.
QUERIES = 13


@pytest.mark.parametrize(("lessons", "cards"), [(1, 1), (8, 40)])
def test_the_pack_is_built_in_a_fixed_number_of_queries(
    user, now, lessons, cards, django_assert_max_num_queries
):
    study(user, lessons=lessons, cards=cards, now=now)
    with django_assert_max_num_queries(QUERIES):
        pack = offline.build_pack(user, now=now)
    assert len(pack["lessons"]) == min(2 * lessons, offline.MAX_LESSONS)
    assert len(pack["cards"]) == cards + min(cards, queue.NEW_CARDS_PER_DAY)
    assert LessonProgress.objects.count() == lessons


def article(html: str) -> str:
    """The card itself, with what differs between two renderings of one card (the
    moment shown, the CSRF token, the answer's key) blanked."""
    card = BeautifulSoup(html, "html.parser").find("article")
    for token in card.select("input[name=csrfmiddlewaretoken]"):
        token.decompose()
    for field in card.select("input[name=shown_at], input[name=idempotency_key]"):
        field["value"] = ""
    return " ".join(str(card).split())


@pytest.mark.parametrize("direction", ["recognition", "production"])
def test_the_offline_card_is_the_online_card(client, user, direction):
    card = ReviewCardFactory(learner=user, direction=direction)
    client.force_login(user)
    online_front = client.get(reverse("progress:review"), HTTP_HX_REQUEST="true")
    online_back = client.get(
        reverse("progress:review_reveal", args=[card.pk]), HTTP_HX_REQUEST="true"
    )
    entry = offline.build_pack(user, now=timezone.now())["cards"][0]
    assert article(entry["front"]) == article(online_front.content.decode())
    assert article(entry["back"]) == article(online_back.content.decode())


def test_a_lesson_the_learner_has_open_is_packed_first_even_before_it_is_started(user, now):
    started, following = course_of(2, body=every_block())
    LessonProgressFactory(learner=user, lesson=started)
    opened = LessonPageFactory(body=every_block())  # in another course, not started
    pack = offline.build_pack(user, now=now, opened=opened.pk)
    assert lesson_ids(pack) == [opened.pk, started.pk, following.pk]
    draft = LessonPageFactory(live=False)
    assert draft.pk not in lesson_ids(offline.build_pack(user, now=now, opened=draft.pk))


def test_the_pack_view_keeps_the_lesson_named_in_its_query(client, user):
    LessonProgressFactory(learner=user, lesson=LessonPageFactory())  # studying another
    opened = LessonPageFactory(body=every_block())
    client.force_login(user)
    assert opened.pk not in lesson_ids(client.get(reverse("progress:offline_pack")).json())
    pack = client.get(reverse("progress:offline_pack"), {"lesson": str(opened.pk)})
    assert opened.pk in lesson_ids(pack.json())
    odd = client.get(reverse("progress:offline_pack"), {"lesson": "x1"})
    assert odd.status_code == 200
