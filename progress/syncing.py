"""Answers given offline, recorded exactly once when the phone is back online.

A sync body (its shape: docs/OFFLINE.md) holds lesson answers, review answers and
lesson completions, each with a key (a uuid made on the phone). Rules:
- `parse_payload` reads the whole body before anything is written; a body
  that does not fit (not an object, a section not a list, more than MAX_ITEMS
  items, an item without a uuid key, an id, time or rating that is not a
  whole JSON number from 0 up, a time past year 9999, text with a NUL byte or
  longer than its limit) raises `OfflinePayloadError` and nothing is recorded.
  Fields the contract does not name are passed over.
- Each item is then recorded in its own transaction and answers with a
  `Result`: "recorded", "duplicate" (its key was already kept: an answer's
  idempotency key, a review's external id "web-<key>", which the online review
  form uses too; or a lesson already complete) or "refused" with a message for
  the learner that says nothing about other learners (a card that is not the
  learner's reads like one that does not exist).
- A time later than now + recording.CLOCK_SKEW or older than MAX_AGE is refused.
- Lesson answers are graded again here with the server's grader; the phone's
  grade is never trusted. Answers go first (oldest first), then completions,
  then reviews in the order they were given (`record_review` replays a card's
  history when an answer arrives older than its last review).
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.request_values import LARGEST, has_nul
from lessons import grading
from lessons.exceptions import AnswerFormatError
from lessons.exercises.base import MAX_TEXT_LENGTH
from lessons.models import LessonPage

from . import recording
from .exceptions import LessonNotFinished, OfflinePayloadError, ReviewRefused
from .models import LessonProgress, ReviewCard, ReviewLog
from .review_session import MAX_DURATION_MS

# A phone that stayed offline for a month has a stale pack; older answers would
# rewrite a schedule the learner has long moved on from.
MAX_AGE = timedelta(days=30)
# Far more than a day's study; bounds one request's work and transactions.
MAX_ITEMS = 1000
MAX_ANSWER_FIELDS = 50
MAX_FIELD_VALUES = 50
MAX_NAME_LENGTH = 64  # a block id and a form field name; ExerciseAttempt.block_id's length
LAST_MOMENT_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last datetime
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SECTIONS = ("answers", "reviews", "completions")


@dataclass(frozen=True)
class Answer:
    key: str
    page_id: int
    block_id: str
    answer: dict[str, list[str]]
    answered_at: datetime


@dataclass(frozen=True)
class Review:
    key: str
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None


@dataclass(frozen=True)
class Completion:
    key: str
    page_id: int
    completed_at: datetime


@dataclass(frozen=True)
class Payload:
    answers: list[Answer]
    reviews: list[Review]
    completions: list[Completion]


@dataclass(frozen=True)
class Result:
    key: str
    status: str  # "recorded" | "duplicate" | "refused"
    message: str = ""

    def to_dict(self) -> dict:
        found = {"key": self.key, "status": self.status}
        return {**found, "message": self.message} if self.message else found


# --- reading the body -----------------------------------------------------------


def parse_payload(data: object) -> Payload:
    """The body's items, every field read, or `OfflinePayloadError` (see the module)."""
    if not isinstance(data, dict):
        raise unreadable("the body")
    sections = {name: data.get(name, []) for name in SECTIONS}
    for name, items in sections.items():
        if not isinstance(items, list):
            raise unreadable(name)
    if sum(len(items) for items in sections.values()) > MAX_ITEMS:
        raise OfflinePayloadError(
            _("Send at most %(count)s answers at a time.") % {"count": MAX_ITEMS}
        )
    readers = {"answers": read_answer, "reviews": read_review, "completions": read_completion}
    return Payload(
        **{
            name: [readers[name](item, f"{name}[{i}]") for i, item in enumerate(items)]
            for name, items in sections.items()
        }
    )


def unreadable(where: str) -> OfflinePayloadError:
    return OfflinePayloadError(
        _("The answers sent could not be read (%(where)s). Nothing was recorded.")
        % {"where": where}
    )


