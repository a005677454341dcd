"""axe-core on the first half of the built edition's pages (every
other page) at 390 px, in light and dark mode: one of the four
files of tests/test_accessibility.py's axe test (``axe_test``), each a file
of its own so that ``make test``'s workers (``--dist loadfile``) share them."""

from test_accessibility import PHONE, axe, axe_mode, axe_test, browser, server  # noqa: F401

MODE = (PHONE, 0)

test_axe_finds_no_serious_violation_on_any_page = axe_test(*MODE)
