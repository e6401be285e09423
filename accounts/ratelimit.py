"""A limit on failed recovery-code tries per user name: MAX_FAILURES per WINDOW.

Recovery codes are long and random; the limit stops anyone from trying many.
"""

from dataclasses import dataclass

from django.core.cache import cache

from .exceptions import RateLimited, RecoveryFailed

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


DAY = 24 * 60 * 60  # seconds


@dataclass(frozen=True)
class ActionLimit:
    """The same counting rule for any action a user repeats: `limit` uses per `window`
    seconds, opened at the first use. Check before the action and count it once it
    succeeded, so a refused request costs nothing."""

    key: str
    limit: int
    window: int = DAY

    def check(self) -> None:
        if cache.get(self.key, 0) >= self.limit:
            raise RateLimited(self.key)

    def use(self) -> None:
        cache.add(self.key, 0, self.window)
        cache.incr(self.key)


def action_limit(action: str, *, user_id: int, limit: int, window: int = DAY) -> ActionLimit:
    return ActionLimit(f"ratelimit:{action}:{user_id}", limit, window)
