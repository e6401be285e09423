"""A limit on failed recovery-code tries per user name: MAX_FAILURES per WINDOW.

Recovery codes are long and random; the limit stops anyone from trying many.
"""

from dataclasses import dataclass

from django.core.cache import cache

from .exceptions import RecoveryFailed

MAX_FAILURES = 5
WINDOW = 60 * 60  # seconds


@dataclass(frozen=True)
class RecoveryAttempts:
    key: str

    def check(self) -> None:
        if cache.get(self.key, 0) >= MAX_FAILURES:
            raise RecoveryFailed(self.key)

    def fail(self) -> None:
        cache.add(self.key, 0, WINDOW)
        cache.incr(self.key)


def recovery_attempts(username: str) -> RecoveryAttempts:
    return RecoveryAttempts(f"progress:recovery-failures:{username.strip().casefold()}")
