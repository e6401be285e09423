"""A Redis cache that fails open: when Redis is down or slow, every operation
answers as Django's dummy cache does (a read misses, a write is dropped, an
`add` reports success) instead of raising, so pages keep working without it.

Rules:
- Only the redis client's connection and timeout errors are caught; any other
  error is a bug and still raises.
- One warning is logged per failure burst: the first failure after a success
  (or after start) logs, the rest stay quiet until an operation succeeds again.
- `add` answers True, as the dummy cache does: a lock taken with `add` (allauth's
  rate limits take one) is granted rather than refused until it times out.
- `incr` on a cache that is down answers `delta`, as if the key had just been
  created: a counter (a rate limit) starts again from zero while Redis is down.
- `ping` is left unguarded: /healthz uses it to see the truth.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def _miss(method, key, default=None, version=None):
    return default


# What each operation answers when Redis cannot be reached: the dummy cache's answer.
FALLBACKS = {
    "get": _miss,
    "add": lambda *args, **kwargs: True,
    "set": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "has_key": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "set_many": lambda method, data, *args, **kwargs: list(data),
    "delete_many": lambda *args, **kwargs: None,
    "incr": lambda method, key, delta=1, version=None: delta,
    "clear": lambda *args, **kwargs: False,
}


def _fail_open(method):
    fallback = FALLBACKS[method.__name__]

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            result = method(self, *args, **kwargs)
        except UNAVAILABLE as exc:
            if not self.failing:
                logger.warning("cache unavailable, serving without it: %r", exc)
            self.failing = True
            return fallback(method, *args, **kwargs)
        if self.failing:
            logger.info("cache available again")
        self.failing = False
        return result

    return guarded


class FailOpenRedisCache(RedisCache):
    failing = False

    def ping(self) -> bool:
        return self._cache.get_client(write=False).ping()


for _name in FALLBACKS:
    setattr(FailOpenRedisCache, _name, _fail_open(getattr(RedisCache, _name)))
