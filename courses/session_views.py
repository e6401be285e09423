"""One-to-one sessions: proposed from the overlap, accepted, invited to by .ics, noted after.

SCAFFOLD: every view below answers 404 until it is built."""

from django.http import Http404


def sessions(request, **kwargs):
    raise Http404


def accept_session(request, **kwargs):
    raise Http404


def decline_session(request, **kwargs):
    raise Http404


def cancel_session(request, **kwargs):
    raise Http404


def session_ics(request, **kwargs):
    raise Http404


def session_notes(request, **kwargs):
    raise Http404
