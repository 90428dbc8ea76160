#!/usr/bin/env python3
"""Recall@1, recall@10 and MRR@10 by kind of one query file, answered by
`chartq search --batch --json --system S --limit 10` on one database.

usage: eval.py CHARTQ DB FILE [--misses]

FILE lines (tab-separated, '#' comments): either `kind query codes` (ICD-10-CM)
or `system kind query codes`, or `system query codes` (the old set, kind
"old"); codes comma-separated, any one accepted, `*` a wildcard ("S42.0*A"). A query
is found at rank r when the first acceptable code is the r-th hit.
"""

import fnmatch
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict, defaultdict


def norm(code):
    return code.replace(".", "").upper()


def cases(path):
    out = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) == 3 and f[0] in ("cm", "pcs", "hcpcs", "cpt"):
            f = [f[0], "old"] + f[1:]  # tests/relevance/queries.tsv
        elif len(f) == 3:
            f = ["cm"] + f
        if len(f) != 4:
            sys.exit(f"{path}:{n}: expected 3 or 4 tab-separated fields")
        out.append((f[0], f[1], f[2], {norm(c) for c in f[3].split(",") if c}))
    return out


def ranks(chartq, db, system, queries):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for q in queries:
            f.write(q.replace("\n", " ") + "\n")
        name = f.name
    env = dict(os.environ, CHARTQ_CONFIG="/dev/null", CHARTQ_TODAY="2026-11-30")
    out = subprocess.run(
        [chartq, "--db", db, "search", "--system", system, "--limit", "10", "--json",
         "--batch", name],
        capture_output=True, text=True, env=env)
    os.unlink(name)
    hits = defaultdict(list)
    for line in out.stdout.splitlines():
        o = json.loads(line)
        hits[o["query"]].append(norm(o["code"]))
    return hits


def main():
    chartq, db, path = sys.argv[1:4]
    misses = "--misses" in sys.argv
    cs = cases(path)
    by_system = defaultdict(list)
    for c in cs:
        by_system[c[0]].append(c[2])
    hits = {}
    for system, qs in by_system.items():
        # Batch lines are stripped and deduplicated by the query text.
        hits[system] = ranks(chartq, db, system, qs)
    table = OrderedDict()
    for system, kind, query, want in cs:
        got = hits[system].get(query.strip(), [])
        r = next((i + 1 for i, c in enumerate(got[:10])
                  if any(fnmatch.fnmatchcase(c, w) for w in want)), None)
        for key in (f"{system}/{kind}", f"{system}/all", "all"):
            m = table.setdefault(key, [0, 0, 0, 0.0])
            m[0] += 1
            if r:
                m[1] += r == 1
                m[2] += 1
                m[3] += 1 / r
        if misses and r != 1:
            print(f"  {'miss' if r is None else 'rank %d' % r:<8} {system:<5} {kind:<8} "
                  f"{query!r} -> {sorted(want)[:3]} got {got[:3]}")
    name = os.path.basename(path)
    for key in sorted(table):
        n, a1, a10, rr = table[key]
        print(f"{name:<22} {key:<16} n={n:<4} recall@1={a1/n:.3f} recall@10={a10/n:.3f} "
              f"MRR@10={rr/n:.3f}")


if __name__ == "__main__":
    main()
