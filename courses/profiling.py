"""A tutor writes their profile; editors approve it before learners see it.

Rules:
- One profile per tutor. The first save makes the row, not live. Every save after
  that changes the latest revision and saves it as a new revision only, never the
  row: while a profile is listed, learners keep seeing the approved version until
  an editor approves the change (on approval Wagtail publishes the latest revision
  onto the row). This is how Wagtail's own snippet editor saves drafts.
- Every save that changes something, or that follows a hide or a request for
  changes, sends the profile to the moderation workflow: started when none is
  active, resumed when an editor asked for changes, left running while one waits.
  A save equal to the latest version of a profile that is waiting or listed does
  nothing, so a form sent twice makes one revision.
- The profile's time zone is the tutor's own: it is copied into their LearnerProfile.
- Hiding takes the profile off the list and withdraws a pending review; saving it
  again sends it back to the editors.
Bad input raises ValidationError keyed by field and writes nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.actions.unpublish import UnpublishAction
from wagtail.models import WorkflowState

from accounts.models import LearnerProfile, time_zone_choices

from . import availability
from .tutor_profiles import TutorHelp, TutorLanguage, TutorProfile

NAME_LENGTH = 60
INTRODUCTION_LENGTH = 1500
MOST_LEARNERS = 30
FIELDS = (
    "display_name",
    "languages",
    "helps_with",
    "availability",
    "time_zone",
    "introduction",
    "capacity",
)


class Step(models.TextChoices):
    NOT_SENT = "not_sent", gettext_lazy("Not yet sent")
    WAITING = "waiting", gettext_lazy("Waiting for an editor")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")
    LISTED = "listed", gettext_lazy("Listed")
    HIDDEN = "hidden", gettext_lazy("Not listed")


@dataclass(frozen=True)
class Review:
    """Where a profile stands: whether learners see it, and its review step."""

    listed: bool
    step: Step
    comment: str = ""


@transaction.atomic
def save_profile(*, tutor, data: Mapping) -> TutorProfile:
    """Save the tutor's profile as a revision and send it for approval; returns the
    latest version (not the listed one)."""
    values = profile_values(data)
    get_user_model().objects.select_for_update().filter(pk=tutor.pk).first()  # one save at a time
    profile = TutorProfile.objects.filter(tutor=tutor).first()
    if profile is None:
        draft = TutorProfile(tutor=tutor, live=False, **values)
        draft.full_clean()
        draft.save()
    else:
        if profile.locked:
            raise ValidationError(_("An editor is reading your profile. Try again later."))
        draft = profile.get_latest_revision_as_object()
        if same_content(draft, values) and nothing_to_send(profile):
            return draft
        for name, value in values.items():
            setattr(draft, name, value)
    draft.save_revision(user=tutor, log_action=True)
    send_for_review(draft, tutor)
    keep_time_zone(tutor, draft.time_zone)
    return draft


@transaction.atomic
def hide_profile(*, tutor) -> TutorProfile | None:
    """Take the tutor's profile off the directory and withdraw any pending review."""
    profile = TutorProfile.objects.select_for_update().filter(tutor=tutor).first()
    if profile is None:
        return None
    state = profile.current_workflow_state
    if state is not None:
        state.cancel(user=tutor)
    if profile.live:
        # The tutor's own choice about their own profile: no editor permission needed.
        UnpublishAction(profile, user=tutor).execute(skip_permission_checks=True)
    return profile


def review_of(profile: TutorProfile | None) -> Review:
    if profile is None:
        return Review(listed=False, step=Step.NOT_SENT)
    state = profile.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = state.current_task_state
        comment = task_state.comment if task_state is not None else ""
        return Review(listed=profile.live, step=Step.CHANGES_REQUESTED, comment=comment)
    if state is not None:
        return Review(listed=profile.live, step=Step.WAITING)
    return Review(listed=profile.live, step=Step.LISTED if profile.live else Step.HIDDEN)


def profile_values(data: Mapping) -> dict:
    """The profile's fields from the tutor's input, or ValidationError by field."""
    errors: dict[str, str] = {}
    values = {
        "display_name": text_of(data, "display_name", NAME_LENGTH, errors),
        "introduction": text_of(data, "introduction", INTRODUCTION_LENGTH, errors),
        "time_zone": zone_of(data, errors),
        "languages": choices_of(data, "languages", TutorLanguage, errors),
        "helps_with": choices_of(data, "helps_with", TutorHelp, errors),
        "capacity": capacity_of(data, errors),
        "availability": slots_of(data, errors),
    }
    if errors:
        raise ValidationError(errors)
    return values


def text_of(data: Mapping, name: str, most: int, errors: dict) -> str:
    value = data.get(name)
    value = value.strip() if isinstance(value, str) else ""
    if "\x00" in value:
        errors[name] = _("Remove the null characters from this text.")
    elif not value:
        errors[name] = _("This field is required.")
    elif len(value) > most:
        errors[name] = _("Write at most %(most)s characters.") % {"most": most}
    return value


def zone_of(data: Mapping, errors: dict) -> str:
    value = data.get("time_zone")
    if value not in dict(time_zone_choices()):
        errors["time_zone"] = _("Choose your time zone from the list.")
    return value if isinstance(value, str) else ""


def choices_of(data: Mapping, name: str, choices: type[models.TextChoices], errors: dict):
    picked = data.get(name)
    picked = list(picked) if isinstance(picked, list | tuple) else []
    if not picked:
        errors[name] = _("Choose at least one.")
    elif not all(isinstance(code, str) and code in choices.values for code in picked):
        errors[name] = _("Choose from the list.")
    return [code for code in choices.values if code in picked]  # in the list's order, once each


def capacity_of(data: Mapping, errors: dict) -> int:
    value = data.get("capacity")
    if isinstance(value, bool) or not isinstance(value, int | str):
        value = None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= MOST_LEARNERS:
        errors["capacity"] = _("Give a number from 1 to %(most)s.") % {"most": MOST_LEARNERS}
    return number


def slots_of(data: Mapping, errors: dict) -> list[list[int]]:
    text = data.get("availability")
    text = text if isinstance(text, str) else ""
    if "\x00" in text:
        errors["availability"] = _("Remove the null characters from this text.")
        return []
    try:
        slots = availability.parse(text)
    except availability.AvailabilityError as error:
        errors["availability"] = str(error)
        return []
    if not slots:
        errors["availability"] = _("Give at least one time when you are free.")
    return [list(slot) for slot in slots]  # as the JSON field stores them


def same_content(profile: TutorProfile, values: Mapping) -> bool:
    return all(getattr(profile, name) == value for name, value in values.items())


def nothing_to_send(profile: TutorProfile) -> bool:
    """Already waiting for an editor, or listed with nothing left to approve."""
    if profile.workflow_in_progress:
        return True
    return profile.live and not profile.has_unpublished_changes


def send_for_review(profile: TutorProfile, tutor) -> None:
    state = profile.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=tutor)
    elif state is None and (workflow := profile.get_workflow()) is not None:
        workflow.start(profile, tutor)


def keep_time_zone(tutor, zone: str) -> None:
    learner_profile = LearnerProfile.objects.for_user(tutor)
    if learner_profile.time_zone != zone:
        learner_profile.time_zone = zone
        learner_profile.save(update_fields=["time_zone"])
