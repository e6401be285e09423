"""Where the hub lives, for the links every page shows: the URLs of the live
resource directory and story collection, or None for one that is absent, not
live or private.

The pages are found by type, not by URL, because editors may move or rename
them. Every page renders these links, so the answer is cached, and dropped
when any page is published, unpublished or moved, or when one of the two
pages, a view restriction or a site is saved or deleted; a warm cache costs
no query. Receivers only see changes made in processes that have
connected them, so the cache also expires after ten minutes.
"""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ResourceIndexPage, StoryIndexPage

CACHE_KEY = "hub-navigation"
CACHE_SECONDS = 10 * 60
INDEX_PAGES = {"resources": ResourceIndexPage, "stories": StoryIndexPage}


def hub_links() -> dict[str, str | None]:
    """{"resources": url or None, "stories": url or None}."""
    links = cache.get(CACHE_KEY)
    if links is None:
        links = find_hub_links()
        cache.set(CACHE_KEY, links, CACHE_SECONDS)
    return links


def find_hub_links() -> dict[str, str | None]:
    content_types = ContentType.objects.get_for_models(*INDEX_PAGES.values())
    names = {content_types[model].pk: name for name, model in INDEX_PAGES.items()}
    pages = Page.objects.live().public().filter(content_type__in=names).order_by("path")
    links = dict.fromkeys(INDEX_PAGES)
    for page in pages:
        # Each type allows one page; should there be more, the first in the tree wins.
        if links[names[page.content_type_id]] is None:
            links[names[page.content_type_id]] = page.get_url()
    return links


def forget_hub_links(**kwargs) -> None:
    cache.delete(CACHE_KEY)
    # A request that read the pages before the change committed may cache them again.
    transaction.on_commit(partial(cache.delete, CACHE_KEY))


def connect_receivers() -> None:
    """Drop the cached links on every change that can move, hide or show the pages.

    Publishing or moving any page counts, since an ancestor's slug is part of
    the URL; dropping a cache key is cheap and pages are rarely published.
    """
    page_signals = {"published": page_published, "unpublished": page_unpublished}
    page_signals["moved"] = post_page_move
    for name, signal in page_signals.items():
        signal.connect(forget_hub_links, dispatch_uid=f"hub-navigation-page-{name}")
    for model in (*INDEX_PAGES.values(), PageViewRestriction, Site):
        for name, signal in {"saved": post_save, "deleted": post_delete}.items():
            uid = f"hub-navigation-{model._meta.label_lower}-{name}"
            signal.connect(forget_hub_links, sender=model, dispatch_uid=uid)
