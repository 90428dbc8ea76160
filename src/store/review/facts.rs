//! What the accuracy report counts, read from closed reviews: per review
//! its coder, queue, encounter type, finalize date, DRGs before and after,
//! rebuttal answer, and per code its role, POA and decision. Never patient
//! data. A coder gets only their own reviews.

use chrono::{Duration, NaiveDate};
use rusqlite::params;
use serde::Serialize;

use super::flow::{code_cells, code_from_cells};
use super::{ReviewCode, drg_from_json};
use crate::domain::chart::EncounterType;
use crate::domain::drg::FinalDrg;
use crate::domain::people::{Actor, Role};
use crate::domain::review::RebuttalStatus;
use crate::store::{Store, WorkError};

/// Which closed reviews the report counts: charts finalized from `from`
/// to `to` (inclusive), of a queue, of a coder.
#[derive(Debug, Clone, Default)]
pub struct AccuracyFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub queue: Option<String>,
    pub coder: Option<String>,
}

/// One closed review as the report counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewFacts {
    pub review: i64,
    pub coder: Option<String>,
    pub queue: String,
    pub encounter_type: EncounterType,
    pub finalized: NaiveDate,
    pub original_drg: Option<FinalDrg>,
    pub reviewed_drg: Option<FinalDrg>,
    pub rebuttal: Option<RebuttalStatus>,
    pub codes: Vec<CodeFacts>,
}

/// One code of a review (the [`ReviewCode`] without titles or comments).
pub type CodeFacts = ReviewCode;

/// The closed reviews `filter` selects. A coder is held to their own
/// reviews (asking for another coder's is refused, naming the field).
pub fn facts(
    store: &Store,
    actor: &Actor,
    filter: &AccuracyFilter,
) -> Result<Vec<ReviewFacts>, WorkError> {
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to < from
    {
        return Err(WorkError::Invalid(format!(
            "to: {to} is before from ({from})"
        )));
    }
    let coder = if actor.is_at_least(Role::Auditor) {
        filter.coder.clone()
    } else {
        match &filter.coder {
            Some(c) if *c != actor.user.login => {
                return Err(WorkError::Forbidden(
                    "coder: coders see only their own accuracy".into(),
                ));
            }
            _ => Some(actor.user.login.clone()),
        }
    };
    let to = filter.to.map(|d| (d + Duration::days(1)).to_string());
    store.read(|c| {
        let mut stmt = c.prepare_cached(
            "SELECT r.id, u.login, r.queue, ch.encounter_type, r.finalized_at, r.original_drg,
                r.reviewed_drg, r.rebuttal_status
             FROM review r JOIN chart ch ON ch.id = r.chart_id
                LEFT JOIN app_user u ON u.id = r.coder_id
             WHERE r.status = 'closed' AND (?1 IS NULL OR r.finalized_at >= ?1)
               AND (?2 IS NULL OR r.finalized_at < ?2) AND (?3 IS NULL OR r.queue = ?3)
               AND (?4 IS NULL OR u.login = ?4)
             ORDER BY r.finalized_at, r.id",
        )?;
        type Raw = (i64, Option<String>, String, String, String, Option<String>);
        let rows: Vec<(Raw, Option<String>, Option<String>)> = stmt
            .query_map(
                params![filter.from.map(|d| d.to_string()), to, filter.queue, coder],
                |r| {
                    Ok((
                        (
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                        ),
                        r.get(6)?,
                        r.get(7)?,
                    ))
                },
            )?
            .collect::<Result<_, _>>()?;
        let p = params![filter.from.map(|d| d.to_string()), to, filter.queue, coder];
        let mut codes = codes_of_selected(c, p)?;
        rows.into_iter()
            .map(|((id, coder, queue, enc, fin, orig), reviewed, rebuttal)| {
                let bad = |e: String| WorkError::Invalid(format!("review {id}: {e}"));
                Ok(ReviewFacts {
                    review: id,
                    coder,
                    queue,
                    encounter_type: enc.parse().map_err(bad)?,
                    finalized: fin
                        .get(..10)
                        .and_then(|d| d.parse().ok())
                        .ok_or_else(|| bad(format!("finalized_at: '{fin}'")))?,
                    original_drg: drg_from_json(id, "original_drg", orig)?,
                    reviewed_drg: drg_from_json(id, "reviewed_drg", reviewed)?,
                    rebuttal: rebuttal.map(|s| s.parse()).transpose().map_err(bad)?,
                    codes: codes
                        .remove(&id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|mut code| {
                            for l in [&mut code.original, &mut code.reviewed]
                                .into_iter()
                                .flatten()
                            {
                                l.title.clear();
                            }
                            code.comment = None;
                            code
                        })
                        .collect(),
                })
            })
            .collect()
    })
}

/// The codes of every review the accuracy filter selects, by review, in
/// one query (one query per review made a department's year take half a
/// second); each review's codes in the order `load_codes` gives them.
fn codes_of_selected(
    c: &rusqlite::Connection,
    p: impl rusqlite::Params,
) -> Result<std::collections::HashMap<i64, Vec<CodeFacts>>, WorkError> {
    let mut stmt = c.prepare_cached(
        "SELECT rc.review_id, rc.id, rc.orig_seq, rc.orig_system, rc.orig_code, rc.orig_title,
            rc.orig_role, rc.orig_poa, rc.orig_modifiers, rc.decision, rc.new_seq, rc.new_system,
            rc.new_code, rc.new_title, rc.new_role, rc.new_poa, rc.new_modifiers, rc.reason,
            rc.comment
         FROM review_code rc JOIN review r ON r.id = rc.review_id
            LEFT JOIN app_user u ON u.id = r.coder_id
         WHERE r.status = 'closed' AND (?1 IS NULL OR r.finalized_at >= ?1)
           AND (?2 IS NULL OR r.finalized_at < ?2) AND (?3 IS NULL OR r.queue = ?3)
           AND (?4 IS NULL OR u.login = ?4)
         ORDER BY rc.review_id, rc.orig_seq IS NULL, rc.orig_seq, rc.id",
    )?;
    let mut by_review: std::collections::HashMap<i64, Vec<CodeFacts>> = Default::default();
    let mut rows = stmt.query(p)?;
    while let Some(r) = rows.next()? {
        let review: i64 = r.get(0)?;
        let code = code_from_cells(&code_cells(r, 1)?)?;
        by_review.entry(review).or_default().push(code);
    }
    Ok(by_review)
}
