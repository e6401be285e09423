from io import StringIO

from django.conf import settings
from django.core.management import CommandError, call_command

import pytest

from content.management.commands import load_content
from lessons import tasks
from lessons.audio.models import SpokenText
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    calls = []
    for task in (tasks.render_lesson_audio_task, tasks.render_missing_audio_task):
        monkeypatch.setattr(task, "delay", lambda *args, name=task.name: calls.append((name, args)))
    return calls


def test_publishing_a_lesson_renders_it_after_commit(sent, django_capture_on_commit_callbacks):
    lesson = LessonPageFactory()
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    assert sent == [("lessons.tasks.render_lesson_audio_task", (lesson.pk,))]


def test_load_content_asks_for_missing_audio(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_content", str(load_content.DATA.parent / "sample"), stdout=StringIO())
    assert ("lessons.tasks.render_missing_audio_task", ()) in sent


def test_the_lesson_task_renders_that_lesson():
    lesson = LessonPageFactory(words=[VocabularyItemFactory(headword="bread", example_en="")])
    tasks.render_lesson_audio_task(lesson.pk)
    assert set(SpokenText.objects.values_list("text", flat=True)) == {"bread"}


def test_the_daily_catch_up_renders_every_live_lesson_and_is_scheduled():
    LessonPageFactory(words=[VocabularyItemFactory(headword="bread", example_en="")])
    LessonPageFactory(words=[VocabularyItemFactory(headword="river", example_en="")])
    tasks.render_missing_audio_task()
    assert set(SpokenText.objects.values_list("text", flat=True)) == {"bread", "river"}
    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert entries["lessons.tasks.render_missing_audio_task"]["options"]["expires"] <= 24 * 3600


def test_render_audio_command_renders_one_lesson_by_slug():
    lesson = LessonPageFactory(words=[VocabularyItemFactory(headword="bread", example_en="")])
    LessonPageFactory(words=[VocabularyItemFactory(headword="river", example_en="")])
    out = StringIO()
    call_command("render_audio", "--lesson", lesson.slug, stdout=out)
    assert out.getvalue().strip() == "2 rendered, 0 already there, 0 refused"
    call_command("render_audio", "--all", stdout=out)
    assert SpokenText.objects.count() == 4


def test_render_audio_command_names_an_unknown_slug():
    with pytest.raises(CommandError, match="No lesson has the slug 'nope'"):
        call_command("render_audio", "--lesson", "nope")


def test_render_audio_command_needs_a_lesson_or_all():
    with pytest.raises(CommandError, match="one of the arguments --lesson --all is required"):
        call_command("render_audio")
