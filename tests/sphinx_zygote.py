"""A Python with Sphinx and the edition already imported, which starts each
``python -m sphinx`` of the test suite by forking (tests/conftest.py,
:func:`conftest.sphinx_build`).

Why. A subprocess build spends about 0.45 s of processor time importing
Sphinx, docutils, MyST, sphinx-needs, sphinxcontrib-bibtex, the theme and the
edition before it reads a page; the suite starts about a hundred of them.
Here that import happens once per pytest-xdist worker.

What a build gets is what ``python -m sphinx ARGS`` gets after its imports:
a process of its own (its own exit status, or the signal that killed it), its
own environment, working directory and standard streams, ``sys.argv`` as
``-m`` sets it, and the normal exit of the interpreter (``SystemExit`` from
Sphinx's ``main`` unwinds to the top level, so ``atexit`` handlers and the
flushing of the streams happen as in a fresh process). This process only
imports: it never builds, so no build finds another's memos. The caller
falls back to a new interpreter wherever the difference could show: an
environment that differs in anything read at start-up (``PYTHON*``,
``LANG``, ``LC_*``) or perhaps kept while importing (``TMPDIR``), another
working directory, or no ``fork``.

Protocol: one JSON request a line on standard input (``argv``, ``env``,
``cwd``, ``stdout``, ``stderr``: the files the build writes its streams to);
for each, ``pid N`` and then ``exit CODE`` (``-N`` for a signal, as
:mod:`subprocess` gives it) on standard output. End of input ends it.
"""

import json
import os
import sys

sys.path[0] = os.getcwd()  # as ``python -m`` sets it (not this file's folder)

#: imported once here: what every build of the edition imports
PRELOAD = ("sphinx.cmd.build", "sphinx.application", "sphinx.builders.html",
           "sphinx.builders.latex", "docutils.parsers.rst", "myst_parser.sphinx_ext.main",
           "sphinx_needs.needs", "sphinxcontrib.bibtex", "pydata_sphinx_theme",
           "sphinx_book_theme", "poa_edition.sphinxext", "poa_edition.outputs")


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a build that needs it imports it (and fails) itself
            pass


def _serve() -> dict | None:
    """Fork for each request; in the child, return the request."""
    while True:
        line = sys.stdin.readline()
        if not line:
            return None
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            return request
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)


def _become(request: dict) -> None:
    """The child: the build's directory, environment and streams."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, fd)
        os.close(out)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 (fd 0 is the null device now)
    sys.argv = ["-m", *request["argv"]]


if __name__ == "__main__":
    _preload()
    _request = _serve()
    if _request is None:
        sys.exit(0)
    _become(_request)
    del _request
    import runpy

    runpy.run_module("sphinx", run_name="__main__", alter_sys=True)
