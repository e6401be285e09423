"""Failures that callers of the progress app must tell apart."""


class LessonNotFinished(Exception):
    """A lesson cannot be completed while some exercise has no attempt."""


class InvalidJoinCode(Exception):
    """A sign-up code matches no classroom and is not the site's invite code."""


class RecoveryFailed(Exception):
    """A username and recovery code do not match an unused code."""


class ReviewRefused(ValueError):
    """A review that cannot be recorded; the message says why."""


class InvalidRating(ReviewRefused):
    """A rating outside 1 (Again) to 4 (Easy)."""


class UnknownCard(ReviewRefused):
    """No review card has the given id."""


class FutureReview(ReviewRefused):
    """A review dated after the present moment."""
