"""Requests and matches between a learner and a tutor they chose: sending, answering,
withdrawing and ending requests, and blocking a tutor.

Rules:
- A learner asks only a listed (live) profile, never their own, never a tutor they
  blocked; a blocked tutor is refused with the words of an unknown one, so that a
  block is never revealed. At most one open request per learner and tutor (the
  `one_open_request_per_tutor` constraint): a second send returns the first.
  Requests share one budget per learner and day (TUTOR_REQUESTS_PER_DAY).
- A request carries a pen name (the learner's display name unless another is
  given, never their username), the latest placement level, and a short message.
- Only the tutor asked answers a pending request; accepting, under a lock on the
  tutor's profile, respects its capacity and opens a one-to-one classroom with the
  learner in it. The learner hears every answer in their own language, kindly.
- Either side ends an accepted request: the learner leaves the classroom, and the
  sessions still to come are cancelled.
- Blocking a tutor withdraws or ends every open request to them and takes the
  learner out of every classroom the tutor teaches or co-teaches.
Each write locks the request row it changes, so a stale or doubled POST finds the
new status and changes nothing (a `ValidationError` says why).
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import LearnerProfile
from accounts.ratelimit import ActionLimit, action_limit
from accounts.staff import EDITORS, MODERATORS, addresses_of
from progress import placing
from progress.models import Notification

from . import booking
from .classrooms import create_classroom
from .joining import leave_classroom
from .learner_names import tutor_name_for_learners
from .models import (
    Classroom,
    Membership,
    TutorBlock,
    TutorProfile,
    TutorReport,
    TutorRequest,
)

Status = TutorRequest.Status
PEN_NAME_MAX = TutorRequest._meta.get_field("pen_name").max_length
MESSAGE_MAX = 500
REPORT_MAX = TutorReport._meta.get_field("text").max_length
REPORTS_ADMIN = "tutor_reports"  # the URL namespace of the editors' queue (report_admin)


# The names of one-to-one classrooms, which the tutor sees (in English).
ONE_TO_ONE = "(one to one)"
ENDED_ONE_TO_ONE = "One to one (ended)"


def unknown_tutor() -> ValidationError:
    return ValidationError(_("There is no such tutor in the list."))


def request_limit(learner) -> ActionLimit:
    return action_limit("tutor-request", user_id=learner.pk, limit=settings.TUTOR_REQUESTS_PER_DAY)


def checked_text(text: str, *, most: int, required: bool) -> str:
    """The text stripped, or a `ValidationError` a learner can act on."""
    text = (text or "").strip()
    if "\x00" in text:
        raise ValidationError(_("The text holds a character that cannot be kept. Type it again."))
    if len(text) > most:
        raise ValidationError(_("Write at most %(most)d characters.") % {"most": most})
    if required and not text:
        raise ValidationError(_("Write a short message to the tutor."))
    return text


def chosen_pen_name(learner, pen_name: str) -> str:
    """The pen name given, or the learner's display name; never their username."""
    pen_name = checked_text(pen_name, most=PEN_NAME_MAX, required=False)
    if not pen_name:
        profile = LearnerProfile.objects.filter(user=learner).first()
        pen_name = profile.display_name.strip()[:PEN_NAME_MAX] if profile else ""
    if not pen_name or pen_name.casefold() == learner.get_username().casefold():
        raise ValidationError(_("Choose a pen name that is not your username."))
    return pen_name


def blocked(learner, tutor) -> bool:
    return TutorBlock.objects.filter(learner=learner, tutor=tutor).exists()


@transaction.atomic
def request_tutor(
    *, learner, profile: TutorProfile, pen_name: str, message: str, now: datetime
) -> TutorRequest:
    """Send a request; a second one to the same tutor returns the open one.

    `RateLimited` once today's requests are spent."""
    tutor_id = profile.tutor_id
    listed = TutorProfile.objects.listed().filter(pk=profile.pk).exists()
    if not listed or tutor_id == learner.pk or blocked(learner, tutor_id):
        raise unknown_tutor()
    existing = TutorRequest.objects.open().filter(learner=learner, tutor_id=tutor_id).first()
    if existing is not None:
        return existing
    limit = request_limit(learner)
    limit.check()
    found = placing.latest(learner)
    sent = TutorRequest(
        learner=learner,
        tutor_id=tutor_id,
        pen_name=chosen_pen_name(learner, pen_name),
        level=found.level if found else "",
        message=checked_text(message, most=MESSAGE_MAX, required=True),
        created_at=now,
    )
    sent.full_clean(validate_constraints=False)
    if not saved_first(sent):
        return TutorRequest.objects.open().get(learner=learner, tutor_id=tutor_id)
    limit.use()
    return sent


