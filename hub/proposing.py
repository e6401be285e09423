"""Proposals: anyone signed in suggests an organisation. It becomes a draft
ResourcePage (never live) submitted to the page's moderation workflow; it reaches
readers only when an editor verifies it (sets `last_verified`) and publishes it."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from accounts.ratelimit import ActionLimit, action_limit

from .models import Language, Region, ResourceIndexPage, ResourcePage


def proposal_limit(user) -> ActionLimit:
    return action_limit("hub-proposal", user_id=user.pk, limit=settings.HUB_PROPOSALS_PER_DAY)


@transaction.atomic
def propose_resource(*, index: ResourceIndexPage, user, data: dict) -> ResourcePage:
    """Raises `RateLimited` once the user has proposed HUB_PROPOSALS_PER_DAY today."""
    limit = proposal_limit(user)
    limit.check()
    page = ResourcePage(
        title=data["name"],
        # Two people may propose the same organisation; editors merge them.
        slug=f"{slugify(data['name'], allow_unicode=True)[:50]}-{secrets.token_hex(3)}",
        kind=data["kind"],
        website=data.get("website", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        description_ko=data["description_ko"],
        description_en=data.get("description_en", ""),
        proposed_by=user,
        live=False,
    )
    page.regions = list(Region.objects.filter(code__in=data["regions"]))
    page.languages = list(Language.objects.filter(code__in=data["languages"]))
    index.add_child(instance=page)
    page.save_revision(user=user, clean=False)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    limit.use()
    return page
