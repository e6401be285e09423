"""Requests and matches: a learner asks a tutor, the tutor answers; either ends it.

SCAFFOLD: every view below answers 404 until it is built."""

from django.http import Http404


def tutor_detail(request, **kwargs):
    raise Http404


def my_tutors(request, **kwargs):
    raise Http404


def my_tutor(request, **kwargs):
    raise Http404


def withdraw_request(request, **kwargs):
    raise Http404


def end_match(request, **kwargs):
    raise Http404


def block_tutor(request, **kwargs):
    raise Http404


def report_tutor(request, **kwargs):
    raise Http404


def tutor_requests(request, **kwargs):
    raise Http404


def accept_request(request, **kwargs):
    raise Http404


def decline_request(request, **kwargs):
    raise Http404
