"""Requests and matches: a learner asks a tutor, the tutor answers; either ends it.

Learner screens (Korean) read only the asking learner's own requests; tutor screens
(English) read `TutorRequest.objects.seen_by`, so a learner who blocked the tutor is
not there. Anyone else's request answers 404. Writes are `courses.matching`'s; a
stale or doubled POST gets a message and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.clock import zone_name
from accounts.exceptions import RateLimited
from accounts.models import LearnerProfile
from progress import placing

from . import directory, matching
from .learner_names import tutor_name_for_learners
from .matching_forms import ConfirmForm, ReportForm, RequestForm
from .models import TutorBlock, TutorProfile, TutorRequest, is_tutor
from .views import tutor_required

Status = TutorRequest.Status


def own_requests(user):
    return TutorRequest.objects.filter(learner=user).select_related("tutor__tutor_profile")


# ---------------------------------------------------------------- learners


@login_required
@require_http_methods(["GET", "POST"])
def tutor_detail(request, profile_id: int):
    profile = get_object_or_404(TutorProfile.objects.open_to(request.user), pk=profile_id)
    mine = LearnerProfile.objects.filter(user=request.user).first()
    form = RequestForm(request.POST or None, initial={"pen_name": default_pen_name(request, mine)})
    if request.method == "POST" and form.is_valid() and sent(request, profile, form):
        messages.success(request, _("Your request is sent. The tutor will answer soon."))
        return redirect("courses:my_tutors")
    found = placing.latest(request.user)
    context = {
        "profile": profile,
        "form": form,
        "level": found.get_level_display() if found else "",
        "zone": zone_name(mine),
        "free_times": directory.tutor_week(profile, zone_name(mine), timezone.now()),
        "open_request": own_requests(request.user).open().filter(tutor=profile.tutor).first(),
    }
    return render(request, "courses/tutoring/matching/tutor_detail.html", context)


def sent(request, profile: TutorProfile, form: RequestForm) -> bool:
    """Send the request; a refusal goes onto the form."""
    try:
        matching.request_tutor(
            learner=request.user, profile=profile, now=timezone.now(), **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
    except RateLimited:
        form.add_error(None, _("You have sent many requests today. Try again tomorrow."))
    else:
        return True
    return False


def default_pen_name(request, profile) -> str:
    name = profile.display_name.strip() if profile else ""
    return "" if name.casefold() == request.user.get_username().casefold() else name


@login_required
def my_tutors(request):
    rows = [(req, tutor_name_for_learners(req.tutor)) for req in own_requests(request.user)]
    context = {
        "waiting": [row for row in rows if row[0].status == Status.PENDING],
        "current": [row for row in rows if row[0].status == Status.ACCEPTED],
        "past": [row for row in rows if row[0].status not in (Status.PENDING, Status.ACCEPTED)],
    }
    return render(request, "courses/tutoring/matching/my_tutors.html", context)


@login_required
def my_tutor(request, request_id: int):
    match = get_object_or_404(own_requests(request.user), pk=request_id)
    return my_tutor_page(request, match, ReportForm())


def my_tutor_page(request, match, report_form, status: int = 200):
    context = {
        "match": match,
        "name": tutor_name_for_learners(match.tutor),
        "blocked": TutorBlock.objects.filter(learner=request.user, tutor=match.tutor).exists(),
        "report_form": report_form,
        "confirm_form": ConfirmForm(auto_id=False),
    }
    return render(request, "courses/tutoring/matching/my_tutor.html", context, status=status)


def answered(request, write, success: str, /, **kwargs) -> bool:
    """Run a write of `courses.matching`; a refusal becomes the message instead."""
    try:
        write(now=timezone.now(), **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def confirmed(request) -> bool:
    if ConfirmForm(request.POST).is_valid():
        return True
    messages.error(request, _("Tick the box to confirm, then press the button again."))
    return False


@login_required
@require_POST
def withdraw_request(request, request_id: int):
    match = get_object_or_404(own_requests(request.user), pk=request_id)
    answered(
        request,
        matching.withdraw_request,
        _("Your request is withdrawn."),
        learner=request.user,
        request=match,
    )
    return redirect("courses:my_tutor", request_id=match.pk)


@login_required
@require_POST
def end_match(request, request_id: int):
    """The learner's and the tutor's button both come here; the URL says which side asks."""
    tutor_side = request.resolver_match.url_name == "tutor_end_match"
    if tutor_side and not is_tutor(request.user):
        raise PermissionDenied
    rows = TutorRequest.objects.seen_by(request.user) if tutor_side else own_requests(request.user)
    match = get_object_or_404(rows, pk=request_id)
    if confirmed(request):
        answered(
            request,
            matching.end_match,
            _("The sessions are ended."),
            by=request.user,
            request=match,
        )
    if tutor_side:
        return redirect("courses:tutor_requests")
    return redirect("courses:my_tutor", request_id=match.pk)


@login_required
@require_POST
def block_tutor(request, request_id: int):
    match = get_object_or_404(own_requests(request.user), pk=request_id)
    if confirmed(request):
        matching.block_tutor(learner=request.user, tutor=match.tutor, now=timezone.now())
        messages.success(request, _("The tutor is blocked. They will not see you again."))
    return redirect("courses:my_tutor", request_id=match.pk)


@login_required
@require_POST
def report_tutor(request, request_id: int):
    match = get_object_or_404(own_requests(request.user), pk=request_id)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            matching.report_tutor(
                learner=request.user, tutor=match.tutor, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        except RateLimited:
            form.add_error(None, _("You have sent many reports today. Try again tomorrow."))
        else:
            messages.success(request, _("Your report is sent. The editors will read it."))
            return redirect("courses:my_tutor", request_id=match.pk)
    return my_tutor_page(request, match, form, status=400)


# ---------------------------------------------------------------- tutors


@tutor_required
def tutor_requests(request):
    seen = TutorRequest.objects.seen_by(request.user)
    context = {
        "waiting": seen.filter(status=Status.PENDING).order_by("created_at", "pk"),
        "current": seen.filter(status=Status.ACCEPTED).select_related("classroom"),
        "confirm_form": ConfirmForm(auto_id=False),
    }
    return render(request, "courses/tutoring/matching/tutor_requests.html", context)


@tutor_required
@require_POST
def accept_request(request, request_id: int):
    match = get_object_or_404(TutorRequest.objects.seen_by(request.user), pk=request_id)
    answered(
        request,
        matching.accept_request,
        _("Request accepted: a one-to-one classroom is open for you both."),
        tutor=request.user,
        request=match,
    )
    return redirect("courses:tutor_requests")


@tutor_required
@require_POST
def decline_request(request, request_id: int):
    match = get_object_or_404(TutorRequest.objects.seen_by(request.user), pk=request_id)
    answered(
        request,
        matching.decline_request,
        _("Request declined. The learner is told kindly."),
        tutor=request.user,
        request=match,
    )
    return redirect("courses:tutor_requests")
