"""The spans of a sentence already taken by a figure or a mask."""

from __future__ import annotations

from bisect import bisect_right


class TakenSpans:
    """Spans already claimed by a figure (or masked as phone/time), to keep figures disjoint.

    Kept as sorted, merged, disjoint intervals so that a look-up is a bisection: a sentence with
    thousands of figures stays linear-ish instead of checking every span taken so far."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return False
        j = i + 1
        return j >= len(self.starts) or self.starts[j] >= e

    def add(self, s: int, e: int) -> None:
        starts, ends = self.starts, self.ends
        i = bisect_right(starts, s)
        # Merge with the interval before and any that the new one reaches over.
        if i > 0 and ends[i - 1] >= s:
            i -= 1
            s = starts[i]
            e = max(e, ends[i])
        j = i
        while j < len(starts) and starts[j] <= e:
            e = max(e, ends[j])
            j += 1
        starts[i:j] = [s]
        ends[i:j] = [e]
