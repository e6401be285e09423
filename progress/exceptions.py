"""Failures that callers of the progress app must tell apart."""


class LessonNotFinished(Exception):
    """A lesson cannot be completed while some exercise has no attempt."""


class ReviewRefused(ValueError):
    """A review that cannot be recorded; the message says why."""


class InvalidRating(ReviewRefused):
    """A rating outside 1 (Again) to 4 (Easy)."""


class UnknownCard(ReviewRefused):
    """No review card has the given id."""


class FutureReview(ReviewRefused):
    """A review dated after the present moment."""


class OfflinePayloadError(ValueError):
    """A sync from the offline app that cannot be read; none of it is recorded."""
