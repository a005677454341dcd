"""The package's layers, and no import cycles: read from the source (AST),
imports inside functions included.

- ``model``: pure; the standard library and jsonschema, nothing of Sphinx,
  docutils, pybtex, sphinx-needs or MyST;
- ``speed``: build-speed machinery, over the model only;
- ``sources``: the pages read without a build (MyST's markdown-it), over the model;
- ``outputs.formats``: pure export formats, over the model;
- ``sphinxext``: the Sphinx read side, over model and speed;
- ``outputs``: the writers, over everything but the tools;
- ``tools``: the ``edition`` command, over model, speed, sources and formats
  (it builds through a subprocess: no Sphinx in its process).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extensions" / "poa_edition"
ROOT = "poa_edition"

LAYERS = {
    "model": {"model"},
    "speed": {"model", "speed"},
    "sources": {"model", "sources"},
    "outputs.formats": {"model", "outputs.formats"},
    "sphinxext": {"model", "speed", "sphinxext"},
    "outputs": {"model", "speed", "sphinxext", "outputs", "outputs.formats"},
    "tools": {"model", "speed", "sources", "outputs.formats", "tools"},
}
SPHINX_SIDE = {"sphinx", "docutils", "pybtex", "pybtex_docutils", "sphinx_needs",
               "sphinxcontrib", "myst_parser", "markdown_it", "mdit_py_plugins", "jinja2",
               "ub_needs_exchange"}
#: what each layer may not import from outside the package
FORBIDDEN = {
    "model": SPHINX_SIDE,
    "outputs.formats": SPHINX_SIDE,
    "speed": {"sphinx_needs", "sphinxcontrib", "myst_parser", "pybtex"},
    "sources": SPHINX_SIDE - {"myst_parser", "markdown_it", "mdit_py_plugins", "docutils"},
    "tools": {"sphinx", "sphinx_needs", "sphinxcontrib", "jinja2", "pybtex_docutils"},
}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join([ROOT, *parts])] = path
    return out


def imports(name: str, path: Path) -> list[tuple[int, str]]:
    """Every module ``name`` imports (absolute names), with its line."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
            # from . import x: x may be a module
            out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
    return out


def layer_of(name: str) -> str | None:
    rest = name.removeprefix(ROOT + ".")
    if name == ROOT:
        return None
    for layer in sorted(LAYERS, key=len, reverse=True):
        if rest == layer or rest.startswith(layer + "."):
            return layer
    return ""


def graph() -> dict[str, set[str]]:
    mods = modules()
    out: dict[str, set[str]] = {}
    for name, path in mods.items():
        out[name] = {m for _, m in imports(name, path) if m in mods and m != name}
    return out


def test_every_module_is_in_a_layer():
    stray = [n for n in modules() if layer_of(n) == ""]
    assert not stray, f"modules outside every layer: {stray}"


def test_layer_contracts():
    mods = modules()
    broken = []
    for name, path in mods.items():
        layer = layer_of(name)
        if layer is None:
            continue
        for line, target in imports(name, path):
            if target.startswith(ROOT + ".") and target in mods:
                other = layer_of(target)
                if other is not None and other not in LAYERS[layer]:
                    broken.append(f"{path.relative_to(PACKAGE)}:{line}: {layer} imports {target}")
            top = target.split(".")[0]
            if top in FORBIDDEN.get(layer, ()):
                broken.append(f"{path.relative_to(PACKAGE)}:{line}: {layer} imports {target}")
    assert not broken, "\n".join(broken)


def test_the_contracts_catch_a_breach(tmp_path, monkeypatch):
    """The checks above fail on a model module that imports Sphinx."""
    fake = tmp_path / "x.py"
    fake.write_text("def f():\n    from sphinx.util import logging\n    from ..sphinxext import state\n")
    found = imports("poa_edition.model.x", fake)
    assert (2, "sphinx.util") in found and (3, "poa_edition.sphinxext") in found
    assert "sphinx" in FORBIDDEN["model"] and "sphinxext" not in LAYERS["model"]


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    g = graph()
    # a package's __init__ importing its own modules is not a cycle of theirs
    for name in g:
        g[name] = {m for m in g[name] if not (m.startswith(name + ".") and modules()[name].name == "__init__.py")}
        g[name] = {m for m in g[name] if not name.startswith(m + ".")}
    assert cycles(g) == []


def test_cycle_detection_works():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_package_import_is_lazy():
    """``import poa_edition`` loads no Sphinx and exposes only ``setup``."""
    code = ("import sys, poa_edition; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sphinx', 'docutils', 'sphinx_needs', 'myst_parser', 'pybtex'))); "
            "print(poa_edition.__all__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "['setup']"]


@pytest.mark.parametrize("layer", ["sphinxext", "outputs"])
def test_feature_modules_have_their_own_setup(layer):
    """Each module of the Sphinx side and the outputs that registers anything
    does it in a ``setup(app)`` of its own."""
    missing = []
    for name, path in modules().items():
        if layer_of(name) != layer or path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        registers = any(isinstance(n, ast.Attribute) and n.attr in (
            "connect", "add_directive", "add_role", "add_node", "add_post_transform",
            "add_transform", "add_config_value", "add_js_file", "add_css_file")
            for n in ast.walk(tree))
        has_setup = any(isinstance(n, ast.FunctionDef) and n.name == "setup" for n in tree.body)
        if registers and not has_setup:
            missing.append(name)
    assert not missing


def test_only_the_public_sphinx_needs_api():
    """``sphinx_needs`` is imported only as ``sphinx_needs.api``, and only in
    the one wrapper module."""
    found = []
    for name, path in modules().items():
        for line, target in imports(name, path):
            if target == "sphinx_needs" or target.startswith("sphinx_needs."):
                if not target.startswith("sphinx_needs.api"):
                    found.append(f"{name}:{line}: {target}")
                elif name != "poa_edition.sphinxext.needs":
                    found.append(f"{name}:{line}: {target} (outside sphinxext.needs)")
    assert not found


def test_tools_start_without_sphinx(tmp_path):
    """``edition stats`` and ``ids`` read the model file and load no Sphinx."""
    model = tmp_path / "edition.json"
    model.write_text('{"format": "poa-edition-model", "format_version": 1, "objects": [], '
                     '"coverage": {"X": {"paragraphs": 1, "lacuna": 1}}}', encoding="utf-8")
    code = ("import sys; from poa_edition.tools.cli import main; "
            f"main(['stats', {str(model)!r}]); main(['ids', {str(model)!r}]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sphinx', 'docutils', 'sphinx_needs', 'myst_parser', 'pybtex', 'jsonschema')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert "X" in done.stdout


def test_pinned_versions_are_installed():
    """The exact versions pyproject.toml pins are the ones installed: an
    upgrade of Sphinx, sphinx-needs, MyST or sphinxcontrib-bibtex fails here
    first, before a build quietly changes (their APIs are used as they are
    in these versions)."""
    import re
    import tomllib
    from importlib import metadata

    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())["project"]
    pins = dict(re.fullmatch(r"([A-Za-z0-9_.-]+)==([^;\s]+)", d).groups()
                for d in project["dependencies"] if "==" in d)
    assert {"sphinx", "sphinx-needs", "myst-parser", "sphinxcontrib-bibtex"} <= set(pins)
    wrong = {name: (want, metadata.version(name)) for name, want in pins.items()
             if metadata.version(name) != want}
    assert not wrong, f"installed versions differ from pyproject.toml's pins: {wrong}"
