"""Which words go into which Anki deck: reads the database, hands plain notes to
progress.anki.export.

Decks hold no personal data: a learner's deck is named "Saebom::My words" and its
file "saebom-my-words.apkg", whoever downloads it. A learner's weak words are their
words with a weak card (`ReviewCard.objects.weak()`).

Every deck holds only words of lessons the download may see (`access`): `passed`
is the ids of the view restrictions the request passed.
"""

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.text import slugify

from accounts.models import LearnerProfile
from lessons.audio import engine
from lessons.audio.models import NORMAL, SpokenText, clean_text
from lessons.models import LessonPage, LessonVocabulary, VocabularyItem

from ..models import ReviewCard
from . import access, export

MY_WORDS = "My words"
WEAK_WORDS = "Weak words"


@dataclass
class DeckBuild:
    filename: str
    decks: list[export.ExportDeck]
    timestamp: float
    south_first: bool = False

    @property
    def note_count(self) -> int:
        return len({note.word_id for deck in self.decks for note in deck.notes})

    def package(self) -> bytes:
        return export.build_package(
            self.decks, timestamp=self.timestamp, south_first=self.south_first
        )

    def write_package(self, target: IO[bytes]) -> None:
        export.write_package(
            self.decks, target, timestamp=self.timestamp, south_first=self.south_first
        )


def export_note(item: VocabularyItem, spoken: dict | None = None) -> export.ExportNote:
    """The item as a note; `spoken` is {text: rendering} from `_spoken`."""
    return export.ExportNote(
        word_id=str(item.uuid),
        english=item.headword,
        ipa=item.ipa,
        korean_north=", ".join(item.north_forms_for_learners()),
        korean_south=item.gloss_sk,
        loanword=item.sk_loanword,
        gap_note=item.learner_note_ko,
        example=item.example_en,
        example_translation=item.example_ko,
        topics=tuple(sorted(tag.name for tag in item.tags.all())),
        audio=_audio(item, spoken or {}),
    )


def _audio(item: VocabularyItem, spoken: dict) -> tuple[export.MediaFile, ...]:
    """The headword's sound (an editor's recording wins), then the example's."""
    media = [_recording(item) or _rendered(spoken.get(clean_text(item.headword)))]
    if item.example_en:
        media.append(_rendered(spoken.get(clean_text(item.example_en))))
    return tuple(filter(None, media))


def _recording(item: VocabularyItem) -> export.MediaFile | None:
    if not item.audio_id or not item.audio.file:
        return None
    suffix = Path(item.audio.file.name).suffix.lower()
    name = f"saebom_{item.uuid.hex[:8]}_{slugify(item.headword) or 'word'}{suffix}"
    return export.MediaFile(name=name, source=item.audio.file)


def _rendered(spoken: SpokenText | None) -> export.MediaFile | None:
    return export.MediaFile(spoken.media_name, spoken.audio) if spoken else None


def _spoken(items) -> dict[str, SpokenText]:
    """{text: normal-speed rendering} of the items' headwords and examples, in one query."""
    texts = [text for item in items for text in (item.headword, item.example_en) if text]
    found = SpokenText.objects.for_texts(texts, voice=engine.voice())
    return {text: spoken for (text, speed), spoken in found.items() if speed == NORMAL}


def _links(pages):
    return (
        LessonVocabulary.objects.filter(page__in=pages)
        .select_related("item", "item__audio")
        .prefetch_related("item__tags")
        .order_by("page__path", "sort_order")
    )


def _timestamp(items, pages=(), spoken: dict[str, SpokenText] | None = None) -> float:
    """The newest edit of what the deck holds; audio rendered since counts as an edit."""
    stamps = [item.updated_at for item in items]
    stamps += [rendering.created_at for rendering in (spoken or {}).values()]
    stamps += [page.last_published_at for page in pages if page.last_published_at]
    return max(stamps).timestamp() if stamps else 0.0


def _open_items(item_ids, passed: Collection[int]) -> list[int]:
    """The items taught by an open lesson, or by none (a word can be in several)."""
    item_ids = list(item_ids)
    closed = access.closed_paths(passed)
    if not closed:
        return item_ids
    links = LessonVocabulary.objects.filter(item__in=item_ids).values_list("item_id", "page__path")
    taught, open_ = set(), set()
    for item_id, path in links:
        taught.add(item_id)
        if access.is_open(path, closed):
            open_.add(item_id)
    return [pk for pk in item_ids if pk in open_ or pk not in taught]


def lesson_deck(lesson, *, passed: Collection[int] = ()) -> DeckBuild:
    course = lesson.get_parent()
    links = list(_links(access.open_pages([lesson], passed)))
    items = [link.item for link in links]
    spoken = _spoken(items)
    deck = export.ExportDeck(
        export.deck_name(course.title, lesson.title), [export_note(i, spoken) for i in items]
    )
    stamp = _timestamp(items, [lesson, course], spoken)
    return DeckBuild(f"saebom-{lesson.slug}.apkg", [deck], stamp)


def course_deck(course, *, passed: Collection[int] = ()) -> DeckBuild:
    lessons = LessonPage.objects.child_of(course).live().order_by("path")
    lessons = access.open_pages(lessons, passed)
    decks = {
        lesson.pk: export.ExportDeck(export.deck_name(course.title, lesson.title))
        for lesson in lessons
    }
    links = list(_links(lessons))
    items = [link.item for link in links]
    spoken = _spoken(items)
    for link in links:
        decks[link.page_id].notes.append(export_note(link.item, spoken))
    stamp = _timestamp(items, [course, *lessons], spoken)
    return DeckBuild(f"saebom-{course.slug}.apkg", list(decks.values()), stamp)


def learner_deck(user, *, weak: bool = False, passed: Collection[int] = ()) -> DeckBuild:
    cards = ReviewCard.objects.for_learner(user)
    if weak:
        cards = cards.weak()
    item_ids = _open_items(cards.values_list("item_id", flat=True), passed)
    items = list(
        VocabularyItem.objects.filter(pk__in=item_ids)
        .select_related("audio")
        .prefetch_related("tags")
        .order_by("headword", "sense")
    )
    title = WEAK_WORDS if weak else MY_WORDS
    profile = LearnerProfile.objects.filter(user=user).first()
    spoken = _spoken(items)
    return DeckBuild(
        f"saebom-{slugify(title)}.apkg",
        [export.ExportDeck(export.deck_name(title), [export_note(i, spoken) for i in items])],
        _timestamp(items, spoken=spoken),
        south_first=bool(profile and profile.gloss_preference == "south"),
    )
