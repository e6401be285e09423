"""Tutor profiles: the tutor writes one (English), learners browse the approved ones
(Korean). The tutor's screens answer 403 to non-tutors; the directory asks visitors
to sign in, and never shows a tutor the learner blocked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import LearnerProfile

from . import directory as tutor_directory
from . import profiling
from .profile_forms import DirectoryFilterForm, ProfileForm, initial_values
from .tutor_profiles import TutorProfile
from .views import tutor_required

PROFILE_TEMPLATE = "courses/tutoring/profile/edit.html"
DIRECTORY_TEMPLATE = "courses/tutoring/profile/directory.html"


@tutor_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile = TutorProfile.objects.filter(tutor=request.user).first()
    form = ProfileForm(request.POST or None, initial=initial_values(request.user, profile))
    if request.method == "POST" and form.is_valid():
        try:
            profiling.save_profile(tutor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your profile is saved. Learners see it once an editor approves it.")
            )
            return redirect("courses:tutor_profile")
    context = {"form": form, "profile": profile, "review": profiling.review_of(profile)}
    return render(request, PROFILE_TEMPLATE, context)


@tutor_required
@require_POST
def hide_profile(request):
    if profiling.hide_profile(tutor=request.user) is not None:
        messages.success(request, _("Your profile is no longer listed. Save it to send it again."))
    return redirect("courses:tutor_profile")


@login_required
@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    wanted = tutor_directory.Wanted()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        wanted = tutor_directory.Wanted(data["help"], data["language"], data["free_times"])
    zone = LearnerProfile.objects.for_user(request.user).time_zone
    cards = tutor_directory.cards(
        TutorProfile.objects.open_to(request.user),
        wanted=wanted,
        reader_zone=zone,
        start=timezone.now(),
    )
    context = {"form": form, "cards": cards, "time_zone": zone, "filtered": bool(wanted.free_slots)}
    return render(request, DIRECTORY_TEMPLATE, context)
