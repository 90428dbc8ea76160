//! The bundled FY2027 releases and the April 2026 ICD-10-PCS, built from
//! the CMS codes files compiled into chartq: hierarchy, header titles,
//! borrowed notes, counts, and (where `../shared/data` is present) the
//! code sets of CMS's Medicare Code Editor.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use chartq::app::codesets::bundled::{self, BUNDLED, Builder, Built, Release};
use chartq::domain::codes::{Code, CodeKind, CodeSystem, NoteKind, lookup_key};

/// Every bundled version, built once for the whole test binary.
fn built(release: Release) -> &'static Built {
    static ALL: OnceLock<HashMap<Release, Built>> = OnceLock::new();
    &ALL.get_or_init(|| {
        let mut b = Builder::default();
        BUNDLED
            .iter()
            .map(|v| (v.release, b.build(v.release).unwrap()))
            .collect()
    })[&release]
}

fn get<'a>(b: &'a Built, code: &str) -> &'a Code {
    b.set
        .codes
        .iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("{code} missing"))
}

fn billable(b: &Built) -> BTreeSet<String> {
    b.set
        .codes
        .iter()
        .filter(|c| c.billable)
        .map(|c| lookup_key(&c.code))
        .collect()
}

/// (kind, billable, parent, title) of a code.
fn shape(b: &Built, code: &str) -> (CodeKind, bool, Option<String>, String) {
    let c = get(b, code);
    (c.kind, c.billable, c.parent.clone(), c.long_title.clone())
}

fn header(parent: &str, title: &str) -> (CodeKind, bool, Option<String>, String) {
    (
        CodeKind::Category,
        false,
        Some(parent.to_string()),
        title.to_string(),
    )
}

fn code(parent: &str, title: &str) -> (CodeKind, bool, Option<String>, String) {
    (
        CodeKind::Code,
        true,
        Some(parent.to_string()),
        title.to_string(),
    )
}

/// Entries come after their parents, and each code once.
fn assert_well_formed(b: &Built) {
    let mut seen = HashSet::new();
    for c in &b.set.codes {
        if let Some(p) = &c.parent {
            assert!(
                seen.contains(p.as_str()),
                "{} before its parent {p}",
                c.code
            );
        }
        assert!(seen.insert(c.code.as_str()), "{} twice", c.code);
        assert_eq!(c.billable, c.kind == CodeKind::Code, "{}", c.code);
    }
}

const UNTITLED: &str = "(title not in the FY2027 codes file)";

#[test]
fn fy2027_cm_has_every_billable_code_in_the_fy2026_hierarchy() {
    let fy27 = built(Release::CmFy2027);
    let fy26 = built(Release::CmFy2026);
    assert_well_formed(fy27);
    assert_eq!(billable(fy27).len(), 74_879);
    let count = |kind| fy27.set.codes.iter().filter(|c| c.kind == kind).count();
    assert_eq!(count(CodeKind::Chapter), 22);
    // Every FY2026 section is kept, the ones that only introduce others
    // (C00-C96 "Malignant neoplasms") included.
    assert_eq!(count(CodeKind::Section), 297);
    // 190 added, 30 deleted, as the addenda says.
    let (new, old) = (billable(fy27), billable(fy26));
    assert_eq!(new.difference(&old).count(), 190);
    assert_eq!(old.difference(&new).count(), 30);
    // The entries both releases have come in the same order.
    let in27: HashSet<&str> = fy27.set.codes.iter().map(|c| c.code.as_str()).collect();
    let in26: HashSet<&str> = fy26.set.codes.iter().map(|c| c.code.as_str()).collect();
    let order26: Vec<&str> = fy26
        .set
        .codes
        .iter()
        .map(|c| c.code.as_str())
        .filter(|c| in27.contains(c))
        .collect();
    let order27: Vec<&str> = fy27
        .set
        .codes
        .iter()
        .map(|c| c.code.as_str())
        .filter(|c| in26.contains(c))
        .collect();
    assert_eq!(order26, order27);
    // An unchanged code keeps its ancestry.
    assert_eq!(
        shape(fy27, "E11.22"),
        code(
            "E11.2",
            "Type 2 diabetes mellitus with diabetic chronic kidney disease"
        )
    );
    assert_eq!(get(fy27, "E11.2").parent.as_deref(), Some("E11"));
    assert_eq!(get(fy27, "E11").parent.as_deref(), Some("E08-E13"));
    // The codes file's title wins (revised in FY2027).
    assert_eq!(
        get(fy27, "L02.232").long_title,
        "Carbuncle of back [any part, except buttock and flank]"
    );
}

