//! More coders' shorthand for common inpatient procedures (pcs10): short
//! forms of body parts and sites coders type in a procedure line (lung
//! lobes, heart chambers, internal jugular, subcutaneous), hernia and
//! section abbreviations, and device words (leads, spacers, filters,
//! implants, pumps) as axis values. Like the built-in table, never whole
//! codes: each says what the term tells about the code's axes.

use super::{Clinical, c};

/// Coders' shorthand not in the built-in table or the lexicon file.
pub(in crate::search::pcs) const CODERS: &[Clinical] = &[
    // Thoracentesis as coders shorten it: drainage of the pleural cavity
    // by needle.
    c("thora", "drainage", "pleural cavity", "3", ""),
    // The exploratory laparotomy written out with the short "lap": an open
    // look into the peritoneal cavity, never the laparoscopic approach.
    c(
        "exploratory lap",
        "inspection",
        "peritoneal cavity",
        "0",
        "",
    ),
    // Ureteroscopy reaches the ureter through the urethra and bladder.
    c("urs", "inspection", "ureter", "8", ""),
    // Venous and arterial sites of lines and shunts.
    c("ij", "", "internal jugular vein", "", ""),
    c("ej", "", "external jugular vein", "", ""),
    c(
        "tunneled",
        "",
        "",
        "",
        "infusion device|vascular access device",
    ),
    c(
        "radiocephalic",
        "bypass",
        "radial artery",
        "0",
        "lower arm vein",
    ),
    // Hernia repairs by side: Repair, or Supplement when mesh is said.
    c("rih", "repair|supplement", "inguinal region; right", "", ""),
    c("lih", "repair|supplement", "inguinal region; left", "", ""),
    c(
        "bih",
        "repair|supplement",
        "inguinal region; bilateral",
        "",
        "",
    ),
    c("vhr", "repair|supplement", "abdominal wall", "0", ""),
    // Lung lobes as coders and radiologists abbreviate them.
    c("rul", "", "upper lung lobe; right", "", ""),
    c("rml", "", "middle lung lobe; right", "", ""),
    c("rll", "", "lower lung lobe; right", "", ""),
    c("lul", "", "upper lung lobe; left", "", ""),
    c("lll", "", "lower lung lobe; left", "", ""),
    // Heart chambers of a lead.
    c("rv", "", "right ventricle", "", ""),
    c("lv", "", "left ventricle", "", ""),
    // Atrial fibrillation names what is treated, not how: the conduction
    // mechanism or left atrium of an ablation, the rhythm of a cardioversion.
    c(
        "afib",
        "",
        "conduction mechanism|left atrium|cardiac rhythm",
        "",
        "",
    ),
    // Subcutaneous and abdominal as typed.
    c("subq", "", "subcutaneous tissue", "", ""),
    c("subcut", "", "subcutaneous tissue", "", ""),
    c("abd", "", "abdomen|abdominal", "", ""),
    // Cesarean section as "c/s" (folded "c s").
    c("c s", "extraction", "products of conception", "0", ""),
    // Bone marrow biopsy as one word.
    c("bmbx", "extraction", "bone marrow", "3", ""),
    // A cholecystostomy tube drains the gallbladder by needle.
    c(
        "chole tube",
        "drainage",
        "gallbladder",
        "3",
        "drainage device",
    ),
    // Devices: what coders call them, as the titles' device values.
    c("lead", "insertion", "", "3", "lead"),
    c("pacer", "insertion", "", "", "pacemaker"),
    // Plates and screws hold a fracture from inside: internal fixation.
    c("plate", "", "", "", "internal fixation"),
    c("screw", "", "", "", "internal fixation"),
    c("spacer", "insertion", "", "0", "spacer"),
    c("tissue expander", "insertion", "", "0", "tissue expander"),
    c(
        "cochlear implant",
        "insertion",
        "inner ear",
        "0",
        "cochlear prosthesis",
    ),
    c(
        "icp monitor",
        "insertion",
        "brain|cerebral ventricle",
        "3|0",
        "monitoring device",
    ),
    c(
        "nexplanon",
        "insertion",
        "upper arm subcutaneous",
        "3|0",
        "contraceptive device",
    ),
    c(
        "implanon",
        "insertion",
        "upper arm subcutaneous",
        "3|0",
        "contraceptive device",
    ),
    c(
        "intrathecal pump",
        "insertion",
        "abdomen subcutaneous",
        "0",
        "infusion pump",
    ),
    // Stents that go in through a scope.
    c(
        "esophageal stent",
        "insertion|dilation",
        "esophagus",
        "8",
        "intraluminal device",
    ),
    c(
        "ureteral stent",
        "dilation|insertion",
        "ureter",
        "8",
        "intraluminal device",
    ),
    c("stenting", "dilation", "", "3", "intraluminal device"),
];

#[cfg(test)]
mod tests {
    use super::super::CLINICAL;
    use super::*;

    #[test]
    fn shorthand_keys_are_new_and_folded() {
        for (i, t) in CODERS.iter().enumerate() {
            assert!(
                t.key.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' '),
                "{}",
                t.key
            );
            assert!(
                CLINICAL.iter().all(|b| b.key != t.key),
                "{} built in",
                t.key
            );
            assert!(
                CODERS[..i].iter().all(|b| b.key != t.key),
                "{} twice",
                t.key
            );
        }
    }

    #[test]
    fn a_lobe_abbreviation_names_lobe_and_side() {
        let rul = CODERS.iter().find(|t| t.key == "rul").unwrap();
        assert_eq!(rul.body, "upper lung lobe; right");
        let lih = CODERS.iter().find(|t| t.key == "lih").unwrap();
        assert!(lih.body.ends_with("left") && lih.ops.starts_with("repair"));
    }
}
