"""Failures that callers of the lessons app must tell apart."""


class AnswerFormatError(ValueError):
    """A submitted answer does not have the shape its exercise expects.

    The message is safe to show to the learner.
    """


class AudioError(ValueError):
    """Text cannot be spoken (empty, too long, a speed out of range); the message says why."""
