//! Support and blood as coders type them (pcs13), read at the values the
//! PCS Extracorporeal Assistance, Administration and Measurement tables
//! give them:
//! - a duration is one of the titles' ranges ("Less than 24", "24-96",
//!   "Greater than 96 Consecutive Hours"), said with a comparator
//!   ("under 24 hrs", "greater than 96 consecutive hours") or a range
//!   ("24-96 hours");
//! - BiPAP is the Intermittent Positive Airway Pressure qualifier of
//!   Assistance with Respiratory Ventilation (5A09);
//! - a blood product transfused is Nonautologous unless said autologous;
//!   its route is the vein the line reaches ("prbc via central line" is
//!   into a Central Vein, not an Insertion of the line);
//! - a heart catheterization of the right and the left heart is the
//!   Bilateral qualifier of Measurement of Cardiac Sampling and Pressure;
//! - varices banded are the esophageal vein occluded with an Extraluminal
//!   Device, endoscopically unless an approach is said.

use super::{Concept, Intent};

/// Comparators before a number of hours, and whether they mean more.
const COMPARATORS: &[(&str, bool)] = &[
    ("greater", true),
    ("more", true),
    ("over", true),
    ("above", true),
    ("exceeding", true),
    ("gt", true),
    ("less", false),
    ("under", false),
    ("below", false),
    ("lt", false),
];

/// A number of hours ("48 hours", "72 hrs", "under 24 hrs", "greater
/// than 96 consecutive hours", "24-96 hours") as the duration ranges the
/// titles spell ("24-96 Consecutive Hours").
pub(super) fn hours(w: &str, all: &[String]) -> Option<&'static str> {
    let n: u32 = w.parse().ok()?;
    let at = all.iter().position(|x| x == w)?;
    let unit = all[at + 1..]
        .iter()
        .find(|u| !matches!(u.as_str(), "consecutive" | "continuous"))?;
    let n = match unit.as_str() {
        "hours" | "hour" | "hrs" | "hr" | "h" => n,
        "days" | "day" => n.saturating_mul(24),
        _ => return None,
    };
    // The word before the number, "than" skipped: a comparator moves the
    // bound into the range it points to; a number before it ("24-96")
    // makes this the top of a range.
    let before = all[..at]
        .iter()
        .rev()
        .find(|b| !matches!(b.as_str(), "than" | "to"));
    let n = match before.and_then(|b| COMPARATORS.iter().find(|(c, _)| c == b)) {
        Some((_, true)) => n.saturating_add(1),
        Some((_, false)) => n.saturating_sub(1),
        None if before.is_some_and(|b| b.parse::<u32>().is_ok()) => n.min(96),
        None => n,
    };
    Some(match n {
        0..6 => "less than 24|less than 6",
        6..=18 => "less than 24|6 18",
        19..24 => "less than 24|greater than 18",
        24..=96 => "24 96|greater than 18",
        _ => "greater than 96|greater than 18",
    })
}

fn names(c: &Concept, w: &str) -> bool {
    c.alts.iter().flatten().any(|a| a == w)
}

fn only(c: &Concept, list: &[&str]) -> bool {
    c.alts.len() == 1 && c.alts[0].len() == 1 && list.contains(&c.alts[0][0].as_str())
}

fn push(intent: &mut Intent, words: &str, weight: f32) {
    intent.concepts.push(Concept {
        alts: vec![words.split(' ').map(str::to_owned).collect()],
        weight,
        equal: false,
    });
}

fn has_op(intent: &Intent, op: &str) -> bool {
    intent.ops.iter().any(|(o, _)| o == op)
}

/// Applies the conventions of the module doc once the words are read.
pub(super) fn settle_support(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if typed(&["bipap", "bilevel"]) {
        intent.concepts.retain(|c| !only(c, &["bipap", "bilevel"]));
        intent.add_op("assistance", 2.0);
        push(intent, "respiratory", 1.0);
        push(intent, "intermittent positive airway pressure", 1.0);
        intent.derived = true;
    }
    if words.iter().any(|w| hours(w, words).is_some()) {
        // The comparator is read into the duration's range.
        intent.concepts.retain(|c| {
            !c.alts
                .iter()
                .all(|a| a.len() == 1 && COMPARATORS.iter().any(|(w, _)| *w == a[0]))
        });
    }
    let heart_pump = intent
        .concepts
        .iter()
        .any(|c| c.alts.iter().any(|a| a == &["cardiac", "output"]));
    if heart_pump && has_op(intent, "assistance") && !typed(&["intermittent"]) {
        // A balloon or impeller pump supports the heart without pause
        // unless said otherwise.
        push(intent, "continuous", 0.5);
    }
    settle_transfusion(intent, words);
    let sided = |c: &Concept| {
        c.alts.len() == 1
            && c.alts[0].len() == 2
            && matches!(c.alts[0][0].as_str(), "right" | "left")
            && c.alts[0][1] == "heart"
    };
    let cardiac = intent.concepts.iter().any(|c| names(c, "cardiac"));
    if has_op(intent, "measurement") && cardiac && typed(&["right"]) && typed(&["left"]) {
        intent.concepts.retain(|c| !sided(c));
        intent.sides = vec!["bilateral"];
    }
    let varices = intent
        .concepts
        .iter()
        .any(|c| c.alts.iter().any(|a| a == &["esophageal", "vein"]));
    if varices {
        // The organ word names where the veins are, not what is occluded.
        intent.concepts.retain(|c| {
            c.alts.iter().any(|a| a.iter().any(|w| w == "vein"))
                || !(names(c, "esophagus") || names(c, "esophageal"))
        });
        if typed(&["band", "bands", "banding", "banded", "ligation"]) {
            intent
                .concepts
                .retain(|c| !only(c, &["band", "bands", "ligation"]));
            if !intent.concepts.iter().any(|c| names(c, "extraluminal")) {
                push(intent, "extraluminal device", 1.0);
            }
            intent.add_op("occlusion", 1.0);
            if intent.approach.is_empty() {
                intent.add_approach("8");
            }
        }
    }
}

