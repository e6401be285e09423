from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.exceptions import RateLimited

from .forms import LIMIT_REACHED, CommentForm, StoryForm, SubmitStoryForm
from .models import Story
from .stories import comment_on_story, submit_story, withdraw_story, write_story


@login_required
def story_list(request):
    stories = Story.objects.visible_to(request.user).select_related("author", "page")
    return render(request, "hub/stories/list.html", {"stories": stories})


@login_required
def story_edit(request, pk=None):
    story = get_object_or_404(Story, pk=pk, author=request.user) if pk else None
    initial = {"title": story.title, "body": story.body} if story else None
    form = StoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            story = write_story(author=request.user, story=story, **form.cleaned_data)
        except RateLimited:
            form.add_error(None, LIMIT_REACHED)
            return render(request, "hub/stories/form.html", {"form": form}, status=429)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("hub:story", pk=story.pk)
    return render(request, "hub/stories/form.html", {"form": form, "story": story})


def story_detail(request, pk):
    story = get_object_or_404(Story.objects.visible_to(request.user).select_related("page"), pk=pk)
    context = {
        "story": story,
        "comments": story.comments.select_related("tutor"),
        "is_author": story.author_id == request.user.pk,
        "submit_form": SubmitStoryForm(),
        "comment_form": CommentForm(),
    }
    return render(request, "hub/stories/detail.html", context)


@require_POST
@login_required
def story_submit(request, pk):
    story = get_object_or_404(Story, pk=pk, author=request.user)
    form = SubmitStoryForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            submit_story(story=story, **form.cleaned_data)
        except RateLimited:
            form.add_error(None, LIMIT_REACHED)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sent. An editor reads it before it is published."))
            return redirect("hub:story", pk=story.pk)
    context = {"story": story, "is_author": True, "submit_form": form}
    return render(request, "hub/stories/detail.html", context, status=status)


@require_POST
@login_required
def story_withdraw(request, pk):
    story = get_object_or_404(Story, pk=pk, author=request.user)
    withdraw_story(story=story)
    messages.success(request, _("Your story is no longer published."))
    return redirect("hub:story", pk=story.pk)


@require_POST
@login_required
def story_comment(request, pk):
    story = get_object_or_404(
        Story.objects.visible_to(request.user).exclude(author=request.user), pk=pk
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        comment_on_story(story=story, tutor=request.user, text=form.cleaned_data["text"])
    else:
        messages.error(request, _("The feedback was not sent: it is empty or too long."))
    return redirect("hub:story", pk=story.pk)