def saved_first(sent: TutorRequest) -> bool:
    """Save a new request; False when the same form, sent twice at once, won first."""
    try:
        with transaction.atomic():
            sent.save()
    except IntegrityError:
        return False
    return True


def locked(request: TutorRequest) -> TutorRequest:
    """The request's row as it is now, locked until the transaction ends."""
    return TutorRequest.objects.select_for_update().get(pk=request.pk)


def tell_learner(request: TutorRequest, text: str, now: datetime) -> Notification:
    return Notification.objects.create(
        learner_id=request.learner_id, kind=Notification.Kind.TUTOR_MATCH, text=text, created_at=now
    )


def learner_language(learner_id: int) -> str:
    profile = LearnerProfile.objects.filter(user_id=learner_id).first()
    return profile.ui_language if profile else LearnerProfile.Language.KOREAN


def waiting(request: TutorRequest, tutor) -> TutorRequest:
    """The pending request of `tutor`, locked; refuses one already answered."""
    current = locked(request)
    if current.tutor_id != tutor.pk or blocked(current.learner_id, tutor):
        raise ValidationError(_("There is no such request."))
    if current.status != Status.PENDING:
        raise ValidationError(_("This request was already answered or withdrawn."))
    return current


@transaction.atomic
def accept_request(*, tutor, request: TutorRequest, now: datetime) -> TutorRequest:
    """Accept: a one-to-one classroom opens with the learner in it."""
    profile = TutorProfile.objects.select_for_update().filter(tutor=tutor).first()
    request = waiting(request, tutor)
    taken = TutorRequest.objects.filter(tutor=tutor, status=Status.ACCEPTED).count()
    if profile is None or taken >= profile.capacity:
        raise ValidationError(
            _(
                "You already have as many learners as your profile allows. "
                "End a match or take more learners in your profile first."
            )
        )
    room = create_classroom(tutor=tutor, name=f"{request.pen_name} {ONE_TO_ONE}")
    Membership.objects.create(classroom=room, learner_id=request.learner_id, joined_at=now)
    request.status, request.classroom, request.answered_at = Status.ACCEPTED, room, now
    request.save(update_fields=["status", "classroom", "answered_at"])
    with translation.override(learner_language(request.learner_id)):
        text = _(
            "%(name)s accepted your request. Agree the time of your first session "
            "on the page of this tutor."
        ) % {"name": profile.display_name}
    tell_learner(request, text, now)
    return request


@transaction.atomic
def decline_request(*, tutor, request: TutorRequest, now: datetime) -> TutorRequest:
    request = waiting(request, tutor)
    request.status, request.answered_at = Status.DECLINED, now
    request.save(update_fields=["status", "answered_at"])
    with translation.override(learner_language(request.learner_id)):
        text = _(
            "%(name)s cannot take a new learner at the moment. This is not about you: "
            "you can send a request to another tutor."
        ) % {"name": tutor_name_for_learners(tutor)}
    tell_learner(request, text, now)
    return request


@transaction.atomic
def withdraw_request(*, learner, request: TutorRequest, now: datetime) -> TutorRequest:
    request = locked(request)
    if request.learner_id != learner.pk:
        raise ValidationError(_("There is no such request."))
    if request.status != Status.PENDING:
        raise ValidationError(_("This request was already answered or withdrawn."))
    request.status, request.ended_at = Status.WITHDRAWN, now
    request.save(update_fields=["status", "ended_at"])
    return request


