"""Daily review reminders: one per learner per local day, exactly once.

A learner is reminded when the local hour (in their time zone) has reached
their reminder hour, they have cards due, and no reminder marker exists for
their local date. The marker (SentMarker) is inserted first with ON CONFLICT
DO NOTHING; only the learners whose row was inserted get the in-app
notification and, if they gave an address, an email (sent after commit). Two
runs, or two workers at once, therefore remind nobody twice. Each pass reads
at most `batch_size` learners.
"""

from datetime import date, datetime

from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import clock
from accounts.models import LearnerProfile

from .models import Notification, ReviewCard, SentMarker

REMINDER_BATCH = 500


def profiles_to_remind(*, now: datetime, batch_size: int = REMINDER_BATCH):
    """Profiles whose reminder hour has come today and who have due, unreminded cards."""
    zones = LearnerProfile.objects.values_list("time_zone", flat=True).distinct()
    ready = Q(pk__in=[])
    for zone in zones:
        local = clock.local_now(now, zone)
        marker = SentMarker.objects.filter(
            user=OuterRef("user"), kind=SentMarker.Kind.REVIEW_REMINDER, local_date=local.date()
        )
        ready |= Q(time_zone=zone, reminder_hour__lte=local.hour) & ~Q(Exists(marker))
    due = ReviewCard.objects.filter(learner=OuterRef("user"), due__lte=now)
    return (
        LearnerProfile.objects.filter(ready)
        .filter(Exists(due))
        .select_related("user")
        .order_by("pk")[:batch_size]
    )


def claim(kind: str, days: dict[int, date], *, now: datetime) -> set[int]:
    """Insert the markers (user id -> local date); return the user ids whose row is new."""
    if not days:
        return set()
    table = connection.ops.quote_name(SentMarker._meta.db_table)
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(days))
    params = [value for user_id, day in days.items() for value in (user_id, kind, day, now)]
    sql = (
        f"INSERT INTO {table} (user_id, kind, local_date, created_at) VALUES {rows} "  # noqa: S608
        "ON CONFLICT DO NOTHING RETURNING user_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def wording(language: str) -> tuple[str, str]:
    """The reminder's subject and text in one language (the same for every learner)."""
    with translation.override(language):
        return (
            _("Time to review your words"),
            _("Your words are waiting. A few minutes of review today keeps them in memory."),
        )


@transaction.atomic
def send_review_reminders(*, now: datetime, batch_size: int = REMINDER_BATCH) -> int:
    """One pass; returns how many learners were reminded."""
    profiles = list(profiles_to_remind(now=now, batch_size=batch_size))
    days = {p.user_id: clock.calendar_day(now, p.time_zone) for p in profiles}
    claimed = claim(SentMarker.Kind.REVIEW_REMINDER, days, now=now)
    chosen = [p for p in profiles if p.user_id in claimed]
    # Built once per language, not once per learner.
    words = {language: wording(language) for language in {p.ui_language for p in chosen}}
    Notification.objects.bulk_create(
        Notification(
            learner_id=p.user_id,
            kind=Notification.Kind.REVIEW_REMINDER,
            text=words[p.ui_language][1],
            created_at=now,
        )
        for p in chosen
    )
    mails = [(*words[p.ui_language], None, [p.user.email]) for p in chosen if p.user.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(chosen)
