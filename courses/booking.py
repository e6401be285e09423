"""One-to-one sessions of an accepted request: proposing, answering, cancelling, the
video link and the tutor's notes. The only writes of `TutoringSession`.

Rules: either side of an accepted request proposes a session (`session_times`: on
the tutor's free times, 1 hour to 60 days ahead, 30/45/60/90 minutes, not
overlapping another live session of the tutor); only the other side accepts or
declines it, while it is proposed and in the future; either side cancels a
proposed or accepted session before it starts. Every change of an accepted
session's invitation raises `sequence`, so calendars replace their copy. On
acceptance each side's reminder moment is fixed (`session_times.reminder_moment`).
Only the tutor gives the video link (https) and writes notes, the notes once the
session has started. Each function re-reads its row under a lock, so a form sent
twice, or an answer to a session already answered, changes nothing and says so.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import LearnerProfile
from progress.models import Notification

from . import session_times
from .matches import TutorBlock, TutorRequest
from .session_reminders import proposal_text
from .tutor_profiles import TutorProfile
from .tutoring_sessions import TutoringSession

Status = TutoringSession.Status
LIVE = (Status.PROPOSED, Status.ACCEPTED)
MAX_LINK = 300
MAX_NOTES = 4000


def checked_link(video_link: str) -> str:
    link = video_link.strip()
    if "\x00" in link or len(link) > MAX_LINK or (link and not link.startswith("https://")):
        raise ValidationError(
            _("Give a video link that starts with https:// (at most %(most)s characters).")
            % {"most": MAX_LINK}
        )
    return link


def locked_request(request: TutorRequest, by) -> TutorRequest:
    found = TutorRequest.objects.select_for_update().filter(pk=request.pk).first()
    if found is None or by.pk not in (found.learner_id, found.tutor_id):
        raise ValidationError(_("This is not your match."))
    blocked = TutorBlock.objects.filter(learner_id=found.learner_id, tutor_id=found.tutor_id)
    if found.status != TutorRequest.Status.ACCEPTED or blocked.exists():
        raise ValidationError(_("This match has ended; no sessions can be planned in it."))
    return found


def busy_times(
    tutor_id: int, *, now: datetime, statuses=LIVE, exclude: int | None = None
) -> list[tuple[datetime, datetime]]:
    """The tutor's proposed or accepted sessions that have not ended."""
    live = TutoringSession.objects.filter(
        request__tutor_id=tutor_id, status__in=statuses, starts_at__gt=now - timedelta(hours=2)
    ).exclude(pk=exclude)
    return [(s.starts_at, s.starts_at + timedelta(minutes=s.minutes)) for s in live]


def check_time(request: TutorRequest, *, starts_at: datetime, minutes: int, now: datetime):
    if minutes not in session_times.LENGTHS:
        raise ValidationError(_("Choose a length of 30, 45, 60 or 90 minutes."))
    if not now + session_times.LEAD <= starts_at <= now + session_times.HORIZON:
        raise ValidationError(
            _("Choose a time at least one hour from now and at most 60 days ahead.")
        )
    profile = TutorProfile.objects.filter(tutor_id=request.tutor_id).first()
    slots = [tuple(slot) for slot in profile.availability] if profile else []
    if profile is None or not session_times.fits(slots, profile.time_zone, starts_at, minutes):
        raise ValidationError(_("The whole session must lie inside the tutor's free times."))
    check_free(request.tutor_id, starts_at=starts_at, minutes=minutes, now=now)


def check_free(tutor_id: int, *, starts_at, minutes: int, now: datetime, **which):
    ends_at = starts_at + timedelta(minutes=minutes)
    busy = busy_times(tutor_id, now=now, **which)
    if any(low < ends_at and starts_at < high for low, high in busy):
        raise ValidationError(_("The tutor already has a session at that time."))


@transaction.atomic
def propose_session(
    *, by, request: TutorRequest, starts_at: datetime, minutes: int, video_link: str, now: datetime
) -> TutoringSession:
    request = locked_request(request, by)
    if video_link and by.pk != request.tutor_id:
        raise ValidationError(_("Only the tutor gives the video link."))
    link = checked_link(video_link)
    check_time(request, starts_at=starts_at, minutes=minutes, now=now)
    session = TutoringSession(
        request=request,
        starts_at=starts_at,
        minutes=minutes,
        proposed_by=by,
        video_link=link,
        created_at=now,
    )
    session.full_clean()
    session.save()
    tell_the_other_side(session, by, now=now)
    return session


