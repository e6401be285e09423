"""Tutor invites: a signed token naming one TutorInvite row, good once."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .exceptions import InvalidTutorInvite
from .models import TUTORS_GROUP, TutorInvite

INVITE_SALT = "courses.tutor-invite"
INVITE_MAX_AGE = timedelta(days=14)


@transaction.atomic
def create_tutor_invite(*, created_by, now: datetime | None = None) -> str:
    """A new single-use invite; returns its signed token."""
    invite = TutorInvite.objects.create(created_by=created_by, created_at=now or timezone.now())
    return signing.dumps(invite.pk, salt=INVITE_SALT)


def invite_from_token(token: str, *, lock: bool = False) -> TutorInvite:
    try:
        pk = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.BadSignature:
        raise InvalidTutorInvite(token) from None
    rows = TutorInvite.objects.select_for_update() if lock else TutorInvite.objects
    invite = rows.filter(pk=pk, used_at__isnull=True).first()
    if invite is None:
        raise InvalidTutorInvite(token)
    return invite


@transaction.atomic
def accept_tutor_invite(*, token: str, username: str, password: str, now: datetime | None = None):
    """Make a tutor account with the invite and burn it."""
    invite = invite_from_token(token, lock=True)
    user = get_user_model().objects.create_user(username=username, password=password)
    user.groups.add(Group.objects.get_or_create(name=TUTORS_GROUP)[0])
    invite.used_at = now or timezone.now()
    invite.used_by = user
    invite.save(update_fields=["used_at", "used_by"])
    return user
