"""A bounded, thread-safe map of what one process worked out and may reuse (compiled SQL, the
ETag answered for a page's rows, feed entries): the least recently used dropped first. It holds
only what can be worked out again, so losing it changes nothing but speed."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")
D = TypeVar("D")


class Memo(Generic[V]):
    def __init__(self, limit: int):
        self.limit = limit
        self._kept: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: D) -> V | D:
        """The value kept for `key` (now the most recently used), else `default`."""
        with self._lock:
            if key not in self._kept:
                return default
            self._kept.move_to_end(key)
            return self._kept[key]

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._kept[key] = value
            self._kept.move_to_end(key)
            while len(self._kept) > self.limit:
                self._kept.popitem(last=False)

    def __getitem__(self, key: Hashable) -> V:
        with self._lock:
            return self._kept[key]
