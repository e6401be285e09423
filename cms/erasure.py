"""Deleting a learner's account, and forgetting sign-in records after a while.

Deleting the account deletes every exported row (they refer to the user with
on_delete=CASCADE), the files of the learner's voice recordings (removed with their
rows once the deletion commits, `courses.voice_recordings.remove_audio_file`), the
Anki files they uploaded that no import has read yet (also once it commits) and
also the pages of the stories the learner submitted,
published or not: a story can tell who wrote it whatever its pen name, and
withdrawing one deletes its page in the same way. Organisations they proposed
are facts about the organisation, not about the learner: they stay in the
directory, no longer linked to the account (proposed_by is set to NULL).
The one-to-one classrooms that tutors the learner chose opened for them go too:
each is named after the learner's pen name and holds no one else.

What does not point at the user goes too:
- django-axes' records of sign-in attempts under the account's user name, in
  any case (axes stores the name as typed), with their IP addresses and browsers;
- the words of the deleted story pages in Wagtail's page log: its entries stay,
  saying what was done and when, but their label and data no longer hold the
  story's title or text (Wagtail deletes a page's revisions with the page).
Tutors' digest notifications name no learner (courses.digest counts them; a
migration took the names out of older ones), so nothing there needs scrubbing.

Everyone's axes records are kept AXES_RECORDS_KEEP_DAYS days, long enough to
see an attack on an account and short enough not to keep a sign-in history.

This module sits in cms, the top of the house, so it reads every app openly.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction

from wagtail.models import PageLogEntry

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from courses.models import Classroom
from hub.models import StoryPage
from progress.models import AnkiImport

AXES_MODELS = (AccessAttempt, AccessLog, AccessFailureLog)
REMOVED_STORY = "A story whose author deleted their account"


@transaction.atomic
def delete_learner(*, user) -> None:
    """Delete the account, everything kept about the learner, and their stories' pages."""
    story_pages = list(StoryPage.objects.filter(story__author=user))
    page_ids = [page.pk for page in story_pages]
    for page in story_pages:
        # One by one, as the admin does: each is unpublished, logged and unindexed.
        page.delete()
    PageLogEntry.objects.filter(page_id__in=page_ids).update(label=REMOVED_STORY, data={})
    for model in AXES_MODELS:
        model.objects.filter(username__iexact=user.get_username()).delete()
    Classroom.objects.filter(tutor_request__learner=user).delete()
    uploaded = AnkiImport.objects.filter(learner=user).exclude(upload="")
    names = list(uploaded.values_list("upload", flat=True))
    user.delete()
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def prune_access_records(*, now: datetime) -> int:
    """Delete axes records older than AXES_RECORDS_KEEP_DAYS; return how many went."""
    cutoff = now - timedelta(days=settings.AXES_RECORDS_KEEP_DAYS)
    return sum(model.objects.filter(attempt_time__lt=cutoff).delete()[0] for model in AXES_MODELS)
