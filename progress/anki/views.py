import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Page

from lessons.models import LessonPage

from ..models import AnkiImport
from ..tasks import build_deck_task, send_import
from . import access, builds, decks, package, uploads
from .forms import UploadForm
from .upload_handler import CappedUploadHandler


@require_GET
def lesson_deck(request, page_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    passed = access.passed_restrictions(request)
    build = decks.lesson_deck(lesson, passed=passed)
    return _deliver(request, build, ("lesson", lesson.pk, False, passed))


@require_GET
def course_deck(request, page_id: int):
    course = get_object_or_404(Page.objects.live(), pk=page_id)
    passed = access.passed_restrictions(request)
    build = decks.course_deck(course, passed=passed)
    return _deliver(request, build, ("course", course.pk, False, passed))


@require_GET
@login_required
def my_deck(request, weak: bool = False):
    passed = access.passed_restrictions(request)
    build = decks.learner_deck(request.user, weak=weak, passed=passed)
    return _deliver(request, build, ("learner", request.user.pk, weak, passed))


def _deliver(request, build: decks.DeckBuild, task_args: tuple):
    """Send the package, or start a background build and show its progress."""
    if build.note_count == 0:
        return render(request, "progress/anki/empty.html", status=404)
    now = time.time()
    state = builds.status(build, now=now)
    polling = request.GET.get("poll") == "1"
    if state is builds.DeckStatus.READY and not polling or build.note_count <= builds.LARGE_DECK:
        path = builds.build_package(build)
        return FileResponse(
            default_storage.open(path, "rb"),
            as_attachment=True,
            filename=build.filename,
            content_type="application/octet-stream",
        )
    if state is builds.DeckStatus.MISSING:
        builds.mark_building(build, now=now)
        build_deck_task.delay_on_commit(*task_args)
    template = "progress/anki/includes/status.html" if polling else "progress/anki/building.html"
    context = {
        "build": build,
        "ready": state is builds.DeckStatus.READY,
        "failed": state is builds.DeckStatus.FAILED,
    }
    return render(request, template, context)


@csrf_exempt  # checked in _upload, once the capped handler is in place
@require_http_methods(["GET", "POST"])
@login_required
def upload(request):
    cap = CappedUploadHandler(request, limit=package.DEFAULT_LIMITS.upload_bytes)
    request.upload_handlers.insert(0, cap)
    return _upload(request, cap)


@csrf_protect
def _upload(request, cap: CappedUploadHandler):
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = UploadForm(*data, learner=request.user, too_large=cap.refused)
    if request.method == "POST" and form.is_valid():
        record = uploads.start_import(learner=request.user, upload=form.cleaned_data["package"])
        transaction.on_commit(lambda: _send_import(request, record.pk))
        return redirect("anki:import_status", import_id=record.pk)
    recent = AnkiImport.objects.filter(learner=request.user).order_by("-created_at")[:5]
    return render(request, "progress/anki/upload.html", {"form": form, "imports": recent})


def _send_import(request, import_id: int) -> None:
    if not send_import(import_id):
        messages.info(request, _("Your file is saved. Its import will start within the hour."))


@require_GET
@login_required
def import_status(request, import_id: int):
    record = get_object_or_404(AnkiImport, pk=import_id, learner=request.user)
    polling = request.htmx or request.GET.get("poll") == "1"
    template = (
        "progress/anki/includes/import_status.html" if polling else "progress/anki/import.html"
    )
    context = {
        "record": record,
        "error": uploads.learner_message(record.error) if record.error else "",
    }
    return render(request, template, context)
