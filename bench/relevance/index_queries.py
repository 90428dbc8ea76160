#!/usr/bin/env python3
"""Queries generated from the Alphabetic Index (FY2017 Index to Diseases), split
by WHOLE main term into a tuning half and a held-out half, plus the index files
with one half's main terms withheld (for evaluating the other half without its
own words in the search).

usage: index_queries.py OUTDIR

Writes, in OUTDIR:
  tuning.tsv, heldout.tsv      kind <TAB> query <TAB> expected codes (comma-separated)
  index_without_tuning.xml     the index with the tuning half's main terms removed
  index_without_heldout.xml    the index with the held-out half's main terms removed

The split is a fixed hash (md5 of the lower-cased main-term title, without its
nonessential modifiers): parity 0 = tuning, 1 = held out. A path's code from
FY2017 is mapped to the bundled FY2026 code set: a billable code is expected
as is; a code that is now (or always was) a category or subcategory, or that
the index prints incomplete ("S52.5-"), expects any billable code below it; a
code FY2026 lacks is skipped. Queries are the path's titles without the
nonessential modifiers, joined by ", " ("Fracture, radius, distal end").
Kinds: main (the main term alone), sub (one subterm), deep (two or more),
see (a main term or subterm whose "see" reference leads to a code: lay and
old words). A deterministic sample (md5 of the path) keeps each half about
SAMPLE queries.
"""

import gzip
import hashlib
import os
import re
import sys
import xml.etree.ElementTree as ET

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
if not os.path.isdir(DATA):
    DATA = "/work/shared/data"
INDEX = os.path.join(DATA, "icd10cm", "fy2017", "icd10cm_index_2017.xml.gz")
ORDER = os.path.join(DATA, "icd10cm", "icd10cm_order_2026.txt.gz")
SAMPLE = 700


def h(text):
    return int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16)


def half_of(main_title):
    return "heldout" if h(main_title.strip().lower()) % 2 else "tuning"


def plain_title(el):
    t = el.find("title")
    if t is None:
        return ""
    return re.sub(r"\s+", " ", (t.text or "")).strip()


def fy2026():
    codes = {}
    with gzip.open(ORDER, "rt", encoding="latin-1") as f:
        for line in f:
            key, billable = line[6:13].strip(), line[14] == "1"
            codes[key] = billable
    keys = sorted(codes)
    return codes, keys


def expected(code, codes, keys):
    key = code.replace(".", "").rstrip("-").strip()
    incomplete = code.strip().endswith("-")
    if not key:
        return []
    if key in codes and codes[key] and not incomplete:
        return [key]
    import bisect

    i = bisect.bisect_left(keys, key)
    out = []
    while i < len(keys) and keys[i].startswith(key):
        if codes[keys[i]]:
            out.append(keys[i])
        i += 1
    return out


def dotted(key):
    return key if len(key) <= 3 else key[:3] + "." + key[3:]


def walk(el, path, out):
    """(path titles, code, see) of every main term / term below `el`."""
    title = plain_title(el)
    here = path + [title]
    code = el.findtext("code")
    see = el.findtext("see")
    out.append((here, code.strip() if code else None, see.strip() if see else None))
    for t in el.findall("term"):
        walk(t, here, out)


def resolve_see(see, by_path):
    """The code the "see" target path leads to (its own code), if any."""
    parts = [p.strip().lower() for p in see.split(",")]
    for n in range(len(parts), 0, -1):
        code = by_path.get(tuple(parts[:n]))
        if code and n == len(parts):
            return code
    return None


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    codes, keys = fy2026()
    with gzip.open(INDEX, "rb") as f:
        tree = ET.parse(f)
    root = tree.getroot()
    entries = []
    for letter in root.findall("letter"):
        for m in letter.findall("mainTerm"):
            walk(m, [], entries)
    by_path = {}
    for path, code, _ in entries:
        if code:
            by_path.setdefault(tuple(p.lower() for p in path), code)
    rows = {"tuning": [], "heldout": []}
    seen = set()
    for path, code, see in entries:
        if any(not p for p in path):
            continue
        kind = "main" if len(path) == 1 else "sub" if len(path) == 2 else "deep"
        if code is None and see:
            code = resolve_see(see, by_path)
            kind = "see"
        if not code:
            continue
        want = expected(code, codes, keys)
        if not want:
            continue
        query = ", ".join(path)
        if query.lower() in seen or len(query) > 120:
            continue
        seen.add(query.lower())
        rows[half_of(path[0])].append((kind, query, want, h("q" + query)))
    for half, rs in rows.items():
        # Deterministic sample: the SAMPLE smallest path hashes.
        rs.sort(key=lambda r: r[3])
        with open(os.path.join(outdir, half + ".tsv"), "w") as f:
            for kind, query, want, _ in rs[:SAMPLE]:
                f.write(f"{kind}\t{query}\t{','.join(dotted(k) for k in want[:200])}\n")
    for withheld in ("tuning", "heldout"):
        t = ET.parse(gzip.open(INDEX, "rb"))
        r = t.getroot()
        for letter in r.findall("letter"):
            for m in list(letter.findall("mainTerm")):
                if half_of(plain_title(m)) == withheld:
                    letter.remove(m)
        t.write(os.path.join(outdir, f"index_without_{withheld}.xml"), encoding="utf-8",
                xml_declaration=True)


if __name__ == "__main__":
    main()
