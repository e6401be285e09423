"""The offline pack: what a learner's phone keeps to study with no connection.

Rules:
- Cards: the learner's cards due before now + HORIZON by `queue.due_rules`
  (answered cards), with new cards up to the learner's new cards left today,
  in `queue.order_queue`'s order, at most MAX_CARDS. Each card's front and
  back are the online session's own fragment (progress/review/card.html via
  `card_view`), so glosses follow the learner's preference and unverified
  North Korean forms stay hidden exactly as online. The back carries no
  idempotency key: the phone makes one per answer, as the online page does.
- Lessons: each lesson the learner has started and not finished, and the next
  live lesson of the course after each lesson the learner has touched (unless
  finished), most recent activity first, at most MAX_LESSONS; a learner with
  no lesson yet gets the home's first lesson (`selectors.next_lesson`).
  Exercises carry their values, keys included, for grading on the phone, in
  the plain form the graders and curriculum files take
  (`get_api_representation`: a list block's items bare; `get_prep_value` would
  wrap each as {"type", "value", "id"}, which no grader reads); audio lists
  the URLs the lesson's speaker buttons request for texts that have a file.
- Nothing personal: no user name, e-mail or pen name; ids and content only.
- A fixed number of queries, whatever the number of cards and lessons, except
  that a lesson's non-exercise blocks that read the database (images) cost a
  query per lesson (at most MAX_LESSONS) when its spoken texts are listed.
"""

from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Page

from accounts import clock
from accounts.models import LearnerProfile
from lessons import grading
from lessons.audio import engine
from lessons.audio.models import NORMAL, SLOW, SpokenText, clean_text
from lessons.audio.texts import lesson_texts
from lessons.exercises import exercise_types
from lessons.exercises import text as text_module
from lessons.listening import heard_text
from lessons.models import LessonPage, LessonVocabulary

from . import memory, queue, selectors
from .models import LessonProgress, ReviewCard
from .review_session import card_view, interval_units
from .review_views import FRAGMENT, url_names

PACK_VERSION = 1
HORIZON = timedelta(hours=24)
# A day's reviews for a heavy learner is a few hundred cards; more would only
# make the pack slow to build and to store on a cheap phone.
MAX_CARDS = 300
MAX_LESSONS = 12
# Recent lesson activities read to choose the lessons: each gives at most two.
PROGRESS_WINDOW = 4 * MAX_LESSONS
# encodeURIComponent leaves these unescaped; speech.js builds its URLs with it.
URI_COMPONENT_SAFE = "!'()*~"


def build_pack(learner, *, now: datetime, opened: int | None = None) -> dict:
    """The offline pack for `learner` at `now` (its shape: docs/OFFLINE.md)."""
    profile = LearnerProfile.objects.for_user(learner)
    zone = clock.zone_name(profile)
    new_left = queue.new_cards_left(
        learner.pk, now=now, time_zone=zone, limit=queue.NEW_CARDS_PER_DAY
    )
    cards = pack_cards(learner, now=now, new_left=new_left)
    pack = {
        "version": PACK_VERSION,
        "made_at": now.isoformat(),
        "scheduler": memory.config_for(profile).to_dict(),
        "cards": [card_entry(card, profile, now=now) for card in cards],
        "new_left": new_left,
        "due_now": queue.due_count(learner, now=now, time_zone=zone),
        "lessons": lesson_entries(
            pack_lessons(learner, opened=opened), language=profile.ui_language
        ),
    }
    pack["audio"] = card_audio(cards)
    pack["interval_units"] = interval_units()
    pack["spellings"] = spellings(key_texts(pack))
    # The rules the phone grades with: the same table the server's graders read.
    pack["grading_rules"] = text_module.RULES
    return pack


# --- cards ----------------------------------------------------------------------


