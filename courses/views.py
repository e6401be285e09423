"""Tutor and learner screens for classrooms. Tutor views answer 403 to non-tutors
and 404 for classrooms the tutor does not teach; every learner they show passes
through `Classroom.objects.visible_to` and the learner's current membership."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.request_values import whole_number
from progress.models import LessonProgress, Notification
from progress.templatetags.review_tags import SHOWN_NOTIFICATIONS

from . import assigning, classrooms, commenting, dashboard, grid_export, invites, joining
from .behind import behind_learners
from .charts import classroom_charts
from .exceptions import InvalidClassroomCode, InvalidTutorInvite
from .forms import (
    AssignmentForm,
    ClassroomForm,
    CommentForm,
    CoTutorForm,
    JoinClassroomForm,
    JoinCodeForm,
    TutorSignupForm,
)
from .models import Assignment, Classroom, Membership, TutorComment, TutorRequest, is_tutor
from .spreadsheet import csv_response


def tutor_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_tutor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def classroom_or_404(request, pk: int) -> Classroom:
    # The tutor's profile comes along: the dashboard dates the next session in their zone.
    rooms = Classroom.objects.visible_to(request.user).select_related("tutor__learner_profile")
    return get_object_or_404(rooms, pk=pk)


def membership_or_404(classroom: Classroom, learner_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.current().select_related("learner__learner_profile"),
        classroom=classroom,
        learner_id=learner_id,
    )


# ---------------------------------------------------------------- tutors


@tutor_required
@require_http_methods(["GET", "POST"])
def tutor_home(request):
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = classrooms.create_classroom(tutor=request.user, **form.cleaned_data)
        messages.success(request, _("The classroom is made. Give learners its join code."))
        return redirect("courses:classroom", pk=classroom.pk)
    rooms = Classroom.objects.visible_to(request.user).select_related("tutor")
    pending = TutorRequest.objects.seen_by(request.user).filter(status=TutorRequest.Status.PENDING)
    # Unread messages (session reminders, the daily digest), as the learner home shows them.
    notices = Notification.objects.filter(learner=request.user, read_at__isnull=True)
    context = {"classrooms": rooms, "form": form, "pending_requests": pending.count()}
    context["notices"] = list(notices[:SHOWN_NOTIFICATIONS])
    return render(request, "courses/tutor/home.html", context)


@tutor_required
def classroom(request, pk: int):
    room = classroom_or_404(request, pk)
    sort = "name" if request.GET.get("sort") == "name" else "attention"
    board = dashboard.classroom_dashboard(room, now=timezone.now(), sort=sort)
    context = {"board": board, "sort": sort, "code_form": JoinCodeForm()}
    context.update(classroom_charts(room, now=timezone.now()))
    if room.tutor_id == request.user.pk:
        context["settings_form"] = ClassroomForm(instance=room)
        context["co_tutor_form"] = CoTutorForm()
        context["co_tutors"] = room.co_tutors.all()
    return render(request, "courses/tutor/classroom.html", context)


def owned_classroom_or_404(request, pk: int) -> Classroom:
    """The classroom, for its own tutor only: co-tutors see it but do not manage it."""
    room = classroom_or_404(request, pk)
    if room.tutor_id != request.user.pk:
        raise PermissionDenied
    return room


@tutor_required
@require_POST
def classroom_settings(request, pk: int):
    room = owned_classroom_or_404(request, pk)
    form = ClassroomForm(request.POST, instance=room)
    if form.is_valid():
        classrooms.update_classroom(classroom=room, **form.cleaned_data)
        messages.success(request, _("The classroom is saved."))
    else:
        messages.error(request, _("The classroom was not saved: check the name and the date."))
    return redirect("courses:classroom", pk=room.pk)


@tutor_required
@require_POST
def co_tutors(request, pk: int):
    room = owned_classroom_or_404(request, pk)
    form = CoTutorForm(request.POST)
    try:
        if "remove" in request.POST:
            # An id that is not a whole number names nobody, so nobody is removed.
            user_id = whole_number(request.POST["remove"]) or 0
            classrooms.remove_co_tutor(classroom=room, user_id=user_id)
            messages.success(request, _("The co-tutor is removed from the classroom."))
        elif form.is_valid():
            classrooms.add_co_tutor(classroom=room, username=form.cleaned_data["username"])
            messages.success(request, _("The co-tutor is added; they now see the classroom."))
        else:
            raise ValidationError(form.errors)
    except (ValidationError, ValueError):
        messages.error(request, _("There is no tutor with this user name."))
    return redirect("courses:classroom", pk=room.pk)


@tutor_required
def classroom_csv(request, pk: int):
    room = classroom_or_404(request, pk)
    board = dashboard.classroom_dashboard(room, now=timezone.now(), sort="name")
    return csv_response(filename=f"classroom-{room.pk}.csv", rows=grid_export.grid_table(board))


def taught_classrooms(request) -> list[Classroom]:
    return list(Classroom.objects.visible_to(request.user).select_related("tutor__learner_profile"))


@tutor_required
def behind(request):
    rooms = taught_classrooms(request)
    learners = behind_learners(rooms, now=timezone.now())
    context = {"learners": learners, "has_classrooms": bool(rooms)}
    return render(request, "courses/tutor/behind.html", context)


@tutor_required
def behind_csv(request):
    learners = behind_learners(taught_classrooms(request), now=timezone.now())
    return csv_response(filename="behind.csv", rows=grid_export.behind_table(learners))


@tutor_required
def session_prep(request, pk: int):
    room = classroom_or_404(request, pk)
    board = dashboard.classroom_dashboard(room, now=timezone.now())
    return render(request, "courses/tutor/session_prep.html", {"board": board})


@tutor_required
@require_POST
def rotate_code(request, pk: int):
    room = classroom_or_404(request, pk)
    form = JoinCodeForm(request.POST)
    if form.is_valid():
        days = form.cleaned_data["expires_in_days"]
        expires = timezone.now() + timedelta(days=days) if days else None
        classrooms.rotate_join_code(
            classroom=room, expires_at=expires, max_uses=form.cleaned_data["max_uses"]
        )
        messages.success(request, _("The classroom has a new join code."))
    else:
        messages.error(
            request, _("The join code was not replaced: check the days and the number of learners.")
        )
    return redirect("courses:classroom", pk=room.pk)


@tutor_required
@require_http_methods(["GET", "POST"])
def assignment_form(request, pk: int, assignment_id: int | None = None):
    room = classroom_or_404(request, pk)
    assignment = None
    if assignment_id is not None:
        assignment = get_object_or_404(room.assignments.active(), pk=assignment_id)
    form = AssignmentForm(
        request.POST or None, instance=assignment, classroom=room, initial=prefill(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_assignment(request, room, assignment, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assignment is saved; its learners see it."))
            return redirect("courses:classroom", pk=room.pk)
    context = {"classroom": room, "form": form, "assignment": assignment}
    return render(request, "courses/tutor/assignment_form.html", context)


def prefill(request) -> dict:
    """`?learner=<id>` (from a one-to-one sessions page) picks the learner; the form's
    choices still hold only the classroom's own learners."""
    learner = request.GET.get("learner", "")
    return (
        {"learner": int(learner)}
        if learner.isascii() and learner.isdigit() and len(learner) < 12
        else {}
    )


