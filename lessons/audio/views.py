from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.request_values import has_nul

from . import engine, playing


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
