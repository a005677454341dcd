"""The suite's builds forked from a Python with Sphinx imported
(tests/sphinx_zygote.py) are the builds ``python -m sphinx`` makes: the same
exit status, messages and files, a signal's death as a subprocess reports it."""

from __future__ import annotations

import os
import signal

import pytest
from conftest import FIXTURES, sphinx_build, sphinx_command


def _files(root) -> dict[str, bytes]:
    out = {}
    for here, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".doctrees"]
        for name in names:
            path = os.path.join(here, name)
            out[os.path.relpath(path, root)] = open(path, "rb").read()
    return out


@pytest.mark.parametrize("fixture", ["bad_ids", "citations"])
def test_a_forked_build_is_the_commands_build(tmp_path, fixture):
    forked = sphinx_build(FIXTURES / fixture, tmp_path / "forked")
    command = sphinx_command(FIXTURES / fixture, tmp_path / "command")
    assert (forked.returncode, forked.stdout, forked.stderr) == \
        (command.returncode, command.stdout.replace(str(tmp_path / "command"), str(tmp_path / "forked")),
         command.stderr.replace(str(tmp_path / "command"), str(tmp_path / "forked")))
    assert forked.returncode == (1 if fixture == "bad_ids" else 0), forked.stderr
    if fixture == "citations":
        a, b = _files(tmp_path / "forked"), _files(tmp_path / "command")
        assert sorted(a) == sorted(b)
        assert [n for n in a if a[n] != b[n]] == []


def test_a_forked_build_killed_by_a_signal_reports_it(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n")
    (src / "index.md").write_text("# Title\n")
    assert sphinx_build(src, tmp_path / "out").returncode == -signal.SIGTERM


def test_what_python_reads_at_start_up_or_another_folder_takes_a_new_interpreter(tmp_path, monkeypatch):
    from conftest import _Zygote

    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1466985600"}
    assert _Zygote.for_env(env) is not None
    assert _Zygote.for_env({**env, "EDITION_SOMETHING": "read when the build runs"}) is not None
    for name, value in (("PYTHONWARNINGS", "error"), ("PYTHONHASHSEED", "1"), ("LC_ALL", "C")):
        value = value if env.get(name) != value else value + "-other"
        assert _Zygote.for_env({**env, name: value}) is None, name
    monkeypatch.chdir(tmp_path)
    assert _Zygote.for_env(env) is None
