//! Which of several HCPCS equipment and supply codes that answer a query
//! alike a coder means when the query does not say: the item as usually
//! dispensed, not a variant the descriptors set apart.
//!
//! Why: DMEPOS descriptors come in sibling sets that differ by a clause
//! the coder only types when it applies, and the variant's descriptor is
//! often the shorter one, so it won on how much of its title the query
//! covers ("Transport chair, pediatric size" before "Transport chair,
//! adult size, patient weight capacity up to …"; "Ankle orthosis, …,
//! custom fabricated" beside "…, prefabricated, off-the-shelf"). The
//! conventions, from the DMEPOS coding guidance:
//!
//! - an orthosis not said to be custom or fitted is the prefabricated,
//!   off-the-shelf one; the one "trimmed, bent, molded, assembled, or
//!   otherwise customized to fit … by an individual with expertise" needs
//!   that fitting documented, and the custom fabricated (or "molded to
//!   patient") one more still;
//! - a pediatric size is said ("pediatric", "youth", "child"); so is
//!   heavy duty or bariatric, and a reusable product (incontinence
//!   wear, dressing holders, enema bags: the disposable one is the usual);
//! - an accessory of a wheelchair is looked up as one ("Commode seat,
//!   wheelchair" is not a bedside commode, nor a wheelchair's arm support
//!   an arm sling);
//! - a supply or drug for dialysis (ESRD) is billed as one ("Blood glucose
//!   test strips, for dialysis" are not the home monitor's strips);
//! - a transport's mileage is its own line beside the trip ("Wheelchair
//!   van, mileage, per mile" is not the wheelchair van);
//! - home health and hospice therapy is restorative unless the plan of
//!   care says maintenance: the "… maintenance program" services are coded
//!   only then (their descriptors also say "physical therapy" where the
//!   restorative ones say "physical therapist", so they led "home health
//!   physical therapy").
//!
//! Tried and dropped: "without X" as a variant too ("Hospital bed, …,
//! without side rails, without mattress" before the bed with both for
//! "semi electric hospital bed"). As often the "without" sibling is the
//! plain item (gauze "without adhesive border", bi-level "without backup
//! rate", ostomy pouches), and the open sets lost more than they gained.
//!
//! Each costs a little relevance when the query does not name it: less
//! than any difference in the terms met, so a query that names something
//! only the variant has still finds it.

use crate::search::query::Term;

/// Relevance given up by a variant of the item the query does not name.
const CUSTOM: f32 = 0.4;
const FITTED: f32 = 0.3;
const PEDIATRIC: f32 = 0.4;
const HEAVY_DUTY: f32 = 0.3;
const WHEELCHAIR_PART: f32 = 0.3;
const DIALYSIS: f32 = 0.3;
const MILEAGE: f32 = 0.3;
const MAINTENANCE: f32 = 0.3;
const REUSABLE: f32 = 0.3;

/// The equipment variants a query names.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DmeIntent {
    custom: bool,
    fitted: bool,
    pediatric: bool,
    heavy_duty: bool,
    wheelchair: bool,
    dialysis: bool,
    mileage: bool,
    maintenance: bool,
    reusable: bool,
}

