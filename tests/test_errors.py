"""Bad input: a clear error naming file and line, non-zero exit, no traceback."""

from __future__ import annotations

from conftest import FIXTURES, sphinx_build


def test_bad_ids_fail_with_three_located_errors(tmp_path):
    src = FIXTURES / "bad_ids"
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if "[edition.id]" in line]
    assert len(errors) == 3, result.stderr
    index = str(src / "index.md")
    outside, unknown, duplicate = errors
    assert outside.startswith(f"{index}:6: ") and "outside the scheme" in outside and "'38(a)'" in outside
    assert unknown.startswith(f"{index}:9: ") and "unknown siglum 'UNSC'" in unknown
    assert duplicate.startswith(f"{index}:12: ") and f"first defined at {index}:3" in duplicate
