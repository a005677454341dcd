# The two commands a newcomer needs: `make html` and `make test`.
# Both create .venv when it is missing or stale (pyproject.toml changed, or
# its Python no longer runs) and install the project into it.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR   := _build
SRC        := edition

.PHONY: html latex pdf latexpdf test check bench clean distclean venv

venv: $(VENV)/.stamp

$(VENV)/.stamp: pyproject.toml
	@if [ -d $(VENV) ] && ! $(BIN)/python -c '' 2>/dev/null; then \
	  echo "$(VENV) is broken; recreating it"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

## html: strict build of the HTML edition into _build/html
html: $(VENV)/.stamp
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -c . $(SRC) $(BUILDDIR)/html

## latex: strict build of the LaTeX sources into _build/latex
latex: $(VENV)/.stamp
	$(BIN)/sphinx-build -b latex $(SPHINXOPTS) -c . $(SRC) $(BUILDDIR)/latex

## pdf: the PDF edition, _build/latex/bms6-edition.pdf (XeLaTeX; see README for the packages)
pdf: $(VENV)/.stamp
	$(BIN)/sphinx-build -M latexpdf $(SRC) $(BUILDDIR) -c . $(SPHINXOPTS)

## latexpdf: the same as pdf (Sphinx's usual name)
latexpdf: pdf

## check: fresh strict build and a summary of every citation (JSON in _build/check)
check: $(VENV)/.stamp
	$(BIN)/edition check --src $(SRC) --out $(BUILDDIR)/check

## test: run the test suite
test: $(VENV)/.stamp-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: time the edition against plain Sphinx on a generated corpus (BENCH_ARGS="--paragraphs 3000")
bench: $(VENV)/.stamp
	$(BIN)/python benchmarks/build_cost.py $(BENCH_ARGS)

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV)
