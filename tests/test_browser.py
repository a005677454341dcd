"""The built edition in a real browser (Playwright driving Debian's Chromium),
served on 127.0.0.1 and opened from disk (file://): short URLs land on the
paragraph, the Cite control gives its formats, search finds IDs first, the
lineage pictures link, the resolver resolves. Every test also records every
request (none may leave the edition) and every console error (there must be
none). Screenshots of a paragraph page land in _build/test-artifacts/.

Needs the `playwright` package (the test extras) and /usr/bin/chromium (.ci/run
installs it); without them these tests skip, except under CI=true, where they
fail."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import REPO, Served, unavailable

pytestmark = pytest.mark.slow  # end to end: a whole build, then TeX or a browser

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright's own download is not used
ARTIFACTS = REPO / "_build" / "test-artifacts"

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None
_why = ("the browser tests need the playwright package (pip install -e '.[test]')"
        if sync_playwright is None else
        None if CHROMIUM.exists() else
        f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
if _why:
    unavailable(_why, module=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BMS6 = "Outcome of the Sixth Biennial Meeting of States (2016)"
POA = "Programme of Action (2001)"


@pytest.fixture(scope="module")
def server(edition_html):
    """The built edition served on 127.0.0.1, on a free port (its root URL)."""
    with Served(edition_html) as served:
        yield served.base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        # headless; Playwright adds --no-sandbox itself (chromium_sandbox=False),
        # which Chromium needs when it runs as root
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(params=["server", "disk"])
def site(request, edition_html) -> str:
    """The edition's root URL: from the local server, or the directory on disk."""
    if request.param == "server":
        return request.getfixturevalue("server")
    return edition_html.as_uri() + "/"


@dataclass
class Tab:
    """A browser page on the edition, with what it asked for and complained of."""

    page: object
    root: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.root + path)

    def land(self, path: str, element_id: str) -> dict:
        """Wait until the browser shows ``path#element_id`` with that element
        in the viewport; return the element's box."""
        self.page.wait_for_url(re.compile(re.escape(self.root + path) + "#" + re.escape(element_id) + "$"))
        self.page.wait_for_load_state("load")
        # the browser scrolls to the fragment: wait for that, then measure
        try:
            self.page.wait_for_function(
                "id => { const r = document.getElementById(id)?.getBoundingClientRect();"
                " return r && r.top >= 0 && r.top < innerHeight; }", arg=element_id, timeout=5000)
        except PlaywrightTimeout:
            pass  # the assertions below say what is wrong
        box = self.page.evaluate(
            """id => {
                const el = document.getElementById(id);
                if (!el) return {missing: true, top: -1, bottom: -1, left: -1, right: -1};
                const r = el.getBoundingClientRect();
                return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                        width: innerWidth, height: innerHeight,
                        target: document.querySelector(":target") === el};
            }""", element_id)
        assert not box.get("missing"), f"no element #{element_id} on {path}"
        assert box["target"], f"#{element_id} is not the page's :target"
        assert 0 <= box["top"] < box["height"] and box["bottom"] > box["top"], box
        assert 0 <= box["left"] < box["right"] <= box["width"], box
        return box

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if not (url.startswith(self.root) or url.startswith("data:"))]


