"""Where the course map lives, for the header link every learner page shows: the
URL of the first live course index in the tree, or "" when there is none.

The page is found by type, not by URL, because editors may move or rename it.
The answer is cached, so a warm cache costs no query, and dropped when any page
is published, unpublished or moved, or a course index or a site is saved or
deleted. Receivers
only see changes made in processes that have connected them, so the cache also
expires after ten minutes.
"""

from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import CourseIndexPage

CACHE_KEY = "course-map-url"
CACHE_SECONDS = 10 * 60


def course_map_url() -> str:
    found = cache.get(CACHE_KEY)
    if found is None:
        index = CourseIndexPage.objects.live().order_by("path").first()
        found = (index.get_url() or "") if index else ""
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget_course_map_url(**kwargs) -> None:
    cache.delete(CACHE_KEY)
    # A request that read the page before the change committed may cache it again.
    transaction.on_commit(partial(cache.delete, CACHE_KEY))


def connect_receivers() -> None:
    signals = {"published": page_published, "unpublished": page_unpublished}
    signals["moved"] = post_page_move
    for name, signal in signals.items():
        signal.connect(forget_course_map_url, dispatch_uid=f"course-map-page-{name}")
    for model in (CourseIndexPage, Site):
        for name, signal in {"saved": post_save, "deleted": post_delete}.items():
            uid = f"course-map-{model._meta.label_lower}-{name}"
            signal.connect(forget_course_map_url, sender=model, dispatch_uid=uid)
