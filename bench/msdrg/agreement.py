"""Agreement of chartq's MS-DRG grouping with the reference grouper's.

Runs `chartq group --batch CLAIMS --json` (or reads a saved output with
--got) and compares, claim by claim, the final DRG with
tests/data/msdrg/expected.jsonl. Prints:

  * exact DRG agreement overall (the headline; target >= 99 %), and the
    agreement of MDC, severity and return code beside it;
  * DRG agreement per grouper version (discharge date), per MDC (the
    reference's MDC) and per kind of claim (the
    id without its number: r-05, c-sepsis, t-998 ...);
  * the DRG pairs (expected -> got) that disagree most often;
  * every disagreeing claim with its inputs (date, age, sex, status, pdx,
    secondaries with POA, procedures) and expected vs got (DRG, MDC,
    severity, return code, description).

A claim chartq answers with {"id", "error"} agrees only with an expected
error (there are none in the committed file). Exit status 0 (a
measurement), unless --min is given: then 1 when the DRG agreement is
below it or could not be measured.

    python3 bench/msdrg/agreement.py                          # runs target/release/chartq
    python3 bench/msdrg/agreement.py --chartq /path/to/chartq
    python3 bench/msdrg/agreement.py --got chartq-out.jsonl   # a saved output
    python3 bench/msdrg/agreement.py --min 0.99 --max-list 50

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchlib import read_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

# Reference return code -> chartq's (src/domain/drg.rs ReturnCode). The
# others are the same words on both sides.
RETURN_CODES = {"DX_CANNOT_BE_PDX": "INVALID_PRINCIPAL_DIAGNOSIS"}


def kind_of(cid: str) -> str:
    if cid.startswith("c-"):
        return cid.rsplit("-", 2)[0]
    return re.sub(r"-\d+$", "", cid)


def norm_drg(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return f"{int(s):03}" if s.isdigit() else s


def norm_mdc(v) -> str | None:
    if v is None or v == "":
        return "00"
    s = str(v).strip().upper().removeprefix("MDC").strip()
    return f"{int(s):02}" if s.isdigit() else s


def norm_severity(v) -> str:
    """MCC / CC / NONE; "", null, "none", "no" and "without" are NONE."""
    s = "" if v is None else str(v).strip().upper()
    return s if s in ("MCC", "CC") else "NONE"


def norm_rc(v) -> str:
    s = "" if v is None else str(v).strip().upper()
    return RETURN_CODES.get(s, s)


def run_chartq(binary: Path, claims: Path) -> tuple[str | None, str]:
    """chartq's stdout, or None and why not."""
    if not binary.exists():
        return None, f"{binary} not found (build it: cargo build --release)"
    db = Path(tempfile.mkdtemp(prefix="chartq-drg-")) / "bench.db"
    cmd = [str(binary), "--db", str(db), "group", "--batch", str(claims), "--json"]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"{' '.join(cmd)}: {e}"
    took = time.perf_counter() - start
    if proc.returncode != 0 and not proc.stdout.strip():
        err = proc.stderr.strip().splitlines()
        return None, (f"{' '.join(cmd)} exited {proc.returncode}: "
                      + (" | ".join(err[:5]) if err else "(no message)"))
    note = f" (exit {proc.returncode})" if proc.returncode else ""
    return proc.stdout, f"{' '.join(cmd)}: {took:.2f} s{note}"


def describe_claim(c: dict) -> str:
    def dx(d):
        poa = d.get("poa")
        return d["code"] + (f"/{poa}" if poa not in (None, "") else "/-")

    sdx = " ".join(dx(d) for d in c.get("sdx", [])) or "-"
    procs = " ".join(p["code"] for p in c.get("procedures", [])) or "-"
    return (f"{c.get('discharge_date')} age {c.get('age')} sex {c.get('sex')} "
            f"status {c.get('discharge_status', 'missing')} | pdx {dx(c['pdx'])} | sdx {sdx} | proc {procs}")


def outcome(obj: dict | None) -> str:
    if obj is None:
        return "missing"
    if "error" in obj:
        return f"error: {obj['error']}"
    return (f"{norm_drg(obj.get('drg'))} MDC {norm_mdc(obj.get('mdc'))} {norm_severity(obj.get('severity'))} "
            f"{norm_rc(obj.get('return_code'))} {obj.get('description', '')}")


