from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
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


@require_GET
def security_txt(request):
    """RFC 9116: where to report a security problem (SECURITY_CONTACT); 404 while unset."""
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact is configured.")
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en, ko",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def unlisted_media(request, name: str):
    """Learners' voice recordings are never served as plain media: only
    courses.voice_views serves them, to those who may hear them."""
    raise Http404


def csrf_failure(request, reason=""):
    """A refused form (often one left open too long) in the site's frame and language;
    the reason stays in the log, out of the page."""
    return render(request, "403_csrf.html", status=403)