#[test]
fn fy2027_cm_new_headers_and_codes_that_became_headers() {
    let b = built(Release::CmFy2027);
    // A new category with a new subcategory, neither titled anywhere, in
    // the section of the category before it (K65).
    assert_eq!(shape(b, "K6A"), header("K65-K68", UNTITLED));
    assert_eq!(shape(b, "K6A.0"), header("K6A", UNTITLED));
    assert_eq!(shape(b, "K6A.01"), code("K6A.0", "Prevesical abscess"));
    assert_eq!(
        shape(b, "K6A.8"),
        code(
            "K6A",
            "Other diseases of the pelvis, not elsewhere classified"
        )
    );
    // New headers under an existing category, titled from their codes.
    assert_eq!(shape(b, "M67.A"), header("M67", "Plantar fasciitis"));
    assert_eq!(shape(b, "M67.A0"), header("M67.A", "Plantar fasciitis"));
    assert_eq!(
        shape(b, "M67.A01"),
        code("M67.A0", "Plantar fasciitis, right foot")
    );
    // A FY2026 code with codes below it now: a header, its title kept.
    assert_eq!(
        shape(b, "D69.1"),
        header("D69", "Qualitative platelet defects")
    );
    assert_eq!(
        shape(b, "D69.11"),
        code("D69.1", "Glanzmann thrombasthenia")
    );
    // A new 3-character code: a category of its own, in the section of
    // the category before it (J4A), in tabular order (before J45).
    assert_eq!(
        shape(b, "J4B"),
        (
            CodeKind::Code,
            true,
            Some("J40-J4A".into()),
            "Pulmonary mycetoma".into()
        )
    );
    let at = |c: &str| b.set.codes.iter().position(|x| x.code == c).unwrap();
    assert!(at("J4A.9") < at("J4B") && at("J4B") < at("J45"));
    // New codes with a letter under existing headers.
    assert_eq!(
        shape(b, "F64.A"),
        code("F64", "Gender identity disorder, in remission")
    );
    assert_eq!(
        shape(b, "K74.0A"),
        code("K74.0", "Hepatic fibrosis, moderate fibrosis")
    );
    // New 7th-character codes: the 6-character stem is a category titled
    // from its codes; a placeholder X stem hangs from the unpadded leaf.
    assert_eq!(
        shape(b, "T52.811"),
        header(
            "T52.81",
            "Toxic effect of alkenes, accidental (unintentional)"
        )
    );
    assert_eq!(get(b, "T52.81").parent.as_deref(), Some("T52.8"));
    assert_eq!(get(b, "T52.811A").parent.as_deref(), Some("T52.811"));
    assert_eq!(get(b, "O31.40X0").parent.as_deref(), Some("O31.40"));
    assert_eq!(get(b, "O31.40").parent.as_deref(), Some("O31.4"));
    assert!(b.set.codes.iter().all(|c| c.code != "O31.40X"));
    // An unchanged 7th-character code is where the tabular put it, and
    // its 7th characters come from S72's definitions.
    assert_eq!(get(b, "S72.001A").parent.as_deref(), Some("S72.001"));
    assert!(
        get(b, "S72")
            .notes
            .iter()
            .any(|n| n.kind == NoteKind::SeventhCharacter && n.text.starts_with("A: initial"))
    );
    // Deleted codes, and the headers left without codes, are gone.
    for gone in ["T52.8X", "T52.8X1", "T52.8X1A", "S23.420", "S23.420A"] {
        assert!(b.set.codes.iter().all(|c| c.code != gone), "{gone}");
    }
}

#[test]
fn fy2027_cm_notes_are_borrowed_from_fy2026() {
    let b = built(Release::CmFy2027);
    let borrowed = b.borrowed.as_ref().expect("borrowed notes");
    assert_eq!(borrowed.summary().as_deref(), Some("FY2026"));
    let at = |c: &str| b.set.codes.iter().position(|x| x.code == c).unwrap();
    let e11 = &b.set.codes[at("E11")];
    assert!(
        e11.notes.iter().any(|n| n.kind == NoteKind::Excludes1),
        "{:?}",
        e11.notes
    );
    assert_eq!(borrowed.label(at("E11")), Some("FY2026"));
    // New codes have no notes of their own (they inherit their ancestors').
    assert!(get(b, "K6A.01").notes.is_empty());
    assert_eq!(borrowed.label(at("K6A.01")), None);
    // FY2026's notes, all of them on entries FY2027 still has.
    let fy26 = built(Release::CmFy2026);
    let notes = |s: &Built| s.set.codes.iter().map(|c| c.notes.len()).sum::<usize>();
    assert!(notes(b) <= notes(fy26) && notes(b) > notes(fy26) * 99 / 100);
}

