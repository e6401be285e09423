"""The review session under /learn/review/ and the weak-word drill under
/learn/review/drill/: one card at a time, htmx swaps of the card fragment, and
plain forms and redirects for browsers without JavaScript. Every card URL
answers 404 unless the card is the signed-in learner's. An answer carries the
idempotency key made when its card was revealed; a repeat of the same key
records nothing and answers as the first post did, with the next card."""

import uuid

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.clock import zone_name
from accounts.models import LearnerProfile
from accounts.request_values import has_nul, whole_number

from . import queue, recording
from .exceptions import ReviewRefused
from .models import ReviewCard, ReviewLog
from .review_session import (
    SessionProgress,
    card_view,
    duration_ms,
    session_progress,
    session_summary,
)

PAGE = "progress/review/session.html"
MAX_TYPED = 200  # far longer than any headword; bounds the text graded and echoed back
FRAGMENT = "progress/review/card.html"


def own_card(request, card_id: int, *related: str) -> ReviewCard:
    """The learner's card (404 for anyone else's), read with the learner's profile,
    which `profile_of` then takes from it, and with any other `related` rows."""
    cards = ReviewCard.objects.for_learner(request.user)
    card = get_object_or_404(cards.select_related("learner__learner_profile", *related), pk=card_id)
    profile = getattr(card.learner, "learner_profile", None)
    if profile is not None:
        request.learner_profile = profile
    return card


def url_names(mode: str) -> dict[str, str]:
    base = "progress:drill" if mode == "drill" else "progress:review"
    return {"session": base, **{step: f"{base}_{step}" for step in ("reveal", "check", "answer")}}


def render_card(request, view, *, mode: str, progress: SessionProgress | None = None):
    """The card (or the summary) with the session's progress, unless the caller has
    just read it with the queue and passes it."""
    template = FRAGMENT if request.htmx else PAGE
    context = {"view": view, "mode": mode, "names": url_names(mode)}
    if mode == "review":
        profile, now = profile_of(request), timezone.now()
        if progress is None:
            progress = session_progress(request.user, profile, now=now)
        context["progress"] = progress
        if view is None:
            context["summary"] = session_summary(request.user, profile, now=now)
    return render(request, template, context)


def refuse(request, *, mode: str):
    """Bad input: say so where the card was, change nothing, offer the card again."""
    context = {"refused": True, "mode": mode, "names": url_names(mode)}
    return render(request, FRAGMENT if request.htmx else PAGE, context, status=400)


def next_view(request, *, mode: str, after: int | None):
    """The next card's view (None when there is none) and, in a review, the
    session's progress, read with it."""
    now, progress = timezone.now(), None
    if mode == "drill":
        ids = queue.weak_cards(request.user)
        later = ids[ids.index(after) + 1 :] if after in ids else ids
        card = ReviewCard.objects.select_related("item").filter(pk__in=later[:1]).first()
    else:
        zone = zone_name(profile_of(request))
        head = queue.queue_head(request.user, now=now, time_zone=zone, after_item=after)
        card, progress = head.card, SessionProgress(done=head.done, left=head.left)
    if card is None:
        return None, progress
    return card_view(card, profile_of(request), now=now, mode=mode), progress


def profile_of(request) -> LearnerProfile:
    """The learner's profile, read once a request (or with the card, by `own_card`)."""
    if not hasattr(request, "learner_profile"):
        request.learner_profile = LearnerProfile.objects.for_user(request.user)
    return request.learner_profile


@login_required
@require_GET
def session(request, mode: str = "review"):
    view, progress = next_view(request, mode=mode, after=whole_number(request.GET.get("after")))
    return render_card(request, view, mode=mode, progress=progress)


@login_required
@require_GET
def reveal(request, card_id: int, mode: str = "review"):
    card = own_card(request, card_id, "item")
    view = card_view(
        card,
        profile_of(request),
        now=timezone.now(),
        mode=mode,
        revealed=True,
        shown_at_ms=whole_number(request.GET.get("shown_at")),
    )
    return render_card(request, view, mode=mode)


@login_required
@require_POST
def check(request, card_id: int, mode: str = "review"):
    card = own_card(request, card_id, "item")
    typed = request.POST.get("typed", "").strip()
    if has_nul(typed) or len(typed) > MAX_TYPED:
        return refuse(request, mode=mode)
    view = card_view(
        card,
        profile_of(request),
        now=timezone.now(),
        mode=mode,
        typed=typed,
        shown_at_ms=whole_number(request.POST.get("shown_at")),
    )
    return render_card(request, view, mode=mode)


@login_required
@require_POST
def answer(request, card_id: int, mode: str = "review"):
    card = own_card(request, card_id)
    after = card.pk if mode == "drill" else card.item_id
    if mode == "review":
        now = timezone.now()
        try:
            record_answer(request, card, now=now)
        except ReviewRefused:
            return refuse(request, mode=mode)
    if not request.htmx:
        name = "progress:drill" if mode == "drill" else "progress:review"
        return redirect(f"{reverse(name)}?after={after}")
    view, progress = next_view(request, mode=mode, after=after)
    return render_card(request, view, mode=mode, progress=progress)


def record_answer(request, card: ReviewCard, *, now) -> ReviewLog:
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        raise ReviewRefused("This answer has no idempotency key.") from None
    return recording.record_review(
        card_id=card.pk,
        rating=whole_number(request.POST.get("rating")) or 0,
        reviewed_at=now,
        duration_ms=duration_ms(whole_number(request.POST.get("shown_at")), now),
        source=ReviewLog.Source.WEB,
        external_id=f"web-{key}",
    )