def pack_cards(learner, *, now: datetime, new_left: int) -> list[ReviewCard]:
    """Cards due before now + HORIZON, new ones within today's limit, in queue order."""
    rules = queue.due_rules(now + HORIZON)
    cards = ReviewCard.objects.for_learner(learner).select_related("item", "item__audio")
    seen = list(cards.filter(rules["seen"]).order_by("due", "pk")[:MAX_CARDS])
    new = list(cards.filter(rules["new"]).order_by("created_at", "pk")[: min(new_left, MAX_CARDS)])
    by_id = {card.pk: card for card in [*seen, *new]}
    entries = [
        queue.Entry(card.pk, card.item_id, card.state, card.due, card.stability, card.reps)
        for card in by_id.values()
    ]
    return [by_id[entry.card_id] for entry in queue.order_queue(entries, now=now)[:MAX_CARDS]]


def card_entry(card: ReviewCard, profile, *, now: datetime) -> dict:
    front = card_view(card, profile, now=now, mode="review")
    back = card_view(card, profile, now=now, mode="review", revealed=True)
    back.idempotency_key = ""  # one key per answer, made on the phone
    return {
        "id": card.pk,
        "item_id": card.item_id,
        "direction": card.direction,
        # What the online typed check accepts (card_view grades against the headword).
        "accepted": [card.item.headword],
        "state": memory.memory_of(card).state.to_dict(),
        "front": card_html(front),
        "back": card_html(back),
    }


def card_html(view) -> str:
    """The online session's card fragment, without its progress bar or a CSRF token."""
    context = {"view": view, "mode": "review", "names": url_names("review")}
    return render_to_string(FRAGMENT, context)


# --- lessons --------------------------------------------------------------------


def pack_lessons(learner, *, opened: int | None = None) -> list[LessonPage]:
    """The lessons to keep (see the module), in order, live only; `opened`, a lesson
    the learner has open but not yet started, comes first."""
    first = [opened] if opened else []
    chosen = list(dict.fromkeys([*first, *lesson_choice(learner)]))[:MAX_LESSONS]
    lessons = LessonPage.objects.live().in_bulk(chosen)
    return [lessons[pk] for pk in chosen if pk in lessons]


def lesson_choice(learner) -> list[int]:
    """Ids of the lessons started and not finished and of the next lesson of each."""
    rows = list(
        LessonProgress.objects.for_learner(learner)
        .order_by("-last_activity_at", "-pk")
        .values_list("lesson_id", "completed_at")[:PROGRESS_WINDOW]
    )
    if not rows:
        first = selectors.next_lesson(None, set())
        return [first.pk] if first is not None else []
    touched = LessonPage.objects.live().in_bulk([lesson_id for lesson_id, _done in rows])
    following = following_lessons(list(touched.values()))
    completed = {lesson_id for lesson_id, done in rows if done}
    chosen = []
    for lesson_id, done in rows:
        if lesson_id in touched and not done:
            chosen.append(lesson_id)
        after = following.get(lesson_id)
        if after is not None and after not in completed:
            chosen.append(after)
    return chosen


def following_lessons(lessons: list[LessonPage]) -> dict[int, int]:
    """{lesson id: id of the next live lesson of its course} (`LessonPage.next_lesson`
    for many lessons), in two queries."""
    if not lessons:
        return {}
    parents = reduce(or_, (Page.objects.parent_of_q(lesson) for lesson in lessons))
    by_course = LessonPage.objects.live().ids_by_course(Page.objects.filter(parents))
    return {
        pk: after for ids in by_course.values() for pk, after in zip(ids, ids[1:], strict=False)
    }


def lesson_entries(lessons: list[LessonPage], *, language: str) -> list[dict]:
    audio = audio_urls(lessons)
    return [lesson_entry(lesson, language=language, audio=audio[lesson.pk]) for lesson in lessons]


def lesson_entry(lesson: LessonPage, *, language: str, audio: list[str]) -> dict:
    exercises = exercise_children(lesson)
    return {
        "id": lesson.pk,
        "title": lesson.title_ko if language == "ko" and lesson.title_ko else lesson.title,
        "url": lesson.url,
        "steps": [lesson.step_url(number) for number in range(1, len(exercises) + 1)],
        "summary_url": lesson.summary_url(),
        "complete_url": reverse("progress:complete_lesson", kwargs={"page_id": lesson.pk}),
        "audio": audio,
        "exercises": [
            {
                "block_id": block.id,
                "type": block.block_type,
                "step": number,
                "value": block.block.get_api_representation(block.value),
            }
            for number, block in enumerate(exercises, 1)
        ],
    }


