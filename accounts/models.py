"""Who a learner is: the profile (pen name, language, gloss, time zone, goals,
scheduler settings) and the one-time recovery codes.

Invariants: one LearnerProfile per user, made on first need by
`LearnerProfile.objects.for_user` in the language being used then. Only a
recovery code's hash is kept. Deleting a user deletes both.
"""

from zoneinfo import available_timezones

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name]


def current_ui_language() -> str:
    language = (translation.get_language() or "")[:2]
    return language if language in LearnerProfile.Language.values else settings.LANGUAGE_CODE


class LearnerProfileQuerySet(models.QuerySet):
    def for_user(self, user) -> "LearnerProfile":
        """The user's profile, made on first need in the language being used now."""
        profile, _created = self.get_or_create(
            user=user,
            defaults={
                "display_name": user.get_username()[:60],
                "ui_language": current_ui_language(),
            },
        )
        return profile


class LearnerProfile(models.Model):
    class Gloss(models.TextChoices):
        NORTH = "north", _("North Korean words")
        SOUTH = "south", _("South Korean words")
        BOTH = "both", _("Both")

    class Language(models.TextChoices):
        KOREAN = "ko", "한국어"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("Any name you like. Do not use your real name."),
    )
    gloss_preference = models.CharField(
        _("Korean meanings shown in"), max_length=5, choices=Gloss.choices, default=Gloss.BOTH
    )
    ui_language = models.CharField(
        _("language of the site"), max_length=2, choices=Language.choices, default=Language.KOREAN
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Seoul"
    )
    daily_review_goal = models.PositiveSmallIntegerField(
        _("words to review each day"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("reminder hour"),
        default=19,
        validators=[MaxValueValidator(23)],
        help_text=_("The hour of the day (0 to 23) to remind you of your reviews."),
    )
    desired_retention = models.FloatField(
        _("how much to remember"),
        default=0.9,
        validators=[MinValueValidator(0.8), MaxValueValidator(0.95)],
        help_text=_("Between 0.80 and 0.95. Higher means you remember more but review more often."),
    )
    # The learner's own fitted FSRS parameters; null means the defaults.
    fsrs_parameters = models.JSONField(null=True, blank=True, editable=False)

    objects = LearnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner profile")

    def __str__(self):
        return self.display_name


class RecoveryCode(models.Model):
    """A one-time code that lets a learner without email set a new password.

    Only a hash is stored; `prefix` (the first characters, not secret enough to
    matter alone) finds the row so that checking costs one hash.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    prefix = models.CharField(max_length=4)
    code_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "prefix"])]

    def __str__(self):
        return f"recovery code {self.prefix}… ({'used' if self.used_at else 'unused'})"
