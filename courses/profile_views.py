"""Tutor profiles: the tutor writes one, learners browse the approved ones.

SCAFFOLD: every view below answers 404 until it is built."""

from django.http import Http404


def edit_profile(request, **kwargs):
    raise Http404


def directory(request, **kwargs):
    raise Http404
