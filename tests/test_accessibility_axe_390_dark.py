"""axe-core on every page of the built edition at 390 px in dark mode: no
serious or critical violation. One of the four modes of
tests/test_accessibility.py (whose docstring and ``axe_on_pages`` say what
is checked), each in a file of its own: ``make test`` (``--dist loadfile``)
gives a file to one worker, and the four modes are most of the browser
tests' time, so that the workers share them."""

from __future__ import annotations

import pytest
from test_accessibility import (CHUNKS, PHONE, axe, axe_mode, axe_on_pages, browser,  # noqa: F401
                                server)

pytestmark = pytest.mark.slow  # end to end: a whole build, then a browser

MODE = (PHONE, "dark")


@pytest.mark.parametrize("chunk", range(CHUNKS), ids=lambda k: f"390-dark-{k + 1}of{CHUNKS}")
def test_axe_finds_no_serious_violation_on_any_page(axe_mode, axe, chunk, edition_html):  # noqa: F811
    axe_on_pages(axe_mode, axe, chunk, edition_html)
