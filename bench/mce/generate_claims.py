"""Synthetic inpatient claims for the MCE agreement and speed benches.

Deterministic: the same seed and arguments give the same file, byte for
byte. Synthetic only: every claim is made up from the code tables; no
patient data.

Two parts:
  * targeted claims, per MCE edit kind: ~40 built to trigger the edit and
    ~15 near-misses (the same shape one step short of it), ids
    `t-<kind>-<n>` and `n-<kind>-<n>`;
  * random claims (ids `r-<n>`): random valid and invalid diagnosis and
    procedure codes, ages including 0, 13, 70, 124, 125 and negative, sexes
    including invalid ones, discharge statuses including invalid ones,
    lengths of stay 0..30, discharge dates spread over the second half of
    FY2024 (sex edits still on), FY2025, both halves of FY2026 (MCE v43 and
    v43.1) and the first half of FY2027 (v44), some codes written with dots
    or in lower case.

Codes are drawn from shared/data/mce (see its PROVENANCE.md): the official
v43.1 table for discharges through 2026-09-30, the derived v44 table from
2026-10-01. The flags of a code are constant within each half-year bucket
below (every table change falls on an April 1st or October 1st).

    python3 bench/mce/generate_claims.py --seed 11 --out tests/data/mce/claims.jsonl
    python3 bench/mce/generate_claims.py --seed 11 --total 100000 --out /tmp/claims-100k.jsonl

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import string
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

DATA = Path("/work/shared/data/mce")
V43_1 = "mce_v43.1_icd10.tsv.gz"
V44 = "mce_v44_icd10_derived.tsv.gz"
V44_FROM = date(2026, 10, 1)

# Half-year buckets: (name, first day, last day, weight for random claims).
BUCKETS = [
    ("fy2024b", date(2024, 4, 1), date(2024, 9, 30), 5),
    ("fy2025a", date(2024, 10, 1), date(2025, 3, 31), 12),
    ("fy2025b", date(2025, 4, 1), date(2025, 9, 30), 13),
    ("fy2026a", date(2025, 10, 1), date(2026, 3, 31), 20),
    ("fy2026b", date(2026, 4, 1), date(2026, 9, 30), 25),
    ("fy2027a", date(2026, 10, 1), date(2027, 3, 31), 25),
]

# The MCE's valid discharge statuses (observed on the reference, see
# docs/mce-reference-notes.md) and some invalid ones. 09 and 40-42 are NUBC
# codes the MCE refuses on inpatient claims; "1" and "X1" are not two
# digits.
VALID_STATUS = ["01", "02", "03", "04", "05", "06", "07", "20", "21", "30", "43", "50", "51",
                "61", "62", "63", "64", "65", "66", "69", "70", "81", "82", "83", "84", "85",
                "86", "87", "88", "89", "90", "91", "92", "93", "94", "95"]
INVALID_STATUS = ["00", "08", "09", "10", "19", "40", "41", "42", "60", "71", "80", "96", "99", "1", "X1"]
# Not M, F or U to chartq (which reads "m" or " F " as M or F: case and
# punctuation are ignored, see bench/mce/mce_ref.py sex_code).
INVALID_SEX = ["X", "0", "1", "Male", "", "?"]
POAS = ["Y", "Y", "Y", "N", "U", "W", "1", "", None]


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def load_table(name: str) -> dict[tuple[str, str], list[tuple[str, str, frozenset]]]:
    rows: dict[tuple[str, str], list] = defaultdict(list)
    with gzip.open(DATA / name, "rt", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t")
        next(reader)
        for table, code, valid_from, valid_to, edits in reader:
            flags = frozenset(edits.split(",")) if edits else frozenset()
            rows[(table, code)].append((valid_from, valid_to, flags))
    return rows


class Bucket:
    """The codes valid in one half-year, with their flags, and indexes."""

    def __init__(self, name, first, last, weight, rows):
        self.name, self.first, self.last, self.weight = name, first, last, weight
        day = first.isoformat()
        self.flags = {"dx": {}, "pcs": {}}
        for (table, code), ranges in rows.items():
            for valid_from, valid_to, flags in ranges:
                if valid_from <= day and (not valid_to or day <= valid_to):
                    self.flags[table][code] = flags
                    break
        self.by_flag = {"dx": defaultdict(list), "pcs": defaultdict(list)}
        for table in ("dx", "pcs"):
            for code in sorted(self.flags[table]):
                for flag in self.flags[table][code]:
                    self.by_flag[table][flag].append(code)
        self.dx = sorted(self.flags["dx"])
        self.pcs = sorted(self.flags["pcs"])
        self.clean_dx = [c for c in self.dx if not self.flags["dx"][c]]
        self.clean_pcs = [c for c in self.pcs if not self.flags["pcs"][c]]
        self.flagged_pcs = [c for c in self.pcs if self.flags["pcs"][c]]

    def day(self, rng: random.Random) -> date:
        return self.first + timedelta(days=rng.randrange((self.last - self.first).days + 1))

    def with_flag(self, table: str, flag: str) -> list[str]:
        return self.by_flag[table].get(flag, [])


def load_buckets() -> list[Bucket]:
    old, new = load_table(V43_1), load_table(V44)
    return [Bucket(n, a, b, w, new if a >= V44_FROM else old) for n, a, b, w in BUCKETS]


# ---------------------------------------------------------------------------
# Claim building
# ---------------------------------------------------------------------------


class Maker:
    def __init__(self, rng: random.Random, buckets: list[Bucket]):
        self.rng = rng
        self.buckets = buckets
        self.by_name = {b.name: b for b in buckets}
        self.all_dx = sorted({c for b in buckets for c in b.dx})
        self.all_pcs = sorted({c for b in buckets for c in b.pcs})
        self._elsewhere: dict[tuple[str, str], list[str]] = {}

    # -- pieces ----------------------------------------------------------

    def bucket(self, names=None) -> Bucket:
        pool = [self.by_name[n] for n in names] if names else self.buckets
        return self.rng.choices(pool, weights=[b.weight for b in pool])[0]

    def poa(self):
        return self.rng.choice(POAS)

    def dx(self, code: str, poa="draw") -> dict:
        return {"code": code, "poa": self.poa() if poa == "draw" else poa}

    def clean_sdx(self, b: Bucket, lo=0, hi=3) -> list[dict]:
        return [self.dx(self.rng.choice(b.clean_dx)) for _ in range(self.rng.randint(lo, hi))]

    def claim(self, cid: str, b: Bucket, pdx: str, sdx=(), procs=(), *, age=None, sex=None,
              status=None, los=None, day=None) -> dict:
        rng = self.rng
        discharge = day or b.day(rng)
        los = rng.randint(0, 12) if los is None else los
        if sex is None:
            sex = rng.choice(["M", "F"] if b.first < date(2024, 10, 1) else ["M", "F", "F", "M", "U"])
        return {
            "id": cid,
            "encounter_type": "inpatient",
            "age": rng.randint(18, 90) if age is None else age,
            "sex": sex,
            "admit_date": (discharge - timedelta(days=los)).isoformat(),
            "discharge_date": discharge.isoformat(),
            "discharge_status": rng.choice(VALID_STATUS) if status is None else status,
            "pdx": self.dx(pdx),
            "sdx": [s if isinstance(s, dict) else self.dx(s) for s in sdx],
            "procedures": [{"code": p} for p in procs],
        }

    def elsewhere(self, b: Bucket, table: str) -> list[str]:
        """Codes valid in some bucket but not in `b` (cached)."""
        key = (b.name, table)
        if key not in self._elsewhere:
            every = self.all_dx if table == "dx" else self.all_pcs
            self._elsewhere[key] = [c for c in every if c not in b.flags[table]]
        return self._elsewhere[key]

    def invalid_dx(self, b: Bucket) -> str:
        """A code that is not a valid diagnosis on the bucket's dates."""
        while True:
            code = self._invalid_dx(b)
            if code not in b.flags["dx"]:
                return code

    def _invalid_dx(self, b: Bucket) -> str:
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0:  # a header (non-billable) code: the category of a valid one
            code = rng.choice(b.dx)
            if len(code) > 3:
                return code[:3]
        if kind == 1:  # valid on other dates only
            return rng.choice(self.elsewhere(b, "dx"))
        if kind == 2:  # a valid code with a wrong last character
            code = rng.choice(b.dx)
            return code[:-1] + rng.choice("QZ")
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(1))
        return letters + "".join(rng.choice(string.digits) for _ in range(rng.randint(2, 5)))

    def invalid_pcs(self, b: Bucket) -> str:
        """A code that is not a valid procedure on the bucket's dates."""
        while True:
            code = self._invalid_pcs(b)
            if code not in b.flags["pcs"]:
                return code

    def _invalid_pcs(self, b: Bucket) -> str:
        rng = self.rng
        if rng.random() < 0.4:  # valid on other dates only
            return rng.choice(self.elsewhere(b, "pcs"))
        # 7 characters of the PCS alphabet (no O or I), first not 0 to avoid
        # the all-zero corner
        alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
        return rng.choice("123456789BCDFGHX") + "".join(rng.choice(alphabet) for _ in range(6))

    # -- formatting ------------------------------------------------------

    @staticmethod
    def dotted(code: str) -> str:
        return code[:3] + "." + code[3:] if len(code) > 3 else code

    def restyle(self, claim: dict) -> None:
        """Write some diagnosis codes with a dot and some in lower case (a
        code's meaning does not change)."""
        for d in [claim["pdx"], *claim["sdx"]]:
            r = self.rng.random()
            if r < 0.15:
                d["code"] = self.dotted(d["code"])
            elif r < 0.2:
                d["code"] = d["code"].lower()
        for p in claim["procedures"]:
            if self.rng.random() < 0.05:
                p["code"] = p["code"].lower()


