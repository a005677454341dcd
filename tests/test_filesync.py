"""filesync: a folder of generated files kept equal to what a build wants,
written in the build's thread or in one of its own."""

from __future__ import annotations

import json

import pytest
from poa_edition.speed.filesync import Session

FILES = {f"F{i}.bib": f"@misc{{F{i}}}\n" for i in range(50)}


@pytest.mark.parametrize("threaded", [False, True])
def test_a_session_leaves_exactly_the_files_given(tmp_path, threaded):
    folder, manifest = tmp_path / "cite", tmp_path / "manifest.json"
    folder.mkdir()
    (folder / "gone.bib").write_text("stale")
    (folder / "other.txt").write_text("not ours")
    session = Session(folder, manifest, (".bib",), threaded=threaded)
    for name, text in FILES.items():
        session.put(name, text)
    assert session.finish() == len(FILES)
    assert {p.name for p in folder.iterdir()} == {*FILES, "other.txt"}
    assert all((folder / n).read_text() == t for n, t in FILES.items())
    assert sorted(json.loads(manifest.read_text())) == sorted(FILES)

    # the next build: what is unchanged is neither written nor, when kept, read
    again = Session(folder, manifest, (".bib",), threaded=threaded)
    (folder / "F1.bib").write_text("changed by hand")  # the manifest still vouches for it
    assert again.keep("F1.bib") and not again.keep("F99.bib")
    for name, text in FILES.items():
        if name != "F1.bib":
            again.put(name, text.replace("F2}", "F2, new}"))
    assert again.finish() == 1
    assert (folder / "F2.bib").read_text() == "@misc{F2, new}\n"


def test_a_failed_write_in_the_thread_is_raised_by_finish(tmp_path):
    folder = tmp_path / "cite"
    session = Session(folder, tmp_path / "manifest.json", (".bib",), threaded=True)
    folder.rmdir()  # gone under the build's feet
    session.put("F0.bib", "text")
    session.put("F1.bib", "text")
    with pytest.raises(FileNotFoundError):
        session.finish()
    assert not (tmp_path / "manifest.json").exists()


def test_write_if_changed_leaves_an_equal_file_alone(tmp_path):
    """A report with the same bytes is not written again (its time stays, so
    nothing watching the folder wakes); other bytes replace it whole."""
    import os

    from poa_edition.speed.filesync import write_if_changed

    path = tmp_path / "report.json"
    assert write_if_changed(path, b"one\n") is True
    os.utime(path, (1_000_000, 1_000_000))
    assert write_if_changed(path, b"one\n") is False
    assert path.stat().st_mtime == 1_000_000
    assert write_if_changed(path, b"two\n") is True
    assert path.read_bytes() == b"two\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left
