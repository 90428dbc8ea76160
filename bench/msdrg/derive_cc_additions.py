"""Derives codesets/msdrg/cc_additions.tsv: the CC/MCC codes of CMS's FY2026
Table 6K part 1 that have no PDX exclusion collection ("No Excl") and that the
bundled logic's ccmap leaves out (41 codes: Z16 drug resistance, Z59
homelessness, L49 exfoliation, cytokine release syndrome grade 5...). CMS's
table, public domain; standard library only.

    python3 bench/msdrg/derive_cc_additions.py > codesets/msdrg/cc_additions.tsv
"""
import gzip
import json
import lzma
import re

SIXK = "/work/shared/data/msdrg/cc_exclusions.txt.gz"
LOGIC = "/work/shared/data/msdrg/msdrg_v43.1_logic.json.xz"

ccmap = json.load(lzma.open(LOGIC))["ccmap"]
print("# CC/MCC codes without PDX exclusions (CMS FY2026 Table 6K part 1, 'No Excl'),")
print("# missing from the logic's ccmap: level<TAB>code. bench/msdrg/derive_cc_additions.py")
with gzip.open(SIXK, "rt", encoding="ascii") as fh:
    for line in fh:
        m = re.match(r"^ ([A-Z][0-9A-Z]{2,6})\s+(CC|MCC)\s+No Excl", line)
        if m and m.group(1) not in ccmap:
            print(f"{m.group(2)}\t{m.group(1)}")
