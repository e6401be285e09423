"""Failures of the hub's write functions that callers must tell apart; views turn
them into responses (a 404, so that nothing is said about whom a tutor teaches)."""


class HubError(Exception):
    """Base of the hub's failures."""


class NotTutorsLearner(HubError):
    """The learner is not a current learner in any of the tutor's classrooms."""
