"""Shared helpers: strict Sphinx builds run as a maintainer runs them."""

from __future__ import annotations

import atexit
import functools
import http.server
import json
import locale
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from poa_edition.tools.exchange import read_needs

REPO = Path(__file__).resolve().parents[1]
EDITION = REPO / "edition"
FIXTURES = Path(__file__).parent / "fixtures"
STRICT = ("-W", "--keep-going", "-n")

# the witness texts may be named relative to where the run started
# (``EDITION_WITNESSES=../witnesses make test``); tests run the tools in
# other folders (a copied project) with this environment, so the name is
# made absolute once, here, where it was meant
if (_witnesses := os.environ.get("EDITION_WITNESSES")) and not os.path.isabs(_witnesses):
    os.environ["EDITION_WITNESSES"] = os.path.abspath(_witnesses)


def unavailable(why: str, module: bool = False) -> None:
    """What a test needs is missing (TeX, a browser, node, the witness texts):
    a skip with one reason on a laptop, a failure under ``CI=true`` (CI
    installs everything, so a skip there would hide a failure)."""
    if os.environ.get("CI") == "true":
        pytest.fail(why, pytrace=False)
    pytest.skip(why, allow_module_level=module)


#: the build date every test build is given (``SOURCE_DATE_EPOCH``)
EPOCH = "1466985600"


