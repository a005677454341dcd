"""The maintainers' ``edition`` command (:mod:`.cli`). It reads the model
file a build writes (``_build/html/edition.json``) and builds through a
subprocess: no Sphinx is loaded in its process."""