def tell_the_other_side(session: TutoringSession, by, *, now: datetime) -> None:
    """A notice to whoever did not propose the session, in their language and zone."""
    side = "tutor" if by.pk == session.request.learner_id else "learner"
    other = getattr(session.request, side)
    text = proposal_text(session, LearnerProfile.objects.for_user(other), side)
    Notification.objects.create(
        learner=other, kind=Notification.Kind.SESSION_PROPOSED, text=text, created_at=now
    )


def locked_session(session: TutoringSession, by, *, now: datetime) -> TutoringSession:
    """The session re-read under a lock, if `by` is a side of its still accepted match."""
    found = TutoringSession.objects.select_for_update().filter(pk=session.pk).first()
    if found is None:
        raise ValidationError(_("This session no longer exists."))
    locked_request(found.request, by)
    if found.starts_at <= now:
        raise ValidationError(_("This session has already started."))
    return found


def remind_at(user, starts_at: datetime) -> datetime:
    profile = LearnerProfile.objects.for_user(user)
    return session_times.reminder_moment(starts_at, profile.time_zone, profile.reminder_hour)


def answerable(session: TutoringSession, by, *, now: datetime) -> TutoringSession:
    session = locked_session(session, by, now=now)
    if session.status != Status.PROPOSED:
        raise ValidationError(_("This session was already answered."))
    if session.proposed_by_id == by.pk:
        raise ValidationError(_("The other side answers a proposal, not the one who made it."))
    return session


@transaction.atomic
def accept_session(*, by, session: TutoringSession, now: datetime) -> TutoringSession:
    session = answerable(session, by, now=now)
    # Two matches of one tutor may have proposed the same hour at once; one is agreed.
    request, start = session.request, session.starts_at
    agreed = {"statuses": [Status.ACCEPTED], "exclude": session.pk}
    check_free(request.tutor_id, starts_at=start, minutes=session.minutes, now=now, **agreed)
    session.status, session.answered_at = Status.ACCEPTED, now
    session.sequence += 1
    session.learner_remind_at = remind_at(request.learner, start)
    session.tutor_remind_at = remind_at(request.tutor, start)
    session.save()
    return session


@transaction.atomic
def decline_session(*, by, session: TutoringSession, now: datetime) -> TutoringSession:
    session = answerable(session, by, now=now)
    session.status, session.answered_at = Status.DECLINED, now
    session.sequence += 1
    session.save(update_fields=["status", "answered_at", "sequence"])
    return session


@transaction.atomic
def cancel_session(*, by, session: TutoringSession, now: datetime) -> TutoringSession:
    session = locked_session(session, by, now=now)
    if session.status not in LIVE:
        raise ValidationError(_("This session is no longer planned."))
    session.status = Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    return session


@transaction.atomic
def set_video_link(*, tutor, session: TutoringSession, video_link: str, now: datetime):
    session = locked_session(session, tutor, now=now)
    if tutor.pk != session.request.tutor_id:
        raise ValidationError(_("Only the tutor gives the video link."))
    if session.status not in LIVE:
        raise ValidationError(_("This session is no longer planned."))
    session.video_link = checked_link(video_link)
    session.sequence += 1
    session.save(update_fields=["video_link", "sequence"])
    return session


@transaction.atomic
def write_notes(*, tutor, session: TutoringSession, notes: str, now: datetime):
    found = TutoringSession.objects.select_for_update().filter(pk=session.pk).first()
    if found is None or found.request.tutor_id != tutor.pk:
        raise ValidationError(_("Only the tutor of this session writes its notes."))
    if found.request.status != TutorRequest.Status.ACCEPTED:
        raise ValidationError(_("This match has ended; no sessions can be planned in it."))
    if found.status != Status.ACCEPTED or found.starts_at > now:
        raise ValidationError(_("Notes can be written once an agreed session has started."))
    if "\x00" in notes or len(notes) > MAX_NOTES:
        raise ValidationError(
            _("Write plain text of at most %(most)s characters.") % {"most": MAX_NOTES}
        )
    found.notes = notes.strip()
    found.save(update_fields=["notes"])
    return found


@transaction.atomic
def cancel_open_sessions(*, request: TutorRequest, now: datetime) -> int:
    """Cancel the future proposed or accepted sessions of a match that ends."""
    open_sessions = TutoringSession.objects.select_for_update().filter(
        request=request, status__in=LIVE, starts_at__gt=now
    )
    count = 0
    for session in open_sessions:
        session.status, session.sequence = Status.CANCELLED, session.sequence + 1
        session.save(update_fields=["status", "sequence"])
        count += 1
    return count