def build_env() -> dict[str, str]:
    """The environment :func:`sphinx_build` gives a build: this one, with a
    fixed hash seed and build date (reproducible output)."""
    return {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": EPOCH}


def sphinx_build(src: Path, out: Path, *, confdir: Path | None = None,
                 builder: str = "html", extra: tuple[str, ...] = (),
                 command: bool = False) -> subprocess.CompletedProcess:
    """Run ``sphinx-build`` strictly in a process of its own (real exit
    codes, real output): ``python -m sphinx`` forked from a Python that has
    imported Sphinx and the edition already (:mod:`sphinx_zygote`: the same
    build, without importing everything again), or, with ``command`` (the
    cases that test the command itself) or where forking could differ, a
    new interpreter."""
    started = time.time() - 1
    args = ["-b", builder, *STRICT, "-q", "--no-color",
            "-c", str(confdir or src), "-d", str(out / ".doctrees"), *extra, str(src), str(out)]
    env = build_env()
    zygote = None if command else _Zygote.for_env(env)
    if zygote is not None:
        done = zygote.run(args, env, timeout=900)
    else:
        done = subprocess.run([sys.executable, "-m", "sphinx", *args], capture_output=True,
                              text=True, env=env, timeout=900)
    if builder == "html":
        assert_model_valid(out, started)
    return done


def _startup_env(env: dict[str, str]) -> dict[str, str]:
    """What of an environment a Python reads when it starts, or may have
    read and kept while importing (the temporary folder)."""
    return {k: v for k, v in env.items()
            if k.startswith(("PYTHON", "LC_")) or k in ("LANG", "LANGUAGE", "TMPDIR", "TEMP", "TMP")}


class _Zygote:
    """This worker's :mod:`sphinx_zygote` (one per process, started at the
    first build that can use it, ended with the process)."""

    _current: "_Zygote | None" = None
    _lock = threading.Lock()

    def __init__(self, env: dict[str, str]) -> None:
        self.startup, self.cwd = _startup_env(env), os.getcwd()
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("sphinx_zygote.py"))],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                     bufsize=0)
        self.folder = Path(tempfile.mkdtemp(prefix="sphinx-zygote-"))
        atexit.register(self.close)

    @classmethod
    def for_env(cls, env: dict[str, str]) -> "_Zygote | None":
        if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
            return None
        with cls._lock:
            if cls._current is None or cls._current.proc.poll() is not None:
                cls._current = cls(env)
            here = cls._current
        same = here.startup == _startup_env(env) and here.cwd == os.getcwd()
        return here if same else None

    def _line(self, deadline: float) -> str:
        data = b""
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(self.proc.stdout.fileno(), 1)
            if not chunk:
                raise RuntimeError("the sphinx zygote ended")
            data += chunk
        return data.decode("ascii").strip()

    def run(self, args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
        with self._lock:
            out, err = self.folder / "stdout", self.folder / "stderr"
            request = {"argv": args, "env": env, "cwd": os.getcwd(), "stdout": str(out),
                       "stderr": str(err)}
            self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            deadline = time.monotonic() + timeout
            pid = int(self._line(deadline).split()[1])
            try:
                code = int(self._line(deadline).split()[1])
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                self._line(time.monotonic() + 60)
                raise subprocess.TimeoutExpired(["sphinx-build", *args], timeout) from None
            encoding = locale.getpreferredencoding(False)
            texts = [p.read_text(encoding=encoding) for p in (out, err)]
        return subprocess.CompletedProcess([sys.executable, "-m", "sphinx", *args], code, *texts)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(30)
        shutil.rmtree(self.folder, ignore_errors=True)


def sphinx_command(src: Path, out: Path, **kw) -> subprocess.CompletedProcess:
    """:func:`sphinx_build` through a new interpreter, ``python -m sphinx``
    from its start: the cases that test the command itself."""
    return sphinx_build(src, out, command=True, **kw)


def assert_model_valid(out: Path, since: float) -> None:
    """Every build's model file is valid against its schema (one that build
    wrote: ``out/edition.json`` changed at ``since`` or later)."""
    model = out / "edition.json"
    if model.is_file() and model.stat().st_mtime >= since:
        from poa_edition.model import modelfile

        errors = modelfile.validate(modelfile.load(model))
        assert not errors, f"{model} breaks its schema:\n" + "\n".join(errors[:20])


def sphinx_build_here(src: Path, out: Path, *, confdir: Path | None = None,
                      builder: str = "html", extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """:func:`sphinx_build` in this process: ``sphinx-build``'s own entry
    point (``sphinx.cmd.build.build_main``) with the same arguments, its
    standard error captured. The same messages and exit status, without
    starting Python and importing Sphinx again (about 1 s a build); the
    catalogue of mistakes runs most of its cases so, a few through
    :func:`sphinx_build` for the command itself."""
    import contextlib
    import io

    from sphinx.cmd.build import build_main

    args = ["-b", builder, *STRICT, "-q", "--no-color", "-c", str(confdir or src),
            "-d", str(out / ".doctrees"), *extra, str(src), str(out)]
    started = time.time() - 1
    err, status = io.StringIO(), io.StringIO()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH  # as sphinx_build gives it
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(status):
            try:
                code = build_main(args)
            except SystemExit as done:  # what the process would exit with (a bad option: 2)
                code = done.code if isinstance(done.code, int) else int(done.code is not None)
                if isinstance(done.code, str):
                    print(done.code, file=sys.stderr)
    finally:
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    if builder == "html":
        assert_model_valid(out, started)
    return subprocess.CompletedProcess(["sphinx-build", *args], code, status.getvalue(),
                                       err.getvalue())


def needs_of(outdir: Path) -> dict[str, dict]:
    """The exported needs, keyed and linked by public ID (through sphinx-needs'
    own reader)."""
    return read_needs(outdir / "needs.json")


def _run_folder(tmp_path_factory) -> Path:
    """The test run's temporary folder: under pytest-xdist the one its
    workers' folders are in (each worker is a session of its own)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder made by ``make(folder)`` once per test run, shared by the
    pytest-xdist workers of ``make test`` (each is a session of its own):
    the first worker to ask makes it, into a temporary folder renamed when
    ``make`` returns, while the others wait on a lock; a worker finding it
    made takes it. Where ``make`` fails (an assertion), nothing is kept, and
    every worker asking fails so in turn. Without xdist, a folder of this
    session's. Only for what the tests read and never change."""
    import fcntl

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        out = tmp_path_factory.mktemp(name)
        make(out)
        return out
    root = _run_folder(tmp_path_factory)
    out = root / f"made-{name}"
    with open(root / f"made-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not out.is_dir():
            work = root / f"made-{name}.tmp"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            make(work)
            work.rename(out)
    return out


@pytest.fixture(scope="session", autouse=True)
def shared_template_cache(tmp_path_factory):
    """Every build of the run (in this process or a subprocess) keeps its
    compiled page templates in one folder, shared by the workers
    (``EDITION_TEMPLATE_CACHE``, poa_edition/speed/templatecache.py): the
    suite's projects are fresh folders, which would compile the theme's
    templates again at every build."""
    from poa_edition.speed.templatecache import SHARED

    folder = _run_folder(tmp_path_factory) / "jinja"
    before = os.environ.get(SHARED)
    os.environ[SHARED] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(SHARED, None)
    else:
        os.environ[SHARED] = before


def _build_edition(out: Path) -> None:
    result = sphinx_build(EDITION, out, confdir=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", f"warnings in the strict build:\n{result.stderr}"


@pytest.fixture(scope="session")
def edition_html(tmp_path_factory) -> Path:
    """The whole edition, built strictly once per test run (:func:`made_once`)."""
    return made_once(tmp_path_factory, "html", _build_edition)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request log on stderr
        pass


class Served:
    """A directory (a built edition) served over HTTP on 127.0.0.1, on a free
    port, by a ``ThreadingHTTPServer`` in a thread of its own: ``base`` is its
    root URL; ``get`` and ``json`` read a URL (a failure is an assertion's).
    A context manager: the server stops at the end of the ``with``. The
    browser tests (tests/test_browser.py's ``server`` fixture) and the static
    DTS API's (tests/test_exports.py) share it."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def get(self, url: str) -> bytes:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read()
        except OSError as err:
            raise AssertionError(f"{url}: {err}") from None

    def json(self, url: str):
        return json.loads(self.get(url))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _build_wheel(out: Path) -> None:
    work = out / "src"
    shutil.copytree(REPO, work, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "*.egg-info", "__pycache__", "build"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--disable-pip-version-check", "-q", "-w", str(out), str(work)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.rmtree(work)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The package's wheel, built once per test run (:func:`made_once`) from
    a copy of the project (the build leaves nothing in the checkout):
    tests/test_packaging reads it, tests/test_pdf installs it and builds the
    PDF it checks."""
    found = list(made_once(tmp_path_factory, "wheel", _build_wheel).glob("poa_edition-*.whl"))
    assert len(found) == 1
    return found[0]
