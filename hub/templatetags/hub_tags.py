from django import template

from .. import navigation
from ..models import ResourcePage

register = template.Library()


@register.inclusion_tag("hub/includes/lesson_resources.html")
def resources_for(page):
    """Help for a lesson's topics, chosen by shared tags: three queries in all."""
    # A list, not a subquery: an admin preview holds its tags in memory only.
    tag_ids = [item.tag_id for item in page.tagged_items.all()]
    resources = ResourcePage.objects.for_topics(tag_ids).prefetch_related("opportunities")
    return {"resources": resources}


@register.inclusion_tag("hub/includes/recommendations_slot.html")
def recommended_resources():
    """A slot the learner's recommendations load into, so the home page pays no query."""
    return {}


@register.simple_tag
def hub_navigation():
    """The hub's links for the site's footer: no query on a warm cache."""
    return navigation.hub_links()
