"""The edition's MyST pages read without a build, by MyST's own markdown-it
parser (:mod:`.pages`): for the tools that read or rewrite pages."""
