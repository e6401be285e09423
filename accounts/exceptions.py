"""Failures that callers of the accounts app must tell apart."""


class RecoveryFailed(Exception):
    """A username and recovery code do not match an unused code."""
