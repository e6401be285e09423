"""Every page a signed-in person sees is theirs: no browser or proxy may store it,
and signing out leaves nothing of them on the phone.

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


class ClearSiteDataOnSignOutMiddleware:
    """A POST that signs a person out (or deletes the account, or puts another person
    in their place) answers with `Clear-Site-Data: "cache", "storage"`: the browser
    then drops this site's HTTP cache, Cache Storage, IndexedDB, web storage and
    service worker, so a shared phone keeps nothing of theirs, with or without
    JavaScript (cms/static/cms/wipe.js wipes first where it runs). Only such a POST:
    the header on every page would wipe the offline lessons the learner keeps.
    """

    HEADER = '"cache", "storage"'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        before = self.person(request) if request.method == "POST" else None
        response = self.get_response(request)
        if before is not None and self.person(request) != before:
            response["Clear-Site-Data"] = self.HEADER
        return response

    @staticmethod
    def person(request):
        user = getattr(request, "user", None)
        return user.pk if user is not None and user.is_authenticated else None
