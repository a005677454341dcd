"""Reading comfort and accessibility, in a real browser (Chromium through
Playwright, as tests/test_browser.py, whose fixtures these tests share):

- axe-core (``axe-playwright-python``) on every page of the built edition,
  at 1280 and 390 px, in light and dark mode (:func:`axe_on_pages`, one
  mode to each of the files tests/test_accessibility_axe_*.py, so that the
  workers of ``make test`` share them): no serious or critical
  violation (the counts of every impact are written to
  _build/test-artifacts/axe-<width>-<mode>.json); at 390 px the rules made
  of colours (colour contrast, links told apart in text) are checked on
  the eight pages the issue measured and on search results (the colours
  are the same at every width);
- keyboard paths: search, the Cite control, copying a format, a lineage
  link, each without a mouse and with a visible focus;
- search results: an ID result shows the paragraph's summary or wording,
  page results text from the page's content (not the theme's buttons), from
  disk and from a server, and a paragraph's words find the paragraph;
- the tab title names the paragraph landed on;
- the layout: one search box, no blank strip, IDs that do not break,
  pictures readable on a phone, the Cite control stable; screenshots of a
  section page, the lineage page and the concordance at 1280 and 390 px in
  _build/test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from conftest import unavailable
from test_browser import (ARTIFACTS, DESKTOP, PHONE, Tab, browser, server,  # noqa: F401
                          site, tab)

pytestmark = pytest.mark.slow  # end to end: a whole build, then a browser

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:
    Axe = None
    unavailable("the accessibility tests need axe-playwright-python (pip install -e '.[test]')",
                module=True)

SCREENSHOTS = ARTIFACTS / "screenshots"
#: the four modes of the axe test, each a file of its own (see axe_on_pages):
#: tests/test_accessibility_axe_1280_light.py, ..._1280_dark, ..._390_light, ..._390_dark
MODES = [(DESKTOP, "light"), (DESKTOP, "dark"), (PHONE, "light"), (PHONE, "dark")]
SERIOUS = {"serious", "critical"}
#: axe-core's rules made of colours alone (at 390 px: on the measured pages, see axe_on_pages)
COLOUR_RULES = ("color-contrast", "link-in-text-block")
#: the pages the issue measured (and search results): every rule in every mode
MEASURED = {"index.html", "bms6/s1.html", "lineage.html", "timeline.html", "concordance.html",
            "bibliography.html", "commentary/bp.html", "p/BMS6-38.html"}


def pages_of(edition_html) -> list[str]:
    """Every page a reader opens: not the short URLs (they forward to the
    pages), not the static files; of the small per-ID history pages (one
    template, some hundreds) one."""
    out = []
    for path in sorted(edition_html.rglob("*.html")):
        rel = path.relative_to(edition_html).as_posix()
        if rel.split("/")[0] in ("p", "_static", "_sources", "cite", "data"):
            continue
        if rel.startswith("history/") and rel != "history/BMS6-38.html":
            continue
        out.append(rel)
    return out


def _finished(page) -> None:
    page.wait_for_function(
        "() => /Search finished/.test(document.querySelector('#search-results p.search-summary')"
        "?.textContent || '')")


def _settled(page) -> None:
    """No CSS transition running: the colours axe reads are the page's own.
    On a browser context's first page the theme has no scheme kept yet (it
    keeps the last one in the context's local storage), so the page is first
    painted without one and the scheme set after it; the search button's
    colour transitions are still running at the page's ``load`` event, in
    either scheme, and color-contrast read their colours on the way (4.4:1
    in dark, at 1280 px, in a trial; 1.1-3.3:1 in trials that loaded the two
    schemes in turn in one context). On later pages nothing is running."""
    page.wait_for_function("""() => !document.getAnimations()
        .some(a => a instanceof CSSTransition && a.playState === "running")""")


@pytest.fixture(scope="module")
def axe():
    return Axe()


#: each mode's pages are checked in this many tests (every CHUNKS-th page
#: from the k-th), in one browser context: under ``make test`` (``--dist
#: loadfile``) xdist queues the files with the most tests first and tops up
#: a worker with another file when it has two tests or fewer left, so a mode
#: as one test would be queued last and could pile up on one worker
CHUNKS = 12


@dataclass
class AxeMode:
    """One mode (a width and a colour scheme) of the axe test: the pages,
    one browser page in one context for all of them, the counts so far."""

    viewport: dict
    scheme: str
    pages: list[str]
    page: object
    root: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def axe_mode(request, browser, server, edition_html):
    """The mode of the test file asking (its ``MODE``): every page of the
    edition (and two searches and a short URL) in one browser context; at
    the end the counts of every impact and rule, per page, written to
    _build/test-artifacts/axe-<width>-<mode>.json."""
    viewport, scheme = request.module.MODE
    pages = pages_of(edition_html) + ["search.html?q=stockpile", "search.html?q=BMS6-38",
                                      "p/BMS6-38.html"]
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.set_default_timeout(20_000)
    mode = AxeMode(viewport, scheme, pages, context.new_page(), server)
    try:
        yield mode
    finally:
        context.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"axe-{viewport['width']}-{scheme}.json").write_text(
            json.dumps(mode.counts, indent=1, sort_keys=True), encoding="utf-8")


def axe_test(viewport: dict, scheme: str):
    """The axe test of one mode, for the file that holds it
    (tests/test_accessibility_axe_<width>_<scheme>.py, whose ``MODE`` is
    ``(viewport, scheme)``): :func:`axe_on_pages` in :data:`CHUNKS` tests."""
    @pytest.mark.slow
    @pytest.mark.parametrize("chunk", range(CHUNKS),
                             ids=lambda k: f"{viewport['width']}-{scheme}-{k + 1}of{CHUNKS}")
    def test_axe_finds_no_serious_violation_on_any_page(axe_mode, axe, chunk, edition_html):
        axe_on_pages(axe_mode, axe, chunk, edition_html)

    return test_axe_finds_no_serious_violation_on_any_page


def axe_on_pages(mode: AxeMode, axe, chunk: int, edition_html) -> None:
    """axe on the ``chunk``-th share of the mode's pages: each page loaded
    once, axe injected once and run once with every rule (the colour rules on
    a phone on the measured pages and search results only, see below); no
    serious or critical violation. The four modes are tests in files of their
    own (tests/test_accessibility_axe_<width>_<scheme>.py): they are most of
    this suite's time, and ``make test`` (``--dist loadfile``) gives a file
    to one worker, so in one file they would run one after the other."""
    every = pages_of(edition_html)
    assert len(every) > 30 and "bms6/s1.html" in every
    viewport, scheme, page = mode.viewport, mode.scheme, mode.page
    bad: list[str] = []
    for path in mode.pages[chunk::CHUNKS]:
        page.goto(mode.root + path)
        page.wait_for_load_state("load")
        if "?q=" in path:
            _finished(page)
        if page.locator("article.bd-article").count():  # the theme's pages take the mode
            assert page.evaluate("document.documentElement.dataset.theme") == scheme, path
        _settled(page)
        # colours and link decoration do not depend on the width (one style
        # sheet; its one phone rule, edition.css's max-width block, sets
        # neither), and the two rules made of them, color-contrast and
        # link-in-text-block, are most of axe's time (8 s and 3.6 s on a
        # large page): on a phone they run on the measured pages and search
        # results, every other rule on all
        options = {"resultTypes": ["violations"]}
        if viewport is PHONE and path not in MEASURED and "?q=" not in path:
            options["rules"] = {rule: {"enabled": False} for rule in COLOUR_RULES}
        violations = axe.run(page, options=options).response["violations"]
        counts = mode.counts[path] = {}
        for v in violations:
            counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["nodes"])
            counts[v["id"]] = counts.get(v["id"], 0) + len(v["nodes"])
            if v["impact"] in SERIOUS:
                bad += [f"{path}: {v['id']} ({v['impact']}) at {n['target']}: "
                        f"{' '.join(n.get('failureSummary', '').split())[:300]}"
                        for n in v["nodes"][:5]]
    assert not bad, f"{len(bad)} serious or critical violation(s):\n" + "\n".join(bad[:40])


# -- keyboard paths ---------------------------------------------------------------


def _focus_visible(page) -> dict:
    """What has the focus, and whether it shows (an outline or a shadow)."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const shown = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                      || (style.boxShadow && style.boxShadow !== "none");
        return {tag: el.tagName.toLowerCase(), text: (el.textContent || "").trim().slice(0, 80),
                label: el.getAttribute("aria-label") || "", href: el.getAttribute("href") || "",
                visible: shown, matches: el.matches(":focus-visible")};
    }""")


def _tab_to(page, test: str, limit: int = 60, key: str = "Tab") -> dict:
    """Press Tab until ``test`` (a JS predicate on document.activeElement)
    holds; the focused element's description."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({test}); }}"):
            return _focus_visible(page)
    raise AssertionError(f"the keyboard never reached {test} ({limit} presses)")


