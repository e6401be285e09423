from django.utils import translation

from .preferences import preferences

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class LearnerLanguageMiddleware:
    """Switch to the learner's chosen language (after LocaleMiddleware and auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN_PREFIXES):
            language = preferences(request)["language"]
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
