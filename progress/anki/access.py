"""Which lessons a deck may hold: Wagtail's page view restrictions, read once.

A lesson's words go into a deck only when every view restriction on the lesson
or on a page above it (a password, a sign-in, groups) is one the request passes,
as Wagtail decides it (`PageViewRestriction.accept_request`). The restrictions a
request passes are reduced to their ids, so a worker building a deck later in
the background applies the same decision without the request.
"""

from collections.abc import Collection, Iterable

from wagtail.models import PageViewRestriction


def passed_restrictions(request) -> list[int]:
    """The ids of the view restrictions this request passes."""
    return sorted(r.pk for r in PageViewRestriction.objects.all() if r.accept_request(request))


def closed_paths(passed: Collection[int]) -> list[str]:
    """The tree paths of pages behind a restriction not passed; their descendants too."""
    restrictions = PageViewRestriction.objects.exclude(pk__in=list(passed))
    return list(restrictions.values_list("page__path", flat=True))


def is_open(path: str, closed: Iterable[str]) -> bool:
    return not any(path.startswith(prefix) for prefix in closed)


def open_pages(pages, passed: Collection[int]) -> list:
    closed = closed_paths(passed)
    return [page for page in pages if is_open(page.path, closed)]
