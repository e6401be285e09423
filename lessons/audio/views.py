from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.request_values import has_nul

from . import engine, playing, serving
from .models import AUDIO_FOLDER, SpokenText


@require_GET
@cache_control(max_age=300)
def spoken_audio(request):
    """Redirect to the MP3 of ?text= (slow with ?speed=slow); 404 while it has none.

    Public: it tells only whether a curriculum text has been rendered.
    """
    text = request.GET.get("text", "")
    if not text.strip() or len(text) > engine.MAX_TEXT_LENGTH or has_nul(text):
        return HttpResponseBadRequest("Give the text to speak, at most 500 characters.")
    url = playing.audio_url(text, slow=request.GET.get("speed") == "slow")
    if url is None:
        raise Http404("This text has no audio yet.")
    return redirect(url)


@require_GET
@cache_control(max_age=60 * 60 * 24 * 365, immutable=True)
def spoken_file(request, name: str):
    """The MP3 of one rendering, read from storage. Its name is its key, so the file
    at this address never changes. Public, as the lessons that speak it are."""
    spoken = SpokenText.objects.filter(audio=f"{AUDIO_FOLDER}/{name}").first()
    if spoken is None:
        raise Http404("No such audio file.")
    return serving.stored_file_response(
        request, spoken.audio.storage, spoken.audio.name, "audio/mpeg"
    )
