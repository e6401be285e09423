"""One-to-one sessions, for both sides of a match: the sessions page (propose, answer,
cancel, the calendar file, the video link, the tutor's notes and a way to assign work).

Who may see what: the learner of a request, or its tutor unless the learner blocked
them; anyone else gets 404. The page of an ended match stays readable (its past
sessions and notes) but nothing in it can be changed; calendar files are given only
while the match is accepted. Each side sees times in their own zone only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import booking
from .invitations import calendar_file, has_calendar_file
from .matches import TutorRequest
from .session_forms import NotesForm, ProposeForm, VideoLinkForm
from .session_pages import page_context, proposal_starts, viewer_zone
from .tutoring_sessions import TutoringSession

SHOWN = (TutorRequest.Status.ACCEPTED, TutorRequest.Status.ENDED)
TEMPLATES = {
    True: "courses/tutoring/sessions/tutor.html",
    False: "courses/tutoring/sessions/learner.html",
}


def matches_of(user):
    """The learner's own matches and the tutor's, less those whose learner blocked them."""
    requests = TutorRequest.objects.filter(status__in=SHOWN)
    return requests.filter(learner=user) | requests.seen_by(user)


def match_or_404(request, request_id: int) -> TutorRequest:
    matches = matches_of(request.user).select_related("tutor__tutor_profile")
    return get_object_or_404(matches, pk=request_id)


def session_or_404(request, session_id: int) -> TutoringSession:
    sessions = TutoringSession.objects.filter(request__in=matches_of(request.user))
    found = sessions.select_related("request__tutor__tutor_profile")
    return get_object_or_404(found, pk=session_id)


@login_required
def sessions(request, request_id: int):
    match = match_or_404(request, request_id)
    by_tutor = match.tutor_id == request.user.pk
    now, zone = timezone.now(), viewer_zone(request.user)
    form = None
    if match.status == TutorRequest.Status.ACCEPTED:
        starts = proposal_starts(match, now=now)
        form = ProposeForm(request.POST or None, starts=starts, zone=zone, by_tutor=by_tutor)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            booking.propose_session(by=request.user, request=match, now=now, **proposal(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session is proposed; the other side answers it."))
            return redirect("courses:sessions", request_id=match.pk)
    context = page_context(match, viewer=request.user, zone=zone, now=now, form=form)
    return render(request, TEMPLATES[by_tutor], context)


def proposal(form) -> dict:
    data = form.cleaned_data
    return {
        "starts_at": data["starts_at"],
        "minutes": data["minutes"],
        "video_link": data.get("video_link") or "",
    }


def written(request, session, write, done: str):
    """Call `write()`; say `done`, or why it was refused; back to the sessions page."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("courses:sessions", request_id=session.request_id)


def answered(request, session, write, done: str):
    return written(
        request, session, lambda: write(by=request.user, session=session, now=timezone.now()), done
    )


@login_required
@require_POST
def accept_session(request, session_id: int):
    session = session_or_404(request, session_id)
    return answered(request, session, booking.accept_session, _("The session is agreed."))


@login_required
@require_POST
def decline_session(request, session_id: int):
    session = session_or_404(request, session_id)
    return answered(request, session, booking.decline_session, _("The session is declined."))


@login_required
@require_POST
def cancel_session(request, session_id: int):
    session = session_or_404(request, session_id)
    return answered(request, session, booking.cancel_session, _("The session is cancelled."))


@login_required
def session_ics(request, session_id: int):
    session = session_or_404(request, session_id)
    if not has_calendar_file(session):
        raise Http404
    for_learner = session.request.learner_id == request.user.pk
    body = calendar_file(session, for_learner=for_learner, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="saebom-session.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def tutors_session_or_404(request, session_id: int) -> TutoringSession:
    session = session_or_404(request, session_id)
    if session.request.tutor_id != request.user.pk:
        raise Http404
    return session


def tutor_write(request, session, form, write, done: str):
    """Check the tutor's one-field form, then `write(value)`; a message either way."""
    field = next(iter(form.fields))

    def checked_write():
        if not form.is_valid():
            raise ValidationError(list(form.errors[field]))
        write(form.cleaned_data[field])

    return written(request, session, checked_write, done)


@login_required
@require_POST
def session_notes(request, session_id: int):
    session = tutors_session_or_404(request, session_id)

    def write(notes):
        booking.write_notes(tutor=request.user, session=session, notes=notes, now=timezone.now())

    done = _("The notes are saved; the learner sees them.")
    return tutor_write(request, session, NotesForm(request.POST), write, done)


@login_required
@require_POST
def session_video_link(request, session_id: int):
    session = tutors_session_or_404(request, session_id)

    def write(link):
        booking.set_video_link(
            tutor=request.user, session=session, video_link=link, now=timezone.now()
        )

    done = _("The video link is saved.")
    return tutor_write(request, session, VideoLinkForm(request.POST), write, done)
