"""A sitting of the placement test: the model. `progress.placing` writes it, and
`progress.placement` is the estimate it keeps."""

from django.conf import settings
from django.db import models

from lessons.models import CefrLevel


class PlacementTestQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(finished_at__isnull=False)


class PlacementTest(models.Model):
    """One sitting of the placement test (progress.placing). Only what the estimate
    needs is kept: which items were asked and whether each was answered right, never
    the option chosen; a retake is a new sitting, the latest finished one counts."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="placement_tests"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=list)  # [[item id, right], …] in the order asked
    asking = models.CharField(max_length=80, blank=True)  # the item shown now
    level = models.CharField(max_length=2, blank=True, choices=CefrLevel.choices)
    ability = models.FloatField(null=True, blank=True)  # logits (progress.placement)
    standard_error = models.FloatField(null=True, blank=True)
    confidence = models.FloatField(null=True, blank=True)  # the level's share of the posterior
    lesson = models.ForeignKey(  # the lesson recommended to start from
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlacementTestQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["learner", "-started_at"], name="progress_placement_idx")]

    def __str__(self):
        return f"placement {self.pk} of {self.learner_id} ({self.level or 'unfinished'})"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