def exercise_children(lesson: LessonPage) -> list:
    """`lesson.exercise_blocks()`, but only the exercise children are made into
    values: another child (an image) would cost a query per lesson."""
    types = exercise_types()
    body = lesson.body
    return [body[i] for i, raw in enumerate(body.raw_data) if raw["type"] in types]


# --- audio ----------------------------------------------------------------------


def audio_urls(lessons: list[LessonPage]) -> dict[int, list[str]]:
    """{lesson id: URLs its speaker buttons request that answer with a file}: the
    speech URL of each spoken text (normal, slow) and each listening exercise's URLs.
    An editor's recording of a lesson word counts for its normal speed."""
    items = words_of(lessons)
    texts = {lesson.pk: lesson_texts(lesson, items[lesson.pk]) for lesson in lessons}
    every = {text for found in texts.values() for text in found}
    has = playable(every, [item for found in items.values() for item in found])
    return {
        lesson.pk: speech_urls(texts[lesson.pk], has) + listening_urls(lesson, has)
        for lesson in lessons
    }


def card_audio(cards: list[ReviewCard]) -> list[str]:
    """The speech URLs a review card's speaker buttons request (its word and its
    example sentence) that answer with a file."""
    items = {card.item_id: card.item for card in cards}.values()
    spoken = (clean_text(text or "") for item in items for text in (item.headword, item.example_en))
    texts = list(dict.fromkeys(text for text in spoken if text))
    return speech_urls(texts, playable(texts, items))


def playable(texts, items):
    """Whether a text at a speed has a file: rendered, or (at normal speed) an
    editor's recording of one of `items`' words. One query."""
    rendered = SpokenText.objects.for_texts(set(texts), voice=engine.voice())
    recorded = {clean_text(item.headword) for item in items if item.audio_id and item.audio.file}

    def has(text: str, speed: float) -> bool:
        return (text, speed) in rendered or (speed == NORMAL and text in recorded)

    return has


def words_of(lessons: list[LessonPage]) -> dict[int, list]:
    """{lesson id: its vocabulary items in order}, in one query."""
    found = {lesson.pk: [] for lesson in lessons}
    links = (
        LessonVocabulary.objects.filter(page_id__in=list(found))
        .select_related("item", "item__audio")
        .order_by("page_id", "sort_order")
    )
    for link in links:
        found[link.page_id].append(link.item)
    return found


def speech_urls(texts: list[str], has) -> list[str]:
    base = reverse("spoken_audio")
    urls = []
    for text in texts:
        quoted = quote(text, safe=URI_COMPONENT_SAFE)
        urls += [f"{base}?text={quoted}"] if has(text, NORMAL) else []
        urls += [f"{base}?text={quoted}&speed=slow"] if has(text, SLOW) else []
    return urls


def listening_urls(lesson: LessonPage, has) -> list[str]:
    urls = []
    for block in exercise_children(lesson):
        heard = heard_text(block)
        if heard is None:
            continue
        url = reverse(
            "lessons:exercise_listening", kwargs={"page_id": lesson.pk, "block_id": block.id}
        )
        urls += [url] if has(heard, NORMAL) else []
        urls += [f"{url}?speed=slow"] if has(heard, SLOW) else []
    return urls


# --- spellings ------------------------------------------------------------------


def key_texts(pack: dict) -> list[str]:
    """Every English text an answer is compared with: the cards' accepted answers
    and every string of the exercises' values and answer keys."""
    texts = [text for card in pack["cards"] for text in card["accepted"]]
    for lesson in pack["lessons"]:
        for exercise in lesson["exercises"]:
            texts += strings_in(exercise["value"])
            texts += strings_in(grading.accepted_answers(exercise["type"], exercise["value"]))
    return list(dict.fromkeys(texts))


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [text for part in value for text in strings_in(part)]
    return []


def spellings(texts: list[str]) -> dict[str, str]:
    return text_module.spellings_for(texts)
