"""Who is asking, and how often they may fail.

One rule says what the client's address is (`client_ip`): allauth's, which
trusts X-Forwarded-For only past ALLAUTH_TRUSTED_PROXY_COUNT proxies of our
own (the TRUSTED_PROXY_COUNT environment setting) and otherwise takes
REMOTE_ADDR. allauth's rate limits, axes (AXES_CLIENT_IP_CALLABLE) and the
recovery limit below all count by it. User names are counted casefolded, as
they sign in.

Failed recovery-code tries are limited per user name and address, so that a
stranger's failures do not lock the learner out, plus a ceiling per user name
that takes many addresses to reach. Recovery codes are long and random; the
limits stop anyone from trying many. Actions a user repeats (proposals,
stories) are limited per user and day by `action_limit`; both kinds count
with `count_use`.
"""

from dataclasses import dataclass

from django.core.cache import cache

from allauth.account.adapter import get_adapter

from .exceptions import RateLimited, RecoveryFailed

MAX_FAILURES = 5
MAX_FAILURES_PER_NAME = 50
WINDOW = 60 * 60  # seconds


def count_use(key: str, window: int) -> None:
    """Count one use under `key`; the count starts at the first use and lasts `window` seconds."""
    cache.add(key, 0, window)
    cache.incr(key)


def client_ip(request) -> str:
    return get_adapter(request).get_client_ip(request)


def normalised_username(username: str) -> str:
    return username.strip().casefold()


def axes_username(request, credentials: dict | None) -> str:
    """The user name axes counts failures for: allauth passes it as `username`,
    its login form posts it as `login`."""
    data = credentials or request.POST
    return normalised_username(data.get("username") or data.get("login") or "")


@dataclass(frozen=True)
class RecoveryAttempts:
    pair_key: str
    name_key: str

    def check(self) -> None:
        if self._count(self.pair_key) >= MAX_FAILURES:
            raise RecoveryFailed(self.pair_key)
        if self._count(self.name_key) >= MAX_FAILURES_PER_NAME:
            raise RecoveryFailed(self.name_key)

    def fail(self) -> None:
        # A locked address adds nothing more to the ceiling, so one stranger
        # alone cannot reach it.
        if self._count(self.pair_key) < MAX_FAILURES:
            self._add(self.name_key)
        self._add(self.pair_key)

    @staticmethod
    def _count(key: str) -> int:
        return cache.get(key, 0)

    @staticmethod
    def _add(key: str) -> None:
        count_use(key, WINDOW)


def recovery_attempts(*, username: str, ip: str) -> RecoveryAttempts:
    name = normalised_username(username)
    return RecoveryAttempts(
        pair_key=f"accounts:recovery-failures:{name}:{ip}",
        name_key=f"accounts:recovery-failures:{name}",
    )


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
        count_use(self.key, self.window)


def action_limit(action: str, *, user_id: int, limit: int, window: int = DAY) -> ActionLimit:
    return ActionLimit(f"ratelimit:{action}:{user_id}", limit, window)
