"""A small in-process cache of rendered read responses (lists, map data, timeline, stats).

Entries are keyed by path, query string and the generation of the incident index they were
computed from (never by user: the cached endpoints return the same data to everybody allowed
to read), so an answer is never served after the index has moved on; this process's own
writes also drop the whole cache at once. Entries expire after `max_age` seconds and the
least recently used go first when the cache is full.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class ResponseCache:
    def __init__(self, *, max_entries: int = 2048, max_age: float = 30.0,
                 enabled: bool = True, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self.enabled = enabled
        self._now = monotonic
        self._lock = threading.Lock()
        self._entries: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: Any) -> Any:
        if not self.enabled:
            return None
        with self._lock:
            item = self._entries.get(key)
            if item is None or self._now() - item[0] > self.max_age:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return item[1]

    def put(self, key: Any, value: Any) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._entries[key] = (self._now(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
