"""The progress side of the tutors' daily digest.

`review_backlogs` reads, in one query whatever the number of learners, each
learner's review backlog: cards overdue by more than a day, cards due now, and
the time of the last review. `send_tutor_digest` sends one tutor their digest
(one in-app notification and, if they gave an address, one email) at most once
per tutor's local day, guarded by a SentMarker inserted first. Which learners
a tutor teaches, and their overdue assignments, come from the caller: the
progress app knows nothing of classrooms.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.translation import gettext as _

from .models import LearnerProfile, Notification, ReviewCard, SentMarker
from .reminders import claim, local_now


@dataclass(frozen=True)
class Backlog:
    overdue: int = 0  # due more than a day ago
    due_now: int = 0
    last_review: datetime | None = None


@dataclass(frozen=True)
class DigestRow:
    learner_name: str
    backlog: Backlog
    overdue_assignments: Sequence[str] = field(default_factory=tuple)

    @property
    def needs_attention(self) -> bool:
        return bool(self.backlog.overdue or self.overdue_assignments)


def review_backlogs(learner_ids: Iterable[int], *, now: datetime) -> dict[int, Backlog]:
    rows = (
        ReviewCard.objects.filter(learner_id__in=list(learner_ids))
        .values("learner_id")
        .annotate(
            overdue=Count("pk", filter=Q(due__lt=now - timedelta(days=1))),
            due_now=Count("pk", filter=Q(due__lte=now)),
            last_review=Max("last_review"),
        )
    )
    return {
        row["learner_id"]: Backlog(row["overdue"], row["due_now"], row["last_review"])
        for row in rows
    }


def digest_text(rows: Sequence[DigestRow]) -> str:
    lines = [_("Learners who need a word from you today:")]
    for row in rows:
        line = _("%(name)s: %(overdue)d words overdue, %(due)d due now") % {
            "name": row.learner_name, "overdue": row.backlog.overdue, "due": row.backlog.due_now,
        }  # fmt: skip
        if row.overdue_assignments:
            line += "; " + _("late work: %(titles)s") % {
                "titles": ", ".join(row.overdue_assignments)
            }
        lines.append("- " + line)
    return "\n".join(lines)


@transaction.atomic
def send_tutor_digest(*, tutor, rows: Sequence[DigestRow], now: datetime) -> bool:
    """Send the digest unless there is nothing to say or it went out today already."""
    rows = [row for row in rows if row.needs_attention]
    if not rows:
        return False
    profile = LearnerProfile.objects.filter(user=tutor).first()
    time_zone, language = (profile.time_zone, profile.ui_language) if profile else ("UTC", "en")
    today = local_now(now, time_zone).date()
    if not claim(SentMarker.Kind.TUTOR_DIGEST, {tutor.pk: today}, now=now):
        return False
    with translation.override(language):
        text, subject = digest_text(rows), _("Your learners today")
    Notification.objects.create(
        learner=tutor, kind=Notification.Kind.TUTOR_DIGEST, text=text, created_at=now
    )
    if tutor.email:
        transaction.on_commit(lambda: send_mail(subject, text, None, [tutor.email]))
    return True
