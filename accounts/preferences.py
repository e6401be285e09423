"""A signed-in learner's display preferences, kept in the session.

The profile is read once per session (and written back when the learner saves
settings) so that pages do not pay a query for the language and gloss choice.
Users without a learner profile (tutors, editors) keep the language that
LocaleMiddleware chose.
"""

from .models import LearnerProfile

SESSION_KEY = "progress:preferences"
DEFAULT = {"language": None, "gloss": LearnerProfile.Gloss.BOTH.value}


def remember(session, profile: LearnerProfile) -> dict:
    prefs = {"language": profile.ui_language, "gloss": profile.gloss_preference}
    session[SESSION_KEY] = prefs
    return prefs


def preferences(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return DEFAULT
    prefs = request.session.get(SESSION_KEY)
    if prefs is None:
        profile = LearnerProfile.objects.filter(user=user).first()
        prefs = remember(request.session, profile) if profile else DEFAULT
        if profile is None:
            request.session[SESSION_KEY] = prefs
    return prefs
