"""Forms of one-to-one sessions: a proposal (a start chosen from the tutor's free
times shown in the viewer's zone, a length, the tutor's video link), the video link
alone and the tutor's notes. `courses.booking` checks the rules again on save."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .booking import MAX_LINK, MAX_NOTES
from .session_times import LENGTHS

START_FORMAT = "%Y-%m-%dT%H:%MZ"


class StartField(forms.ChoiceField):
    """A UTC start; the choices are offered, any well-formed time is passed on so
    that booking can say why a time is refused."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return datetime.strptime(str(value), START_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise forms.ValidationError(_("Choose a start time from the list.")) from None

    def validate(self, value):
        if value is None:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def start_label(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return date_format(local, "Y-m-d (D) H:i")


class ProposeForm(forms.Form):
    starts_at = StartField(label=_("Start (your time zone)"))
    minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        initial=60,
    )
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=MAX_LINK,
        required=False,
        assume_scheme="https",
        help_text=_("A meeting address that starts with https://"),
    )

    def __init__(self, *args, starts: list[datetime], zone: str, by_tutor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].choices = [
            (n, ngettext("%(minutes)s minute", "%(minutes)s minutes", n) % {"minutes": n})
            for n in LENGTHS
        ]
        self.fields["starts_at"].choices = [
            (moment.strftime(START_FORMAT), start_label(moment, zone)) for moment in starts
        ]
        if not by_tutor:
            del self.fields["video_link"]


class VideoLinkForm(forms.Form):
    video_link = forms.URLField(
        label=_("Video link"), max_length=MAX_LINK, required=False, assume_scheme="https"
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes after the session"),
        max_length=MAX_NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
