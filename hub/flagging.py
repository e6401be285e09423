"""Stale entries: a resource verified more than 12 months ago is flagged to the
editors once per verification. The marker `stale_flagged_for` holds the
`last_verified` date that was flagged, so re-verifying (a new date) re-arms it."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from accounts.staff import EDITORS, addresses_of

from .models import ResourcePage

BATCH_SIZE = 200


@transaction.atomic
def flag_stale_resources(*, today: date, batch_size: int = BATCH_SIZE) -> list[int]:
    """Flag up to `batch_size` stale resources and e-mail the editors; return their ids."""
    stale = list(ResourcePage.objects.stale(today).select_for_update().order_by("pk")[:batch_size])
    for page in stale:
        page.stale_flagged_for = page.last_verified
    ResourcePage.objects.bulk_update(stale, ["stale_flagged_for"])
    if stale:
        transaction.on_commit(lambda: _tell_editors(stale))
    return [page.pk for page in stale]


def _tell_editors(pages: list[ResourcePage]) -> None:
    recipients = addresses_of([EDITORS])
    if not recipients:
        return
    lines = [f"- {page.title} (last verified {page.last_verified:%Y-%m-%d})" for page in pages]
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/pages/{}/edit/"
    lines += ["", *(admin.format(page.pk) for page in pages)]
    send_mail(
        subject=f"Saebom: {len(pages)} help entries need checking",
        message="Not verified for 12 months:\n" + "\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )
