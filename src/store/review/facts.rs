//! What the accuracy report counts, read from closed reviews: per review
//! its coder, queue, encounter type, finalize day (in the facility's time
//! zone), DRGs before and after, rebuttal answer, and per code its role,
//! POA and decision. Never patient data. A coder gets only their own
//! reviews.
//!
//! Each closed review's [`Tally`] is kept in `review_tally` (migration
//! 0017), written in the transaction that closes the review or answers its
//! rebuttal ([`write_tally`]), so the report reads one narrow row per
//! review instead of every code; a review closed before the table existed
//! is tallied from its codes when read.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::flow::{code_cells, code_from_cells, load_codes};
use super::{ReviewCode, ReviewFacts, drg_from_json};
use crate::domain::people::{Actor, Role};
use crate::domain::report::FacilityZone;
use crate::domain::review::ReasonCategory;
use crate::domain::review::accuracy::{Ratio, Tally};
use crate::store::{Store, WorkError, clock};

/// Which closed reviews the report counts: charts finalized from `from`
/// to `to` (inclusive, the facility's days in `zone`; UTC without one),
/// of a queue, of a coder.
#[derive(Debug, Clone, Default)]
pub struct AccuracyFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub queue: Option<String>,
    pub coder: Option<String>,
    pub zone: Option<FacilityZone>,
}

/// One code of a review (the [`ReviewCode`] without titles or comments).
pub type CodeFacts = ReviewCode;

/// One closed review's kept counts, with what the report groups it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewTally {
    pub review: i64,
    pub coder: Option<String>,
    pub queue: String,
    /// The facility's day the chart was finalized.
    pub finalized: NaiveDate,
    pub tally: Tally,
}

/// The filter's bound parameters: from and to as UTC stamps, the queue and
/// the coder the actor may see (a coder: themselves; another coder's is
/// refused, naming the field).
struct Selection {
    from: Option<String>,
    to: Option<String>,
    queue: Option<String>,
    coder: Option<String>,
    zone: FacilityZone,
}

fn selection(actor: &Actor, filter: &AccuracyFilter) -> Result<Selection, WorkError> {
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
    let zone = filter.zone.unwrap_or_else(FacilityZone::utc);
    Ok(Selection {
        from: filter.from.map(|d| clock::stamp(zone.start_of(d))),
        to: filter
            .to
            .map(|d| clock::stamp(zone.start_of(d + Duration::days(1)))),
        queue: filter.queue.clone(),
        coder,
        zone,
    })
}

/// The closed reviews' selection, shared by every read here.
const SELECTED: &str = "r.status = 'closed' AND (?1 IS NULL OR r.finalized_at >= ?1)
    AND (?2 IS NULL OR r.finalized_at < ?2) AND (?3 IS NULL OR r.queue = ?3)
    AND (?4 IS NULL OR u.login = ?4)";

/// The facility's day of a stored `finalized_at`.
fn local_day(zone: FacilityZone, review: i64, at: &str) -> Result<NaiveDate, WorkError> {
    DateTime::parse_from_rfc3339(at)
        .map(|t| zone.local_date(t.with_timezone(&Utc)))
        .map_err(|_| WorkError::Invalid(format!("review {review}: finalized_at: '{at}'")))
}

/// The closed reviews `filter` selects, with their codes.
pub fn facts(
    store: &Store,
    actor: &Actor,
    filter: &AccuracyFilter,
) -> Result<Vec<ReviewFacts>, WorkError> {
    let s = selection(actor, filter)?;
    store.read(|c| {
        let p = params![s.from, s.to, s.queue, s.coder];
        let mut codes = codes_of_selected(c, p)?;
        let p = params![s.from, s.to, s.queue, s.coder];
        let where_ = format!("WHERE {SELECTED} ORDER BY r.finalized_at, r.id");
        facts_rows(c, &where_, p, s.zone)?
            .into_iter()
            .map(|mut f| {
                f.codes = codes.remove(&f.review).unwrap_or_default();
                Ok(f)
            })
            .collect()
    })
}

/// The review rows (without codes) `where_` selects.
fn facts_rows(
    c: &Connection,
    where_: &str,
    p: impl rusqlite::Params,
    zone: FacilityZone,
) -> Result<Vec<ReviewFacts>, WorkError> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT r.id, u.login, r.queue, ch.encounter_type, r.finalized_at, r.original_drg,
            r.reviewed_drg, r.rebuttal_status
         FROM review r JOIN chart ch ON ch.id = r.chart_id
            LEFT JOIN app_user u ON u.id = r.coder_id
         {where_}"
    ))?;
    type Raw = (i64, Option<String>, String, String, String);
    type Drgs = [Option<String>; 3];
    let rows: Vec<(Raw, Drgs)> = stmt
        .query_map(p, |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                [r.get(5)?, r.get(6)?, r.get(7)?],
            ))
        })?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(
            |((id, coder, queue, enc, fin), [orig, reviewed, rebuttal])| {
                let bad = |e: String| WorkError::Invalid(format!("review {id}: {e}"));
                Ok(ReviewFacts {
                    review: id,
                    coder,
                    queue,
                    encounter_type: enc.parse().map_err(bad)?,
                    finalized: local_day(zone, id, &fin)?,
                    original_drg: drg_from_json(id, "original_drg", orig)?,
                    reviewed_drg: drg_from_json(id, "reviewed_drg", reviewed)?,
                    rebuttal: rebuttal.map(|s| s.parse()).transpose().map_err(bad)?,
                    codes: vec![],
                })
            },
        )
        .collect()
}

/// The codes of every review the accuracy filter selects, by review, in
/// one query (one query per review made a department's year take half a
/// second); each review's codes in the order `load_codes` gives them,
/// without titles or comments.
fn codes_of_selected(
    c: &Connection,
    p: impl rusqlite::Params,
) -> Result<std::collections::HashMap<i64, Vec<CodeFacts>>, WorkError> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT rc.review_id, rc.id, rc.orig_seq, rc.orig_system, rc.orig_code, NULL,
            rc.orig_role, rc.orig_poa, rc.orig_modifiers, rc.decision, rc.new_seq, rc.new_system,
            rc.new_code, NULL, rc.new_role, rc.new_poa, rc.new_modifiers, rc.reason, NULL
         FROM review_code rc JOIN review r ON r.id = rc.review_id
            LEFT JOIN app_user u ON u.id = r.coder_id
         WHERE {SELECTED}
         ORDER BY rc.review_id, rc.orig_seq IS NULL, rc.orig_seq, rc.id"
    ))?;
    let mut by_review: std::collections::HashMap<i64, Vec<CodeFacts>> = Default::default();
    let mut rows = stmt.query(p)?;
    while let Some(r) = rows.next()? {
        let review: i64 = r.get(0)?;
        let code = code_from_cells(&code_cells(r, 1)?)?;
        by_review.entry(review).or_default().push(code);
    }
    Ok(by_review)
}

/// The kept tally columns, in [`tally_from`]'s order.
const TALLY_COLUMNS: &str = "charts_unchanged, codes_agreed, codes_total, principal_agreed,
    principal_total, secondary_agreed, secondary_total, procedures_agreed, procedures_total,
    poa_agreed, poa_total, drg_kept, drg_total, weight_difference, reason_specificity,
    reason_sequencing, reason_missing_secondary, reason_unsupported, reason_poa,
    reason_guideline";

