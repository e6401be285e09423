from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from . import listening
from .audio import playing
from .models import LessonPage, WordPair

AUTHOR_PERMISSIONS = ("lessons.add_vocabularyitem", "lessons.change_vocabularyitem")


@require_GET
def north_forms(request):
    """The North Korean forms of ?south=<South Korean form>, for vocabulary authors."""
    if not any(request.user.has_perm(permission) for permission in AUTHOR_PERMISSIONS):
        raise PermissionDenied
    south = request.GET.get("south", "").strip()
    return JsonResponse({"south": south, "north": WordPair.objects.north_forms_for(south)})


def heard_text_or_404(page_id: int, block_id: str) -> str:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    for block in lesson.exercise_blocks():
        if block.id == block_id and (text := listening.heard_text(block)):
            return text
    raise Http404("No such listening exercise in this lesson.")


@require_GET
def exercise_listening(request, page_id: int, block_id: str):
    """What a listening exercise plays: a redirect to its audio file (`?speed=slow`
    for the slow one), or with `?text` the text for the browser to speak, only while
    there is no file."""
    text = heard_text_or_404(page_id, block_id)
    if "text" in request.GET:
        if playing.audio_url(text) is not None:
            raise Http404("This exercise plays its audio file.")
        return JsonResponse({"text": text})
    speed = request.GET.get("speed", "normal")
    url = playing.audio_url(text, slow=speed == "slow") if speed in listening.SPEEDS else None
    if url is None:
        raise Http404("This exercise has no audio at this speed yet.")
    response = redirect(url)
    patch_cache_control(response, max_age=300)
    return response
