from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.exceptions import RateLimited

from .exceptions import NotTutorsLearner
from .forms import LIMIT_REACHED, ProposalForm, RecommendForm
from .models import Recommendation, ResourceIndexPage, ResourcePage
from .proposing import propose_resource
from .recommending import recommend_resource

RECOMMENDATIONS_SHOWN = 5


@login_required
def propose(request):
    index = get_object_or_404(ResourceIndexPage.objects.live())
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            propose_resource(index=index, user=request.user, data=form.cleaned_data)
        except RateLimited:
            form.add_error(None, LIMIT_REACHED)
            return render(request, "hub/propose.html", {"form": form, "index": index}, status=429)
        messages.success(
            request, _("Thank you. Editors will check it; it appears once they publish it.")
        )
        return redirect(index.url)
    return render(request, "hub/propose.html", {"form": form, "index": index})


@require_POST
@login_required
def recommend(request, page_id):
    resource = get_object_or_404(ResourcePage.objects.for_readers(), pk=page_id)
    form = RecommendForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The recommendation could not be read; nothing was sent."))
    try:
        recommend_resource(
            tutor=request.user,
            learner_id=form.cleaned_data["learner"],
            resource=resource,
            note=form.cleaned_data["note"],
        )
    except NotTutorsLearner as error:
        # A 404, as for a missing page, says nothing about whom the tutor teaches.
        raise Http404("not a current learner of this tutor") from error
    messages.success(request, _("Recommended. The learner sees it on their home page."))
    return redirect(resource.url)


@login_required
def recommendations(request):
    """The learner's latest recommendations from tutors, for the home page."""
    latest = Recommendation.objects.for_learner(request.user)[:RECOMMENDATIONS_SHOWN]
    return render(request, "hub/includes/recommendations.html", {"recommendations": latest})
