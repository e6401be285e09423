"""The calendar file (.ics, RFC 5545) of one session, as one side of it sees it.

One VCALENDAR (METHOD PUBLISH) holding one VEVENT: UID `<session.uid>@saebom`
(stable across changes), SEQUENCE (raised by `courses.booking` on each change, so a
calendar replaces its copy), DTSTART/DTEND in UTC, a summary in the viewer's
language naming the other side as the viewer knows them (the learner: the tutor's
display name; the tutor: the request's pen name), the video link, and an alarm 30
minutes before. A cancelled session is STATUS:CANCELLED. Nothing that identifies a
learner (user name, e-mail address, real name) and no ORGANIZER or ATTENDEE goes in.
"""

from datetime import datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _

from icalendar import Alarm, Calendar, Event

from .learner_names import tutor_name_for_learners
from .matches import TutorRequest
from .tutoring_sessions import TutoringSession

PRODID = "-//Saebom English//One-to-one sessions//EN"


def has_calendar_file(session: TutoringSession) -> bool:
    """A session has a file while its match lasts, once it was agreed: an agreed one,
    or one cancelled after it was agreed (the file then tells calendars to drop it)."""
    if session.request.status != TutorRequest.Status.ACCEPTED:
        return False
    agreed = session.status == TutoringSession.Status.ACCEPTED
    return agreed or (
        session.status == TutoringSession.Status.CANCELLED and bool(session.answered_at)
    )


def summary(session: TutoringSession, *, for_learner: bool) -> str:
    if for_learner:
        return _("English session: %(name)s") % {
            "name": tutor_name_for_learners(session.request.tutor)
        }
    return _("English session with %(name)s") % {"name": session.request.pen_name}


def event(session: TutoringSession, *, for_learner: bool, now: datetime) -> Event:
    item = Event()
    item.add("uid", f"{session.uid}@saebom")
    item.add("sequence", session.sequence)
    item.add("dtstamp", now)
    item.add("dtstart", session.starts_at)
    item.add("dtend", session.starts_at + timedelta(minutes=session.minutes))
    item.add("summary", summary(session, for_learner=for_learner))
    cancelled = session.status == TutoringSession.Status.CANCELLED
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if session.video_link:
        item.add("url", session.video_link)
        item.add("description", _("Video link: %(link)s") % {"link": session.video_link})
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary(session, for_learner=for_learner))
    alarm.add("trigger", timedelta(minutes=-30))
    item.add_component(alarm)
    return item


def calendar_file(session: TutoringSession, *, for_learner: bool, now: datetime) -> bytes:
    """The .ics bytes; the learner's in Korean, the tutor's in English."""
    with translation.override("ko" if for_learner else "en"):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        calendar.add_component(event(session, for_learner=for_learner, now=now))
        return calendar.to_ical()
