"""Issue 14, item 4: personal data outside the export does not outlive its use.

django-axes' records of sign-in attempts (user name, IP address, browser) are
pruned after AXES_RECORDS_KEEP_DAYS and deleted with the account; Wagtail's page
log keeps no words of a deleted learner's stories; tutors' digest notifications
hold no learner's name, so a tutor's own export holds none either, and older
digests that named learners lose those lines when the site is upgraded."""

import json
from datetime import UTC, datetime, timedelta

from django.urls import reverse

from wagtail.models import PageLogEntry, Revision

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from cms import tasks
from cms.erasure import delete_learner
from courses.digest import Backlog, DigestRow, send_tutor_digest
from hub.stories import submit_story, write_story
from progress.models import Notification
from tests.factories.accounts import learner
from tests.factories.courses import tutor
from tests.factories.hub import StoryIndexPageFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
AXES_MODELS = (AccessAttempt, AccessLog, AccessFailureLog)


def axes_rows(username: str, ip: str = "203.0.113.9"):
    common = {"username": username, "ip_address": ip, "user_agent": "Phone", "path_info": "/"}
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**common)
    AccessFailureLog.objects.create(**common)


def test_access_records_older_than_the_stated_period_are_pruned(settings):
    settings.AXES_RECORDS_KEEP_DAYS = 30
    with time_machine.travel(NOW - timedelta(days=31), tick=False):
        axes_rows("old-name")
    with time_machine.travel(NOW - timedelta(days=29), tick=False):
        axes_rows("recent-name")
    with time_machine.travel(NOW, tick=False):
        tasks.prune_access_records_task()
    for model in AXES_MODELS:
        assert list(model.objects.values_list("username", flat=True)) == ["recent-name"]


def test_deleting_an_account_deletes_its_access_records_whatever_the_case():
    user = learner()
    user.username = "Alice"
    user.save()
    axes_rows("alice")
    axes_rows("ALICE")
    axes_rows("bob")
    delete_learner(user=user)
    for model in AXES_MODELS:
        assert list(model.objects.values_list("username", flat=True)) == ["bob"]


def test_deleting_an_account_leaves_no_words_of_its_stories_in_wagtails_logs():
    StoryIndexPageFactory()
    user = learner()
    story = write_story(author=user, title="Crossing-Secret", body="The river-Secret at night.")
    submit_story(story=story, pen_name="Spring", details_removed=True)
    story.page.save_revision().publish()
    page_id = story.page.pk
    delete_learner(user=user)
    entries = PageLogEntry.objects.filter(page_id=page_id)
    assert entries.exists(), "the log keeps what happened, without the words"
    logged = json.dumps(list(entries.values("label", "data")), ensure_ascii=False)
    logged += json.dumps(list(Revision.objects.values("content", "object_str")))
    assert "Secret" not in logged


def test_a_tutors_digest_and_export_name_no_learner(client):
    teacher = tutor()
    rows = [DigestRow("Learner-Secret", Backlog(overdue=3, due_now=5), ("Lesson 1",))]
    assert send_tutor_digest(tutor=teacher, rows=rows, now=NOW)
    [note] = Notification.objects.filter(learner=teacher)
    assert "Learner-Secret" not in note.text and "1" in note.text
    client.force_login(teacher)
    response = client.get(reverse("privacy:export_data"))
    assert "Learner-Secret" not in b"".join(response.streaming_content).decode()


def test_older_digests_lose_their_names_when_the_site_is_upgraded():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("progress.migrations.0007_digest_notifications_without_names")
    teacher = tutor()
    text = "Learners who need a word from you today:\n- Named-Secret: 3 words overdue, 5 due now"
    Notification.objects.create(learner=teacher, kind="tutor_digest", text=text, created_at=NOW)
    migration.keep_first_line(apps, None)
    assert Notification.objects.get(learner=teacher).text == text.split("\n")[0]
