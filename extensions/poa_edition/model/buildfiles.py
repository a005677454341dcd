"""The names of the files a build writes that the tools read: pure.

The build (:mod:`..outputs`) writes them, the tools (:mod:`..tools`) read
them; both take the names from here.
"""

#: the model file, in the HTML output (:mod:`.modelfile`)
MODEL = "edition.json"
#: in the HTML output instead of the model file, when the build could not
#: load the edition's data or read a page: its first error (one line); the
#: tools then refuse rather than count an incomplete edition
INCOMPLETE = "edition-incomplete.txt"
#: the citation summary, in the HTML output (:mod:`..outputs.report`)
REPORT = "edition-report.json"
#: every note's targets and fingerprints, in the HTML output (:mod:`..outputs.reviewing`)
REVIEW_FILE = "edition-review.json"
#: beside the doctrees while a build runs: a build killed before it finished
#: leaves it (the next reads everything, and the tools distrust the output)
RUNNING_MARKER = "edition-build-running"
#: the build's summary of the problems it left unreported because they may
#: follow from an earlier failure (one error per cause): ``edition check``
#: counts it apart from the problems
FOLLOW_ONS = "further problem(s) not reported"
