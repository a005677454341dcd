"""What a build found good, remembered for the next one.

Some checks of a build look at inputs that rarely change: the data files
against their JSON schemas (importing ``jsonschema`` alone takes about 0.1 s),
refs.bib parsed strictly. A :class:`KnownGood` keeps, in a small file beside
the environment, the digests of the inputs (with the code that checked them)
that passed; a check whose digest is there is skipped. Only what passed is
remembered: a failing input is checked, and reported, on every build, and an
input that changes has another digest. A process that builds more than once
(the tests, any in-process use of Sphinx) also remembers, for all its builds,
what passed (:data:`_PASSED`): a digest covers the check's code and inputs,
so what passed once passes for any project. Pure: nothing here imports Sphinx.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model.registry import check_key
from .filesync import replace

#: the file, in the doctree directory
FILENAME = "edition-known-good.json"
#: the digests that passed in any build of this process
_PASSED: set[str] = set()


class KnownGood:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.before: set[str] = set()
        if path is not None:
            try:
                self.before = set(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                pass
        self.now: set[str] = set()

    #: the digest of what a check reads: its code, its inputs
    key = staticmethod(check_key)

    def known(self, key: str) -> bool:
        """Whether the last build found ``key`` good (then it stays known)."""
        if key in self.before or key in _PASSED:
            self.now.add(key)
            return True
        return False

    def passed(self, key: str) -> None:
        self.now.add(key)
        _PASSED.add(key)

    def save(self) -> None:
        """Keep what this build found good (only that), if it changed."""
        if self.path is None or self.now == self.before:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace(self.path, (json.dumps(sorted(self.now)) + "\n").encode("utf-8"))
        except OSError:
            pass  # checked again next time
