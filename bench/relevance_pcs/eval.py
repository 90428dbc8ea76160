"""PCS relevance: recall@1, recall@10 and MRR@10 by kind, for each chartq
binary given, on the tuning set, the held-out set and the PCS rows of the
old set (tests/relevance/queries.tsv), and the fresh held-out sets
(fresh.tsv, round 2; fresh3.tsv, round 3; fresh4.tsv, round 4; fresh5.tsv,
round 5; fresh6.tsv, round 6; fresh7.tsv, round 7; fresh8.tsv, round 8;
fresh9.tsv, round 9; fresh10.tsv, round 10; fresh11.tsv, round 11). Each
binary answers every query of a set in one `chartq search --system pcs
--limit 10 --json --batch` run on the same database (the bundled code sets).
Stdlib only.

usage: eval.py DB NAME=BINARY [NAME=BINARY ...] [-v] [--open]

--open runs only the open sets (everything but the held-out fresh5.tsv,
round 5, fresh6.tsv, round 6, fresh7.tsv, round 7, fresh8.tsv, round 8,
fresh9.tsv, round 9, fresh10.tsv, round 10, and fresh11.tsv, round 11),
so that -v can print misses without touching held-out rows.
-v is refused unless --open is given."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def read_set(path: Path, old: bool) -> list[tuple[str, str, set[str]]]:
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if old:
            if cols[0] != "pcs":
                continue
            kind = "old"
        else:
            kind = cols[0]
        rows.append((kind, cols[1], {c.strip().upper() for c in cols[2].split(",")}))
    return rows


def answers(binary: str, db: str, queries: list[str]) -> dict[str, list[str]]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
        f.write("\n".join(queries) + "\n")
        f.flush()
        out = subprocess.run(
            [binary, "--db", db, "search", "--system", "pcs", "--limit", "10", "--json",
             "--batch", f.name],
            capture_output=True, text=True, check=False,
        )
    if out.returncode != 0 and not out.stdout:
        sys.exit(f"{binary}: {out.stderr.strip()}")
    got: dict[str, list[str]] = defaultdict(list)
    for line in out.stdout.splitlines():
        hit = json.loads(line)
        got[hit["query"]].append(hit["code"].replace(".", "").upper())
    return got


def score(rows, got):
    by_kind: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    misses = []
    for kind, query, want in rows:
        codes = got.get(query, [])[:10]
        rank = next((i + 1 for i, c in enumerate(codes) if c in want), None)
        r = (int(rank == 1), int(rank is not None), 1.0 / rank if rank else 0.0)
        by_kind[kind].append(r)
        by_kind["ALL"].append(r)
        if rank != 1:
            misses.append((kind, query, rank, codes[:3]))
    return by_kind, misses


def main() -> None:
    db = sys.argv[1]
    bins = [a.split("=", 1) for a in sys.argv[2:] if "=" in a]
    sets = [
        ("tuning", read_set(HERE / "tuning.tsv", False)),
        ("tuning2", read_set(HERE / "tuning2.tsv", False)),
        ("tuning3", read_set(HERE / "tuning3.tsv", False)),
        ("pcs10", read_set(HERE / "pcs10.tsv", False)),
        ("pcs11", read_set(HERE / "pcs11.tsv", False)),
        ("pcs12", read_set(HERE / "pcs12.tsv", False)),
        ("pcs13", read_set(HERE / "pcs13.tsv", False)),
        ("held-out", read_set(HERE / "heldout.tsv", False)),
        ("fresh", read_set(HERE / "fresh.tsv", False)),
        ("fresh3", read_set(HERE / "fresh3.tsv", False)),
        ("fresh4", read_set(HERE / "fresh4.tsv", False)),
        ("fresh5", read_set(HERE / "fresh5.tsv", False)),
        ("fresh6", read_set(HERE / "fresh6.tsv", False)),
        ("fresh7", read_set(HERE / "fresh7.tsv", False)),
        ("fresh8", read_set(HERE / "fresh8.tsv", False)),
        ("fresh9", read_set(HERE / "fresh9.tsv", False)),
        ("fresh10", read_set(HERE / "fresh10.tsv", False)),
        ("fresh11", read_set(HERE / "fresh11.tsv", False)),
        ("old set (pcs rows)", read_set(ROOT / "tests/relevance/queries.tsv", True)),
    ]
    verbose = "-v" in sys.argv
    if "--open" in sys.argv:
        sets = [s for s in sets
                if s[0] not in ("fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10",
                                 "fresh11")]
    elif verbose:
        sys.exit(
            "-v prints misses of held-out fresh5.tsv, fresh6.tsv, fresh7.tsv, fresh8.tsv, "
            "fresh9.tsv, fresh10.tsv and fresh11.tsv; "
            "use it only with --open"
        )
    for set_name, rows in sets:
        print(f"== {set_name}: {len(rows)} queries")
        print(f"{'kind':<8} {'n':>3}  " + "  ".join(f"{n:>24}" for n, _ in bins))
        print(f"{'':<8} {'':>3}  " + "  ".join(f"{'R@1   R@10  MRR@10':>24}" for _ in bins))
        results = []
        for name, binary in bins:
            results.append(score(rows, answers(binary, db, [q for _, q, _ in rows])))
        kinds = sorted(results[0][0], key=lambda k: (k == "ALL", k))
        for kind in kinds:
            cells = []
            for by_kind, _ in results:
                rs = by_kind[kind]
                n = len(rs)
                cells.append(
                    f"{sum(r[0] for r in rs) / n:.3f} {sum(r[1] for r in rs) / n:.3f} "
                    f"{sum(r[2] for r in rs) / n:.3f}".rjust(24)
                )
            print(f"{kind:<8} {len(results[0][0][kind]):>3}  " + "  ".join(cells))
        held_out = ("held-out", "fresh", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                    "fresh8", "fresh9", "fresh10", "fresh11")
        if set_name not in held_out or verbose:
            for kind, query, rank, top in results[-1][1]:
                print(f"  miss@1 [{bins[-1][0]}] {kind}: {query!r} rank={rank} top={top}")
        print()


if __name__ == "__main__":
    main()
