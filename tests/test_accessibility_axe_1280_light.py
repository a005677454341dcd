"""axe-core on every page of the built edition at 1280 px in light mode:
one of the four modes of tests/test_accessibility.py (``axe_test``), in a
file of its own so that ``make test``'s workers (``--dist loadfile``) share them."""

from test_accessibility import DESKTOP, axe, axe_mode, axe_test, browser, server  # noqa: F401

MODE = (DESKTOP, "light")

test_axe_finds_no_serious_violation_on_any_page = axe_test(*MODE)
