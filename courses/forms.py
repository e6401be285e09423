from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from lessons.models import LessonPage

from .models import Assignment, Classroom, CoursePage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LearnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        profile = getattr(obj, "learner_profile", None)
        return profile.display_name if profile else obj.get_username()


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

    class Meta:
        model = Assignment
        fields = ["lesson", "course", "kind", "target_retention", "learner", "starts_on", "due_on"]
        fields += ["note"]
        widgets = {
            "starts_on": DATE,
            "due_on": DATE,
            "target_retention": forms.NumberInput(attrs={"step": "0.01"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"lesson": _("Lesson"), "course": _("or a whole course")}


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
