"""Forms of tutor profiles: the tutor's own form, the editors' form in Wagtail, and
the learners' directory filters. Weekly times are typed as lines ("Mon 19:00-21:00")
and read by `courses.availability`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from accounts.models import LearnerProfile, time_zone_choices

from . import availability
from .profiling import INTRODUCTION_LENGTH, MOST_LEARNERS, NAME_LENGTH
from .tutor_profiles import TutorHelp, TutorLanguage, TutorProfile

LINES_LENGTH = 2000
ANY = [("", _("Any"))]


class AvailabilityField(forms.CharField):
    """Weekly slots typed as lines; cleans to the JSON list the profile stores."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs):
        super().__init__(max_length=LINES_LENGTH, **kwargs)

    def prepare_value(self, value):
        return availability.formatted(value) if isinstance(value, list) else value

    def clean(self, value):
        text = super().clean(value)
        try:
            return [list(slot) for slot in availability.parse(text)]
        except availability.AvailabilityError as error:
            raise forms.ValidationError(str(error)) from error


def checkboxes(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple
    )


class ProfileForm(forms.Form):
    """The tutor's form; `courses.profiling.save_profile` checks it all again."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=NAME_LENGTH,
        help_text=_("Any name you like; it need not be your real name."),
    )
    languages = checkboxes(_("Languages you speak"), TutorLanguage.choices)
    helps_with = checkboxes(_("What you help with"), TutorHelp.choices)
    availability = forms.CharField(
        label=_("When you are free each week"),
        max_length=LINES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One time a line, in your time zone, like “Mon 19:00-21:00”."),
    )
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=time_zone_choices)
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=INTRODUCTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who you are and how you teach. Do not give contact details."),
    )
    capacity = forms.IntegerField(
        label=_("Learners you can take"), min_value=1, max_value=MOST_LEARNERS
    )


def initial_values(tutor, profile: TutorProfile | None) -> dict:
    """The form's values: the latest version of the profile, or the tutor's zone."""
    if profile is None:
        return {"time_zone": LearnerProfile.objects.for_user(tutor).time_zone, "capacity": 3}
    latest = profile.get_latest_revision_as_object()
    values = {name: getattr(latest, name) for name in ProfileForm.base_fields}
    values["availability"] = availability.formatted(latest.availability)
    return values


class TutorProfileAdminForm(WagtailAdminModelForm):
    """What editors read and may correct: every field a learner will see."""

    languages = checkboxes(_("languages"), TutorLanguage.choices)
    helps_with = checkboxes(_("helps with"), TutorHelp.choices)
    availability = AvailabilityField(
        label=_("weekly availability"),
        help_text=_("In the profile's time zone, one time a line."),
    )


class DirectoryFilterForm(forms.Form):
    help = forms.ChoiceField(label=_("Help with"), choices=ANY + TutorHelp.choices, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=ANY + TutorLanguage.choices, required=False
    )
    free_times = AvailabilityField(
        label=_("When I am free"),
        required=False,
        help_text=_("In your time zone, one time a line, like “Mon 19:00-21:00”. It is not saved."),
    )
