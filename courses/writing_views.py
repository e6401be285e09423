"""Tutors read their current learners' writing and comment on it. Anyone who may
not see a classroom (another tutor, a learner, a tutor whose classroom the learner
left) gets 404, as for a classroom that does not exist."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from progress import writing

from .forms import WritingCommentForm
from .learner_names import name_for_tutors
from .views import classroom_or_404
from .writing_review import classroom_writing, submissions_in


@login_required
@require_GET
def writing_list(request, pk: int):
    room = classroom_or_404(request, pk)
    lists = classroom_writing(room)
    named = {
        kind: [(row, name_for_tutors(row.learner)) for row in rows] for kind, rows in lists.items()
    }
    return render(request, "courses/tutor/writing_list.html", {"classroom": room, **named})


@login_required
@require_http_methods(["GET", "POST"])
def writing_detail(request, pk: int, submission_id: int):
    room = classroom_or_404(request, pk)
    rows = submissions_in(room).select_related("learner__learner_profile", "lesson")
    submission = get_object_or_404(rows.prefetch_related("comments"), pk=submission_id)
    form = WritingCommentForm(request.POST or None, initial={"key": uuid.uuid4()})
    if request.method == "POST":
        if not form.is_valid():
            messages.error(
                request, _("The comment was not saved: write between 1 and 2,000 characters.")
            )
        else:
            _comment, new = writing.comment_on_writing(
                submission=submission, tutor=request.user, **form.cleaned_data
            )
            if new:
                messages.success(request, _("Your comment is saved; the learner sees it."))
            else:
                messages.info(request, _("This comment was already saved."))
            return redirect("courses:writing_list", pk=room.pk)
    context = {
        "classroom": room,
        "submission": submission,
        "name": name_for_tutors(submission.learner),
        "form": form,
    }
    return render(request, "courses/tutor/writing_detail.html", context)
