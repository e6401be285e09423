from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.request_values import WholeNumberField

from .regions import LANGUAGE_CHOICES, REGION_CHOICES, ResourceKind

ANY = [("", _("Any"))]
# Caps on submitted text (characters), far above any real entry: a description is
# a paragraph, a story a few pages.
DESCRIPTION_LENGTH = 2_000
STORY_LENGTH = 20_000
FEEDBACK_LENGTH = 5_000
LIMIT_REACHED = _("You have sent as many as one day allows. Please try again tomorrow.")


class ResourceFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + ResourceKind.choices, required=False)
    region = forms.ChoiceField(label=_("Region"), choices=ANY + REGION_CHOICES, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=ANY + LANGUAGE_CHOICES, required=False
    )

    def apply(self, resources):
        """Narrow `resources` by the valid filters; an invalid form filters nothing."""
        if not self.is_bound or not self.is_valid():
            return resources
        data = self.cleaned_data
        if data["kind"]:
            resources = resources.filter(kind=data["kind"])
        if data["region"]:
            resources = resources.filter(regions__code=data["region"])
        if data["language"]:
            resources = resources.filter(languages__code=data["language"])
        return resources


class ProposalForm(forms.Form):
    name = forms.CharField(label=_("Organisation name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    regions = forms.MultipleChoiceField(
        label=_("Regions served"), choices=REGION_CHOICES, widget=forms.SelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    description_ko = forms.CharField(
        label=_("What they do (Korean)"), max_length=DESCRIPTION_LENGTH, widget=forms.Textarea
    )
    description_en = forms.CharField(
        label=_("What they do (English)"),
        max_length=DESCRIPTION_LENGTH,
        widget=forms.Textarea,
        required=False,
    )


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Your story"), max_length=STORY_LENGTH, widget=forms.Textarea(attrs={"rows": 16})
    )


class SubmitStoryForm(forms.Form):
    pen_name = forms.CharField(
        label=_("Pen name"),
        max_length=60,
        help_text=_("Readers see only this name. Do not use your real name or username."),
    )
    details_removed = forms.BooleanField(
        label=_("I removed names, places and dates that could identify me or my family."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Feedback"), max_length=FEEDBACK_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )


class RecommendForm(forms.Form):
    learner = WholeNumberField(label=_("Learner"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
