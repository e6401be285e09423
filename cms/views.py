from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@require_GET
@never_cache
def healthz(request):
    database = health.check_database()
    checks = {
        "database": database,
        "broker": health.check_broker(
            settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS
        ),
        "cache": health.check_cache(cache),
    }
    try:
        checks["heartbeat"] = health.check_heartbeat(
            timezone.now(), max_age=settings.HEARTBEAT_MAX_AGE
        )
    except DatabaseError:
        checks["heartbeat"] = health.Check(False, "database unavailable")
    body, healthy = health.report(checks)
    return JsonResponse(body, status=200 if healthy else 503)
