"""Voice recordings: the learner sends one to tutors, lists and deletes theirs;
tutors list and hear what their current learners sent them. The audio is served
here, to its learner and the tutors who may hear it (404 to anyone else), never
from a public media URL."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accounts.exceptions import RateLimited
from lessons.audio.serving import stored_file_response
from progress.anki.upload_handler import CappedUploadHandler

from . import voice_recordings
from .forms import SendRecordingForm
from .learner_names import name_for_tutors
from .models import VoiceRecording
from .views import tutor_required

TUTOR_LIST_LENGTH = 200  # the newest; older ones are rarely listened to again


@csrf_exempt  # checked in _send, once the capped handler is in place
@require_POST
@login_required
def send_recording(request):
    cap = CappedUploadHandler(request, limit=settings.VOICE_RECORDING_MAX_BYTES)
    request.upload_handlers.insert(0, cap)
    return _send(request, cap)


@csrf_protect
def _send(request, cap: CappedUploadHandler):
    form = SendRecordingForm(
        request.POST, request.FILES, learner=request.user, too_large=cap.refused
    )
    if not form.is_valid():
        return _answer(next(iter(form.errors.values()))[0], status=400)
    try:
        voice_recordings.send_recording(
            learner=request.user,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["audio"],
            tutors=list(form.cleaned_data["tutors"]),
        )
    except ValidationError as error:
        return _answer(error.messages[0], status=400)
    except RateLimited:
        return _answer(_("You have sent as many recordings as one day allows."), status=429)
    return _answer(_("Sent. Your tutor can listen to it now."), status=201)


def _answer(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"message": str(message)}, status=status)


@require_GET
@login_required
def recording_audio(request, pk: int):
    recording = get_object_or_404(VoiceRecording.objects.audible_to(request.user), pk=pk)
    audio = recording.audio
    return stored_file_response(request, audio.storage, audio.name, recording.content_type)


@require_GET
@login_required
def my_recordings(request):
    recordings = VoiceRecording.objects.filter(learner=request.user).prefetch_related("tutors")
    return render(request, "courses/learner/recordings.html", {"recordings": recordings})


@require_POST
@login_required
def delete_recording(request, pk: int):
    recording = get_object_or_404(VoiceRecording, pk=pk, learner=request.user)
    voice_recordings.delete_recording(recording=recording)
    messages.success(request, _("The recording is deleted."))
    return redirect("courses:my_recordings")


@tutor_required
def tutor_recordings(request):
    recordings = VoiceRecording.objects.heard_by(request.user).select_related(
        "learner__learner_profile"
    )[:TUTOR_LIST_LENGTH]
    rows = [(recording, name_for_tutors(recording.learner)) for recording in recordings]
    return render(request, "courses/tutor/recordings.html", {"rows": rows})
