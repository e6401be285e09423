"""Failures that callers of the accounts app must tell apart."""


class RecoveryFailed(Exception):
    """A username and recovery code do not match an unused code."""


class RateLimited(Exception):
    """A user has used an action as often as its limit allows for now."""
