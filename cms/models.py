from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    title_ko = models.CharField(_("title (Korean)"), max_length=255, blank=True)
    intro = RichTextField(blank=True)
    intro_ko = RichTextField(_("introduction (Korean)"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("title_ko"),
        FieldPanel("intro"),
        FieldPanel("intro_ko"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            from progress.selectors import learner_home

            context["learner_home"] = learner_home(request.user, now=timezone.now())
        return context


class Heartbeat(models.Model):
    """The last time a periodic task ran; /healthz reads it."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.last_run_at:%Y-%m-%d %H:%M:%S}"

    def age(self, now) -> float:
        return (now - self.last_run_at).total_seconds()

    @classmethod
    def beat(cls, name: str, *, now=None) -> "Heartbeat":
        heartbeat, _created = cls.objects.update_or_create(
            name=name, defaults={"last_run_at": now or timezone.now()}
        )
        return heartbeat