def test_keyboard_search(tab):
    tab.open("bms6/s1.html")
    tab.page.keyboard.press("Control+k")  # the theme's shortcut opens its search field
    field = tab.page.locator("#pst-search-dialog input[type=search]")
    field.wait_for(state="visible")
    assert tab.page.evaluate("document.activeElement.type") == "search"
    tab.page.keyboard.type("stockpile")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"search\.html\?q=stockpile"))
    _finished(tab.page)
    focus = _tab_to(tab.page, "el.closest('#search-results ul.search > li a')")
    assert focus["visible"] and focus["matches"], focus
    href = focus["href"]
    tab.page.keyboard.press("Enter")
    page, _, anchor = href.partition("#")
    if anchor:
        tab.land(page, anchor)
    else:
        tab.page.wait_for_url(tab.root + page)


def test_keyboard_cite_copy_and_show(tab):
    tab.open("bms6/s1.html#BMS6-38")
    tab.page.locator('[id="BMS6-38"] > .ed-num').focus()
    focus = _tab_to(tab.page, "el.getAttribute('aria-label') === 'Cite BMS6-38'")
    assert focus["visible"], focus
    control = tab.page.locator('[id="BMS6-38"] details.ed-cite-this')
    summary = control.locator("> summary")
    before = summary.bounding_box()
    tab.page.keyboard.press("Enter")
    assert control.get_attribute("open") is not None
    after = summary.bounding_box()
    # stable: "Cite" stays where it was when the panel opens
    assert abs(after["x"] - before["x"]) < 1 and abs(after["y"] - before["y"]) < 1, (before, after)
    focus = _tab_to(tab.page, "el.matches('.ed-cite-format[data-format=chicago] button.ed-copy')")
    assert focus["visible"], focus
    tab.page.keyboard.press("Enter")
    status = control.locator(".ed-copy-status")
    tab.page.wait_for_function("el => el.textContent !== ''", arg=status.element_handle())
    assert status.inner_text() in ("Chicago (author-date) copied to the clipboard.",
                                   "Copying is not allowed here: open Show and select the text.")
    focus = _tab_to(tab.page, "el.matches('.ed-cite-format[data-format=bibtex] .ed-cite-show > summary')")
    assert focus["visible"], focus
    show = control.locator('.ed-cite-format[data-format="bibtex"] details.ed-cite-show')
    marker = show.locator("> summary").evaluate("el => getComputedStyle(el, '::before').content")
    assert "\u25b8" in marker, marker  # a closed disclosure is marked as one
    show_box = show.locator("> summary").bounding_box()
    tab.page.keyboard.press("Enter")
    assert show.locator("pre.ed-cite-text").is_visible()
    marker = show.locator("> summary").evaluate("el => getComputedStyle(el, '::before').content")
    assert "\u25be" in marker, marker
    moved = show.locator("> summary").bounding_box()
    assert abs(moved["x"] - show_box["x"]) < 1 and abs(moved["y"] - show_box["y"]) < 1
    tab.page.keyboard.press("Escape")
    assert control.get_attribute("open") is None