def fields(item: object, where: str, names: tuple[str, ...]) -> dict:
    if not isinstance(item, dict) or not set(names) <= item.keys():
        raise unreadable(where)
    return item


def read_answer(item: object, where: str) -> Answer:
    item = fields(item, where, ("key", "page_id", "block_id", "answer", "answered_at"))
    return Answer(
        key=read_key(item["key"], f"{where}.key"),
        page_id=whole(item["page_id"], f"{where}.page_id"),
        block_id=text(item["block_id"], f"{where}.block_id", MAX_NAME_LENGTH),
        answer=form_data(item["answer"], f"{where}.answer"),
        answered_at=moment(item["answered_at"], f"{where}.answered_at"),
    )


def read_review(item: object, where: str) -> Review:
    item = fields(item, where, ("key", "card_id", "rating", "reviewed_at"))
    duration = item.get("duration_ms")
    return Review(
        key=read_key(item["key"], f"{where}.key"),
        card_id=whole(item["card_id"], f"{where}.card_id"),
        rating=whole(item["rating"], f"{where}.rating"),
        reviewed_at=moment(item["reviewed_at"], f"{where}.reviewed_at"),
        duration_ms=None if duration is None else whole(duration, f"{where}.duration_ms"),
    )


def read_completion(item: object, where: str) -> Completion:
    item = fields(item, where, ("key", "page_id", "completed_at"))
    return Completion(
        key=read_key(item["key"], f"{where}.key"),
        page_id=whole(item["page_id"], f"{where}.page_id"),
        completed_at=moment(item["completed_at"], f"{where}.completed_at"),
    )


def read_key(value: object, where: str) -> str:
    """A uuid, written as the phone wrote it (results name items by it)."""
    if not isinstance(value, str) or len(value) > 45:
        raise unreadable(where)
    try:
        uuid.UUID(value)
    except ValueError:
        raise unreadable(where) from None
    return value


def whole(value: object, where: str, *, largest: int = LARGEST) -> int:
    """A JSON whole number from 0 to `largest`: not a float, not true or false."""
    if type(value) is not int or not 0 <= value <= largest:
        raise unreadable(where)
    return value


def moment(value: object, where: str) -> datetime:
    """Milliseconds since 1970 (JavaScript's Date.now()) as an aware datetime."""
    return EPOCH + timedelta(milliseconds=whole(value, where, largest=LAST_MOMENT_MS))


def text(value: object, where: str, longest: int) -> str:
    if not isinstance(value, str) or not value or len(value) > longest or has_nul(value):
        raise unreadable(where)
    return value


def form_data(value: object, where: str) -> dict[str, list[str]]:
    """An answer as a form sends it: {field name: [values]}."""
    if not isinstance(value, dict) or len(value) > MAX_ANSWER_FIELDS:
        raise unreadable(where)
    data = {}
    for name, found in value.items():
        name = text(name, where, MAX_NAME_LENGTH)
        if not isinstance(found, list) or len(found) > MAX_FIELD_VALUES:
            raise unreadable(where)
        data[name] = [text_or_empty(v, where) for v in found]
    return data


def text_or_empty(value: object, where: str) -> str:
    return "" if value == "" else text(value, where, MAX_TEXT_LENGTH)


# --- recording ------------------------------------------------------------------


def sync_offline(*, learner, payload: dict, now: datetime) -> list[Result]:
    """Record a sync body's items once each (see the module); a body that cannot be
    read raises `OfflinePayloadError` before anything is written."""
    parsed = parse_payload(payload)
    pages = {item.page_id for item in [*parsed.answers, *parsed.completions]}
    lessons = LessonPage.objects.live().in_bulk(pages)
    cards = ReviewCard.objects.for_learner(learner)
    asked = {review.card_id for review in parsed.reviews}
    own = set(cards.filter(pk__in=asked).values_list("pk", flat=True))
    return [
        *(
            sync_answer(learner, item, lessons.get(item.page_id), now=now)
            for item in sorted(parsed.answers, key=lambda item: item.answered_at)
        ),
        *(
            sync_completion(learner, item, lessons.get(item.page_id), now=now)
            for item in sorted(parsed.completions, key=lambda item: item.completed_at)
        ),
        *(
            sync_review(learner, item, own=item.card_id in own, now=now)
            for item in sorted(parsed.reviews, key=lambda item: (item.reviewed_at, item.key))
        ),
    ]


