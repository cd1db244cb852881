"""A fixed-window rate limit for public forms, kept in Django's cache.

The key is a keyed hash of the client address, so the cache never holds an address in
clear, and nothing is written to the database. With one process the default local-memory
cache is enough; behind several app processes, point CACHES at Redis so they share counts
(docs/deploy.md).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:24]


def hit(request: HttpRequest, scope: str, *, limit: int, window: int = 3600) -> bool:
    """Count one attempt; False when this client has used up `limit` in this window."""
    slot = int(time.time() // window)
    key = f"wh:rl:{scope}:{client_key(request)}:{slot}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
