"""Upgrading a database from the layout before the accounts and hub apps keeps every row.

The database is taken back to the last migrations of the old layout (profiles
and recovery codes in progress, the hub's models in cms), filled there through
the historical models with learners, cards, logs, a classroom, a story and a
proposal, and migrated to today's head; every row and relation is then read
back through today's models.
"""

from datetime import UTC, date, datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Page

import pytest

from accounts.models import LearnerProfile, RecoveryCode
from courses.models import Classroom, Membership
from hub.models import Recommendation, ResourcePage, Story, StoryPage
from progress.models import ReviewCard, ReviewLog
from tests.factories.accounts import UserFactory

OLD_LAYOUT = [
    ("accounts", None),
    ("hub", None),
    ("progress", "0005_ankiimport_sweep_times"),
    ("cms", "0006_recommendations"),
    ("courses", "0002_classrooms"),
    ("lessons", "0003_word_order_alternatives"),
]
T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def child_page(apps, model: str, parent, slug: str, **fields):
    """A page under `parent`, written as treebeard would, through a historical model."""
    app_label, name = model.split(".")
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=name.lower()
    )[0]
    position = parent.numchild + 1
    parent.numchild = position
    parent.save(update_fields=["numchild"])
    return apps.get_model(app_label, name).objects.create(
        title=slug.title(),
        slug=slug,
        path=f"{parent.path}{position:04d}",
        depth=parent.depth + 1,
        content_type=content_type,
        live=True,
        locale_id=parent.locale_id,
        url_path=f"{parent.url_path}{slug}/",
        **fields,
    )


def fill_old_layout(apps) -> dict:
    User = apps.get_model("auth", "User")
    tutor = User.objects.create(username="old-tutor")
    learner = User.objects.create(username="old-learner")
    apps.get_model("progress", "LearnerProfile").objects.create(
        user=learner, display_name="Sparrow", time_zone="America/New_York", reminder_hour=7
    )
    apps.get_model("progress", "RecoveryCode").objects.create(
        user=learner, prefix="ABCD", code_hash="hash"
    )
    item = apps.get_model("lessons", "VocabularyItem").objects.create(
        headword="pharmacy",
        part_of_speech="noun",
        cefr_level="A2",
        gloss_nk="약국",
        gloss_sk="약국",
    )
    card = apps.get_model("progress", "ReviewCard").objects.create(
        learner=learner, item=item, direction="recognition", due=T0, reps=1, stability=2.5
    )
    apps.get_model("progress", "ReviewLog").objects.create(
        learner=learner, card=card, rating=3, reviewed_at=T0, source="web", external_id="web:1"
    )
    classroom = apps.get_model("courses", "Classroom").objects.create(
        name="Evening class", tutor=tutor, join_code="ABCDEFGH"
    )
    apps.get_model("courses", "Membership").objects.create(
        classroom=classroom, learner=learner, joined_at=T0
    )
    home = apps.get_model("wagtailcore", "Page").objects.get(depth=2)
    stories = child_page(apps, "cms.StoryIndexPage", home, "stories")
    story_page = child_page(
        apps, "cms.StoryPage", stories, "a-new-spring", pen_name="Sparrow", body="Spring came."
    )
    apps.get_model("cms", "Story").objects.create(
        author=learner,
        title="A new spring",
        body="Spring came.",
        pen_name="Sparrow",
        page=story_page,
        status="published",
    )
    directory = child_page(apps, "cms.ResourceIndexPage", home, "help")
    proposal = child_page(
        apps,
        "cms.ResourcePage",
        directory,
        "night-classes",
        kind="classes",
        proposed_by=learner,
        last_verified=date(2026, 10, 1),
    )
    apps.get_model("cms", "Recommendation").objects.create(
        tutor=tutor, learner=learner, resource=proposal, note="Try this."
    )
    return {
        "learner": learner.pk,
        "tutor": tutor.pk,
        "card": card.pk,
        "story": story_page.pk,
        "proposal": proposal.pk,
        "classroom": classroom.pk,
    }


def test_upgrading_from_the_old_layout_keeps_every_row_and_relation():
    head = MigrationExecutor(connection).loader.graph.leaf_nodes()
    ids = fill_old_layout(migrate(OLD_LAYOUT))
    migrate(head)

    profile = LearnerProfile.objects.get(user_id=ids["learner"])
    assert (profile.display_name, profile.time_zone, profile.reminder_hour) == (
        "Sparrow",
        "America/New_York",
        7,
    )
    assert RecoveryCode.objects.get(user_id=ids["learner"]).prefix == "ABCD"
    card = ReviewCard.objects.get(pk=ids["card"])
    assert (card.learner_id, card.item.headword, card.stability) == (
        ids["learner"],
        "pharmacy",
        2.5,
    )
    assert ReviewLog.objects.get(card=card).external_id == "web:1"
    membership = Membership.objects.get(learner_id=ids["learner"])
    assert membership.classroom == Classroom.objects.get(pk=ids["classroom"], tutor_id=ids["tutor"])
    story = Story.objects.get(author_id=ids["learner"])
    assert isinstance(Page.objects.get(pk=ids["story"]).specific, StoryPage)
    assert story.page_id == ids["story"]
    proposal = Page.objects.get(pk=ids["proposal"]).specific
    assert isinstance(proposal, ResourcePage) and proposal.proposed_by_id == ids["learner"]
    assert Recommendation.objects.get(learner_id=ids["learner"]).resource_id == ids["proposal"]


def test_new_rows_after_the_upgrade_get_fresh_ids():
    """Renamed tables keep their id sequences (PostgreSQL): a new row does not clash."""
    head = MigrationExecutor(connection).loader.graph.leaf_nodes()
    ids = fill_old_layout(migrate(OLD_LAYOUT))
    migrate(head)
    profile = LearnerProfile.objects.get(user_id=ids["learner"])
    old = RecoveryCode.objects.get(user=profile.user).pk
    new = [
        RecoveryCode.objects.create(user=profile.user, prefix=f"C{n}", code_hash="h").pk
        for n in range(3)
    ]
    assert len({old, *new}) == 4
    other = LearnerProfile.objects.create(user=UserFactory(), display_name="Finch")
    assert other.pk != profile.pk