@pytest.fixture
def tab(browser, site, request):
    """A fresh browser context on ``site``; after the test, no request may have
    left the edition and no page may have logged a console error."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    if site.startswith("http:"):
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    page = context.new_page()
    watched = Tab(page, site)
    context.on("request", lambda req: watched.requests.append(req.url))
    page.on("console", lambda msg: msg.type == "error" and watched.errors.append(
        f"console error on {page.url}: {msg.text}"))
    page.on("pageerror", lambda exc: watched.errors.append(f"uncaught on {page.url}: {exc}"))
    failed_before = request.session.testsfailed
    yield watched
    context.close()
    if request.session.testsfailed > failed_before:
        return  # the test's own failure says enough
    assert watched.requests, "no request recorded"
    foreign = watched.foreign_requests()
    assert not foreign, "requests that left the edition:\n" + "\n".join(foreign)
    assert not watched.errors, "console errors:\n" + "\n".join(watched.errors)


# (a) short URLs land on the paragraph, scrolled into view

@pytest.mark.parametrize(("short", "page"), [
    ("BMS6-38", "bms6/s1.html"),
    ("POA-II.18", "instruments/poa.html"),
    ("BMS6-119a", "bms6/s3.html"),
    ("BP-N14", "commentary/bp.html"),
])
def test_short_url_lands_on_the_paragraph(tab, short, page):
    tab.open(f"p/{short}.html")
    tab.land(page, short)
    number = tab.page.locator(f'[id="{short}"] > .ed-num')
    assert number.is_visible()


def test_short_url_as_of_a_version_opens_the_history(tab):
    """``p/<ID>.html?as-of=X.Y.Z`` (and ``#history``) opens the ID's history
    page, at that release's anchor; the paragraph's line links there too."""
    tab.open("p/BMS6-38.html?as-of=0.1.0")
    tab.page.wait_for_url(re.compile(re.escape(tab.root + "history/BMS6-38.html") + "#v0.1.0$"))
    assert tab.page.locator("h1").inner_text() == "BMS6-38: history"
    tab.open("p/BMS6-38.html#history")
    tab.page.wait_for_url(re.compile(re.escape(tab.root + "history/BMS6-38.html") + "$"))
    tab.page.get_by_role("link", name="BMS6-38").first.click()
    tab.land("bms6/s1.html", "BMS6-38")


# (b) the Cite control

def test_cite_control_gives_the_formats(tab):
    tab.open("p/BMS6-38.html")
    tab.land("bms6/s1.html", "BMS6-38")
    para = tab.page.locator('[id="BMS6-38"]')
    control = para.locator("details.ed-cite-this")
    panel = control.locator(".ed-cite-panel")
    assert not panel.is_visible()
    control.locator("> summary").click()
    assert panel.is_visible()

    def fmt(name):
        return panel.locator(f'.ed-cite-format[data-format="{name}"]')

    chicago = fmt("chicago").locator(".ed-cite-ref").inner_text()
    assert chicago.startswith("UNGA. 2016. “Outcome of the Sixth Biennial Meeting of States, "
                              "Paragraph 38.” In ")
    assert "The BMS6 Outcome: An Annotated Critical Edition" in chicago
    assert "p/BMS6-38.html" in chicago
    assert "Wording reconstructed from witnesses" in chicago

    texts = {}
    for name in ("bibtex", "csl", "ris"):
        pre = fmt(name).locator("pre.ed-cite-text")
        assert not pre.is_visible()
        fmt(name).locator("details.ed-cite-show > summary").click()
        assert pre.is_visible(), f"{name}: Show does not show the text"
        texts[name] = pre.inner_text()

    assert texts["bibtex"].startswith("@incollection{BMS6-38,")
    assert "title = {{Outcome of the Sixth Biennial Meeting of States, Paragraph 38}}" in texts["bibtex"]
    assert texts["bibtex"].rstrip().endswith("}")
    (item,) = json.loads(texts["csl"])
    assert (item["id"], item["type"]) == ("BMS6-38", "chapter")
    assert item["title"].endswith(", Paragraph 38")  # the locator is the citing author's
    assert item["container-title"] == "The BMS6 Outcome: an Annotated Critical Edition"
    assert item["URL"].endswith("/p/BMS6-38.html")
    ris = texts["ris"].splitlines()
    assert ris[0].startswith("TY  - ") and ris[-1].rstrip() == "ER  -"
    assert "TI  - Outcome of the Sixth Biennial Meeting of States, Paragraph 38" in ris

    # Copy: on the server the clipboard (permission granted) holds the text;
    # from disk the control still answers, one way or the other
    status = panel.locator(".ed-copy-status")
    for name, expected in (("bibtex", texts["bibtex"]), ("chicago", chicago)):
        status.evaluate("el => { el.textContent = ''; }")
        fmt(name).locator("button.ed-copy").click()
        label = fmt(name).locator(".ed-cite-name").inner_text()
        tab.page.wait_for_function("el => el.textContent !== ''", arg=status.element_handle())
        if tab.root.startswith("http:"):
            assert status.inner_text() == f"{label} copied to the clipboard."
            copied = tab.page.evaluate("navigator.clipboard.readText()")
            assert copied.strip() == expected.strip()
        else:
            assert status.inner_text() in (f"{label} copied to the clipboard.",
                                           "Copying is not allowed here: open Show and select the text.")

    # the download: a file from a server; from disk the browser shows it
    link = fmt("csl").locator("a.ed-download")
    if tab.root.startswith("http:"):
        with tab.page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "BMS6-38.json"
        assert json.loads(Path(download.value.path()).read_text(encoding="utf-8")) == [item]
    else:
        link.click()
        tab.page.wait_for_url(tab.root + "cite/BMS6-38.json")
        assert json.loads(tab.page.locator("pre").inner_text()) == [item]
        tab.page.go_back()

    # Escape closes the control and gives the focus back to it
    tab.page.wait_for_url(re.compile(r"s1\.html#BMS6-38$"))
    if control.get_attribute("open") is None:
        control.locator("> summary").click()
    fmt("chicago").locator("button.ed-copy").focus()
    tab.page.keyboard.press("Escape")
    assert control.get_attribute("open") is None
    assert tab.page.evaluate("document.activeElement.getAttribute('aria-label')") == "Cite BMS6-38"


# (c) Sphinx's search page finds IDs first, naming their document

@pytest.mark.parametrize(("query", "href", "document", "follow"), [
    ("BMS6-38", "bms6/s1.html#BMS6-38", BMS6, True),
    ("bms6 38", "bms6/s1.html#BMS6-38", BMS6, False),
    ("POA II.18", "instruments/poa.html#POA-II.18", POA, True),
])
def test_search_finds_the_id_first(tab, query, href, document, follow):
    tab.open(f"search.html?q={quote(query)}")
    tab.page.wait_for_function(
        "() => /Search finished/.test(document.querySelector('#search-results p.search-summary')"
        "?.textContent || '')")
    first = tab.page.locator("#search-results ul.search > li").first
    link = first.locator("a").first
    assert link.get_attribute("href") == href
    text = first.inner_text()
    page, anchor = href.split("#")
    assert text.startswith(f"{anchor} ("), text
    assert document in text, text
    if follow:
        link.click()
        tab.land(page, anchor)


# (d) a node of a lineage picture leads to its paragraph

def test_lineage_node_leads_to_the_paragraph(tab):
    tab.open("lineage.html")
    graph = tab.page.locator('[id="lineage-graph-BMS6-38"]')  # the picture of BMS6-38
    assert graph.count() == 1
    graph.locator('[id="a_lineage-graph-BMS6-38--POA-II.18"] > a').click()  # the PoA's node
    tab.land("instruments/poa.html", "POA-II.18")


def test_lineage_edge_leads_to_the_note(tab):
    tab.open("lineage.html")
    edge = tab.page.locator('[id="a_lineage-graph-BMS6-38--e1"] > a')
    edge.click()
    tab.land("commentary/bp.html", "BP-N14")


# (e) the resolver

def test_resolver_redirects(tab):
    tab.open("permalink.html?id=BMS6-38")
    tab.land("bms6/s1.html", "BMS6-38")


def test_resolver_says_an_id_is_unknown(tab):
    tab.open("permalink.html?id=BMS6-999")
    status = tab.page.locator("#ed-resolver-status")
    assert "No paragraph, section or note has the ID “BMS6-999”." in status.inner_text()
    assert tab.page.url == tab.root + "permalink.html?id=BMS6-999"
    suggestions = tab.page.locator("#ed-resolver-suggestions li a")
    assert suggestions.count() >= 1
    for link in suggestions.all():
        assert re.fullmatch(r"BMS6-\d+[a-z]?", link.inner_text()), link.inner_text()
    assert tab.page.locator("#ed-resolver-search").get_attribute("href") == "search.html?q=BMS6-999"


# (f, g) a reader's tour: no request leaves the edition, no console error
# (the tab fixture checks both after every test; here on many pages)

# (bms6/s1.html and commentary/bp.html, the largest pages, the tests above open)
TOUR = ["index.html", "about.html", "conventions.html", "bms6/index.html", "bms5/s3.html",
        "instruments/poa.html", "instruments/iti.html", "bibliography.html", "lineage.html",
        "timeline.html", "concordance.html", "ed-ids.html", "permalink.html",
        "search.html?q=stockpile"]


def test_a_tour_stays_inside_the_edition(tab):
    for path in TOUR:
        tab.open(path)
        if path.startswith("search.html"):
            tab.page.wait_for_function(
                "() => /Search finished/.test(document.querySelector('#search-results p.search-summary')"
                "?.textContent || '')")
            assert tab.page.locator("#search-results ul.search > li").count() > 0
            tab.page.wait_for_load_state("networkidle")  # the summaries (from a server)
    assert tab.foreign_requests() == []
    assert tab.errors == []
    visited = {url.split("?")[0].split("#")[0] for url in tab.requests}
    assert {tab.root + path.split("?")[0] for path in TOUR} <= visited


# (h) screenshots of a paragraph page

def _colours(tab, png: bytes) -> int:
    """How many different colours the PNG has (decoded by the browser)."""
    import base64
    return tab.page.evaluate(
        """async src => {
            const img = new Image(); img.src = src; await img.decode();
            const canvas = document.createElement("canvas");
            canvas.width = img.width; canvas.height = img.height;
            const ctx = canvas.getContext("2d"); ctx.drawImage(img, 0, 0);
            const data = ctx.getImageData(0, 0, img.width, img.height).data;
            const seen = new Set();
            for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
            return seen.size;
        }""", "data:image/png;base64," + base64.b64encode(png).decode())


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("390", PHONE)])
def test_screenshot_of_a_paragraph_page(browser, server, name, viewport):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    tab = Tab(context.new_page(), server)
    context.on("request", lambda req: tab.requests.append(req.url))
    tab.page.on("console", lambda msg: msg.type == "error" and tab.errors.append(msg.text))
    tab.page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    try:
        tab.open("p/BMS6-38.html")
        box = tab.land("bms6/s1.html", "BMS6-38")
        # nothing wider than the screen: no sideways scrolling
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"bms6-38-{name}.png"
        png = tab.page.screenshot(path=str(path))
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(png[16:20], "big")
        height = int.from_bytes(png[20:24], "big")
        assert (width, height) == (viewport["width"], viewport["height"])
        assert _colours(tab, png) > 50, "the screenshot is (nearly) blank"
        assert box["top"] < viewport["height"] / 2
        assert tab.foreign_requests() == [] and tab.errors == []
    finally:
        context.close()
