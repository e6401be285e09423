"""The learner's privacy page: what is kept, the data export and deleting the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import erasure, privacy
from .forms import DeleteAccountForm


@login_required
def privacy_page(request):
    return render(request, "cms/privacy.html", {"form": DeleteAccountForm(user=request.user)})


@require_GET
@never_cache
@login_required
def export_data(request):
    # Streamed: a learner at the import limit has a million review logs.
    response = StreamingHttpResponse(
        privacy.export_chunks(request.user), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="saebom-my-data.json"'
    return response


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "cms/privacy.html", {"form": form}, status=400)
    user = request.user
    logout(request)
    erasure.delete_learner(user=user)
    messages.success(request, _("Your account and all your data are deleted."))
    return redirect("/")
