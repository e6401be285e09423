from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .forms import ProposalForm
from .models import ResourceIndexPage
from .proposing import propose_resource


@login_required
def propose(request):
    index = get_object_or_404(ResourceIndexPage.objects.live())
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        propose_resource(index=index, user=request.user, data=form.cleaned_data)
        messages.success(
            request, _("Thank you. Editors will check it; it appears once they publish it.")
        )
        return redirect(index.url)
    return render(request, "hub/propose.html", {"form": form, "index": index})
