"""Speed of `chartq check --batch` beside the reference MCE, on the same
claims file, in the same run (called by bench/mce/speed.sh).

chartq: the whole run of `chartq check --batch FILE --json` (output to
/dev/null), timed by hyperfine when it is installed, else by repeated runs
here; claims/s = claims / median wall time (start-up and JSON included).

Reference (PyPI msdrg's MceEditor, in this process): the claims are read
and translated to its input first (not timed); then only the editing loop
(`editor.edit(claim)` for every claim: its JSON encoding, the native MCE and
the JSON decoding) is timed, RUNS times; claims/s = claims / median.

    /work/venv-mce/bin/python bench/mce/speed.py CLAIMS [--runs 5] [--chartq target/release/chartq]
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
from mce_ref import open_editor, reference_version, to_reference  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchlib import time_command, time_loop  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def time_chartq(binary: Path, claims: Path, runs: int) -> tuple[list[float] | None, str]:
    """Wall times of whole runs, or None and why not."""
    # A scratch database of its own (seeded with the bundled code sets on
    # first open, before any timing): the tabular notes come from it; the
    # MCE tables are compiled into chartq.
    db = Path(tempfile.mkdtemp(prefix="chartq-mce-")) / "bench.db"
    subprocess.run([str(binary), "--db", str(db), "codes", "list"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not binary.exists():
        return None, f"{binary} not found"
    return time_command([str(binary), "--db", str(db), "check", "--batch", str(claims), "--json"], runs)


def time_reference(claims: list[dict], runs: int) -> list[float]:
    inputs = [to_reference(c) for c in claims]
    editor = open_editor()
    try:
        return time_loop(editor.edit, inputs, runs)
    finally:
        editor.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("claims", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--chartq", type=Path, default=ROOT / "target/release/chartq")
    args = ap.parse_args()

    with open(args.claims, encoding="utf-8") as f:
        claims = [json.loads(line) for line in f if line.strip()]
    n = len(claims)

    chartq_times, how = time_chartq(args.chartq, args.claims, args.runs)
    # chartq's start-up (parsing the bundled MCE and POA tables, reading
    # each ICD-10-CM version's notes) measured alone: the same run on one
    # claim per fiscal year of the file, which loads everything the big run
    # loads; the whole run less this is the in-process checking time.
    startup_file = Path(tempfile.mkdtemp(prefix="chartq-startup-")) / "startup.jsonl"
    per_year: dict[str, dict] = {}
    for c in claims:
        year, month = int(c["discharge_date"][:4]), int(c["discharge_date"][5:7])
        per_year.setdefault(str(year + (month >= 10)), c)
    startup_file.write_text("".join(json.dumps(c) + "\n" for c in per_year.values()))
    startup_times, _ = time_chartq(args.chartq, startup_file, args.runs)
    ref_times = time_reference(claims, args.runs)

    ref_median = statistics.median(ref_times)
    ref_rate = n / ref_median
    print(f"\n{n:,} claims ({args.claims})")
    print(f"reference MCE (msdrg {reference_version()}, in-process editing loop, {args.runs} runs): "
          f"median {ref_median:.3f} s = {ref_rate:,.0f} claims/s "
          f"(min {min(ref_times):.3f} s, max {max(ref_times):.3f} s)")
    if chartq_times is None:
        print(f"chartq check --batch: not measured: {how}")
        return
    median = statistics.median(chartq_times)
    rate = n / median
    print(f"chartq check --batch (whole run, {how}): median {median:.3f} s = {rate:,.0f} claims/s "
          f"(min {min(chartq_times):.3f} s, max {max(chartq_times):.3f} s)")
    print(f"ratio chartq / reference (claims/s, whole run against in-process loop): "
          f"{rate / ref_rate:.2f}x")
    if startup_times:
        startup = statistics.median(startup_times)
        inproc = n / max(median - startup, 1e-9)
        print(f"chartq start-up ({len(per_year)} claims, one per fiscal year): median {startup:.3f} s; "
              f"in-process {inproc:,.0f} claims/s ({inproc / ref_rate:.2f}x the reference's loop); "
              f"target >= 50,000 claims/s: {'met' if inproc >= 50_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
