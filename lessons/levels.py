"""The CEFR levels a lesson or a learner may have, lowest first."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CefrLevel(models.TextChoices):
    # Pre-A1, for adults who cannot yet read English letters (two characters, as the others).
    A0 = "A0", _("Pre-A1")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


CEFR_ORDER = list(CefrLevel.values)


def levels_up_to(level: str) -> list[str]:
    return CEFR_ORDER[: CEFR_ORDER.index(level) + 1]
