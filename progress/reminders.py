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
    rows = ", ".join(["(%s, %s)"] * len(days))
    moment = connection.ops.adapt_datetimefield_value(now)
    params = [kind, moment, *(value for pair in days.items() for value in pair)]
    # Kind and time once, two values a learner: binding a batch's parameters costs
    # more than the insert itself.
    sql = (
        f"INSERT INTO {table} (user_id, kind, local_date, created_at) "  # noqa: S608
        f"SELECT column1, %s, column2, %s FROM (VALUES {rows}) AS claimed "
        "WHERE true ON CONFLICT DO NOTHING RETURNING user_id"
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
    fields = ("user_id", "time_zone", "ui_language", "user__email")
    learners = list(profiles_to_remind(now=now, batch_size=batch_size).values_list(*fields))
    days = {user_id: clock.calendar_day(now, zone) for user_id, zone, _, _ in learners}
    claimed = claim(SentMarker.Kind.REVIEW_REMINDER, days, now=now)
    chosen = [row for row in learners if row[0] in claimed]
    # Built once per language, not once per learner.
    words = {language: wording(language) for language in {row[2] for row in chosen}}
    notify(
        Notification.Kind.REVIEW_REMINDER, [(row[0], words[row[2]][1]) for row in chosen], now=now
    )
    mails = [(*words[language], None, [email]) for _, _, language, email in chosen if email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(chosen)


def notify(kind: str, texts: list[tuple[int, str]], *, now: datetime) -> None:
    """One in-app notification per (learner id, text), in one statement."""
    if not texts:
        return
    table = connection.ops.quote_name(Notification._meta.db_table)
    rows = ", ".join(["(%s, %s)"] * len(texts))
    sql = (
        f"INSERT INTO {table} (learner_id, kind, text, created_at) "  # noqa: S608
        f"SELECT column1, %s, column2, %s FROM (VALUES {rows}) AS noted"
    )
    with connection.cursor() as cursor:
        moment = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(sql, [kind, moment, *(value for pair in texts for value in pair)])