#[test]
fn pcs_versions_have_cms_counts_and_their_new_tables() {
    let oct = built(Release::PcsFy2026);
    let apr = built(Release::PcsFy2026Apr);
    let fy27 = built(Release::PcsFy2027);
    for b in [oct, apr, fy27] {
        assert_well_formed(b);
        assert!(b.borrowed.is_none());
        assert!(
            b.set
                .codes
                .iter()
                .filter(|c| c.billable)
                .all(|c| c.parent.as_deref() == Some(&c.code[..3]))
        );
    }
    assert_eq!(billable(oct).len(), 79_115);
    assert_eq!(billable(apr).len(), 79_193);
    assert_eq!(billable(fy27).len(), 79_256);
    let table = |b: &Built, t: &str| shape(b, t);
    // Tables new in April 2026 and in FY2027, titled from their codes.
    let section = |title: &str| (CodeKind::Section, false, None, title.to_string());
    assert_eq!(table(apr, "0TX"), section("Transfer Bladder"));
    assert_eq!(table(fy27, "0TX"), section("Transfer Bladder"));
    assert_eq!(table(fy27, "B85"), section("Other Imaging"));
    assert_eq!(table(fy27, "XEZ"), section(UNTITLED));
    // Existing tables keep the order file's titles.
    assert_eq!(
        table(fy27, "001"),
        section("Central Nervous System and Cranial Nerves, Bypass")
    );
    // The table whose codes FY2027 deleted is gone.
    assert!(apr.set.codes.iter().any(|c| c.code == "XD2"));
    assert!(fy27.set.codes.iter().all(|c| c.code != "XD2"));
    // April titles: FY2026's where it has the code, else "Revise from".
    assert_eq!(
        get(apr, "XW0V0P7").long_title,
        "Introduction of Antibiotic-eluting Bone Void Filler into Bones, Open Approach, New Technology Group 7"
    );
    assert_eq!(
        get(apr, "XW0E33B").long_title,
        "Introduction of DB-OTO via Intracochlear Infusion into Ear(s), Percutaneous Approach, New Technology Group 11"
    );
    assert_eq!(
        get(fy27, "XW0E33B").long_title,
        "Introduction of Lunsotogene Parvec-cwha via Intracochlear Infusion into Ear(s), Percutaneous Approach, New Technology Group 11"
    );
    // Short titles carried over where the long title did not change.
    assert_eq!(
        get(fy27, "0016070").short_title.as_deref(),
        Some("Bypass Cereb Vent to Nasophar with Autol Sub, Open Approach")
    );
}

#[test]
fn the_bundled_codes_files_reflect_their_addenda() {
    for (system, release) in [
        (CodeSystem::Icd10Cm, Release::CmFy2027),
        (CodeSystem::Icd10Pcs, Release::PcsFy2027),
    ] {
        let addenda = bundled::addenda_2027(system).unwrap();
        let titles: HashMap<String, String> = built(release)
            .set
            .codes
            .iter()
            .filter(|c| c.billable)
            .map(|c| (c.code.clone(), c.long_title.clone()))
            .collect();
        let check = addenda.check(&titles);
        assert!(check.all_reflected(), "{system}: {:?}", check.mismatches);
        let counts = (
            addenda.adds.len(),
            addenda.deletes.len(),
            addenda.revisions.len(),
        );
        let expected = match system {
            CodeSystem::Icd10Cm => (190, 30, 4),
            _ => (101, 38, 3),
        };
        assert_eq!(counts, expected, "{system}");
    }
}

/// The codes of an MCE table (`dx` or `pcs`) valid on `date`.
fn mce_codes(file: &str, table: &str, date: &str) -> Option<BTreeSet<String>> {
    let path = crate::support::fixtures::shared_data(file)?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    Some(
        text.lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let valid = f[0] == table && f[2] <= date && (f[3].is_empty() || f[3] >= date);
                valid.then(|| f[1].to_string())
            })
            .collect(),
    )
}

/// The April 2026 ICD-10-PCS chartq derives (the FY2027 file less its
/// addenda) is exactly CMS's: the MCE v43.1 table's procedure codes valid
/// on 2026-04-01.
#[test]
fn april_2026_pcs_equals_the_mce_v43_1_procedure_codes() {
    let Some(mce) = mce_codes("mce/mce_v43.1_icd10.tsv.gz", "pcs", "2026-04-01") else {
        return;
    };
    let ours = billable(built(Release::PcsFy2026Apr));
    assert_eq!(mce.len(), 79_193);
    let missing: Vec<&String> = mce.difference(&ours).collect();
    let extra: Vec<&String> = ours.difference(&mce).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?} extra {extra:?}"
    );
}

/// The FY2027 code sets equal the (derived) MCE v44 tables' codes valid on
/// 2026-10-01.
#[test]
fn fy2027_sets_equal_the_mce_v44_codes() {
    for (table, release, n) in [
        ("dx", Release::CmFy2027, 74_879),
        ("pcs", Release::PcsFy2027, 79_256),
    ] {
        let Some(mce) = mce_codes("mce/mce_v44_icd10_derived.tsv.gz", table, "2026-10-01") else {
            return;
        };
        assert_eq!(mce.len(), n, "{table}");
        assert_eq!(mce, billable(built(release)), "{table}");
    }
}