def save_assignment(request, room, assignment, fields) -> Assignment:
    if assignment is None:
        return assigning.create_assignment(classroom=room, created_by=request.user, **fields)
    return assigning.update_assignment(assignment=assignment, **fields)


@tutor_required
@require_POST
def cancel_assignment(request, pk: int, assignment_id: int):
    room = classroom_or_404(request, pk)
    assignment = get_object_or_404(room.assignments.active(), pk=assignment_id)
    assigning.cancel_assignment(assignment=assignment)
    messages.success(request, _("The assignment is cancelled."))
    return redirect("courses:classroom", pk=room.pk)


@tutor_required
def learner_detail(request, pk: int, learner_id: int):
    room = classroom_or_404(request, pk)
    membership = membership_or_404(room, learner_id)
    context = {
        "classroom": room,
        "membership": membership,
        "name": dashboard.display_name(membership),
        "work": dashboard.learner_work(membership),
        "placement": dashboard.latest_placements([learner_id]).get(learner_id),
        "form": CommentForm(),
    }
    return render(request, "courses/tutor/learner.html", context)


@tutor_required
@require_POST
def comment(request, pk: int, learner_id: int, progress_id: int):
    room = classroom_or_404(request, pk)
    membership = membership_or_404(room, learner_id)
    progress = get_object_or_404(
        LessonProgress,
        pk=progress_id,
        learner_id=learner_id,
        last_activity_at__gte=membership.joined_at,
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        commenting.comment_on_progress(
            classroom=room, tutor=request.user, progress=progress, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Your comment is saved; the learner sees it."))
    else:
        messages.error(
            request, _("The comment was not saved: write between 1 and 2,000 characters.")
        )
    return redirect("courses:learner", pk=room.pk, learner_id=learner_id)


@login_required
@require_http_methods(["GET", "POST"])
def create_tutor_invite(request):
    if not request.user.is_staff:
        raise PermissionDenied
    link = None
    if request.method == "POST":
        token = invites.create_tutor_invite(created_by=request.user)
        link = request.build_absolute_uri(reverse("courses:accept_tutor_invite", args=[token]))
        messages.success(request, _("The invitation is made. Send its link to the new tutor."))
    return render(request, "courses/tutor/invite_created.html", {"link": link})


@never_cache
@require_http_methods(["GET", "POST"])
def accept_tutor_invite(request, token: str):
    try:
        invites.invite_from_token(token)
    except InvalidTutorInvite:
        return render(request, "courses/tutor/invite_invalid.html", status=404)
    form = TutorSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invites.accept_tutor_invite(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except InvalidTutorInvite:
            return render(request, "courses/tutor/invite_invalid.html", status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome: you are a tutor now. Make your first classroom."))
        return redirect("courses:tutor_home")
    return render(request, "courses/tutor/invite_accept.html", {"form": form})


# ---------------------------------------------------------------- learners


@login_required
@require_http_methods(["GET", "POST"])
def my_classrooms(request):
    form = JoinClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            joining.join_classroom(learner=request.user, code=form.cleaned_data["code"])
        except InvalidClassroomCode:
            form.add_error("code", _("This classroom code is not right or no longer works."))
        else:
            messages.success(request, _("You joined the classroom."))
            return redirect("courses:my_classrooms")
    memberships = (
        Membership.objects.of_learner(request.user)
        .select_related("classroom__tutor")
        .prefetch_related("classroom__co_tutors")
    )
    comments = (
        TutorComment.objects.filter(progress__learner=request.user)
        .select_related("tutor", "progress__lesson")
        .order_by("-created_at")
    )
    context = {"memberships": memberships, "comments": comments, "form": form}
    return render(request, "courses/learner/classrooms.html", context)


@login_required
@require_POST
def leave(request, membership_id: int):
    membership = get_object_or_404(Membership.objects.of_learner(request.user), pk=membership_id)
    joining.leave_classroom(membership=membership)
    messages.success(request, _("You left the classroom. Its tutors no longer see your work."))
    return redirect("courses:my_classrooms")
