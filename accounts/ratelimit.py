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
limits stop anyone from trying many.
"""

from dataclasses import dataclass

from django.core.cache import cache

from allauth.account.adapter import get_adapter

from .exceptions import RecoveryFailed

MAX_FAILURES = 5
MAX_FAILURES_PER_NAME = 50
WINDOW = 60 * 60  # seconds


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
        cache.add(key, 0, WINDOW)
        cache.incr(key)


def recovery_attempts(*, username: str, ip: str) -> RecoveryAttempts:
    name = normalised_username(username)
    return RecoveryAttempts(
        pair_key=f"accounts:recovery-failures:{name}:{ip}",
        name_key=f"accounts:recovery-failures:{name}",
    )