def close_match(request: TutorRequest, now: datetime) -> None:
    """End a locked, accepted request: out of its classroom, its coming sessions
    cancelled, and the classroom no longer named after the learner's pen name."""
    for membership in Membership.objects.current().filter(
        classroom_id=request.classroom_id, learner_id=request.learner_id
    ):
        leave_classroom(membership=membership, now=now)
    Classroom.objects.filter(pk=request.classroom_id).update(name=ENDED_ONE_TO_ONE)
    # A new SEQUENCE tells calendars that already hold an invitation that it changed.
    booking.cancel_open_sessions(request=request, now=now)
    request.status, request.ended_at = Status.ENDED, now
    request.save(update_fields=["status", "ended_at"])


@transaction.atomic
def end_match(*, by, request: TutorRequest, now: datetime) -> TutorRequest:
    """End an accepted request, as its learner or its tutor."""
    request = locked(request)
    if by.pk not in (request.learner_id, request.tutor_id):
        raise ValidationError(_("There is no such request."))
    if request.status != Status.ACCEPTED:
        raise ValidationError(_("These sessions have already ended."))
    close_match(request, now)
    if by.pk == request.tutor_id:
        with translation.override(learner_language(request.learner_id)):
            text = _(
                "%(name)s ended your sessions together. You can choose another tutor "
                "in the list of tutors."
            ) % {"name": tutor_name_for_learners(by)}
        tell_learner(request, text, now)
    return request


@transaction.atomic
def block_tutor(*, learner, tutor, now: datetime) -> TutorBlock:
    """Block: the tutor never sees the learner again. Blocking twice changes nothing."""
    try:
        with transaction.atomic():
            block, _created = TutorBlock.objects.get_or_create(
                learner=learner, tutor=tutor, defaults={"created_at": now}
            )
    except IntegrityError:  # blocked at the same moment by another request
        block = TutorBlock.objects.get(learner=learner, tutor=tutor)
    open_requests = TutorRequest.objects.open().filter(learner=learner, tutor=tutor)
    for request in open_requests.select_for_update():
        if request.status == Status.PENDING:
            request.status, request.ended_at = Status.WITHDRAWN, now
            request.save(update_fields=["status", "ended_at"])
        else:
            close_match(request, now)
    taught = Classroom.objects.visible_to(tutor)
    for membership in Membership.objects.current().filter(learner=learner, classroom__in=taught):
        leave_classroom(membership=membership, now=now)
    return block


def report_limit(learner) -> ActionLimit:
    return action_limit("tutor-report", user_id=learner.pk, limit=settings.TUTOR_REPORTS_PER_DAY)


@transaction.atomic
def report_tutor(
    *, learner, tutor, reason: str, text: str, now: datetime, block: bool = False
) -> TutorReport:
    """Report a tutor the learner asked (and block them too, when asked); the editors
    are told by e-mail once it is saved. `RateLimited` once today's reports are spent."""
    if not TutorRequest.objects.filter(learner=learner, tutor=tutor).exists():
        raise unknown_tutor()
    limit = report_limit(learner)
    limit.check()
    report = TutorReport(
        learner=learner,
        tutor=tutor,
        reason=reason,
        text=checked_text(text, most=REPORT_MAX, required=False),
        created_at=now,
    )
    report.full_clean()
    report.save()
    if block:
        block_tutor(learner=learner, tutor=tutor, now=now)
    limit.use()
    transaction.on_commit(lambda: tell_editors(report.pk))
    return report


def report_mail(report: TutorReport) -> str:
    """Who was reported, why, and where the queue is; nothing of the learner."""
    profile = getattr(report.tutor, "tutor_profile", None)
    queue = reverse(f"{REPORTS_ADMIN}:edit", args=[report.pk])
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(report.get_reason_display())
    lines = [
        f"Tutor: {report.tutor.get_username()} ({profile.display_name if profile else '-'})",
        f"Reason: {reason}",
        "",
        "Read it and mark it resolved in the editors' queue:",
        settings.WAGTAILADMIN_BASE_URL.rstrip("/") + queue,
    ]
    return "\n".join(lines)


def tell_editors(report_id: int) -> None:
    """E-mail the editors and moderators who have an address: who was reported and
    why, and where the queue is; nothing that names the learner."""
    recipients = addresses_of([EDITORS, MODERATORS])
    if not recipients:
        return
    report = TutorReport.objects.select_related("tutor__tutor_profile").get(pk=report_id)
    send_mail(
        subject="Saebom: a learner reported a tutor",
        message=report_mail(report),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,  # the report is saved already: a mail failure must not answer 500
    )
