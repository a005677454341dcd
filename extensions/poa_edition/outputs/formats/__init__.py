"""Export formats: pure functions of the model (no Sphinx)."""
