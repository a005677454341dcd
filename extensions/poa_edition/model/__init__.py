"""The edition as data: pure.

IDs and citations (:mod:`.ids`, :mod:`.citeparse`), the registry of
documents, witnesses and link types (:mod:`.registry`), the records reading
a page makes (:mod:`.records`), the links, checks, concordance, lineage and
timeline computed from them, quotations against the witness texts, and the
model file ``edition.json`` (:mod:`.modelfile`). Standard library and
jsonschema only: nothing here imports Sphinx, docutils, pybtex, MyST or
sphinx-needs (``tests/test_layers.py``).
"""
