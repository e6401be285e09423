"""Failures that callers of the progress app must tell apart."""


class LessonNotFinished(Exception):
    """A lesson cannot be completed while some exercise has no attempt."""


class InvalidJoinCode(Exception):
    """A sign-up code matches no classroom and is not the site's invite code."""


class RecoveryFailed(Exception):
    """A username and recovery code do not match an unused code."""