def test_keyboard_lineage_link(tab):
    tab.open("lineage.html")
    tab.page.locator('[id="lineage-BMS6-38"]').locator("xpath=..").locator("p.rubric a").first.focus()
    focus = _tab_to(tab.page, "el.closest('[id=\"a_lineage-graph-BMS6-38--POA-II.18\"]')")
    assert focus["visible"], focus
    tab.page.keyboard.press("Enter")
    tab.land("instruments/poa.html", "POA-II.18")


# -- search results -------------------------------------------------------------


def _results(tab, query: str) -> list[dict]:
    tab.open(f"search.html?q={quote(query)}")
    _finished(tab.page)
    tab.page.wait_for_timeout(100)
    return tab.page.evaluate("""() => [...document.querySelectorAll('#search-results ul.search > li')]
        .map(li => ({href: li.querySelector('a').getAttribute('href'), kind: li.className,
                     context: li.querySelector('p.context')?.textContent || null}))""")


def test_an_id_result_shows_its_summary(tab, edition_html):
    model = json.loads((edition_html / "edition.json").read_text(encoding="utf-8"))
    summary = next(o["summary"] for o in model["objects"] if o["id"] == "BMS6-38")
    first = _results(tab, "BMS6-38")[0]
    assert first["href"] == "bms6/s1.html#BMS6-38"
    assert first["context"] and summary.startswith(first["context"].rstrip("…")[:150]), first


