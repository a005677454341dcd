"""axe-core on every page of the built edition at 390 px in dark mode:
one of the four modes of tests/test_accessibility.py (``axe_test``), in a
file of its own so that ``make test``'s workers (``--dist loadfile``) share them."""

from test_accessibility import PHONE, axe, axe_mode, axe_test, browser, server  # noqa: F401

MODE = (PHONE, "dark")

test_axe_finds_no_serious_violation_on_any_page = axe_test(*MODE)
