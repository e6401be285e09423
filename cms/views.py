import hashlib
import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
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


# ---------------------------------------------------------------- installable app

# The colours of cms/static/cms/site.css: --accent and --paper.
THEME_COLOR = "#1e6b46"
BACKGROUND_COLOR = "#ffffff"
# Made once with Pillow: the brand green with 새봄 in Noto Sans CJK KR Bold.
MANIFEST_ICONS = (
    ("cms/icons/icon-192.png", 192, "any"),
    ("cms/icons/icon-512.png", 512, "any"),
    ("cms/icons/icon-maskable-512.png", 512, "maskable"),
)
# What the learner's pages load: the worker keeps these so that a kept page works
# offline (a test fails when a learner's template loads a file missing here).
SHELL_FILES = (
    "cms/site.css",
    "cms/pwa.js",
    "cms/wipe.js",
    "cms/vendor/idb/idb.umd.js",
    "cms/offline_db.js",
    "cms/offline.js",
    "cms/offline_storage.js",
    "cms/offline_page.js",
    "cms/offline_answers.js",
    "lessons/grading_text.js",
    "lessons/grading.js",
    "progress/vendor/ts-fsrs/ts-fsrs.umd.js",
    "progress/scheduling.js",
    "progress/offline_review.js",
    "django_htmx/htmx-2.min.js",
    "lessons/lessons.css",
    "lessons/listening.js",
    "lessons/matching.js",
    "lessons/speech.js",
    "lessons/word_order.js",
    "progress/review.css",
    "progress/review.js",
    "progress/charts.css",
    "courses/record.css",
    "courses/record.js",
)
# Paths the worker never answers for, so never keeps: sign-in and sign-out, both
# admins, the privacy pages, the offline API, tutors' pages (other learners' data),
# deck downloads, and the worker itself.
WORKER_NEVER = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/learn/privacy/",
    "/learn/offline/",
    "/learn/anki/",
    "/tutor/",
    "/sw.js",
)


@require_GET
def web_manifest(request):
    manifest = {
        "id": "/",
        "name": "새봄 영어 Saebom English",
        "short_name": "새봄",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "lang": "ko",
        "dir": "ltr",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["education"],
        "icons": [
            {"src": static(name), "sizes": f"{size}x{size}", "type": "image/png", "purpose": use}
            for name, size, use in MANIFEST_ICONS
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@require_GET
def service_worker(request):
    """The worker's script (cms/templates/cms/sw.js) with what it must know: the shell's
    URLs and a version made of their contents, so that a deploy that changes any of
    them installs a new worker and a new shell cache. `no-cache`: the browser asks
    each time it checks for an update."""
    names = list(SHELL_FILES)
    shell = [static(name) for name in names] + [reverse("offline")]
    config = {
        "version": shell_version(names, offline_page()),
        "shell": shell,
        "offline": reverse("offline"),
        "static": settings.STATIC_URL,
        "media": settings.MEDIA_URL,
        "speech": reverse("spoken_audio"),
        "never": WORKER_NEVER,
        # The offline store, for Background Sync: idb first, then offline_db.js on it.
        "database": [static("cms/vendor/idb/idb.umd.js"), static("cms/offline_db.js")],
    }
    body = render_to_string("cms/sw.js", {"config": mark_safe(json.dumps(config))})  # noqa: S308
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, no_cache=True)
    return response


def shell_version(names: list[str], offline_html: str) -> str:
    digest = hashlib.sha256(offline_html.encode())
    for name in names:
        digest.update(f"{static(name)}\n".encode())
        digest.update(Path(finders.find(name)).read_bytes())
    return digest.hexdigest()[:12]


@require_GET
def offline(request):
    return HttpResponse(offline_page())


def offline_page() -> str:
    """The page the worker shows for a page it has not kept: in Korean, and the same
    for everyone (it is cached), so it holds no name, token or link of one person."""
    with translation.override("ko"):
        return render_to_string("cms/offline.html")
