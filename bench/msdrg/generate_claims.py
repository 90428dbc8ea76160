"""Synthetic inpatient claims for the MS-DRG agreement and speed benches.

Deterministic: the same seed and arguments give the same file, byte for
byte. Synthetic only: every claim is made up from the code tables; no
patient data. Discharge dates fall in MS-DRG v43 (2025-10-01..2026-03-31)
or v43.1 (2026-04-01..2026-09-30); every code is valid on the claim's
discharge date (MCE v43.1 table, shared/data/mce) unless the claim's kind
is about invalid codes.

Three parts, ids tagged by kind (agreement.py reports per kind = the id
without its trailing number):
  * random claims per MDC, `r-<mdc>-<n>` (`r-pre-<n>` for pre-MDC
    procedures): a principal diagnosis drawn from the dxmap `_MDCnn`
    markers (MDC 24: a `_MDC24_PDX` code plus a significant trauma code
    of another body site; MDC 25: B20 with a related condition, or the
    condition with B20), O.R. procedures of the MDC's own surgical DRGs,
    of other MDCs (unrelated O.R.) or non-extensive ones (neoormap),
    non-O.R. procedures, 0-8 secondaries mixing MCC / CC / neither with
    POA Y/N/U/W (a few blank on non-HAC codes), every discharge status;
  * common stays coded as a coder would, `c-<stay>-<variant>-<v>`:
    variants none / cc / mcc / died (status 20) / ccpoan (the CC not
    present on admission), v = 43 or 431;
  * targeted claims for the special families, `t-<family>-<n>`.

    python3 bench/msdrg/generate_claims.py --seed 12 --out tests/data/msdrg/claims.jsonl
    python3 bench/msdrg/generate_claims.py --seed 12 --total 100000 --out /tmp/claims-100k.jsonl

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import lzma
import math
import random
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

MSDRG = Path("/work/shared/data/msdrg")
MCE = Path("/work/shared/data/mce/mce_v43.1_icd10.tsv.gz")

# (version, first day, last day, logic file)
BUCKETS = [
    ("43", date(2025, 10, 1), date(2026, 3, 31), "msdrg_v43_logic.json.xz"),
    ("431", date(2026, 4, 1), date(2026, 9, 30), "msdrg_v43.1_logic.json.xz"),
]

# Discharge statuses: 01 most; the ones the logic reads (02 and 05
# transfers, 07 left against advice, 20 died, 66, post-acute transfers)
# and the rest of the NUBC list.
STATUS_WEIGHTS = {"01": 40, "02": 4, "03": 6, "04": 2, "05": 3, "06": 6, "07": 3, "20": 6, "21": 1,
                  "30": 1, "43": 1, "50": 2, "51": 2, "61": 1, "62": 2, "63": 1, "64": 1, "65": 1,
                  "66": 2, "69": 1, "70": 1, "81": 1, "82": 1, "83": 1, "84": 1, "85": 1, "86": 1,
                  "87": 1, "88": 1, "89": 1, "90": 1, "91": 1, "92": 1, "93": 1, "94": 1, "95": 1}
MDCS = [f"{i:02}" for i in range(1, 26)]
PER_MDC = 120
PRE_MDC = 150


def drgs_of(entries: list[str]) -> set[str]:
    """The DRG numbers named by dxmap/prmap entries ('291&292&293|PDX')."""
    out = set()
    for e in entries:
        head = e.split("|")[0]
        if head and head[0].isdigit():
            out.update(head.split("&"))
    return out


def load_validity() -> dict[str, list[tuple[str, str, str]]]:
    rows = defaultdict(list)
    with gzip.open(MCE, "rt", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t")
        next(reader)
        for table, code, valid_from, valid_to, _ in reader:
            rows[table].append((code, valid_from, valid_to))
    return rows


_HAC = {}


def HAC_SOURCE() -> dict:  # noqa: N802 - a cached constant
    if not _HAC:
        _HAC.update(json.load(lzma.open(MSDRG / "msdrg_v43.1_logic.json.xz"))["ccmap"])
    return _HAC


class Bucket:
    """One grouper version: its dates, valid codes and code pools."""

    def __init__(self, version, first, last, logic_file, validity):
        self.version, self.first, self.last = version, first, last
        day = first.isoformat()
        valid = {t: {c for c, a, b in rows if a <= day and (not b or day <= b)} for t, rows in validity.items()}
        logic = json.load(lzma.open(MSDRG / logic_file))
        self.dx_valid, self.pcs_valid = valid["dx"], valid["pcs"]
        dxmap = {c: v for c, v in logic["dxmap"].items() if c in self.dx_valid}
        self.dxmap = dxmap
        # The v43 file carries no HAC marks (all null); HAC lists do not
        # change within FY2026, so the v43.1 marks stand for both halves.
        hac_marks = {c: v["hac"] for c, v in HAC_SOURCE().items()}
        self.ccmap = {c: dict(v, hac=hac_marks.get(c)) for c, v in logic["ccmap"].items() if c in self.dx_valid}
        drg_mdc = {g: v["mdc"] for g, v in logic["drgmap"].items()}
        self.by_mdc = defaultdict(list)
        self.trauma_site = {}
        for code in sorted(dxmap):
            marks = dxmap[code]
            for m in marks:
                if m.startswith("_MDC") and len(m) == 6:
                    if code not in self.by_mdc[m[4:]]:
                        self.by_mdc[m[4:]].append(code)
            if "_MDC24_PDX" in marks:
                self.by_mdc["24"].append(code)
            sites = {m for m in marks if m.startswith("_TRAUMA24_SITE_")}
            if sites:
                self.trauma_site[code] = sites
        self.trauma = sorted(self.trauma_site)
        self.mdc24_pdx = [c for c in self.by_mdc["24"] if c in self.trauma_site]
        self.mdc25_related = [c for c in self.by_mdc["25"] if not c.startswith(("B20", "Z21"))]
        self.sex_dep = [c for c in self.by_mdc["12"] if c in set(self.by_mdc["13"])]
        self.dx_998 = [c for c in sorted(dxmap) if any(e.startswith("998|") for e in dxmap[c])]
        self.mcc = sorted(c for c, v in self.ccmap.items() if v["level"] == "MCC")
        self.cc = sorted(c for c, v in self.ccmap.items() if v["level"] == "CC")
        self.non_cc = sorted(c for c in self.dx_valid if c not in self.ccmap)
        self.hac = defaultdict(list)
        for c, v in sorted(self.ccmap.items()):
            if v["hac"]:
                self.hac[v["hac"]].append(c)
        self.aowa = sorted(c for c, v in self.ccmap.items() if v["aowa"])
        orpcs = {c for c in logic["orpcsmap"] if c in self.pcs_valid}
        self.or_any = sorted(orpcs)
        self.or_by_mdc = defaultdict(list)
        self.pre_mdc = []
        for code in sorted(logic["prmap"]):
            if code not in self.pcs_valid:
                continue
            drgs = drgs_of(logic["prmap"][code])
            if any("001" <= g <= "019" for g in drgs):
                self.pre_mdc.append(code)
            if code in orpcs:
                for mdc in sorted({drg_mdc.get(g, "") for g in drgs} - {""}):
                    self.or_by_mdc[mdc].append(code)
        self.non_or = sorted(c for c in self.pcs_valid if c not in orpcs)
        self.neo_or = sorted(c for c in logic["neoormap"] if c in self.pcs_valid)

    def day(self, rng: random.Random) -> date:
        return self.first + timedelta(days=rng.randrange((self.last - self.first).days + 1))


class Maker:
    def __init__(self, rng: random.Random, buckets: list[Bucket]):
        self.rng = rng
        self.buckets = buckets

    def bucket(self) -> Bucket:
        return self.rng.choice(self.buckets)

    def status(self) -> str:
        return self.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]

    def poa(self, b: Bucket, code: str):
        """Y mostly; N, U, W; blank (None) only on codes that are no HAC."""
        r = self.rng.random()
        if r < 0.70:
            return "Y"
        if r < 0.80:
            return "N"
        if r < 0.86:
            return "U"
        if r < 0.92:
            return "W"
        hac = self.ccmap_hac(b, code)
        return "Y" if hac else None

    @staticmethod
    def ccmap_hac(b: Bucket, code: str):
        v = b.ccmap.get(code)
        return v and v["hac"]

    def dx(self, b: Bucket, code: str, poa="draw") -> dict:
        return {"code": code, "poa": self.poa(b, code) if poa == "draw" else poa}

    def secondaries(self, b: Bucket, lo=0, hi=8) -> list[dict]:
        rng = self.rng
        out, seen = [], set()
        for _ in range(rng.randint(lo, hi)):
            r = rng.random()
            pool = b.mcc if r < 0.2 else b.cc if r < 0.55 else b.non_cc
            code = rng.choice(pool)
            if code not in seen:
                seen.add(code)
                out.append(self.dx(b, code))
        return out

    def claim(self, cid, b, pdx, sdx=(), procs=(), *, age=None, sex=None, status=None, los=None,
              day=None, pdx_poa="Y") -> dict:
        rng = self.rng
        discharge = day or b.day(rng)
        los = rng.randint(1, 10) if los is None else los
        out = {
            "id": cid,
            "encounter_type": "inpatient",
            "age": rng.randint(18, 95) if age is None else age,
            "sex": rng.choice(["M", "F"]) if sex is None else sex,
            "admit_date": (discharge - timedelta(days=los)).isoformat(),
            "discharge_date": discharge.isoformat(),
            "discharge_status": self.status() if status is None else status,
            "pdx": {"code": pdx, "poa": pdx_poa},
            "sdx": [s if isinstance(s, dict) else {"code": s, "poa": "Y"} for s in sdx],
            "procedures": [{"code": p} for p in procs],
        }
        if status == "missing":
            del out["discharge_status"]
        return out


# ---------------------------------------------------------------------------
# Random claims per MDC
# ---------------------------------------------------------------------------


def sex_for(mdc: str, rng: random.Random) -> str:
    if rng.random() < 0.04:
        return "U"
    if mdc == "12":
        return "M"
    if mdc in ("13", "14"):
        return "F"
    return rng.choice(["M", "F"])


def age_for(mdc: str, rng: random.Random) -> int:
    if mdc == "15":
        return 0
    if mdc == "14":
        return rng.randint(15, 45)
    return rng.randint(0, 100) if rng.random() < 0.3 else rng.randint(18, 95)


def procedures(m: Maker, b: Bucket, mdc: str) -> list[str]:
    """O.R. procedures (mostly of the MDC's own surgical DRGs, some
    unrelated or non-extensive), and non-O.R. ones."""
    rng = m.rng
    out = []
    if rng.random() < 0.55:
        r = rng.random()
        own = b.or_by_mdc.get(mdc)
        if r < 0.7 and own:
            out.append(rng.choice(own))
        elif r < 0.85:
            out.append(rng.choice(b.or_any))
        else:
            out.append(rng.choice(b.neo_or))
        if rng.random() < 0.25 and own:
            out.append(rng.choice(own))
    for _ in range(rng.choices([0, 1, 2, 3], weights=[40, 30, 20, 10])[0]):
        out.append(rng.choice(b.non_or))
    rng.shuffle(out)
    return list(dict.fromkeys(out))


def random_claim(m: Maker, cid: str, mdc: str) -> dict:
    rng = m.rng
    b = m.bucket()
    sdx = m.secondaries(b)
    if mdc == "24":
        pdx = rng.choice(b.mdc24_pdx)
        other = [c for c in b.trauma if not (b.trauma_site[c] & b.trauma_site[pdx])]
        sdx.insert(rng.randrange(len(sdx) + 1), m.dx(b, rng.choice(other)))
        if rng.random() < 0.3:
            sdx.append(m.dx(b, rng.choice(other)))
    elif mdc == "25":
        if rng.random() < 0.5:
            pdx = "B20"
            sdx.insert(0, m.dx(b, rng.choice(b.mdc25_related)))
        else:
            pdx = rng.choice(b.mdc25_related)
            sdx.insert(rng.randrange(len(sdx) + 1), m.dx(b, "B20", "Y"))
    else:
        pdx = rng.choice(b.by_mdc[mdc])
    sdx = [s for s in sdx if s["code"] != pdx]
    return m.claim(cid, b, pdx, sdx, procedures(m, b, mdc), age=age_for(mdc, rng), sex=sex_for(mdc, rng),
                   los=rng.randint(0, 30))


def pre_mdc_claim(m: Maker, cid: str) -> dict:
    rng = m.rng
    b = m.bucket()
    mdc = rng.choice(MDCS[:23])
    procs = [rng.choice(b.pre_mdc)]
    if rng.random() < 0.3:
        procs.append(rng.choice(b.pre_mdc))
    if rng.random() < 0.4:
        procs.append("5A1955Z")  # mechanical ventilation > 96 hours
    if rng.random() < 0.3:
        procs.append(rng.choice(b.or_any))
    return m.claim(cid, b, rng.choice(b.by_mdc[mdc]), m.secondaries(b), list(dict.fromkeys(procs)),
                   age=age_for(mdc, rng), sex=sex_for(mdc, rng), los=rng.randint(3, 60))


# ---------------------------------------------------------------------------
# Common stays, coded as a coder would
# ---------------------------------------------------------------------------

# stay: (pdx, procedures, CC sdx, MCC sdx, sex, age range)
COMMON = {
    "sepsis": ("A419", [], "N179", "J9601", None, (40, 95)),
    "heart-failure": ("I5023", [], "E871", "N170", None, (50, 95)),
    "pneumonia": ("J189", [], "E871", "J9601", None, (30, 95)),
    "copd": ("J441", [], "E871", "J9601", None, (45, 90)),
    "ami": ("I214", [], "E871", "N170", None, (45, 90)),
    "ami-pci": ("I214", ["027034Z"], "E871", "N170", None, (45, 90)),
    "stroke": ("I639", [], "E871", "N170", None, (50, 95)),
    "hip-fracture": ("S72001A", ["0SR9019"], "E871", "N170", None, (65, 100)),
    "knee-replacement": ("M1711", ["0SRC0J9"], "E871", "N170", None, (55, 85)),
    "cholecystectomy": ("K8000", ["0FT44ZZ"], "E871", "N170", None, (25, 80)),
    "appendectomy": ("K3580", ["0DTJ4ZZ"], "E871", "N170", None, (10, 70)),
    "delivery": ("O80", ["10E0XZZ"], "O99119", "O2412", "F", (18, 40)),
    "newborn": ("Z3800", [], "P0738", "P220", None, (0, 0)),
}


def common(m: Maker) -> list[dict]:
    rng = m.rng
    out = []
    for b in m.buckets:
        for stay, (pdx, procs, cc, mcc, sex, ages) in COMMON.items():
            extra = [{"code": "Z370", "poa": None}] if stay == "delivery" else []
            variants = [("none", [], "01"), ("cc", [cc], "01"), ("mcc", [mcc], "01"), ("died", [], "20"),
                        ("ccpoan", [cc], "01"), ("mccdied", [mcc], "20")]
            for name, sdx, status in variants:
                codes = [pdx, *sdx]
                for c in codes:
                    assert c in b.dx_valid, (c, b.version)
                for p in procs:
                    assert p in b.pcs_valid, (p, b.version)
                poa = "N" if name == "ccpoan" else "Y"
                sdx_list = [{"code": c, "poa": poa} for c in sdx] + extra
                # O80 allows no other obstetric code: with a complication the
                # delivery's pdx is a perineal laceration
                pdx_here = "O701" if stay == "delivery" and sdx else pdx
                out.append(m.claim(f"c-{stay}-{name}-{b.version}", b, pdx_here, sdx_list, procs,
                                   age=rng.randint(*ages), sex=sex or rng.choice(["M", "F"]), status=status))
    return out


# ---------------------------------------------------------------------------
# Targeted claims for the special families
# ---------------------------------------------------------------------------

DELIVERY_PCS = ["10E0XZZ", "10D00Z1"]  # vaginal delivery, low cesarean
SEXES = ["M", "F", "U"]


def targeted(m: Maker) -> list[dict]:
    rng = m.rng
    out: list[dict] = []
    count = defaultdict(int)

    def add(family: str, b: Bucket, pdx, sdx=(), procs=(), **kw) -> None:
        n = count[family]
        count[family] += 1
        out.append(m.claim(f"t-{family}-{n:02}", b, pdx, sdx, procs, **kw))

    def few(pool, k):
        return rng.sample(pool, min(k, len(pool)))

    for b in m.buckets:
        # sex-dependent MDC: the 12/13 codes and N39.3 (11/13) with M, F, U;
        # an MDC 12-only code with F, an MDC 13-only code with M
        for code in few(b.sex_dep, 12) + ["N393"]:
            for sex in SEXES:
                add("sex", b, code, m.secondaries(b, 0, 3), sex=sex)
        only12 = [c for c in b.by_mdc["12"] if c not in b.sex_dep]
        only13 = [c for c in b.by_mdc["13"] if c not in b.sex_dep and c != "N393"]
        for code in few(only12, 4):
            add("sex", b, code, sex="F")
            add("sex", b, code, sex="U")
        for code in few(only13, 4):
            add("sex", b, code, sex="M")
            add("sex", b, code, sex="U")
        # 998: a pdx invalid as discharge diagnosis (O80 & co. without a delivery)
        for code in ["O80"] + few(b.dx_998, 12):
            add("998", b, code, m.secondaries(b, 0, 2), sex="F", age=rng.randint(16, 42))
        # 999: the pdx is no valid code on the date; an external cause as pdx
        for code in ["I50", "S72", "XYZ123", "A00", "Z99999", "I5020X", "J18", "0DTJ4ZZ"]:
            add("999", b, code, m.secondaries(b, 0, 2))
        for code in few([c for c in sorted(b.dx_valid) if c[0] in "VWXY"], 4):
            add("999", b, code, m.secondaries(b, 0, 2))
        # a delivery without Z37; with it for contrast
        for i in range(8):
            pdx = rng.choice(["O80", "O701", "O6014X0", "O1415"])
            proc = DELIVERY_PCS[i % 2]
            if pdx == "O80" and proc != "10E0XZZ":
                pdx = "O701"
            sdx = [] if i < 6 else [{"code": "Z370", "poa": None}]
            add("delnoz37", b, pdx, sdx, [proc], sex="F", age=rng.randint(18, 40))
        # subsequent-encounter injuries (7th character D) with an O.R. procedure
        subseq = [c for c in b.by_mdc["08"] + b.by_mdc["21"] if c.startswith(("S", "T")) and c.endswith("D")]
        for i in range(10):
            code = rng.choice(subseq)
            procs = [rng.choice(b.or_by_mdc["08"] if i % 2 else b.or_any)] if i < 8 else []
            add("subseq", b, code, m.secondaries(b, 0, 3), procs)
        # unrelated O.R. procedures (981-989)
        for i in range(12):
            mdc = rng.choice([x for x in MDCS[:23] if x not in ("14", "15")])
            own = set(b.or_by_mdc.get(mdc, []))
            pool = b.neo_or if i % 3 == 0 else b.or_any
            proc = rng.choice([p for p in few(pool, 200) if p not in own])
            add("unrelated", b, rng.choice(b.by_mdc[mdc]), m.secondaries(b, 0, 3), [proc],
                sex=sex_for(mdc, rng), age=age_for(mdc, rng))
        # neonates died or transferred (789) and the other newborn DRGs
        for status in ["20", "02", "05", "01", "66", "06"]:
            add("neonate", b, rng.choice(b.by_mdc["15"]), m.secondaries(b, 0, 2), age=0, status=status)
        # substance use, left against medical advice (894)
        for status in ["07", "07", "07", "01", "02", "20"]:
            add("894", b, rng.choice(b.by_mdc["20"]), m.secondaries(b, 0, 3), status=status)
        # AMI discharged alive (280-282) / expired (283-285)
        ami = [c for c in b.by_mdc["05"] if c.startswith(("I21", "I22"))]
        for status in ["01", "20", "02", "05", "07", "20"]:
            add("ami", b, rng.choice(ami), m.secondaries(b, 0, 3), status=status)
        # O.R. procedure with a pdx of contact with health services (939-941),
        # of mental illness (876), HIV (969-970)
        for family, mdc, k in [("939", "23", 6), ("876", "19", 5), ("969", "25", 6)]:
            for _ in range(k):
                if mdc == "25":
                    pdx, sdx = "B20", [m.dx(b, rng.choice(b.mdc25_related))]
                else:
                    pdx, sdx = rng.choice(b.by_mdc[mdc]), m.secondaries(b, 0, 3)
                add(family, b, pdx, sdx, [rng.choice(b.or_any)])
        # multiple significant trauma (955-965): with O.R., with craniotomy, without
        cranio = [p for p in b.or_by_mdc["01"] if p.startswith("00")]
        for i in range(9):
            pdx = rng.choice(b.mdc24_pdx)
            other = [c for c in b.trauma if not (b.trauma_site[c] & b.trauma_site[pdx])]
            procs = [rng.choice(b.or_any)] if i % 3 == 0 else [rng.choice(cranio)] if i % 3 == 1 else []
            add("trauma", b, pdx, [m.dx(b, rng.choice(other))] + m.secondaries(b, 0, 2), procs)
        # HAC: every category with POA N, U, Y, W and missing
        for cat in sorted(b.hac):
            code = rng.choice(b.hac[cat])
            for poa in ["N", "U", "Y", "W", None]:
                sdx = [{"code": code, "poa": poa}] + m.secondaries(b, 0, 2)
                procs = []
                if cat == "06":
                    sdx.append({"code": "T83511A", "poa": "N"})
                if cat in ("09", "10", "12"):
                    procs = ["0SRC0J9"]
                add("hac", b, rng.choice(["I5023", "J189", "M1711", "K8000"]), sdx, procs)
        # two HAC categories not present on admission
        cats = sorted(b.hac)
        for _ in range(4):
            c1, c2 = rng.sample(cats, 2)
            add("hac", b, "J189", [{"code": rng.choice(b.hac[c1]), "poa": "N"},
                                   {"code": rng.choice(b.hac[c2]), "poa": rng.choice(["N", "U", None])}])
        # discharge status: each on the same claim, missing, invalid
        for status in list(STATUS_WEIGHTS) + ["missing", "00", "08", "09", "10", "99", "1", "X1"]:
            add("status", b, "I214", [{"code": "E871", "poa": "Y"}], status=status)
        # age at the edges and out of range
        for age in [-1, 0, 1, 17, 18, 64, 65, 124, 125, 130]:
            add("age", b, "J189", [{"code": "E871", "poa": "Y"}], age=age)
        # invalid secondaries and procedures: ignored or not?
        for i in range(8):
            sdx = m.secondaries(b, 0, 2) + [{"code": rng.choice(["E87", "I50", "XQ123", "N17"]), "poa": "Y"}]
            procs = [rng.choice(["0DTJ4Z", "ZZZZZZZ", "0SR90", "02HM3JQ"])]
            if i % 2:
                procs.append("0DTJ4ZZ")
            add("invalid", b, rng.choice(["K3580", "I5023", "J189"]), sdx, procs)
        # aowa: MCCs only when discharged alive
        for code in b.aowa:
            for status in ["01", "20"]:
                add("aowa", b, rng.choice(["J189", "I5023", "A419"]), [{"code": code, "poa": "Y"}],
                    status=status)
        # dotted and lower-case codes
        for i in range(10):
            c = random_claim(m, "x", rng.choice(MDCS))
            for d in [c["pdx"], *c["sdx"]]:
                if len(d["code"]) > 3 and rng.random() < 0.7:
                    d["code"] = d["code"][:3] + "." + d["code"][3:]
                if rng.random() < 0.3:
                    d["code"] = d["code"].lower()
            for p in c["procedures"]:
                p["code"] = p["code"].lower()
            c["id"] = f"t-style-{count['style']:02}"
            count["style"] += 1
            out.append(c)
    return out


def late_targeted(m: Maker) -> list[dict]:
    """Targeted claims added after the corpus was first committed, drawn
    from their own random stream so the claims above stay as they were:
    an "alive only" MCC (aowa) with a missing or invalid discharge status
    (the reference reads the status only then: 999
    INVALID_DISCHARGE_STATUS)."""
    out = []
    for b in m.buckets:
        for i, status in enumerate(["missing", "00", "99", "08", "X1", "01", "20"]):
            code = b.aowa[i % len(b.aowa)]
            c = m.claim(f"t-aowastatus-{len(out):02}", b, m.rng.choice(["J189", "I214", "A419"]),
                        [{"code": code, "poa": "Y"}], status=status)
            out.append(c)
    return out


# ---------------------------------------------------------------------------


def generate(seed: int, per_mdc: int, pre: int, total: int | None = None) -> list[dict]:
    """The fixed claims (common stays, targeted), then the random ones:
    per_mdc per MDC and pre pre-MDC, or, with total, as many as make up
    total (scaled in the same proportions)."""
    rng = random.Random(seed)
    validity = load_validity()
    m = Maker(rng, [Bucket(*spec, validity) for spec in BUCKETS])
    claims = common(m) + targeted(m)
    if total is not None:
        share = max(0, total - len(claims)) / (25 * PER_MDC + PRE_MDC)
        per_mdc = math.floor(PER_MDC * share)
        pre = max(0, total - len(claims) - 25 * per_mdc)
    for mdc in MDCS:
        claims += [random_claim(m, f"r-{mdc}-{i:04}", mdc) for i in range(per_mdc)]
    claims += [pre_mdc_claim(m, f"r-pre-{i:04}") for i in range(pre)]
    claims += late_targeted(Maker(random.Random(seed + 1), m.buckets))
    return claims[:total] if total is not None else claims


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--per-mdc", type=int, default=PER_MDC, help=f"random claims per MDC (default {PER_MDC})")
    ap.add_argument("--pre", type=int, default=PRE_MDC, help=f"random pre-MDC claims (default {PRE_MDC})")
    ap.add_argument("--total", type=int, help="scale the random claims so there are this many claims in all")
    ap.add_argument("--out", default="-", help="output file (default stdout)")
    args = ap.parse_args()

    claims = generate(args.seed, args.per_mdc, args.pre, args.total)

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with out:
        for c in claims:
            out.write(json.dumps(c, separators=(", ", ": ")) + "\n")
    print(f"{len(claims)} claims (seed {args.seed})", file=sys.stderr)


if __name__ == "__main__":
    main()
