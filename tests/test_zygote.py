"""The suite's builds forked from a Python with Sphinx imported
(tests/sphinx_zygote.py) are the builds ``python -m sphinx`` makes: the same
exit status, messages and files, a signal's death as a subprocess reports it."""

from __future__ import annotations

import signal
import sys

import pytest
from conftest import FIXTURES, _Zygote, build_env, sphinx_build, sphinx_command
from test_incremental import outputs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the builds are forked on Linux only (elsewhere: a new interpreter)")


@pytest.mark.parametrize("fixture", ["bad_ids", "citations"])
def test_a_forked_build_is_the_commands_build(tmp_path, fixture):
    assert _Zygote.for_env(build_env()) is not None  # sphinx_build forks
    forked = sphinx_build(FIXTURES / fixture, tmp_path / "forked")
    command = sphinx_command(FIXTURES / fixture, tmp_path / "command")
    assert (forked.returncode, forked.stdout, forked.stderr) == \
        (command.returncode, command.stdout.replace(str(tmp_path / "command"), str(tmp_path / "forked")),
         command.stderr.replace(str(tmp_path / "command"), str(tmp_path / "forked")))
    assert forked.returncode == (1 if fixture == "bad_ids" else 0), forked.stderr
    if fixture == "citations":
        a, b = outputs(tmp_path / "forked"), outputs(tmp_path / "command")
        assert sorted(a) == sorted(b)
        assert [n for n in a if a[n] != b[n]] == []
        buildinfo = [(tmp_path / d / ".buildinfo").read_bytes() for d in ("forked", "command")]
        assert buildinfo[0] == buildinfo[1]


def test_a_forked_build_killed_by_a_signal_reports_it(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n")
    (src / "index.md").write_text("# Title\n")
    assert _Zygote.for_env(build_env()) is not None
    assert sphinx_build(src, tmp_path / "out").returncode == -signal.SIGTERM


def test_what_python_reads_at_start_up_or_another_folder_takes_a_new_interpreter(tmp_path, monkeypatch):
    env = build_env()
    assert _Zygote.for_env(env) is not None
    assert _Zygote.for_env({**env, "EDITION_SOMETHING": "read when the build runs"}) is not None
    for name, value in (("PYTHONWARNINGS", "error"), ("PYTHONHASHSEED", "1"), ("LC_ALL", "C"),
                        ("TMPDIR", "/nonexistent")):
        value = value if env.get(name) != value else value + "-other"
        assert _Zygote.for_env({**env, name: value}) is None, name
    monkeypatch.chdir(tmp_path)
    assert _Zygote.for_env(env) is None
