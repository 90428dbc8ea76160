//! Procedure words read by their form: a plural as its singular, a cavity
//! incision ("craniotomy") typed with another procedure as its open
//! approach, an endoscopy's adjective ("cystoscopic") as its approach.

use super::{Intent, combining_forms, settle, understand};
use crate::search::pcs::clinical::SUFFIXES;
use crate::search::pcs::vocabulary::PcsVocabulary;

/// A plural procedure word as its singular ("mastectomies",
/// "arthroplasties"), so that its suffix and coders' term are read.
pub(super) fn singular_procedure(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies") {
        let one = format!("{stem}y");
        if SUFFIXES.iter().any(|s| one.ends_with(s.suffix)) {
            return one;
        }
    }
    w.to_owned()
}

/// Combining forms of the body cavities and the bone opened to reach
/// them: a craniotomy, thoracotomy, laparotomy or sternotomy typed with
/// another procedure is its approach (Open), not a procedure of its own.
const CAVITY_FORMS: [&str; 5] = ["crani", "thorac", "lapar", "celi", "stern"];

/// The stem of an "-otomy" word ("crani" of "craniotomy").
pub(super) fn incision_stem(w: &str) -> Option<&str> {
    w.strip_suffix("otomy")
}

/// Whether `w` is an incision into a body cavity ("craniotomy").
pub(super) fn is_cavity_incision(w: &str) -> bool {
    incision_stem(w).is_some_and(|stem| {
        let (forms, clean) = combining_forms(stem);
        clean && !forms.is_empty() && forms.iter().all(|f| CAVITY_FORMS.contains(&f.0))
    })
}

/// When the query pairs a cavity incision with a definitive procedure
/// ("craniotomy for evacuation of subdural hematoma", "thoracotomy with
/// lobectomy"), the incision is only the approach: `Some(whether the
/// other words name a body part)`. `None` when there is no incision or
/// it is the procedure itself ("exploratory laparotomy" reads Inspection
/// from "exploratory", so it is the approach there too, but its cavity
/// is kept as the body part).
pub(super) fn cavity_incision_reading(
    words: &[String],
    vocab: &PcsVocabulary,
    title_word: &dyn Fn(&str) -> bool,
) -> Option<bool> {
    if !words.iter().any(|w| is_cavity_incision(w)) {
        return None;
    }
    let rest: Vec<String> = words
        .iter()
        .filter(|w| !is_cavity_incision(w))
        .cloned()
        .collect();
    let other = understand(&rest, vocab, title_word);
    other
        .ops
        .iter()
        .any(|(_, w)| *w >= settle::DEFINITIVE)
        .then_some(!other.concepts.is_empty())
}

/// An adjective of an endoscopy ("cystoscopic", "ureteroscopic",
/// "bronchoscopic") read as the approach its organ takes, as the
/// endoscopy's own word is ("cystoscopy": through the opening).
pub(super) fn scopic(intent: &mut Intent, w: &str) -> bool {
    let Some(stem) = w
        .strip_suffix("scopically")
        .or_else(|| w.strip_suffix("scopic"))
    else {
        return false;
    };
    let stem = stem.strip_suffix('o').unwrap_or(stem);
    let (forms, clean) = combining_forms(stem);
    if forms.is_empty() || !clean {
        return false;
    }
    intent.derived = true;
    match forms.iter().filter_map(|f| f.2).next_back() {
        Some(true) => intent.add_typed_approach("8"),
        Some(false) => intent.add_typed_approach("4"),
        None => intent.add_typed_approach("8|4"),
    }
    true
}