# ---------------------------------------------------------------------------
# Targeted claims: one builder per edit kind; each returns (hit, near-miss).
# ---------------------------------------------------------------------------

HITS, MISSES = 40, 15
FY2025_ON = ["fy2025a", "fy2025b", "fy2026a", "fy2026b", "fy2027a"]


def targeted(m: Maker) -> list[dict]:
    rng = m.rng
    out: list[dict] = []

    def add(kind: str, build) -> None:
        for i in range(HITS):
            out.append(build(f"t-{kind}-{i:02}", True, i))
        for i in range(MISSES):
            out.append(build(f"n-{kind}-{i:02}", False, i))

    def pick(b: Bucket, table: str, flag: str, without=()) -> str:
        codes = [c for c in b.with_flag(table, flag) if not (b.flags[table][c] & set(without))]
        return rng.choice(codes or b.with_flag(table, flag))

    # invalid_code: an invalid pdx, sdx or procedure; near-miss: all valid,
    # codes new in the bucket (valid from its first day).
    def invalid_code(cid, hit, i):
        b = m.bucket()
        if not hit:
            return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b), [rng.choice(b.clean_pcs)])
        where = i % 3
        pdx = m.invalid_dx(b) if where == 0 else rng.choice(b.clean_dx)
        sdx = m.clean_sdx(b) + ([m.dx(m.invalid_dx(b))] if where == 1 else [])
        procs = [m.invalid_pcs(b)] if where == 2 else []
        return m.claim(cid, b, pdx, sdx, procs)

    # external_cause_as_pdx; near-miss: the same kind of code as an sdx.
    def external_cause(cid, hit, i):
        b = m.bucket()
        code = pick(b, "dx", "ecodepdx", without={"wrngproc"})
        if hit:
            return m.claim(cid, b, code, m.clean_sdx(b, 1, 3))
        return m.claim(cid, b, rng.choice(b.clean_dx), [code])

    # duplicate_of_pdx: the pdx again among the sdx (sometimes dotted);
    # near-miss: one sdx twice.
    def duplicate(cid, hit, i):
        b = m.bucket()
        pdx = rng.choice(b.clean_dx)
        if hit:
            again = m.dotted(pdx) if i % 4 == 0 else pdx
            sdx = m.clean_sdx(b, 0, 2) + [m.dx(again)]
            return m.claim(cid, b, pdx, sdx)
        s = rng.choice(b.clean_dx)
        return m.claim(cid, b, pdx, [s, s])

    # age_conflict: an age-group code outside its range (pdx or sdx);
    # near-miss: at the edge inside the range.
    groups = {"newborn": ([1, 2, 17, 40], [0]), "pediatric": ([18, 19, 45, 80], [0, 17]),
              "maternity": ([8, 65, 70, 5], [9, 64]), "adult": ([0, 14, 10, 3], [15, 124])}

    def age_conflict(cid, hit, i):
        b = m.bucket()
        group = list(groups)[i % 4]
        code = pick(b, "dx", group, without={"male", "female", "manifestation", "unacceptable", "ecodepdx"})
        age = rng.choice(groups[group][0 if hit else 1])
        sex = "F" if group == "maternity" else None
        if i % 2:
            return m.claim(cid, b, rng.choice(b.clean_dx), [code], age=age, sex=sex)
        return m.claim(cid, b, code, m.clean_sdx(b), age=age, sex=sex)

    # sex_conflict (discharges up to 2024-09-30 only): a male or female dx or
    # procedure with the other sex; near-miss: the same claim shape on a
    # FY2025+ date (sex flags ended), or the matching sex.
    def sex_conflict(cid, hit, i):
        b = m.by_name["fy2024b"]
        table = "dx" if i % 3 else "pcs"
        flag = "male" if i % 2 else "female"
        code = pick(b, table, flag, without={"maternity", "newborn", "pediatric", "unacceptable",
                                           "manifestation", "ecodepdx", "noncovered", "lcov",
                                           "csect", "vagdel"})
        other = "F" if flag == "male" else "M"
        same = "M" if flag == "male" else "F"
        sex = other
        if not hit:
            later = m.bucket(FY2025_ON)
            if i % 2 == 0 and code in later.flags[table]:
                b = later  # same code, same sex, after the sex edits ended
            else:
                sex = same
        if table == "dx":
            return m.claim(cid, b, rng.choice(b.clean_dx), [code], sex=sex)
        return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b), [code], sex=sex)

    # manifestation_as_pdx; near-miss: the manifestation as an sdx.
    def manifestation(cid, hit, i):
        b = m.bucket()
        code = pick(b, "dx", "manifestation", without={"male", "female"})
        etiology = rng.choice(b.clean_dx)
        if hit:
            return m.claim(cid, b, code, [etiology] if i % 2 else [])
        return m.claim(cid, b, etiology, [code])

    # questionable_admission; near-miss: the qadm code as an sdx.
    def qadm(cid, hit, i):
        b = m.bucket()
        code = pick(b, "dx", "qadm")
        if hit:
            return m.claim(cid, b, code, m.clean_sdx(b))
        return m.claim(cid, b, rng.choice(b.clean_dx), [code])

    # unacceptable_pdx (incl. Z51.89 with no sdx); near-miss: Z51.89 with an
    # sdx, or an unacceptable code as sdx.
    def unacceptable(cid, hit, i):
        b = m.bucket()
        if hit:
            if i % 5 == 0:
                return m.claim(cid, b, "Z5189", [])
            code = pick(b, "dx", "unacceptable", without={"maternity", "newborn", "pediatric", "adult",
                                                         "male", "female", "delout"})
            return m.claim(cid, b, code, m.clean_sdx(b))
        if i % 2 == 0:
            return m.claim(cid, b, "Z5189", m.clean_sdx(b, 1, 2))
        return m.claim(cid, b, rng.choice(b.clean_dx), [pick(b, "dx", "unacceptable")])

    # unspecified: pdx or sdx; near-miss: a clean claim of the same shape.
    def unspecified(cid, hit, i):
        b = m.bucket()
        code = pick(b, "dx", "unspecified", without={"maternity", "newborn", "pediatric", "adult",
                                                    "male", "female"})
        if not hit:
            return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b, 1, 3))
        if i % 2:
            return m.claim(cid, b, code, m.clean_sdx(b))
        return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b) + [m.dx(code)])

    # non_covered: noncovered procedures; a pancreas transplant alone;
    # sterilisation with Z30.2; 30233G0 & co. with an ncov6 leukaemia; an
    # artificial disc over 60. Near-misses: the conditions not met.
    def non_covered(cid, hit, i):
        b = m.bucket()
        base = rng.choice(b.clean_dx)
        kind = i % 5
        if kind == 0:
            proc = pick(b, "pcs", "noncovered", without={"male", "female"})
            if hit:
                return m.claim(cid, b, base, m.clean_sdx(b), [proc])
            return m.claim(cid, b, base, m.clean_sdx(b), [rng.choice(b.clean_pcs)])
        if kind == 1:
            proc = pick(b, "pcs", "ncov45")
            if hit:
                return m.claim(cid, b, base, m.clean_sdx(b), [proc])
            diab = pick(b, "dx", "diabtypeI")
            return m.claim(cid, b, base, [diab], [proc])
        if kind == 2:
            proc = pick(b, "pcs", "ncov_z302", without={"male", "female"})
            if hit:
                return (m.claim(cid, b, "Z302", [], [proc]) if i % 2
                        else m.claim(cid, b, base, ["Z302"], [proc]))
            return m.claim(cid, b, base, m.clean_sdx(b), [proc])
        if kind == 3:
            procs = b.with_flag("pcs", "ncov6")
            if not procs:
                return non_covered(cid, hit, 0)
            leuk = pick(b, "dx", "ncov6")
            if hit:
                return m.claim(cid, b, leuk, m.clean_sdx(b), [rng.choice(procs)])
            return m.claim(cid, b, base, m.clean_sdx(b), [rng.choice(procs)])
        proc = pick(b, "pcs", "ncov12agele60")
        return m.claim(cid, b, base, m.clean_sdx(b), [proc],
                       age=rng.choice([61, 65, 80] if hit else [18, 45, 60]))

    # limited_coverage: lcov procedures, kidney transplant, pancreas
    # transplant with type 1 diabetes or a kidney transplant; near-miss: the
    # pancreas transplant alone (non-covered instead) or a clean procedure.
    def limited_coverage(cid, hit, i):
        b = m.bucket()
        base = rng.choice(b.clean_dx)
        if not hit:
            if i % 2:
                return m.claim(cid, b, base, m.clean_sdx(b), [pick(b, "pcs", "ncov45")])
            return m.claim(cid, b, base, m.clean_sdx(b), [rng.choice(b.clean_pcs)])
        kind = i % 4
        if kind == 0:
            return m.claim(cid, b, base, m.clean_sdx(b), [pick(b, "pcs", "lcov", without={"ncov45", "kidneyxp"})])
        if kind == 1:
            return m.claim(cid, b, base, m.clean_sdx(b), [pick(b, "pcs", "kidneyxp")])
        if kind == 2:
            return m.claim(cid, b, pick(b, "dx", "diabtypeI"), m.clean_sdx(b), [pick(b, "pcs", "ncov45")])
        return m.claim(cid, b, base, [], [pick(b, "pcs", "ncov45"), pick(b, "pcs", "kidneyxp")])

    # wrong_procedure: Y65.51-Y65.53 as sdx (or pdx); near-miss: another
    # external cause code as sdx.
    def wrong_procedure(cid, hit, i):
        b = m.bucket()
        base = rng.choice(b.clean_dx)
        if hit:
            code = pick(b, "dx", "wrngproc")
            return m.claim(cid, b, code, []) if i % 5 == 0 else m.claim(cid, b, base, [code])
        return m.claim(cid, b, base, [pick(b, "dx", "ecodepdx", without={"wrngproc"})])

    # procedure_inconsistent_with_los: 5A1955Z with a stay under 5 days;
    # near-miss: 5 days or more. Ages vary (the reference reads the age in
    # place of the stay, see the notes; the expected file corrects it).
    def los(cid, hit, i):
        b = m.bucket()
        stay = rng.randint(0, 4) if hit else rng.randint(5, 30)
        age = rng.choice([2, 3, 30, 55, 70, 88])
        return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b), ["5A1955Z"], los=stay, age=age)

    # invalid_age: below 0 or above 124; near-miss: 0 and 124.
    def invalid_age(cid, hit, i):
        b = m.bucket()
        age = rng.choice([-1, -5, -30, 125, 126, 150, 999]) if hit else rng.choice([0, 124, 1, 123])
        return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b), age=age)

    # invalid_sex: U before 2024-10-01, or a value that is none of M/F/U;
    # near-miss: U from 2024-10-01.
    def invalid_sex(cid, hit, i):
        if hit and i % 3 == 0:
            b = m.by_name["fy2024b"]
            return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b), sex="U")
        b = m.bucket(FY2025_ON)
        sex = rng.choice(INVALID_SEX) if hit else "U"
        return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b), sex=sex)

    # invalid_discharge_status; near-miss: valid statuses at the edges of the
    # MCE's list.
    def invalid_status(cid, hit, i):
        b = m.bucket()
        status = INVALID_STATUS[i % len(INVALID_STATUS)] if hit else rng.choice(
            ["01", "07", "20", "21", "30", "43", "61", "69", "70", "81", "95"])
        return m.claim(cid, b, rng.choice(b.clean_dx), m.clean_sdx(b), status=status)

    # questionable_obstetric_admission: a delivery procedure without a Z37
    # outcome-of-delivery sdx; near-miss: with one.
    def obstetric(cid, hit, i):
        b = m.bucket(FY2025_ON)
        proc = pick(b, "pcs", "csect" if i % 2 else "vagdel")
        pdx = "O80" if i % 3 else rng.choice(b.clean_dx)
        sdx = m.clean_sdx(b, 0, 1)
        if not hit:
            sdx.append(m.dx(pick(b, "dx", "delout")))
        return m.claim(cid, b, pdx, sdx, [proc], age=rng.randint(18, 40), sex="F")

    add("invalid_code", invalid_code)
    add("external_cause_as_pdx", external_cause)
    add("duplicate_of_pdx", duplicate)
    add("age_conflict", age_conflict)
    add("sex_conflict", sex_conflict)
    add("manifestation_as_pdx", manifestation)
    add("questionable_admission", qadm)
    add("unacceptable_pdx", unacceptable)
    add("unspecified", unspecified)
    add("non_covered", non_covered)
    add("limited_coverage", limited_coverage)
    add("wrong_procedure", wrong_procedure)
    add("procedure_inconsistent_with_los", los)
    add("invalid_age", invalid_age)
    add("invalid_sex", invalid_sex)
    add("invalid_discharge_status", invalid_status)
    add("questionable_obstetric_admission", obstetric)
    return out


