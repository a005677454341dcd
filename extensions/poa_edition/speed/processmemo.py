"""What a process made, for its later builds.

A process that builds more than once (the test suite's workers, any
in-process use of Sphinx) builds many projects with the same inputs: the same
refs.bib, the same pictures. A :class:`ProcessMemo` keeps what one build made
under a key that is everything the result is made from, so that any later
build of the process may take it; it holds at most ``limit`` results (when
full it is emptied, the simplest bound). Only results go in, never failures:
a failure is met, and reported, every time. Pure: nothing here imports Sphinx.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class ProcessMemo:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: dict[Hashable, Any] = {}

    def get(self, key: Hashable) -> Any:
        return self.items.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        if len(self.items) >= self.limit:
            self.items.clear()
        self.items[key] = value