impl DmeIntent {
    /// Reads the typed words and what the tables say they mean ("power
    /// chair" → "power wheelchair" names a wheelchair).
    pub(crate) fn read<'a>(terms: impl IntoIterator<Item = &'a Term>) -> DmeIntent {
        let mut intent = DmeIntent::default();
        for t in terms {
            for w in t.words.iter().chain(t.expansions.iter().flatten()) {
                intent.note(w);
            }
            // "chair" names a wheelchair when typed ("transport chair"),
            // not when it only comes from a meaning ("commode chair").
            intent.wheelchair |= t.words.iter().any(|w| w == "chair" || w == "chairs");
        }
        intent
    }

    fn note(&mut self, w: &str) {
        match w {
            "custom" | "fabricated" | "molded" | "mold" | "moulded" => self.custom = true,
            "trimmed" | "fitted" | "fit" | "fitting" | "customized" | "adjusted" => {
                self.fitted = true
            }
            "pediatric" | "paediatric" | "peds" | "ped" | "child" | "children" | "childs"
            | "kid" | "kids" | "infant" | "infants" | "toddler" | "youth" | "junior" => {
                self.pediatric = true
            }
            "heavy" | "duty" | "bariatric" | "obese" | "obesity" | "hd" => self.heavy_duty = true,
            "wheelchair" | "wheelchairs" | "wc" | "scooter" => self.wheelchair = true,
            "dialysis" | "hemodialysis" | "esrd" | "dialyzer" | "capd" | "ccpd" | "peritoneal" => {
                self.dialysis = true
            }
            "mileage" | "mile" | "miles" | "mi" => self.mileage = true,
            "maintenance" | "maintain" | "maintaining" => self.maintenance = true,
            "reusable" | "washable" | "cloth" => self.reusable = true,
            _ => {}
        }
    }

    /// The relevance a HCPCS title gives up for the variants it names
    /// that the query does not. Substring tests first: most titles name
    /// none.
    pub(crate) fn penalty(self, title: &str) -> f32 {
        let mut cost = 0.0;
        let has = |parts: &[&str]| parts.iter().any(|p| title.contains(p));
        if !self.custom
            && has(&[
                "ustom fabricated",
                "ustom-fabricated",
                "olded to patient",
                "ustom molded",
                "ustom-molded",
            ])
        {
            cost += CUSTOM;
        }
        if !self.fitted && !self.custom && title.contains("has been trimmed") {
            cost += FITTED;
        }
        if !self.pediatric && has(&["ediatric", "outh sized", ", child"]) {
            cost += PEDIATRIC;
        }
        if !self.heavy_duty && has(&["eavy duty", "eavy-duty", "ariatric"]) {
            cost += HEAVY_DUTY;
        }
        if !self.wheelchair && title.contains("heelchair") {
            cost += WHEELCHAIR_PART;
        }
        if !self.dialysis && title.contains("ialysis") {
            cost += DIALYSIS;
        }
        if !self.mileage && title.contains("ileage") {
            cost += MILEAGE;
        }
        if !self.maintenance && title.contains("maintenance program") {
            cost += MAINTENANCE;
        }
        if !self.reusable && title.contains("reusable") && !title.contains("non-reusable") {
            cost += REUSABLE;
        }
        cost
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;
    use crate::search::abbreviations::Abbreviations;

    fn intent(q: &str) -> DmeIntent {
        DmeIntent::read(&Query::parse(q, Abbreviations::builtin()).terms)
    }

    #[test]
    fn unasked_equipment_variants_give_way() {
        let brace = intent("ankle brace");
        let ots = "Ankle orthosis, ankle gauntlet or similar, with or without joints, prefabricated, off-the-shelf";
        let custom =
            "Ankle orthosis, ankle gauntlet or similar, with or without joints, custom fabricated";
        let fitted = "Knee orthosis, elastic with joints, prefabricated item that has been trimmed, bent, molded, assembled, or otherwise customized to fit a specific patient by an individual with expertise";
        assert_eq!(brace.penalty(ots), 0.0);
        assert!(brace.penalty(custom) > brace.penalty(fitted));
        assert!(brace.penalty(fitted) > 0.0);
        assert_eq!(intent("custom ankle brace").penalty(custom), 0.0);
        let chair = intent("transport chair");
        assert!(chair.penalty("Transport chair, pediatric size") > 0.0);
        assert_eq!(
            intent("pediatric transport chair").penalty("Transport chair, pediatric size"),
            0.0
        );
        assert_eq!(
            chair.penalty("Wheelchair, pediatric size, not otherwise specified"),
            PEDIATRIC
        );
        let strips = "Blood glucose test strips, for dialysis, per 50";
        assert!(intent("glucose test strips").penalty(strips) > 0.0);
        assert_eq!(intent("dialysis glucose strips").penalty(strips), 0.0);
        let van = "Wheelchair van, mileage, per mile";
        assert!(intent("wheelchair van").penalty(van) > 0.0);
        assert_eq!(intent("wheelchair van miles").penalty(van), 0.0);
        let youth =
            "Youth sized disposable incontinence product, protective underwear/pull-on, each";
        assert!(intent("pull ups").penalty(youth) > 0.0);
        assert_eq!(intent("pull ups child").penalty(youth), 0.0);
        let commode = intent("bedside commode");
        assert!(commode.penalty("Commode seat, wheelchair") > 0.0);
        assert_eq!(
            intent("heavy duty walker")
                .penalty("Walker, heavy duty, wheeled, rigid or folding, any type"),
            0.0
        );
    }
}
