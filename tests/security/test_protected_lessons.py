"""Issue 14, item 12: deck downloads honour Wagtail's page view restrictions.

A lesson behind a password, a sign-in or a group (on itself or on its course)
gives its words to no deck the request could not see the page for: not the
lesson deck, not the course deck, not a learner's own decks, and not a deck a
worker builds in the background for that request."""

import shutil

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from progress.anki import builds
from progress.models import ReviewCard
from progress.tasks import build_deck_task
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.anki_packages import package_text

pytestmark = pytest.mark.django_db
SECRET = "secretword"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def headwords(response) -> str:
    """Every note field in the downloaded package, as one string."""
    return package_text(b"".join(response.streaming_content))


@pytest.fixture
def lessons():
    """An open lesson and a password-protected one in the same course."""
    open_lesson = LessonPageFactory(words=[VocabularyItemFactory(headword="openword")])
    course = open_lesson.get_parent()
    closed = LessonPageFactory(parent=course, words=[VocabularyItemFactory(headword=SECRET)])
    PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    return open_lesson, closed


def test_a_protected_lessons_deck_is_not_served_without_its_password(client, lessons):
    _, closed = lessons
    response = client.get(reverse("anki:lesson", args=[closed.pk]))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_a_course_deck_leaves_out_a_protected_lesson(client, lessons):
    open_lesson, _ = lessons
    response = client.get(reverse("anki:course", args=[open_lesson.get_parent().pk]))
    assert response.status_code == 200
    words = headwords(response)
    assert "openword" in words and SECRET not in words


def test_the_password_opens_the_lesson_deck(client, lessons):
    _, closed = lessons
    restriction = PageViewRestriction.objects.get(page=closed)
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    assert SECRET in headwords(client.get(reverse("anki:lesson", args=[closed.pk])))


def test_a_group_restricted_course_gives_no_deck_to_others(client):
    lesson = LessonPageFactory(words=[VocabularyItemFactory(headword=SECRET)])
    course = lesson.get_parent()
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Pilot class"))
    client.force_login(learner())
    assert client.get(reverse("anki:course", args=[course.pk])).status_code == 404


def test_my_words_leave_out_words_only_a_protected_lesson_teaches(
    client, lessons, monkeypatch, settings
):
    open_lesson, closed = lessons
    user = learner()
    for lesson in lessons:
        for link in lesson.vocabulary_links.all():
            ReviewCard.objects.create(
                learner=user, item=link.item, direction="recognition", due="2026-01-01T00:00Z"
            )
    client.force_login(user)
    words = headwords(client.get(reverse("anki:mine")))
    assert "openword" in words and SECRET not in words

    # The same rule holds when a worker builds the deck for the same request.
    shutil.rmtree(settings.MEDIA_ROOT / builds.FOLDER)
    monkeypatch.setattr(builds, "LARGE_DECK", 0)
    sent = []
    monkeypatch.setattr(build_deck_task, "delay_on_commit", lambda *args: sent.append(args))
    client.get(reverse("anki:mine"))
    build_deck_task(*sent[0])
    words = headwords(client.get(reverse("anki:mine")))
    assert "openword" in words and SECRET not in words
