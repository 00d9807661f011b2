"""Failed authentications limited per client: 429 once a client has failed too often.

Counting is done by the `limits` library's moving window in memory (one server process;
behind several processes each keeps its own count). Only failures count: a client that
authenticates well is never slowed down.
"""

from __future__ import annotations

import math
import time
from typing import Final

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

__all__ = ["FAILED_AUTH_LIMIT", "FailedAuthentications"]

#: failed authentications a client may make in a minute before it is answered 429
FAILED_AUTH_LIMIT: Final = 10


class FailedAuthentications:
    """The failed authentications of each client over the last minute."""

    def __init__(self, per_minute: int = FAILED_AUTH_LIMIT) -> None:
        """Allow `per_minute` failures per client in any minute."""
        self._item = RateLimitItemPerMinute(per_minute)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def allowed(self, client: str) -> bool:
        """Whether `client` may try to authenticate now."""
        return bool(self._limiter.test(self._item, client))

    def failed(self, client: str) -> None:
        """Count one failed authentication of `client`."""
        self._limiter.hit(self._item, client)

    def retry_after(self, client: str) -> int:
        """Seconds until `client` may try again (at least 1)."""
        reset = self._limiter.get_window_stats(self._item, client).reset_time
        return max(1, math.ceil(reset - time.time()))
