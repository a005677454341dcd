# The two commands a newcomer needs: `make html` and `make test`.
# Both create .venv when it is missing or stale (pyproject.toml changed, its
# Python no longer runs, or it was made with another Python than $(PYTHON))
# and install the project into it. `make` alone lists the targets.

.DEFAULT_GOAL := help
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR   := _build
SRC        := edition
PORT       ?= 8000
TEST_JOBS  ?= auto
# the tests' temporary folders (TMPDIR) on a RAM disk where there is one: the
# suite's builds write about a gigabyte of small files, which a disk makes
# slow (test_catalogue.py: 41 s on /tmp, 30 s on /dev/shm); TEST_TMPDIR= keeps
# the system's
TEST_TMPDIR ?= $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && \
                 df --output=fstype /dev/shm 2>/dev/null | grep -qx tmpfs && echo /dev/shm)
# the lock: every dependency, and theirs, at one version (pip-tools' pip-compile
# from pyproject.toml; `make lock` writes it again); .venv, CI and Read the Docs
# install through it
LOCK       := constraints.txt

.PHONY: help html serve latex pdf latexpdf test check bench clean distclean venv lock

PYVER   := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENVVER := $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ifneq ($(VENVVER),$(PYVER))
STALE := stale-venv
endif
.PHONY: stale-venv

## help: list the targets (what `make` alone does)
help:
	@sed -n 's/^## \([a-z]*\): \(.*\)/  make \1\t\2/p' $(MAKEFILE_LIST) | expand -t 18

## venv: create or refresh .venv (every target does this when needed)
venv: $(VENV)/.stamp

$(VENV)/.stamp: pyproject.toml $(LOCK) $(STALE)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: Python 3.11 or newer is needed; $(PYTHON) is $(if $(PYVER),Python $(PYVER),not found) (set PYTHON=python3.11)" >&2; exit 1; }
	@if [ -d $(VENV) ] && ! $(BIN)/python -c '' 2>/dev/null; then \
	  echo "$(VENV) is broken; recreating it"; rm -rf $(VENV); \
	elif [ -d $(VENV) ] && [ "$(VENVVER)" != "$(PYVER)" ]; then \
	  echo "$(VENV) was made with Python $(VENVVER), not $(PYVER); recreating it"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e .
	@touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e '.[test]'
	@touch $@

$(VENV)/.stamp-serve: $(VENV)/.stamp
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e '.[serve]'
	@touch $@

## lock: write constraints.txt again from pyproject.toml (pip-tools, in a venv of its own)
lock:
	@test -x $(BUILDDIR)/pip-tools/bin/pip-compile || { $(PYTHON) -m venv $(BUILDDIR)/pip-tools && \
	  $(BUILDDIR)/pip-tools/bin/python -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2; }
	$(BUILDDIR)/pip-tools/bin/pip-compile --quiet --all-extras --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml

# the extension's modules compiled ahead: Python reads compiled modules even
# where PYTHONDONTWRITEBYTECODE is set, which otherwise leaves the editable
# install compiling every module at every start (a fifth of a one-edit rebuild)
.PHONY: precompile
precompile: $(VENV)/.stamp
	@$(BIN)/python -m compileall -q extensions/poa_edition

## html: strict build of the HTML edition into _build/html
html: $(VENV)/.stamp precompile
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -c . $(SRC) $(BUILDDIR)/html

## serve: live preview, http://127.0.0.1:8000 (PORT=...): strict rebuild on save, browser reloads
serve: $(VENV)/.stamp-serve precompile
	$(BIN)/sphinx-autobuild -b html $(SPHINXOPTS) -c . --host 127.0.0.1 --port $(PORT) \
	  --watch conf.py --watch refs.bib --watch extensions/poa_edition \
	  --re-ignore '(__pycache__|\.tmp$$)' $(SRC) $(BUILDDIR)/html

## latex: strict build of the LaTeX sources into _build/latex
latex: $(VENV)/.stamp precompile
	$(BIN)/sphinx-build -b latex $(SPHINXOPTS) -c . $(SRC) $(BUILDDIR)/latex

## pdf: the PDF edition, _build/latex/bms6-edition.pdf (XeLaTeX; quiet: one line, the log kept)
pdf: $(VENV)/.stamp precompile
	@$(BIN)/sphinx-build -b latex -q $(SPHINXOPTS) -c . $(SRC) $(BUILDDIR)/latex
	@$(BIN)/python -m poa_edition.tools.pdfbuild $(BUILDDIR)/latex

## latexpdf: the same as pdf (Sphinx's usual name)
latexpdf: pdf

## check: everything wrong at once: build, citations, refs.bib, quotations, links (OFFLINE=1: no links)
check: $(VENV)/.stamp precompile
	$(BIN)/edition check --src $(SRC) --out $(BUILDDIR)/check

## test: run the whole test suite, a file to each core (TEST_JOBS=0: in one process)
test: $(VENV)/.stamp-test precompile
	$(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR) )$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile $(PYTEST_ARGS)

## bench: time the edition against plain Sphinx on a generated corpus (BENCH_ARGS="--paragraphs 3000")
bench: $(VENV)/.stamp precompile
	$(BIN)/python benchmarks/build_cost.py $(BENCH_ARGS)

## clean: remove _build
clean:
	rm -rf $(BUILDDIR)

## distclean: remove _build and .venv
distclean: clean
	rm -rf $(VENV)
