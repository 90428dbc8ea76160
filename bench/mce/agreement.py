"""Agreement of chartq's MCE edits with the reference MCE's.

Runs `chartq check --batch CLAIMS --json`, keeps only the MCE edit names
(the targets of the name map in mce_ref.py; excludes1, poa_*,
code_first, ... are outside the comparison), and compares, claim by claim,
the SET of edit names with tests/data/mce/expected.jsonl. Prints:

  * exact agreement: the share of claims whose edit sets are equal;
  * per edit name: claims where both have it / only expected / only chartq,
    precision and recall;
  * every disagreeing claim: id, expected, got (and the correction note
    when the expectation corrects a defect of the reference).

A claim chartq answers with {"id", "error"} agrees only if the expected line
is an error too. Exit status 0 (a measurement), unless --min is given: then
1 when the agreement is below it or could not be measured.

    python3 bench/mce/agreement.py                       # runs target/release/chartq
    python3 bench/mce/agreement.py --got chartq-out.jsonl  # an existing output
    python3 bench/mce/agreement.py --min 0.99

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchlib import read_jsonl  # noqa: E402
from mce_ref import MCE_NAMES  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# chartq's EditName accepts the long CMS-style name as an alias.
ALIASES = {"invalid_diagnosis_or_procedure_code": "invalid_code"}


def mce_set(obj: dict) -> frozenset[str] | None:
    """The MCE edit names of an output or expected line; None for an error."""
    if "error" in obj:
        return None
    names = set()
    for e in obj.get("edits", []):
        name = e["name"] if isinstance(e, dict) else e
        name = ALIASES.get(name, name)
        if name in MCE_NAMES:
            names.add(name)
    return frozenset(names)


PERIODS = [("2024-10-01", "before FY2025"), ("2025-10-01", "FY2025"), ("2026-04-01", "FY2026 Oct-Mar (v43)"),
           ("2026-10-01", "FY2026 Apr-Sep (v43.1)"), ("9999-12-31", "FY2027 (v44)")]


def period(discharge_date: str) -> str:
    return next(name for end, name in PERIODS if discharge_date < end)


def show(s: frozenset[str] | None) -> str:
    return "error" if s is None else "[" + ", ".join(sorted(s)) + "]"


def run_chartq(binary: Path, claims: Path) -> tuple[str | None, str]:
    """chartq's stdout, or None and why not."""
    if not binary.exists():
        return None, f"{binary} not found (build it: cargo build --release)"
    # A scratch database of its own (seeded with the bundled code sets on
    # first open, before any timing): the tabular notes come from it; the
    # MCE tables are compiled into chartq.
    db = Path(tempfile.mkdtemp(prefix="chartq-mce-")) / "bench.db"
    subprocess.run([str(binary), "--db", str(db), "codes", "list"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cmd = [str(binary), "--db", str(db), "check", "--batch", str(claims), "--json"]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"{' '.join(cmd)}: {e}"
    took = time.perf_counter() - start
    if proc.returncode != 0:
        err = proc.stderr.strip().splitlines()
        return None, (f"{' '.join(cmd)} exited {proc.returncode}: "
                      + (" | ".join(err[:5]) if err else "(no message)"))
    return proc.stdout, f"{' '.join(cmd)}: {took:.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=Path, default=ROOT / "tests/data/mce/claims.jsonl")
    ap.add_argument("--expected", type=Path, default=ROOT / "tests/data/mce/expected.jsonl")
    ap.add_argument("--chartq", type=Path, default=ROOT / "target/release/chartq")
    ap.add_argument("--got", type=Path, help="compare this output file instead of running chartq")
    ap.add_argument("--min", type=float, help="exit 1 when the exact agreement is below this (e.g. 0.99)")
    ap.add_argument("--max-list", type=int, default=0, help="list at most this many disagreements (0: all)")
    args = ap.parse_args()

    def cannot(why: str) -> int:
        print(f"agreement not measured: {why}")
        return 1 if args.min is not None else 0

    expected, problems = read_jsonl(args.expected.read_text(encoding="utf-8"), args.expected.name)
    if problems:
        return cannot("; ".join(problems[:3]))

    if args.got:
        text, how = args.got.read_text(encoding="utf-8"), f"output read from {args.got}"
    else:
        text, how = run_chartq(args.chartq, args.claims)
        if text is None:
            return cannot(how)
    got, problems = read_jsonl(text, "chartq output")
    print(how)
    for p in problems[:10]:
        print(f"  {p}")

    total = len(expected)
    agree = 0
    disagreements = []
    per_name = {n: Counter() for n in MCE_NAMES}
    other_names = Counter()
    for cid, exp_obj in expected.items():
        want = mce_set(exp_obj)
        got_obj = got.get(cid)
        have = mce_set(got_obj) if got_obj is not None else "missing"
        if got_obj is not None and "edits" in got_obj:
            for e in got_obj["edits"]:
                name = ALIASES.get(e["name"], e["name"]) if isinstance(e, dict) else e
                if name not in MCE_NAMES:
                    other_names[name] += 1
        if have == want:
            agree += 1
        else:
            disagreements.append((cid, want, have, exp_obj.get("corrections")))
        for name in MCE_NAMES:
            w = want is not None and name in want
            h = isinstance(have, frozenset) and name in have
            if w and h:
                per_name[name]["both"] += 1
            elif w:
                per_name[name]["expected only"] += 1
            elif h:
                per_name[name]["chartq only"] += 1
    extra_ids = sorted(set(got) - set(expected))

    rate = agree / total if total else 0.0
    print(f"\nexact agreement (MCE edit sets): {agree} / {total} claims = {rate:.2%}")

    # By discharge period (the table in use), when the claims file is there.
    if args.claims.exists():
        dates = {}
        for line in args.claims.read_text(encoding="utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                dates[c["id"]] = c.get("discharge_date", "")
        bad = {cid for cid, *_ in disagreements}
        counts = Counter(period(dates[cid]) for cid in expected if cid in dates)
        fails = Counter(period(dates[cid]) for cid in bad if cid in dates)
        print("by discharge period: " + "; ".join(
            f"{name} {counts[name] - fails[name]}/{counts[name]}" for _, name in PERIODS if counts[name]))
    errors = Counter(got[cid]["error"] for cid in expected if cid in got and "error" in got[cid])
    if errors:
        print(f"chartq answered {sum(errors.values())} claims with an error: "
              + "; ".join(f"{k}x {msg[:80]}" for msg, k in errors.most_common(5)))
    missing = sum(1 for cid in expected if cid not in got)
    if missing:
        print(f"chartq gave no line for {missing} claims")
    if extra_ids:
        print(f"chartq answered {len(extra_ids)} ids not in the expected file (e.g. {extra_ids[0]})")

    print(f"\n{'edit':36} {'both':>5} {'exp only':>8} {'chartq only':>11} {'precision':>9} {'recall':>7}")
    for name in sorted(MCE_NAMES):
        c = per_name[name]
        if not (c["both"] or c["expected only"] or c["chartq only"]):
            continue
        tp, fn, fp = c["both"], c["expected only"], c["chartq only"]
        precision = f"{tp / (tp + fp):.3f}" if tp + fp else "-"
        recall = f"{tp / (tp + fn):.3f}" if tp + fn else "-"
        print(f"{name:36} {tp:5} {fn:8} {fp:11} {precision:>9} {recall:>7}")
    if other_names:
        print("\nnon-MCE edits chartq also reported (not compared): "
              + ", ".join(f"{n} {k}" for n, k in other_names.most_common()))

    if disagreements:
        shown = disagreements if not args.max_list else disagreements[: args.max_list]
        print(f"\n{len(disagreements)} disagreeing claims (id: expected | got):")
        for cid, want, have, corr in shown:
            h = have if have == "missing" else show(have)
            note = f"   (expected corrected: {'; '.join(corr)})" if corr else ""
            if isinstance(have, frozenset) and want is not None:
                note = (f"   missing {show(want - have)}, extra {show(have - want)}" + note)
            print(f"  {cid}: {show(want)} | {h}{note}")
        if len(shown) < len(disagreements):
            print(f"  ... {len(disagreements) - len(shown)} more")

    if args.min is not None and rate < args.min:
        print(f"\nbelow the threshold {args.min:.2%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
