"""The whole-edition checks of model/consistency.py, as pure functions.

``sections`` finds a paragraph numbered inside another section's range. It
looks up each number's ranges instead of trying every section for every
paragraph (which grows with paragraphs x sections); here it is compared with
that plain statement of the rule on random editions, mistakes included."""

import random

from poa_edition.model import consistency
from poa_edition.model.records import DocRecords, EdObject


def _rule(docs):
    """The rule as stated: a paragraph stands inside the range (lowest to
    highest number) of a section of its document that is neither its own
    section nor an ancestor or descendant of it; the first such section in
    the order of the IDs is named."""
    members = {}
    for docname in sorted(docs):
        for obj in docs[docname].objects:
            if obj.kind == "paragraph" and obj.locator.isdigit() and obj.parent \
                    and "-S" in obj.parent:
                members.setdefault(obj.parent, []).append((int(obj.locator), obj, docname))
    spans = {sid: (min(n for n, *_ in ms), max(n for n, *_ in ms)) for sid, ms in members.items()}
    out = []
    for sid, ms in sorted(members.items()):
        for n, obj, docname in ms:
            for other, (low, high) in sorted(spans.items()):
                related = sid == other or sid.startswith(other + ".") or other.startswith(sid + ".")
                if other.split("-")[0] == sid.split("-")[0] and low < n < high and not related:
                    out.append((docname, obj.lineno, f"{obj.id} stands in {sid}, but {other} "
                                f"holds paragraphs {low}–{high} around it"))
                    break
    return out


def _edition(rng):
    docs = {}
    for d in range(rng.randint(1, 4)):
        objects = []
        for line in range(1, rng.randint(2, 40)):
            siglum = rng.choice(["BMS6", "BMS5", "POA"])
            n = rng.randint(1, 60)
            section = rng.choice(["SI", "SII", "SII.1", "SII.2", "SIII", "SX", "SI.1"])
            objects.append(EdObject(
                id=f"{siglum}-{n}", kind="paragraph" if rng.random() > 0.05 else "section",
                docname=f"d{d}", lineno=line, siglum=siglum,
                locator=str(n) if rng.random() > 0.05 else f"{n}a", label=str(n),
                title=f"{siglum}, para. {n}", need_type="outcome",
                parent=f"{siglum}-{section}" if rng.random() > 0.03 else None))
        docs[f"d{d}"] = DocRecords(objects=objects)
    return docs


def test_sections_finds_what_the_rule_says_on_random_editions():
    rng = random.Random(25)
    found = 0
    for _ in range(2000):
        docs = _edition(rng)
        expected = _rule(docs)
        problems = consistency.sections(docs, None)
        assert len(problems) == len(expected)
        assert [(p.docname, p.lineno, p.message[:len(m)])
                for p, (*_, m) in zip(problems, expected)] == expected
        assert all(p.subtype == "structure" for p in problems)
        found += bool(expected)
    assert found > 1000  # most of these editions have a misplaced paragraph


def test_sections_passes_a_well_ordered_edition():
    objects = [EdObject(id=f"BMS6-{n}", kind="paragraph", docname="p", lineno=n, siglum="BMS6",
                        locator=str(n), label=str(n), title=f"BMS6, para. {n}",
                        need_type="outcome", parent=f"BMS6-S{(n - 1) // 10 + 1}")
               for n in range(1, 301)]
    assert consistency.sections({"p": DocRecords(objects=objects)}, None) == []
