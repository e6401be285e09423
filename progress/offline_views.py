"""The offline app's two URLs: the pack a learner's phone downloads, and the sync
that records the answers given offline. Both are the signed-in learner's only;
the sync is a JSON POST that Django's CSRF check guards (X-CSRFToken header)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST

from accounts.request_values import whole_number

from . import queue
from .exceptions import OfflinePayloadError
from .offline import build_pack
from .syncing import sync_offline


@login_required
@require_GET
@cache_control(no_store=True, private=True)
@gzip_page  # a phone on rationed data; the pack holds no secret a reflection could leak
def pack(request):
    """?lesson=<id>: a lesson the learner has open, kept even before it is started."""
    opened = whole_number(request.GET.get("lesson", ""))
    return JsonResponse(build_pack(request.user, now=timezone.now(), opened=opened))


@login_required
@require_POST
@cache_control(no_store=True, private=True)
def sync(request):
    now = timezone.now()
    try:
        results = sync_offline(learner=request.user, payload=json_body(request), now=now)
    except OfflinePayloadError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        {
            "results": [result.to_dict() for result in results],
            "synced_at": now.isoformat(),
            "due_now": queue.due_count(request.user, now=now),
        }
    )


def json_body(request) -> object:
    """The body as JSON, bounded by DATA_UPLOAD_MAX_MEMORY_SIZE."""
    try:
        return json.loads(request.body)
    except RequestDataTooBig:
        raise OfflinePayloadError(
            _("The answers sent are too large. Send them in smaller parts.")
        ) from None
    except (ValueError, RecursionError):
        message = _("The answers sent are not JSON. Nothing was recorded.")
        raise OfflinePayloadError(message) from None
