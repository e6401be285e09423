"""Every page a signed-in person sees is theirs: no browser or proxy may store it.

Learners share phones and have them inspected, so the one rule is broad on
purpose: a response to a signed-in request gets `Cache-Control: no-store,
private`, whatever the page (lessons show progress, every header shows the pen
name). Pages for visitors keep whatever caching their views chose.
"""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
