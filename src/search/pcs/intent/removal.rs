//! The body part and device values of Removal (pcs11). The PCS Removal
//! tables name a device's body part by the body system's region, not the
//! vessel or pocket it was put in ("Insertion ... into Inferior Vena
//! Cava", "Removal ... from Lower Vein"; "into Chest Subcutaneous
//! Tissue", "from Trunk Subcutaneous Tissue"), and group the generators
//! as one device value ("Cardiac Rhythm Related Device"). A device's
//! insertion site is therefore widened to its Removal region once the
//! query is read as Removal.

use super::Intent;

/// An insertion site's words (all present in one alternative) and the
/// Removal region of its body system, from the PCS Removal tables.
const REGIONS: &[(&[&str], &str)] = &[
    (&["inferior", "vena", "cava"], "lower vein"),
    (&["femoral", "vein"], "lower vein"),
    (&["iliac", "vein"], "lower vein"),
    (&["saphenous", "vein"], "lower vein"),
    (&["superior", "vena", "cava"], "great vessel"),
    (&["jugular", "vein"], "upper vein"),
    (&["subclavian", "vein"], "upper vein"),
    (&["basilic", "vein"], "upper vein"),
    (&["cephalic", "vein"], "upper vein"),
    (&["central", "vein"], "great vessel"),
    (&["chest", "subcutaneous"], "trunk subcutaneous"),
    (&["abdomen", "subcutaneous"], "trunk subcutaneous"),
    (
        &["upper", "arm", "subcutaneous"],
        "upper extremity subcutaneous",
    ),
    (
        &["lower", "arm", "subcutaneous"],
        "upper extremity subcutaneous",
    ),
    (
        &["upper", "leg", "subcutaneous"],
        "lower extremity subcutaneous",
    ),
    (
        &["lower", "leg", "subcutaneous"],
        "lower extremity subcutaneous",
    ),
    (&["ventricle"], "heart"),
    (&["atrium"], "heart"),
];

/// Generator words and the device value the Removal tables give them.
const DEVICES: &[(&str, &str)] = &[
    ("pacemaker", "cardiac rhythm related device"),
    ("defibrillator", "cardiac rhythm related device"),
];

/// Sites and the region the Change tables give them: tubes of the
/// digestive tract are changed "in Upper Intestinal Tract".
const CHANGE_REGIONS: &[(&[&str], &str)] = &[
    (&["stomach"], "upper intestinal tract"),
    (&["esophagus"], "upper intestinal tract"),
    (&["duodenum"], "upper intestinal tract"),
    (&["jejunum"], "lower intestinal tract"),
];

/// Widens the body parts of a query read as Change (External) to the
/// Change tables' regions.
pub(super) fn widen_for_change(intent: &mut Intent) {
    widen(intent, CHANGE_REGIONS, &[]);
}

/// Widens the insertion sites and generator names of a query read as
/// Removal to the Removal tables' values (the region first: the
/// insertion site never appears in a Removal title of those systems).
pub(super) fn widen_for_removal(intent: &mut Intent) {
    widen(intent, REGIONS, DEVICES);
}

/// Puts the wider value of each matching site or device word first in
/// its concept.
fn widen(intent: &mut Intent, regions: &[(&[&str], &str)], devices: &[(&str, &str)]) {
    for concept in &mut intent.concepts {
        let mut wider: Vec<Vec<String>> = Vec::new();
        for alt in &concept.alts {
            let has = |ws: &[&str]| ws.iter().all(|w| alt.iter().any(|a| a == w));
            // The brain's ventricles are not the heart's (a VP shunt's
            // Removal is from the Cerebral Ventricle itself).
            let cerebral = has(&["cerebral"]);
            for (site, region) in regions {
                if has(site) && !(cerebral && region == &"heart") {
                    wider.push(region.split(' ').map(str::to_owned).collect());
                }
            }
            for (device, value) in devices {
                if has(&[device]) {
                    wider.push(value.split(' ').map(str::to_owned).collect());
                }
            }
        }
        wider.retain(|w| !concept.alts.contains(w));
        wider.dedup();
        for (i, w) in wider.into_iter().enumerate() {
            concept.alts.insert(i, w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Concept;
    use super::*;

    fn concept(words: &[&str]) -> Concept {
        Concept {
            alts: vec![words.iter().map(|w| (*w).to_owned()).collect()],
            weight: 1.0,
            equal: false,
        }
    }

    #[test]
    fn insertion_sites_widen_to_their_removal_region() {
        let mut intent = Intent {
            concepts: vec![
                concept(&["inferior", "vena", "cava"]),
                concept(&["pacemaker"]),
                concept(&["stomach"]),
            ],
            ..Intent::default()
        };
        widen_for_removal(&mut intent);
        assert_eq!(intent.concepts[0].alts[0], ["lower", "vein"]);
        assert_eq!(intent.concepts[0].alts[1], ["inferior", "vena", "cava"]);
        assert_eq!(
            intent.concepts[1].alts[0],
            ["cardiac", "rhythm", "related", "device"]
        );
        assert_eq!(intent.concepts[2].alts, [vec!["stomach".to_owned()]]);
        let mut brain = Intent {
            concepts: vec![concept(&["cerebral", "ventricle"])],
            ..Intent::default()
        };
        widen_for_removal(&mut brain);
        assert_eq!(brain.concepts[0].alts, [vec!["cerebral", "ventricle"]]);
        widen_for_change(&mut intent);
        assert_eq!(intent.concepts[2].alts[0], ["upper", "intestinal", "tract"]);
    }
}
