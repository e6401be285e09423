"""Publishing a lesson renders its audio, in a worker once the publish commits."""

from wagtail.signals import page_published


def render_published_lesson(sender, instance, **kwargs) -> None:
    from lessons.tasks import render_lesson_audio_task

    render_lesson_audio_task.delay_on_commit(instance.pk)


def connect_receivers() -> None:
    from lessons.models import LessonPage

    page_published.connect(
        render_published_lesson, sender=LessonPage, dispatch_uid="lessons-render-audio"
    )
