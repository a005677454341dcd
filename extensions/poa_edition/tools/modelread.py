"""The model file a build wrote, for the tools that read it (``edition
stats``, ``ids``, ``changes``): exit 2 with one line when it cannot be used."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def load_model(path: Path, prog: str = "edition") -> dict[str, Any]:
    from ..model.buildfiles import RUNNING_MARKER
    from ..model.modelfile import ModelFileError, load

    if (path.parent / ".doctrees" / RUNNING_MARKER).exists():
        print(f"{prog}: the last build into {path.parent} did not finish, so {path.name} "
              "may be stale; run `make html` again", file=sys.stderr)
        raise SystemExit(2)
    try:
        return load(path)
    except ModelFileError as err:
        print(f"{prog}: {err}", file=sys.stderr)
        raise SystemExit(2) from None
