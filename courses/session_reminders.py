"""Session reminders: each side of an agreed session is reminded once, at the moment
`courses.booking` fixed when the session was accepted (their reminder hour, in their
own zone, at least an hour before the start).

A side is due when its `*_remind_at` has come, its `*_reminded_at` is empty, the
session is accepted, its match is still accepted and it has not started. The due
ids (at most `batch_size` per side and pass) are claimed by one
`UPDATE … SET *_reminded_at = now WHERE id IN (…) AND *_reminded_at IS NULL
RETURNING id`; only the claimed rows get an in-app notification, in the person's
language with the time in their own zone, and an e-mail after commit if they gave
an address. Two runs, or two workers at once, therefore remind nobody twice.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import LearnerProfile
from progress.models import Notification

from .learner_names import tutor_name_for_learners
from .matches import TutorRequest
from .tutoring_sessions import TutoringSession

SESSION_REMINDER_BATCH = 500
SIDES = ("learner", "tutor")


def due_ids(side: str, *, now: datetime, batch_size: int) -> list[int]:
    return list(
        TutoringSession.objects.filter(
            status=TutoringSession.Status.ACCEPTED,
            request__status=TutorRequest.Status.ACCEPTED,
            starts_at__gt=now,
            **{f"{side}_remind_at__lte": now, f"{side}_reminded_at__isnull": True},
        )
        .order_by(f"{side}_remind_at", "pk")
        .values_list("pk", flat=True)[:batch_size]
    )


def claim(side: str, ids: list[int], *, now: datetime) -> list[int]:
    """Mark the side of these sessions reminded; return the ids this call marked."""
    if not ids:
        return []
    table = connection.ops.quote_name(TutoringSession._meta.db_table)
    column = connection.ops.quote_name(f"{side}_reminded_at")
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"UPDATE {table} SET {column} = %s WHERE id IN ({marks}) "  # noqa: S608
        f"AND {column} IS NULL RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *ids])
        return sorted(row[0] for row in cursor.fetchall())


def name_and_time(session: TutoringSession, profile: LearnerProfile, side: str) -> dict:
    """What a message to one side names: the other side (the tutor's display name
    for the learner, the pen name for the tutor) and the start in the side's zone.
    Call it inside the side's language."""
    local = session.starts_at.astimezone(ZoneInfo(profile.time_zone))
    other = (
        tutor_name_for_learners(session.request.tutor)
        if side == "learner"
        else session.request.pen_name
    )
    return {"name": other, "time": date_format(local, "Y-m-d H:i"), "zone": profile.time_zone}


def proposal_text(session: TutoringSession, profile: LearnerProfile, side: str) -> str:
    """The notice to the side that did not propose a session."""
    with translation.override(profile.ui_language):
        return _(
            "%(name)s proposed a session at %(time)s (%(zone)s). Accept or decline it on "
            "the page of your sessions together."
        ) % name_and_time(session, profile, side)


def reminder_text(session: TutoringSession, profile: LearnerProfile, side: str) -> str:
    with translation.override(profile.ui_language):
        return _(
            "Reminder: your English session with %(name)s starts at %(time)s (%(zone)s), "
            "for %(minutes)s minutes."
        ) % {**name_and_time(session, profile, side), "minutes": session.minutes}


def subject(profile: LearnerProfile) -> str:
    with translation.override(profile.ui_language):
        return _("Your English session is coming")


def remind_side(side: str, *, now: datetime, batch_size: int) -> list[tuple]:
    """Claim and notify one side; return (notification, e-mail or None) pairs."""
    claimed = claim(side, due_ids(side, now=now, batch_size=batch_size), now=now)
    sessions = TutoringSession.objects.filter(pk__in=claimed).select_related(
        f"request__{side}__learner_profile", "request__tutor__tutor_profile"
    )
    sent = []
    for session in sessions:
        person = getattr(session.request, side)
        profile = getattr(person, "learner_profile", None) or LearnerProfile(user=person)
        text = reminder_text(session, profile, side)
        note = Notification(
            learner=person, kind=Notification.Kind.SESSION_REMINDER, text=text, created_at=now
        )
        sent.append(
            (note, (subject(profile), text, None, [person.email]) if person.email else None)
        )
    return sent


@transaction.atomic
def send_session_reminders(*, now: datetime, batch_size: int = SESSION_REMINDER_BATCH) -> int:
    """One pass over both sides; returns how many reminders were made."""
    sent = [pair for side in SIDES for pair in remind_side(side, now=now, batch_size=batch_size)]
    Notification.objects.bulk_create(note for note, _mail in sent)
    mails = [mail for _note, mail in sent if mail]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(sent)