def table(title: str, groups: dict[str, list[bool]]) -> list[str]:
    out = [f"\n{title:20} {'agree':>7} {'claims':>7} {'rate':>8}"]
    for key in sorted(groups):
        v = groups[key]
        out.append(f"{key:20} {sum(v):7} {len(v):7} {sum(v) / len(v):8.2%}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=Path, default=ROOT / "tests/data/msdrg/claims.jsonl")
    ap.add_argument("--expected", type=Path, default=ROOT / "tests/data/msdrg/expected.jsonl")
    ap.add_argument("--chartq", type=Path, default=ROOT / "target/release/chartq")
    ap.add_argument("--got", type=Path, help="compare this output file instead of running chartq")
    ap.add_argument("--min", type=float, help="exit 1 when the DRG agreement is below this (e.g. 0.99)")
    ap.add_argument("--max-list", type=int, default=0, help="list at most this many disagreements (0: all)")
    args = ap.parse_args()

    def cannot(why: str) -> int:
        print(f"agreement not measured: {why}")
        return 1 if args.min is not None else 0

    expected, problems = read_jsonl(args.expected.read_text(encoding="utf-8"), args.expected.name)
    if problems:
        return cannot("; ".join(problems[:3]))
    claims, _ = read_jsonl(args.claims.read_text(encoding="utf-8"), args.claims.name)

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

    by_mdc, by_kind, by_version = defaultdict(list), defaultdict(list), defaultdict(list)
    same = Counter()
    pairs = Counter()
    disagreements = []
    for cid, want in expected.items():
        have = got.get(cid)
        if "error" in want:
            ok = have is not None and "error" in have
        else:
            ok = have is not None and "error" not in have and norm_drg(have.get("drg")) == want["drg"]
        if have is not None and "error" not in have and "error" not in want:
            same["mdc"] += norm_mdc(have.get("mdc")) == want["mdc"]
            same["severity"] += norm_severity(have.get("severity")) == norm_severity(want["severity"])
            same["return_code"] += norm_rc(have.get("return_code")) == norm_rc(want["return_code"])
        by_mdc[f"MDC {want.get('mdc', '??')}"].append(ok)
        by_kind[kind_of(cid)].append(ok)
        day = claims.get(cid, {}).get("discharge_date", "")
        by_version["v43 (Oct-Mar)" if day < "2026-04-01" else "v43.1 (Apr-Sep)"].append(ok)
        if not ok:
            disagreements.append(cid)
            pairs[(want.get("drg", "error"), "missing" if have is None else
                   "error" if "error" in have else norm_drg(have.get("drg")))] += 1

    total = len(expected)
    agree = total - len(disagreements)
    rate = agree / total if total else 0.0
    print(f"\nexact DRG agreement: {agree} / {total} claims = {rate:.2%}")
    print("also equal: " + ", ".join(f"{k} {same[k]}/{total}" for k in ("mdc", "severity", "return_code")))
    errors = Counter(got[c]["error"] for c in expected if c in got and "error" in got[c])
    if errors:
        print(f"chartq answered {sum(errors.values())} claims with an error: "
              + "; ".join(f"{k}x {msg[:80]}" for msg, k in errors.most_common(5)))
    missing = sum(1 for c in expected if c not in got)
    if missing:
        print(f"chartq gave no line for {missing} claims")
    extra = sorted(set(got) - set(expected))
    if extra:
        print(f"chartq answered {len(extra)} ids not in the expected file (e.g. {extra[0]})")

    print("\n".join(table("by version", by_version)))
    print("\n".join(table("by MDC", by_mdc)))
    print("\n".join(table("by kind", by_kind)))
    if pairs:
        print("\nmost frequent disagreements (expected -> got): "
              + ", ".join(f"{a}->{b} x{n}" for (a, b), n in pairs.most_common(20)))

    if disagreements:
        shown = disagreements if not args.max_list else disagreements[: args.max_list]
        print(f"\n{len(disagreements)} disagreeing claims:")
        for cid in shown:
            c = claims.get(cid)
            print(f"  {cid}: {describe_claim(c) if c else '(claim not found)'}")
            print(f"      expected {outcome(expected[cid])}")
            print(f"      got      {outcome(got.get(cid))}")
        if len(shown) < len(disagreements):
            print(f"  ... {len(disagreements) - len(shown)} more")

    if args.min is not None and rate < args.min:
        print(f"\nbelow the threshold {args.min:.2%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
