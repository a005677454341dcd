# Sphinx configuration: declarative only; behaviour lives in extensions/.
# Build with `make html` (sphinx-build -c . edition _build/html).

project = "The BMS6 Outcome: an Annotated Critical Edition"
# the version and its release date: pyproject.toml (`edition release` sets both)
author = "The editors"  # the editors, cited as such: "Family, Given and Family, Given"
copyright = "2026, the editors"  # the UN texts quoted are the UN's
language = "en"

extensions = ["poa_edition"]  # sets up myst_parser, sphinx_needs, sphinxcontrib.bibtex

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_data"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

edition_data = "_data"  # documents, witnesses, need and link types (TOML)
bibtex_bibfiles = ["refs.bib"]  # relative to this file
bibtex_default_style = "edition"  # author-date, sorted by author, year, title
bibtex_reference_style = "author_year"
bibtex_cite_id = "ref-{key}"  # stable anchors for bibliography entries

html_theme = "sphinx_book_theme"
html_title = "BMS6 Outcome — Critical Edition"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
}
html_last_updated_fmt = None
html_copy_source = False
html_use_index = False  # the index of IDs is ed-ids.html; the PDF keeps its own index

# The published address: permalinks (p/<ID>.html), citations, the PDF's links.
# A placeholder until the edition is published: set it to the real address.
# On Read the Docs, READTHEDOCS_CANONICAL_URL replaces it when set.
html_baseurl = "https://example.org/bms6-edition/"

# external links (make check; OFFLINE=1 skips them)
linkcheck_timeout = 15
linkcheck_retries = 2
linkcheck_ignore = [r"https://example\.org/"]  # the placeholder address above

latex_engine = "xelatex"  # Unicode throughout: curly quotes, dashes, …, Č (FreeFont)
latex_documents = [("index", "bms6-edition.tex", project, author, "manual")]
latex_toplevel_sectioning = "part"  # each volume a part, each page a chapter
latex_show_urls = "no"
latex_elements = {"papersize": "a4paper", "pointsize": "11pt", "extraclassoptions": "openany"}
