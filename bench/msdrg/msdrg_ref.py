"""Shared pieces of the MS-DRG benches: the reference grouper (PyPI
`msdrg`'s MsdrgGrouper, installed in a venv outside the repository) and the
translation of a chartq claim into its input.

Only `msdrg`'s public API is used (`MsdrgGrouper.group`); none of its code
is copied here. Importing this module does not need `msdrg`:
`open_grouper()` imports it on demand, so `agreement.py` (which only reads
JSON) runs with the system Python.
"""

from __future__ import annotations

from datetime import date

# Grouper version by discharge date (the reference's `version`).
VERSIONS = [
    (date(2025, 10, 1), date(2026, 3, 31), 430),
    (date(2026, 4, 1), date(2026, 9, 30), 431),
]
# NOT_EXEMPT: the hospital is subject to the HAC payment rule, so a HAC
# diagnosis with POA N or U does not count as a CC/MCC for the final DRG
# (EXEMPT turns HAC logic off; UNKNOWN makes POA N/U on a HAC ungroupable,
# return code HAC_STATUS_INVALID_POA_N_OR_U). See docs/msdrg-reference-notes.md.
HOSPITAL_STATUS = "NOT_EXEMPT"
SEX_CODES = {"m": 0, "f": 1, "u": 2}
REFERENCE_POA = {"Y", "N", "U", "W"}  # what MsdrgGrouper.group accepts


def code_key(code: str) -> str:
    """chartq's comparison key for a code: no dots, upper case, trimmed."""
    return code.strip().replace(".", "").upper()


def version_of(discharge: str) -> int | None:
    day = date.fromisoformat(discharge)
    return next((v for first, last, v in VERSIONS if first <= day <= last), None)


def sex_code(sex) -> int:
    """0 M, 1 F, 2 U; anything else is U to the reference."""
    if not isinstance(sex, str):
        return 2
    key = "".join(c.lower() for c in sex if c.isascii() and c.isalnum())
    return SEX_CODES.get(key, 2)


def discharge_status_number(status) -> int | None:
    """Two digits -> int; missing -> None (the key is left out); anything
    else -> -1 (the reference groups it like any status it does not read)."""
    if status is None:
        return None
    if isinstance(status, str):
        s = status.strip()
        if len(s) == 2 and s.isascii() and s.isdigit():
            return int(s)
    return -1


def to_reference(claim: dict) -> dict | None:
    """A chartq claim as the reference grouper's input; None when the
    discharge date is outside v43/v43.1.

    - codes: dots removed, upper case (the reference does not normalise);
    - POA: passed when Y/N/U/W (upper-cased); blank, null or "1" (exempt)
      are left out: the reference refuses them, and a HAC diagnosis without
      POA gives HAC_MISSING_ONE_POA (999);
    - hospital_status NOT_EXEMPT (HAC logic applies).
    """
    version = version_of(claim["discharge_date"])
    if version is None:
        return None

    def dx(entry: dict) -> dict:
        out = {"code": code_key(entry["code"])}
        poa = entry.get("poa")
        if isinstance(poa, str) and poa.strip().upper() in REFERENCE_POA:
            out["poa"] = poa.strip().upper()
        return out

    ref = {
        "version": version,
        "age": int(claim["age"]),
        "sex": sex_code(claim.get("sex")),
        "hospital_status": HOSPITAL_STATUS,
        "pdx": dx(claim["pdx"]),
        "sdx": [dx(s) for s in claim.get("sdx", [])],
        "procedures": [{"code": code_key(p["code"])} for p in claim.get("procedures", [])],
    }
    status = discharge_status_number(claim.get("discharge_status"))
    if status is not None:
        ref["discharge_status"] = status
    return ref


def open_grouper():
    """A reference MsdrgGrouper (the caller closes it). Needs the venv."""
    import msdrg  # noqa: PLC0415 - imported here on purpose

    return msdrg.MsdrgGrouper()


def reference_version() -> str:
    from importlib.metadata import version

    return version("msdrg")