/// Blood products and what is given through a line already in place.
fn settle_transfusion(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if typed(&["transfuse", "transfused", "transfusing"]) {
        intent
            .concepts
            .retain(|c| !only(c, &["transfuse", "transfused", "transfusing"]));
        intent.add_op("transfusion", 2.0);
    }
    if !has_op(intent, "transfusion") && !has_op(intent, "introduction") {
        return;
    }
    if has_op(intent, "transfusion") {
        if typed(&["packed"]) && !intent.concepts.iter().any(|c| names(c, "red")) {
            intent.concepts.retain(|c| !only(c, &["packed", "cells"]));
            push(intent, "red blood cells", 1.0);
        }
        if !typed(&["autologous", "autotransfusion", "autotransfused"]) {
            push(intent, "nonautologous", 0.5);
        }
    }
    // A line named with what is given is its route, not its insertion.
    let line = typed(&["central", "picc", "cvc", "port", "cvl"]);
    if line {
        intent.ops.retain(|(o, _)| o != "insertion");
        intent.concepts.retain(|c| {
            let route_word = only(
                c,
                &["central", "line", "venous", "catheter", "vein", "through"],
            );
            let insertion_site = ["infusion", "superior", "peripheral"]
                .iter()
                .any(|w| names(c, w));
            !(route_word || insertion_site)
        });
        if !intent
            .concepts
            .iter()
            .any(|c| c.alts.iter().any(|a| a == &["central", "vein"]))
        {
            push(intent, "central vein", 1.0);
        }
    } else if typed(&["peripheral", "piv", "peripherally"]) {
        intent
            .concepts
            .retain(|c| !only(c, &["peripheral", "iv", "vein", "piv", "peripherally"]));
        if !intent.concepts.iter().any(|c| names(c, "peripheral")) {
            push(intent, "peripheral vein", 1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(q: &str) -> Vec<String> {
        q.split_whitespace().map(str::to_owned).collect()
    }

    fn first(q: &str) -> &'static str {
        let all = ws(q);
        let n = all.iter().find(|w| w.parse::<u32>().is_ok()).unwrap();
        let n = all.iter().rfind(|w| w.parse::<u32>().is_ok()).unwrap_or(n);
        hours(n, &all).unwrap().split('|').next().unwrap()
    }

    #[test]
    fn durations_read_comparators_and_ranges() {
        assert_eq!(first("vent 48 hours"), "24 96");
        assert_eq!(first("on vent under 24 hrs"), "less than 24");
        assert_eq!(first("less than 24 hours"), "less than 24");
        assert_eq!(
            first("greater than 96 consecutive hours"),
            "greater than 96"
        );
        assert_eq!(first("24 96 hours"), "24 96");
        assert_eq!(first("24 to 96 consecutive hours"), "24 96");
        assert_eq!(first("vent 5 days"), "greater than 96");
        assert!(hours("96", &ws("96 patients")).is_none());
    }

    fn concept(words: &str) -> Concept {
        Concept {
            alts: vec![words.split(' ').map(str::to_owned).collect()],
            weight: 1.0,
            equal: false,
        }
    }

    #[test]
    fn a_line_named_with_a_blood_product_is_its_route() {
        let mut intent = Intent {
            ops: vec![("transfusion".into(), 2.0), ("insertion".into(), 2.0)],
            concepts: vec![
                concept("peripheral vein"),
                concept("red blood cells"),
                concept("infusion device"),
            ],
            ..Intent::default()
        };
        settle_support(&mut intent, &ws("prbc central line"));
        assert!(!has_op(&intent, "insertion"));
        let alts: Vec<&Vec<String>> = intent.concepts.iter().map(|c| &c.alts[0]).collect();
        assert!(alts.iter().any(|a| *a == &["central", "vein"]));
        assert!(alts.iter().any(|a| *a == &["nonautologous"]));
        assert!(!alts.iter().any(|a| a.contains(&"peripheral".to_owned())));
    }

    #[test]
    fn right_and_left_heart_cath_is_bilateral() {
        let mut intent = Intent {
            ops: vec![("measurement".into(), 2.0)],
            concepts: vec![concept("cardiac"), concept("right heart")],
            sides: vec!["left"],
            ..Intent::default()
        };
        settle_support(&mut intent, &ws("left and right heart cath"));
        assert_eq!(intent.sides, ["bilateral"]);
        assert_eq!(intent.concepts.len(), 1);
    }

    #[test]
    fn bipap_is_intermittent_positive_pressure() {
        let mut intent = Intent {
            concepts: vec![concept("bipap")],
            ..Intent::default()
        };
        settle_support(&mut intent, &ws("bipap 24 96 hours"));
        assert!(has_op(&intent, "assistance"));
        assert!(intent.concepts.iter().any(|c| names(c, "intermittent")));
        assert!(!intent.concepts.iter().any(|c| only(c, &["bipap"])));
    }
}
