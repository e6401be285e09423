"""The names people see of each other: the one rule for the name a tutor sees for
a learner, and for the name a learner sees for a tutor.

A tutor sees the learner's display name (a pen name the learner chose), or
"Learner N" when there is none, it is blank, or it is the sign-in user name
(profiles start with the user name as their display name). The user name
itself is never shown to a tutor: with the password it opens the account, and
it is often a learner's real name.
"""

from django.utils.translation import gettext as _


def name_for_tutors(learner) -> str:
    """What tutors call `learner` (a user; its `learner_profile` loaded if it has one)."""
    profile = getattr(learner, "learner_profile", None)
    chosen = profile.display_name.strip() if profile else ""
    if not chosen or chosen.casefold() == learner.get_username().casefold():
        return _("Learner %(number)d") % {"number": learner.pk}
    return chosen


def tutor_name_for_learners(tutor) -> str:
    """What learners call `tutor` (a user; its `tutor_profile` loaded if it has one):
    the profile's display name, never the user name."""
    profile = getattr(tutor, "tutor_profile", None)
    return profile.display_name if profile else _("your tutor")
