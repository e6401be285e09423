import contextlib

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm

from accounts.adapter import is_site_invite_code, join_code_required
from accounts.request_values import ModelIdChoiceField, PercentField, whole_number
from lessons.models import LessonPage

from .exceptions import InvalidClassroomCode
from .joining import classroom_for_code, join_classroom
from .learner_names import name_for_tutors
from .models import Assignment, Classroom, CoursePage
from .voice_recordings import current_tutors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LearnerChoiceField(ModelIdChoiceField):
    def label_from_instance(self, obj):
        return name_for_tutors(obj)


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name", "next_session_on"]
        widgets = {"next_session_on": DATE}


class CoTutorForm(forms.Form):
    username = forms.CharField(label=_("Co-tutor's user name"), max_length=150)


class JoinCodeForm(forms.Form):
    expires_in_days = forms.IntegerField(
        label=_("Code works for (days)"), min_value=1, max_value=365, required=False
    )
    max_uses = forms.IntegerField(
        label=_("Code works for (learners)"), min_value=1, max_value=1000, required=False
    )


class AssignmentForm(forms.ModelForm):
    def __init__(self, *args, classroom: Classroom, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.classroom = classroom
        self.fields["lesson"].queryset = LessonPage.objects.live().order_by("path")
        self.fields["course"].queryset = CoursePage.objects.live().order_by("path")
        self.fields["learner"] = LearnerChoiceField(
            queryset=get_user_model()
            .objects.filter(
                classroom_memberships__classroom=classroom,
                classroom_memberships__left_at__isnull=True,
            )
            .select_related("learner_profile"),
            required=False,
            label=_("Learner"),
            empty_label=_("The whole classroom"),
        )

    target_retention = PercentField(
        label=_("retention to keep (%)"),
        min_value=50,
        max_value=99,
        initial=85,
        help_text=_("For a keep assignment: the share of its words each learner should recall."),
    )

    class Meta:
        model = Assignment
        fields = ["lesson", "course", "kind", "target_retention", "learner", "starts_on", "due_on"]
        fields += ["note"]
        widgets = {
            "starts_on": DATE,
            "due_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"lesson": _("Lesson"), "course": _("or a whole course")}
        field_classes = {"lesson": ModelIdChoiceField, "course": ModelIdChoiceField}


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment for the learner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JoinClassroomForm(forms.Form):
    code = forms.CharField(
        label=_("Classroom code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class TutorSignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username"]


class LearnerSignupForm(SignupForm):
    join_code = forms.CharField(
        label=_("Join code"),
        max_length=64,
        help_text=_("The code your teacher gave you."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Any name you like; others may see it. Do not use your real name."),
    )
    field_order = ["join_code", "username", "display_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["join_code"].required = join_code_required()
        self.fields["username"].label = _("User name")
        self.fields["username"].help_text = _("You sign in with this name. It need not be real.")
        self.fields["email"].label = _("Email")
        self.fields["email"].help_text = _(
            "Only to get back in if you forget your password. "
            "Without it you get recovery codes instead."
        )
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password again")

    def clean_join_code(self):
        code = self.cleaned_data.get("join_code", "").strip()
        if is_site_invite_code(code) or (not code and not join_code_required()):
            return ""
        try:
            classroom_for_code(code, now=timezone.now())
        except InvalidClassroomCode:
            raise forms.ValidationError(
                _("This join code is not right. Ask your teacher for the code."),
                code="invalid_join_code",
            ) from None
        return code

    def clean_username(self):
        # The join code is checked first (field_order); without a right one,
        # nobody learns which names are taken.
        if self.has_error("join_code"):
            return get_adapter().clean_username(self.cleaned_data["username"], shallow=True)
        return super().clean_username()

    @transaction.atomic
    def save(self, request):
        """The new account, in the classroom whose code it gave (if still open)."""
        user = super().save(request)
        if self.cleaned_data["join_code"]:
            # A code that closed since the form was checked leaves the account outside.
            with contextlib.suppress(InvalidClassroomCode):
                join_classroom(learner=user, code=self.cleaned_data["join_code"])
        return user


class TutorChoices(forms.ModelMultipleChoiceField):
    """Tutors chosen by id, each read by `whole_number` before any query."""

    def _check_values(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        if any(whole_number(str(pk)) is None for pk in values):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super()._check_values(value)

    def label_from_instance(self, obj):
        return obj.get_username()


class SendRecordingForm(forms.Form):
    """A recording the learner sends to tutors chosen among `current_tutors`."""

    text = forms.CharField(max_length=500)
    audio = forms.FileField(required=False)  # said missing in clean_audio, after the size
    tutors = TutorChoices(queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, learner, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutors"].queryset = current_tutors(learner)
        self.too_large = too_large

    def clean_audio(self):
        if self.too_large:
            raise forms.ValidationError(_("This recording is too long. Record a shorter one."))
        if not self.cleaned_data["audio"]:
            raise forms.ValidationError(_("This recording is empty."))
        return self.cleaned_data["audio"]


class WritingCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment for the learner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Made when the form is shown: the same form sent twice keeps one comment.
    key = forms.UUIDField(widget=forms.HiddenInput)