def test_page_results_show_the_pages_own_text(tab):
    results = _results(tab, "stockpile")
    pages = [r for r in results if "kind-object" not in r["kind"]]
    assert pages, results
    for r in pages:
        assert r["context"], f"no text under {r['href']}"
        assert "stockpil" in r["context"].lower(), r
        for chrome in ("System Settings", "Light Dark", "Ctrl+K", "Back to top"):
            assert chrome not in r["context"], r


def test_a_paragraphs_words_find_the_paragraph(tab):
    # words of BMS6-38's wording, as a witness quotes it
    results = _results(tab, "responsibly dispose")
    hrefs = [r["href"] for r in results]
    assert "bms6/s1.html#BMS6-38" in hrefs, hrefs
    assert hrefs.index("bms6/s1.html#BMS6-38") < hrefs.index("bms6/s1.html") \
        if "bms6/s1.html" in hrefs else True


# -- titles -------------------------------------------------------------------------


def test_the_tab_title_names_the_paragraph(tab):
    tab.open("p/BMS6-38.html")
    tab.land("bms6/s1.html", "BMS6-38")
    assert tab.page.title().startswith("BMS6-38 · "), tab.page.title()
    assert tab.page.url.endswith("#BMS6-38")  # a bookmark keeps the paragraph
    tab.open("commentary/bp.html#BP-N14")
    tab.land("commentary/bp.html", "BP-N14")
    assert tab.page.title().startswith("BP-N14 · ")
    tab.page.evaluate("location.hash = '#BP-N12'")
    tab.page.wait_for_function("() => document.title.startsWith('BP-N12 · ')")
    tab.open("commentary/bp.html")
    assert not re.match(r"BP-N\d+ · ", tab.page.title())


# -- layout and screenshots ------------------------------------------------------------


LAYOUT = """() => {
    const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
    const search = [...document.querySelectorAll('.search-button__button, input[type=search]')]
        .filter(el => visible(el) && !el.closest('dialog'));
    const header = document.querySelector('#pst-header');
    const top = document.querySelector('.bd-header-article') || document.querySelector('article');
    const article = document.querySelector('.bd-article-container').getBoundingClientRect();
    const broken = [...document.querySelectorAll('.ed-ref, .ed-permalink')]
        .filter(el => visible(el) && el.getClientRects().length > 1).map(el => el.textContent);
    return {search: search.length, header: header ? header.getBoundingClientRect().height : 0,
            top: top.getBoundingClientRect().top + scrollY, scrollWidth: document.documentElement.scrollWidth,
            article: [article.left, article.right], broken};
}"""


@pytest.mark.parametrize(("name", "viewport"), [("1280", DESKTOP), ("390", PHONE)])
def test_layout_and_screenshots(browser, server, name, viewport):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    tab = Tab(context.new_page(), server)
    context.on("request", lambda req: tab.requests.append(req.url))
    tab.page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for shot, path in (("section", "bms6/s1.html#BMS6-38"), ("lineage", "lineage.html#lineage-BMS6-38"),
                           ("concordance", "concordance.html"), ("timeline", "timeline.html")):
            tab.open(path)
            tab.page.wait_for_load_state("load")
            tab.page.wait_for_timeout(200)
            layout = tab.page.evaluate(LAYOUT)
            assert layout["search"] == 1, (path, layout)  # one search box
            assert layout["header"] == 0, (path, layout)  # no blank strip above the page
            assert layout["scrollWidth"] <= viewport["width"], (path, layout)
            assert not layout["broken"], (path, layout)  # no ID broken over two lines
            if path.startswith("concordance"):
                rows = tab.page.locator("table.ed-concordance-forward tbody tr")
                shown = [r for r in rows.all() if r.is_visible()]
                assert 0 < len(shown) < rows.count()  # the filter: rows with content
                select = tab.page.locator(".ed-filter select")
                select.select_option("all")
                assert all(r.is_visible() for r in rows.all()[:5])
                select.select_option("linked")
                tab.page.locator(".ed-filter").scroll_into_view_if_needed()  # the table in the shot
            if path.startswith("lineage"):
                # on a phone the picture keeps readable labels and scrolls
                sizes = tab.page.evaluate("""() => [...document.querySelectorAll(
                    '[id="lineage-graph-BMS6-38"] text')].map(t => t.getBoundingClientRect().height)""")
                assert sizes and min(sizes) >= 9, sizes
            tab.page.screenshot(path=str(SCREENSHOTS / f"{shot}-{name}.png"))
        assert tab.errors == [] and tab.foreign_requests() == []
    finally:
        context.close()
