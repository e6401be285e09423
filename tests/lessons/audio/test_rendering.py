import io
from pathlib import Path

import pytest
from mutagen.mp3 import MP3

from lessons.audio import engine, rendering, texts
from lessons.audio.models import NORMAL, SLOW, SpokenText, spoken_key
from lessons.models import VocabularyItem
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.lesson_fixtures import MINIMAL_PAIR, block

DICTATION = block("dictation", {"prompt": "Listen and type.", "text": "I need  bread."}, "dc-1")
DIALOGUE = block(
    "dialogue",
    {"title": "", "lines": [{"speaker": "A", "en": "Can I help you?", "ko": ""}]},
    "dl-1",
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listening_lesson():
    words = [
        VocabularyItemFactory(headword="bread", example_en="I need bread."),
        VocabularyItemFactory(headword="coffee", example_en=""),
    ]
    return LessonPageFactory(body=[DIALOGUE, MINIMAL_PAIR, DICTATION], words=words)


def rendered_texts() -> set[tuple[str, float]]:
    return set(SpokenText.objects.values_list("text", "speed"))


def test_lesson_texts_are_headwords_examples_dialogue_and_listening_exercises(listening_lesson):
    items = listening_lesson.vocabulary_items()
    assert texts.lesson_texts(listening_lesson, items) == [
        "bread",
        "I need bread.",
        "coffee",
        "Can I help you?",
        "fan",
        "pan",
    ]


def test_render_stores_every_text_at_both_speeds_as_mp3(listening_lesson):
    report = rendering.render_published_audio(lesson_id=listening_lesson.pk)
    assert report.rendered == 12 and report.kept == 0
    texts = {"bread", "I need bread.", "coffee", "Can I help you?", "fan", "pan"}
    assert rendered_texts() == {(t, s) for t in texts for s in (NORMAL, SLOW)}
    spoken = SpokenText.objects.get(text="bread", speed=NORMAL)
    assert spoken.audio.name == f"audio/{spoken.key}.mp3"
    assert spoken.key == spoken_key("bread", voice="tone", speed=NORMAL)
    assert MP3(io.BytesIO(spoken.audio.read())).info.length == pytest.approx(0.3, abs=0.15)


def test_rendering_again_renders_nothing_and_a_changed_text_only_itself(listening_lesson):
    rendering.render_published_audio()
    again = rendering.render_published_audio()
    assert (again.rendered, again.kept) == (0, 12)
    VocabularyItem.objects.filter(headword="coffee").update(example_en="Black coffee, please.")
    changed = rendering.render_published_audio()
    assert (changed.rendered, changed.kept) == (2, 12)


def test_keys_are_looked_up_in_batches(listening_lesson, django_assert_num_queries):
    rendering.render_published_audio()
    spoken = texts.lesson_texts(listening_lesson, listening_lesson.vocabulary_items())
    with django_assert_num_queries(3):  # 12 keys, 5 at a time
        rendering.render_texts(spoken, batch_size=5)


def test_query_count_does_not_grow_with_lessons(django_assert_num_queries):
    LessonPageFactory(body=[DICTATION], words=[VocabularyItemFactory()])
    rendering.render_published_audio()
    with django_assert_num_queries(3):  # lessons, their words, one batch of keys
        rendering.render_published_audio()
    for _ in range(3):
        LessonPageFactory(body=[DICTATION], words=[VocabularyItemFactory()])
    rendering.render_published_audio()
    with django_assert_num_queries(3):  # lessons, their words, one batch of keys
        rendering.render_published_audio()


def test_a_text_the_engine_refuses_is_reported_and_the_rest_rendered():
    report = rendering.render_texts(["cat", "x" * 600])
    assert report.rendered == 2
    assert report.refused == ["x" * 600, "x" * 600]


def test_a_draft_lesson_is_not_rendered(listening_lesson):
    listening_lesson.unpublish()
    assert rendering.render_published_audio(lesson_id=listening_lesson.pk).rendered == 0


def test_a_race_keeps_one_row_and_drops_the_losers_file(listening_lesson, monkeypatch):
    rendering.render_texts(["cat"])
    real_filter = SpokenText.objects.filter
    monkeypatch.setattr(SpokenText.objects, "filter", lambda **kw: real_filter(pk__in=[]))
    report = rendering.render_texts(["cat"])
    assert (report.rendered, report.kept) == (0, 2)
    assert SpokenText.objects.count() == 2
    folder = Path(SpokenText.objects.first().audio.path).parent
    assert len(list(folder.iterdir())) == 2


def test_a_real_lesson_renders_to_valid_audio_of_plausible_length(settings):
    settings.AUDIO_ENGINE = "lessons.audio.engine.HibariEngine"
    words = [VocabularyItemFactory(headword="think", example_en="I think so.")]
    lesson = LessonPageFactory(body=[MINIMAL_PAIR], words=words)
    report = rendering.render_published_audio(lesson_id=lesson.pk)
    assert report.rendered == 8
    for spoken in SpokenText.objects.all():
        info = MP3(io.BytesIO(spoken.audio.read())).info
        assert spoken.voice == engine.HibariEngine.voice
        assert info.sample_rate == 24_000 and info.channels == 1
        assert info.length == pytest.approx(spoken.duration_ms / 1000, abs=0.15)
        longest = 2.5 if spoken.text == "I think so." else 1.8
        assert 0.3 < info.length < longest / spoken.speed


def test_a_listen_and_choose_exercise_speaks_its_text_only():
    listen = block(
        "listen_and_choose",
        {
            "prompt": "Which sentence do you hear?",
            "text": "Turn left.",
            "choices": ["Turn left.", "Turn right."],
        },
        "lc-1",
    )
    lesson = LessonPageFactory(body=[listen])
    assert texts.lesson_texts(lesson, []) == ["Turn left."]
