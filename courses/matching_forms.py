"""Forms of requests and matches: what a learner sends a tutor, a report, and the
tick that confirms ending or blocking. Their limits repeat those of `courses.matching`,
which checks them again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .matching import MESSAGE_MAX, PEN_NAME_MAX, REPORT_MAX
from .models import TutorReport


class RequestForm(forms.Form):
    pen_name = forms.CharField(
        label=_("Pen name"),
        max_length=PEN_NAME_MAX,
        required=False,
        help_text=_("The tutor sees this name, never your username."),
    )
    message = forms.CharField(
        label=_("What you want to say"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words about what you want to learn. No phone number or address."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for the report"), choices=TutorReport.Reason.choices)
    text = forms.CharField(
        label=_("What happened"),
        max_length=REPORT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    block = forms.BooleanField(label=_("Also block this tutor"), required=False)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I am sure"))