/// The tallies of the closed reviews `filter` selects, in finalize order:
/// the kept ones read, any review closed before they were kept tallied
/// from its codes.
pub fn tallies(
    store: &Store,
    actor: &Actor,
    filter: &AccuracyFilter,
) -> Result<Vec<ReviewTally>, WorkError> {
    let s = selection(actor, filter)?;
    let (mut kept, missing) = store.read(|c| {
        let mut stmt = c.prepare_cached(&format!(
            "SELECT r.id, u.login, r.queue, r.finalized_at, t.review_id IS NOT NULL, {TALLY_COLUMNS}
             FROM review r LEFT JOIN app_user u ON u.id = r.coder_id
                LEFT JOIN review_tally t ON t.review_id = r.id
             WHERE {SELECTED} ORDER BY r.finalized_at, r.id"
        ))?;
        let mut rows = stmt.query(params![s.from, s.to, s.queue, s.coder])?;
        let (mut kept, mut missing) = (Vec::new(), false);
        while let Some(r) = rows.next()? {
            let review: i64 = r.get(0)?;
            let fin: String = r.get(3)?;
            let has: bool = r.get(4)?;
            missing |= !has;
            kept.push(ReviewTally {
                review,
                coder: r.get(1)?,
                queue: r.get(2)?,
                finalized: local_day(s.zone, review, &fin)?,
                tally: if has {
                    tally_from(r, 5)?
                } else {
                    Tally::default()
                },
            });
        }
        Ok::<_, WorkError>((kept, missing))
    })?;
    if missing {
        let facts: std::collections::HashMap<i64, ReviewFacts> = facts(store, actor, filter)?
            .into_iter()
            .map(|f| (f.review, f))
            .collect();
        for t in &mut kept {
            // A kept tally counts its chart (`charts.total` 1); a default
            // one stands for a review closed before tallies were kept.
            if t.tally == Tally::default()
                && let Some(f) = facts.get(&t.review)
            {
                t.tally = Tally::of(f);
            }
        }
    }
    Ok(kept)
}

/// A kept tally from its 20 columns starting at `at`.
fn tally_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Tally> {
    let n = |i: usize| r.get::<_, i64>(at + i).map(|v| v.max(0) as u64);
    let ratio = |a: usize| -> rusqlite::Result<Ratio> {
        Ok(Ratio {
            agreed: n(a)?,
            total: n(a + 1)?,
        })
    };
    let mut reasons = [0; ReasonCategory::ALL.len()];
    for (i, slot) in reasons.iter_mut().enumerate() {
        *slot = n(14 + i)?;
    }
    Ok(Tally {
        charts: Ratio {
            agreed: n(0)?,
            total: 1,
        },
        codes: ratio(1)?,
        principal: ratio(3)?,
        secondary: ratio(5)?,
        procedures: ratio(7)?,
        poa: ratio(9)?,
        drg: ratio(11)?,
        weight_difference: r.get(at + 13)?,
        reasons,
    })
}

/// Keeps closed review `id`'s tally, in the caller's transaction (closing
/// the review, answering its rebuttal).
pub(crate) fn write_tally(conn: &Connection, id: i64) -> Result<(), WorkError> {
    let mut f = facts_rows(conn, "WHERE r.id = ?1", [id], FacilityZone::utc())?
        .pop()
        .ok_or_else(|| WorkError::NotFound {
            what: "review",
            key: id.to_string(),
        })?;
    f.codes = load_codes(conn, id)?;
    let t = Tally::of(&f);
    let i = |v: u64| v as i64;
    let [
        specificity,
        sequencing,
        missing,
        unsupported,
        poa,
        guideline,
    ] = t.reasons.map(i);
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO review_tally (review_id, {TALLY_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21)"
    ))?
    .execute(params![
        id,
        i(t.charts.agreed),
        i(t.codes.agreed),
        i(t.codes.total),
        i(t.principal.agreed),
        i(t.principal.total),
        i(t.secondary.agreed),
        i(t.secondary.total),
        i(t.procedures.agreed),
        i(t.procedures.total),
        i(t.poa.agreed),
        i(t.poa.total),
        i(t.drg.agreed),
        i(t.drg.total),
        t.weight_difference,
        specificity,
        sequencing,
        missing,
        unsupported,
        poa,
        guideline,
    ])?;
    Ok(())
}