# ---------------------------------------------------------------------------
# Random claims
# ---------------------------------------------------------------------------

SPECIAL_AGES = [0, 0, 13, 70, 124, 125, -1, -3]


def random_claim(m: Maker, cid: str) -> dict:
    rng = m.rng
    b = m.bucket()

    def any_dx() -> str:
        r = rng.random()
        if r < 0.06:
            return m.invalid_dx(b)
        if r < 0.5:
            return rng.choice(b.clean_dx)
        return rng.choice(b.dx)

    def any_pcs() -> str:
        r = rng.random()
        if r < 0.06:
            return m.invalid_pcs(b)
        if r < 0.1:  # a flagged procedure now and then
            return rng.choice(b.flagged_pcs)
        return rng.choice(b.pcs)

    age = rng.choice(SPECIAL_AGES) if rng.random() < 0.15 else rng.randint(0, 100)
    r = rng.random()
    sex = rng.choice(INVALID_SEX) if r < 0.04 else rng.choice(["M", "F", "U"] if r < 0.2 else ["M", "F"])
    if rng.random() < 0.03:
        sex = sex.lower()  # "m", "f", "u": the same sexes to chartq
    status = rng.choice(INVALID_STATUS) if rng.random() < 0.06 else rng.choice(VALID_STATUS)
    sdx = [any_dx() for _ in range(rng.choices(range(0, 13), weights=[8, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2, 2, 1])[0])]
    if sdx and rng.random() < 0.03:
        sdx.append(sdx[0])  # a repeated sdx
    pdx = any_dx()
    if rng.random() < 0.03:
        sdx.append(pdx)  # the pdx again
    procs = [any_pcs() for _ in range(rng.choices(range(0, 6), weights=[30, 25, 15, 10, 5, 3])[0])]
    claim = m.claim(cid, b, pdx, sdx, procs, age=age, sex=sex, status=status, los=rng.randint(0, 30))
    m.restyle(claim)
    return claim


# ---------------------------------------------------------------------------


def generate(seed: int, random_count: int, with_targeted: bool = True) -> list[dict]:
    rng = random.Random(seed)
    m = Maker(rng, load_buckets())
    claims = targeted(m) if with_targeted else []
    claims += [random_claim(m, f"r-{i:06}") for i in range(random_count)]
    return claims


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--random", type=int, default=800, help="number of random claims (default 800)")
    ap.add_argument("--total", type=int, help="make random claims up to this many claims in all")
    ap.add_argument("--no-targeted", action="store_true", help="random claims only")
    ap.add_argument("--out", default="-", help="output file (default stdout)")
    args = ap.parse_args()

    with_targeted = not args.no_targeted
    random_count = args.random
    if args.total is not None:
        n_targeted = 17 * (HITS + MISSES) if with_targeted else 0
        random_count = max(0, args.total - n_targeted)
    claims = generate(args.seed, random_count, with_targeted)

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with out:
        for c in claims:
            out.write(json.dumps(c, separators=(", ", ": ")) + "\n")
    print(f"{len(claims)} claims (seed {args.seed})", file=sys.stderr)


if __name__ == "__main__":
    main()
