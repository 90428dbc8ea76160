//! Combination codes: a query that links several concepts ("copd with
//! acute bronchitis", "dm2 with ckd stage 3b", "sepsis due to e coli")
//! asks for the code whose one title, inclusion term or Index path holds
//! them together ("Disease, pulmonary, chronic obstructive, with, acute
//! bronchitis" → J44.0), not for a code that meets each concept in a
//! different path (J44.9 meets "acute" under "Bronchiolitis (acute)" and
//! "bronchitis" under "Disease, lung, obstructive, with, bronchitis").
//! ICD-10-CM's "with" and "due to" are how the Index links them, so the
//! pull is for ICD-10-CM codes and for queries that link with those words.

use super::resolve::Resolved;
use crate::domain::codes::CodeSystem;
use crate::search::index::Entry;

/// The pull of a code whose one field holds every concept of the query:
/// less than a term met or missed, more than the coverage a title's extra
/// words cost among codes that meet the same terms.
const TOGETHER: f32 = 0.2;

/// Words by which a query links two concepts the way ICD-10-CM does.
const LINKS: [&str; 4] = ["with", "due", "and", "w"];

fn weight() -> f32 {
    static W: std::sync::OnceLock<f32> = std::sync::OnceLock::new();
    *W.get_or_init(|| {
        std::env::var("COMBO13_W")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(TOGETHER)
    })
}

/// The combination pull for `e`: [`TOGETHER`] when one of its fields holds
/// every concept (`together`, from [`holds_all`]), it is an ICD-10-CM
/// code, and the query links its concepts.
pub(super) fn pull(together: bool, resolved: &[Resolved<'_>], e: &Entry) -> f32 {
    if together && e.system == CodeSystem::Icd10Cm && links(resolved) {
        weight()
    } else {
        0.0
    }
}

/// Whether the query holds a linking connector ("with", "w", "due to",
/// "and"; also "w/" read as "with").
fn links(resolved: &[Resolved<'_>]) -> bool {
    resolved.iter().any(|r| {
        r.term.connector
            && (r.term.words.iter().any(|w| LINKS.contains(&w.as_str()))
                || r.term.expansions.iter().flatten().any(|w| LINKS.contains(&w.as_str())))
    })
}

/// Whether the terms met in one field (`met`, bit per term) hold every
/// wanted term, and there are two or more to hold.
pub(super) fn holds_all(met: u64, wanted: u64) -> bool {
    wanted.count_ones() >= 2 && met & wanted == wanted
}
