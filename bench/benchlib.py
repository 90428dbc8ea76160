"""What the agreement and speed benches share (bench/mce, bench/msdrg):
reading JSON lines keyed by id, timing a command's whole runs (hyperfine
when installed, else repeated runs here), timing an in-process loop over
the reference, and printing times. Stdlib only."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable


def read_jsonl(text: str, what: str) -> tuple[dict[str, dict], list[str]]:
    """id -> object (in file order), and the problems met (unparsable
    lines, duplicate ids)."""
    by_id: dict[str, dict] = {}
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            cid = obj["id"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            problems.append(f"{what}:{n}: not a JSON object with an id ({e}): {line[:120]}")
            continue
        if cid in by_id:
            problems.append(f"{what}:{n}: id {cid} again")
        by_id[cid] = obj
    return by_id, problems


def time_command(cmd: list[str], runs: int) -> tuple[list[float] | None, str]:
    """Wall times of `runs` whole runs of `cmd` (output to /dev/null), or
    None and why not. One run first checks that it succeeds."""
    probe = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if probe.returncode != 0:
        msg = " | ".join(probe.stderr.strip().splitlines()[:3]) or "(no message)"
        return None, f"`{' '.join(cmd)}` exited {probe.returncode}: {msg}"
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            shell_cmd = " ".join(f"'{c}'" for c in cmd) + " > /dev/null"
            subprocess.run(["hyperfine", "--style", "basic", "--warmup", "1", "--runs", str(runs),
                            "--export-json", export.name, shell_cmd], check=True, stdout=sys.stderr)
            with open(export.name) as f:
                times = json.load(f)["results"][0]["times"]
        return times, "hyperfine"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times, f"{runs} runs (no hyperfine)"


def time_loop(call: Callable[[dict], object], inputs: list[dict], runs: int) -> list[float]:
    """Times `call` over every input, `runs` times, after a warm-up on the
    first 1,000 (pages the reference's tables in)."""
    for c in inputs[:1000]:
        call(c)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for c in inputs:
            call(c)
        times.append(time.perf_counter() - start)
    return times


def stats(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"
