"""Who hears about the site's work: the addresses of the people in staff groups.

One rule for every message to editors (stale help entries, reports about tutors):
active members of the groups who gave an address, each address once.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

EDITORS = "Editors"
MODERATORS = "Moderators"


def addresses_of(groups: Iterable[str]) -> list[str]:
    """The e-mail addresses of active members of `groups`, each once, in a fixed order."""
    members = get_user_model().objects.filter(groups__name__in=list(groups), is_active=True)
    return list(
        members.exclude(email="").order_by("email").values_list("email", flat=True).distinct()
    )
