"""The tutors' daily digest: who among a tutor's current learners is behind.

A learner is behind with overdue or slipping assignments (the dashboard's own
cells, so the digest and the grid always agree) or a review backlog: cards
overdue by more than a day, read for all learners in one query. Tutors are
handled TUTOR_BATCH at a time; each gets one in-app notification and, with an
address, one email, at most once per tutor's local day (a SentMarker inserted
first), so running this every hour, or twice at once, sends one digest a day.
The email names the learners; the notification, which is kept, only counts them.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.clock import calendar_day, zone_name
from accounts.models import LearnerProfile
from progress.models import Notification, ReviewCard, SentMarker
from progress.reminders import claim

from .behind import late_assignments
from .dashboard import classroom_dashboards
from .models import Classroom, Membership

TUTOR_BATCH = 100


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
            "name": row.learner_name,
            "overdue": row.backlog.overdue,
            "due": row.backlog.due_now,
        }
        if row.overdue_assignments:
            line += "; " + _("late work: %(titles)s") % {
                "titles": ", ".join(row.overdue_assignments)
            }
        lines.append("- " + line)
    return "\n".join(lines)


def digest_notice(rows: Sequence[DigestRow]) -> str:
    """The in-app digest: how many, never who. A notification is kept, exported with
    the tutor's data and outlives a learner's account; the names stay on the
    classroom pages, read from live rows."""
    return _(
        "Learners who need a word from you today: %(count)d. "
        "Your classroom pages show who they are."
    ) % {"count": len(rows)}


@transaction.atomic
def send_tutor_digest(*, tutor, rows: Sequence[DigestRow], now: datetime) -> bool:
    """Send the digest unless there is nothing to say or it went out today already."""
    rows = [row for row in rows if row.needs_attention]
    if not rows:
        return False
    profile = LearnerProfile.objects.filter(user=tutor).first()
    language = profile.ui_language if profile else "en"
    today = calendar_day(now, zone_name(profile))
    if not claim(SentMarker.Kind.TUTOR_DIGEST, {tutor.pk: today}, now=now):
        return False
    with translation.override(language):
        text, subject, notice = digest_text(rows), _("Your learners today"), digest_notice(rows)
    Notification.objects.create(
        learner=tutor, kind=Notification.Kind.TUTOR_DIGEST, text=notice, created_at=now
    )
    if tutor.email:
        transaction.on_commit(lambda: send_mail(subject, text, None, [tutor.email]))
    return True


def classrooms_by_tutor() -> dict[int, list[Classroom]]:
    """{tutor or co-tutor id: classrooms with current learners}."""
    rooms = (
        Classroom.objects.filter(pk__in=Membership.objects.current().values("classroom_id"))
        .select_related("tutor__learner_profile")
        .prefetch_related("co_tutors")
    )
    found = defaultdict(list)
    for room in rooms:
        for tutor_id in {room.tutor_id, *(t.pk for t in room.co_tutors.all())}:
            found[tutor_id].append(room)
    return found


def late_work(rooms, now: datetime) -> dict[int, dict[int, tuple[str, list[str]]]]:
    """{classroom id: {learner id: (name, titles of assignments the learner is behind
    on)}} for these classrooms, read together."""
    return {
        board.classroom.pk: {
            row.membership.learner_id: (
                row.name,
                [str(work.assignment.target) for work in late_assignments(board, row)],
            )
            for row in board.rows
        }
        for board in classroom_dashboards(list(rooms), now=now)
    }


def tutor_rows(rooms, work, backlogs) -> list[DigestRow]:
    """One row per learner of the tutor's classrooms, late titles merged across them."""
    merged: dict[int, tuple[str, dict[str, None]]] = {}
    for room in rooms:
        for learner_id, (name, titles) in work[room.pk].items():
            merged.setdefault(learner_id, (name, {}))[1].update(dict.fromkeys(titles))
    return [
        DigestRow(name, backlogs.get(learner_id, Backlog()), tuple(titles))
        for learner_id, (name, titles) in sorted(merged.items())
    ]


def notify_tutors_overdue(*, now: datetime, batch_size: int = TUTOR_BATCH) -> int:
    """Send today's digest to every tutor with a learner behind; return how many went out."""
    by_tutor = classrooms_by_tutor()
    tutor_ids = iter(sorted(by_tutor))
    sent = 0
    while batch := list(islice(tutor_ids, batch_size)):
        rooms = {room.pk: room for tutor_id in batch for room in by_tutor[tutor_id]}
        work = late_work(rooms.values(), now)
        learner_ids = {learner_id for found in work.values() for learner_id in found}
        backlogs = review_backlogs(learner_ids, now=now)
        tutors = get_user_model().objects.in_bulk(batch)
        for tutor_id in batch:
            rows = tutor_rows(by_tutor[tutor_id], work, backlogs)
            sent += send_tutor_digest(tutor=tutors[tutor_id], rows=rows, now=now)
    return sent