def time_problem(moment: datetime, now: datetime) -> str:
    if moment > now + recording.CLOCK_SKEW:
        return _("This answer is dated in the future. Check the phone's clock.")
    if moment < now - MAX_AGE:
        return _("This answer is more than %(days)s days old and was not recorded.") % {
            "days": MAX_AGE.days
        }
    return ""


def refused(key: str, message: str) -> Result:
    return Result(key, "refused", message)


@transaction.atomic
def sync_answer(learner, item: Answer, lesson: LessonPage | None, *, now: datetime) -> Result:
    """Grade the answer again and keep it once, at the moment it was given."""
    key = uuid.UUID(item.key)
    if recording.attempt_with_key(learner, key) is not None:
        return Result(item.key, "duplicate")
    block = exercise_of(lesson, item.block_id)
    if block is None:
        return refused(item.key, _("This exercise is not in any lesson that can be studied."))
    if problem := time_problem(item.answered_at, now):
        return refused(item.key, problem)
    try:
        answer = grading.parse_answer(block.block_type, item.answer)
        kept, _grade = recording.record_answer(
            learner=learner,
            lesson=lesson,
            block=block,
            answer=answer,
            idempotency_key=key,
            now=item.answered_at,
        )
    except AnswerFormatError as error:
        return refused(item.key, str(error))
    # Another request may have kept the same key a moment ago.
    return Result(item.key, "recorded" if kept.answer is answer else "duplicate")


def exercise_of(lesson: LessonPage | None, block_id: str):
    if lesson is None:
        return None
    return next((block for block in lesson.exercise_blocks() if block.id == block_id), None)


@transaction.atomic
def sync_completion(
    learner, item: Completion, lesson: LessonPage | None, *, now: datetime
) -> Result:
    if lesson is None:
        return refused(item.key, _("This lesson cannot be studied now."))
    done = LessonProgress.objects.for_learner(learner).completed().filter(lesson_id=lesson.pk)
    if done.exists():
        return Result(item.key, "duplicate")
    if problem := time_problem(item.completed_at, now):
        return refused(item.key, problem)
    try:
        recording.complete_lesson(learner=learner, lesson=lesson, now=item.completed_at)
    except LessonNotFinished:
        return refused(item.key, _("Answer every exercise first, then finish the lesson."))
    return Result(item.key, "recorded")


@transaction.atomic
def sync_review(learner, item: Review, *, own: bool, now: datetime) -> Result:
    # The online review form's external id for the same key: an answer sent
    # online whose reply was lost and then synced is recorded once.
    external_id = f"web-{uuid.UUID(item.key)}"
    if ReviewLog.objects.for_learner(learner).filter(external_id=external_id).exists():
        return Result(item.key, "duplicate")
    if not own:
        return refused(item.key, _("This card is not among your review cards."))
    if problem := time_problem(item.reviewed_at, now):
        return refused(item.key, problem)
    if item.rating not in (1, 2, 3, 4):
        return refused(item.key, _("A rating is 1 (Again) to 4 (Easy)."))
    duration = None if item.duration_ms is None else min(MAX_DURATION_MS, item.duration_ms)
    try:
        recording.record_review(
            card_id=item.card_id,
            rating=item.rating,
            reviewed_at=item.reviewed_at,
            duration_ms=duration,
            source=ReviewLog.Source.WEB,
            external_id=external_id,
            now=now,
        )
    except ReviewRefused as error:
        return refused(item.key, str(error))
    return Result(item.key, "recorded")
