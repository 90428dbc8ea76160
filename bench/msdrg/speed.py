"""Speed of `chartq group --batch` beside the reference grouper, on the
same claims file, in the same run (called by bench/msdrg/speed.sh).

chartq:
  * whole run: `chartq group --batch FILE --json` (output to /dev/null),
    timed by hyperfine when installed (1 warm-up), else by repeated runs
    here; claims/s = claims / median wall time (start-up, reading the
    claims and writing JSON included);
  * start-up: the same command on an empty file, same way; and on one
    claim per grouper version (a grouper that loads its tables lazily
    starts up in no time on an empty file; this one loads them);
  * in-process: claims / (median whole - median start-up); target
    >= 50,000 claims/s, printed as met / NOT met.
Reference (PyPI msdrg's MsdrgGrouper, in this process): the claims are read
and translated to its input first (not timed); then only the grouping loop
(`grouper.group(claim)` for every claim: its JSON encoding, the native
grouper and the JSON decoding) is timed, RUNS times; claims/s = claims /
median.

    /work/venv-mce/bin/python bench/msdrg/speed.py CLAIMS [--runs 5] [--chartq target/release/chartq]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from msdrg_ref import open_grouper, reference_version, to_reference  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchlib import stats, time_command, time_loop  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TARGET = 50_000


def time_chartq(binary: Path, claims: Path, runs: int, db: Path) -> tuple[list[float] | None, str]:
    """Wall times of whole runs, or None and why not."""
    if not binary.exists():
        return None, f"{binary} not found"
    return time_command([str(binary), "--db", str(db), "group", "--batch", str(claims), "--json"], runs)


def time_reference(claims: list[dict], runs: int) -> list[float]:
    inputs = [r for r in (to_reference(c) for c in claims) if r is not None]
    grouper = open_grouper()
    try:
        return time_loop(grouper.group, inputs, runs)
    finally:
        grouper.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("claims", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--chartq", type=Path, default=ROOT / "target/release/chartq")
    args = ap.parse_args()

    with open(args.claims, encoding="utf-8") as f:
        claims = [json.loads(line) for line in f if line.strip()]
    n = len(claims)

    scratch = Path(tempfile.mkdtemp(prefix="chartq-drg-speed-"))
    empty = scratch / "empty.jsonl"
    empty.write_text("")
    db = scratch / "bench.db"
    whole, how = time_chartq(args.chartq, args.claims, args.runs, db)
    startup, _ = time_chartq(args.chartq, empty, args.runs, db) if whole else (None, "")
    # A grouper that loads its tables on the first claim starts up in no
    # time on an empty file; one claim per grouper version of the file
    # loads everything the big run loads.
    per_version = {}
    for c in claims:
        per_version.setdefault(c["discharge_date"] >= "2026-04-01", c)
    loaded = scratch / "one-per-version.jsonl"
    loaded.write_text("".join(json.dumps(c) + "\n" for c in per_version.values()))
    startup_loaded, _ = time_chartq(args.chartq, loaded, args.runs, db) if whole else (None, "")
    ref_times = time_reference(claims, args.runs)

    ref_rate = n / statistics.median(ref_times)
    print(f"\n{n:,} claims ({args.claims}), {args.runs} runs each")
    print(f"reference (msdrg {reference_version()} MsdrgGrouper.group, in-process loop): "
          f"{stats(ref_times)} = {ref_rate:,.0f} claims/s")
    if whole is None:
        print(f"chartq group --batch: not measured: {how}")
        print(f"in-process target >= {TARGET:,} claims/s: not measured")
        return
    w = statistics.median(whole)
    print(f"chartq group --batch, whole run ({how}): {stats(whole)} = {n / w:,.0f} claims/s "
          f"({n / w / ref_rate:.2f}x the reference's loop)")
    if startup:
        s = statistics.median(startup)
        inproc = n / max(w - s, 1e-9)
        print(f"chartq start-up (empty file): {stats(startup)}")
        print(f"chartq in-process = claims / (whole - start-up) = {inproc:,.0f} claims/s "
              f"({inproc / ref_rate:.2f}x the reference's loop)")
        print(f"in-process target >= {TARGET:,} claims/s: {'met' if inproc >= TARGET else 'NOT met'}")
        if startup_loaded:
            s1 = statistics.median(startup_loaded)
            inproc1 = n / max(w - s1, 1e-9)
            print(f"chartq start-up with tables loaded ({len(per_version)} claims, one per version): "
                  f"{stats(startup_loaded)}; in-process from it {inproc1:,.0f} claims/s "
                  f"({'met' if inproc1 >= TARGET else 'NOT met'})")
    else:
        print("chartq start-up (empty file): not measured (the empty file failed)")


if __name__ == "__main__":
    main()
