"""Learners' stories. A draft is private to its author and their current tutors.
Submitting needs a pen name (not the username) and the author's confirmation that
names, places and dates that could identify them are gone; it creates a draft
StoryPage in the moderation workflow. Withdrawing deletes that page, with its
revisions, at once. New drafts and submissions share one budget per author and day
(HUB_STORIES_PER_DAY); `RateLimited` says it is spent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.ratelimit import ActionLimit, action_limit

from .models import Story, StoryComment, StoryIndexPage, StoryPage


def story_limit(author) -> ActionLimit:
    return action_limit("hub-story", user_id=author.pk, limit=settings.HUB_STORIES_PER_DAY)


@transaction.atomic
def write_story(*, author, title: str, body: str, story: Story | None = None) -> Story:
    limit = story_limit(author) if story is None else None
    if limit:
        limit.check()
    story = story or Story(author=author)
    if story.status == Story.Status.SUBMITTED:
        raise ValidationError(_("Withdraw the story before changing it."))
    story.title, story.body = title, body
    story.full_clean()
    story.save()
    if limit:
        limit.use()
    return story


@transaction.atomic
def comment_on_story(*, story: Story, tutor, text: str) -> StoryComment:
    comment = StoryComment(story=story, tutor=tutor, text=text)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def submit_story(*, story: Story, pen_name: str, details_removed: bool) -> Story:
    pen_name = pen_name.strip()
    if story.status == Story.Status.SUBMITTED:
        raise ValidationError(_("This story has already been sent."))
    if not details_removed:
        raise ValidationError(_("Confirm that you removed names, places and dates."))
    if not pen_name or pen_name.casefold() == story.author.get_username().casefold():
        raise ValidationError(_("Choose a pen name that is not your username."))
    limit = story_limit(story.author)
    limit.check()
    index = StoryIndexPage.objects.get()
    page = StoryPage(
        title=story.title, slug=f"story-{story.pk}", pen_name=pen_name, body=story.body, live=False
    )
    index.add_child(instance=page)
    page.save_revision(user=story.author)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, story.author)
    story.pen_name, story.identifying_details_removed = pen_name, True
    story.status, story.page, story.submitted_at = Story.Status.SUBMITTED, page, timezone.now()
    story.save()
    limit.use()
    return story


@transaction.atomic
def withdraw_story(*, story: Story) -> Story:
    if story.status != Story.Status.SUBMITTED:
        return story
    if story.page is not None:
        # Deleting (not only unpublishing) also drops the revisions holding the text.
        story.page.delete()
    story.page, story.status = None, Story.Status.WITHDRAWN
    story.save()
    return story
