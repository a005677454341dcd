"""Build-speed machinery, kept apart so it can be measured and deleted:
the collector's policy (:mod:`.gcpolicy`), compiled templates kept between
builds (:mod:`.templatecache`), checks that passed not run again
(:mod:`.knowngood`), folders of generated files written only where they
changed (:mod:`.filesync`), what a process made kept for its later builds
(:mod:`.processmemo`). Over the model only."""
