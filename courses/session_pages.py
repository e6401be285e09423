"""What the sessions page of one match shows its viewer: each session in the viewer's
own zone (never the other side's), what the viewer may do with it, the start times
they may propose, and for the tutor a way to assign work. Reads only; a fixed number
of queries however many sessions the match has."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse

from accounts import clock
from accounts.models import LearnerProfile

from . import booking, session_times
from .invitations import has_calendar_file
from .learner_names import tutor_name_for_learners
from .matches import TutorRequest
from .session_forms import NotesForm, VideoLinkForm
from .tutor_profiles import TutorProfile
from .tutoring_sessions import TutoringSession

Status = TutoringSession.Status


@dataclass
class Row:
    session: TutoringSession
    starts: datetime  # in the viewer's zone
    ends: datetime
    upcoming: bool
    can_answer: bool
    can_cancel: bool
    has_calendar_file: bool
    notes_form: NotesForm | None
    link_form: VideoLinkForm | None


def viewer_zone(user) -> str:
    return clock.zone_name(LearnerProfile.objects.filter(user=user).first())


def tutor_profile(match: TutorRequest) -> TutorProfile | None:
    return getattr(match.tutor, "tutor_profile", None)


def proposal_starts(match: TutorRequest, *, now: datetime) -> list[datetime]:
    profile = tutor_profile(match)
    if profile is None:
        return []
    slots = [tuple(slot) for slot in profile.availability]
    busy = booking.busy_times(match.tutor_id, now=now)
    return session_times.start_choices(slots, profile.time_zone, now=now, busy=busy)


def row(session: TutoringSession, *, viewer, zone: str, now: datetime, active: bool) -> Row:
    starts = clock.local_now(session.starts_at, zone)
    future = session.starts_at > now
    live = active and session.status in booking.LIVE
    agreed = session.status == Status.ACCEPTED
    by_tutor = session.request.tutor_id == viewer.pk
    return Row(
        session=session,
        starts=starts,
        ends=starts + timedelta(minutes=session.minutes),
        upcoming=future and session.status in booking.LIVE,
        can_answer=live
        and future
        and session.status == Status.PROPOSED
        and session.proposed_by_id != viewer.pk,
        can_cancel=live and future,
        has_calendar_file=has_calendar_file(session),
        notes_form=NotesForm(initial={"notes": session.notes})
        if by_tutor and active and agreed and not future
        else None,
        link_form=VideoLinkForm(initial={"video_link": session.video_link})
        if by_tutor and live and future
        else None,
    )


def assign_url(match: TutorRequest) -> str | None:
    if match.classroom_id is None:
        return None
    base = reverse("courses:new_assignment", args=[match.classroom_id])
    return f"{base}?{urlencode({'learner': match.learner_id})}"


def page_context(match: TutorRequest, *, viewer, zone: str, now: datetime, form) -> dict:
    active = match.status == TutorRequest.Status.ACCEPTED
    rows = [
        row(session, viewer=viewer, zone=zone, now=now, active=active)
        for session in match.sessions.select_related("request")
    ]
    return {
        "match": match,
        "active": active,
        "zone": zone,
        "tutor_name": tutor_name_for_learners(match.tutor),
        "upcoming": [r for r in rows if r.upcoming],
        "past": [r for r in rows if not r.upcoming],
        "form": form,
        "assign_url": assign_url(match) if active else None,
    }
