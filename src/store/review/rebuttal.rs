//! The coder's side of a review: the outcomes of their charts (a coder
//! sees only their own), marked seen when they look; one rebuttal per
//! review, which an auditor accepts (the coder's original codes and DRG
//! stand again) or upholds.

use rusqlite::{Connection, params};

use super::flow::{ROW_SQL, finish, load_codes, load_row, row_from};
use super::{
    CodeLine, ReviewDetail, ReviewRow, StoredLine, chart_key, drg_from_json, record, replace_codes,
    review_of,
};
use crate::domain::chart::ChartRef;
use crate::domain::people::{Actor, Role};
use crate::domain::review::{RebuttalStatus, ReviewEvent, ReviewMode, ReviewStatus};
use crate::domain::text::single_line;
use crate::store::{Store, WorkError, chart_drg, clock};

/// The closed reviews of `coder`'s charts (a coder: only their own, and
/// asking for another's is refused), newest first; `unseen`: only those
/// the coder has not seen. Looking at one's own marks them seen.
pub fn outcomes(
    store: &mut Store,
    actor: &Actor,
    coder: Option<&str>,
    unseen: bool,
) -> Result<Vec<ReviewDetail>, WorkError> {
    let coder = match coder {
        Some(c) if c != actor.user.login && !actor.is_at_least(Role::Auditor) => {
            return Err(WorkError::Forbidden(
                "coder: coders see only their own review outcomes".into(),
            ));
        }
        Some(c) => Some(c.to_string()),
        None if actor.is_at_least(Role::Auditor) => None,
        None => Some(actor.user.login.clone()),
    };
    store.transact(|tx| {
        let raw: Vec<_> = tx
            .prepare_cached(&format!(
                "{ROW_SQL} WHERE r.status = 'closed' AND (?1 IS NULL OR cu.login = ?1)
                   AND (NOT ?2 OR r.outcome_seen_at IS NULL)
                 ORDER BY r.closed_at DESC, r.id DESC"
            ))?
            .query_map(params![coder, unseen], row_from)?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(raw.len());
        for r in raw {
            let row = finish(r)?;
            out.push(ReviewDetail {
                codes: load_codes(tx, row.id)?,
                review: row,
            });
        }
        tx.execute(
            "UPDATE review SET outcome_seen_at = ?1
             WHERE status = 'closed' AND outcome_seen_at IS NULL AND coder_id = ?2",
            params![clock::stamp(clock::now()), actor.user.id],
        )?;
        Ok(out)
    })
}

/// How many closed reviews of the actor's charts they have not seen (the
/// TUI's notice at the start of a session).
pub fn unseen(store: &Store, actor: &Actor) -> Result<u64, WorkError> {
    store.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM review
             WHERE status = 'closed' AND outcome_seen_at IS NULL AND coder_id = ?1",
            [actor.user.id],
            |r| r.get::<_, i64>(0),
        )?
        .max(0) as u64)
    })
}

/// The coder rebuts a closed review of their chart that changed something,
/// once.
pub fn rebut(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    text: &str,
) -> Result<ReviewRow, WorkError> {
    let text = single_line(text);
    if text.trim().is_empty() {
        return Err(WorkError::Invalid(
            "text: a rebuttal says why (--text or --text-file)".into(),
        ));
    }
    store.transact(|tx| {
        let (id, chart_id) = review_of(tx, actor, chart)?;
        let row = load_row(tx, id)?;
        may_rebut(&row, actor, chart)?;
        tx.execute(
            "UPDATE review SET rebuttal = ?1, rebutted_at = ?2, rebuttal_status = 'open'
             WHERE id = ?3",
            params![text, clock::stamp(clock::now()), id],
        )?;
        record(
            tx,
            actor,
            Some(chart_id),
            ReviewEvent::Rebutted { review: id },
        )?;
        load_row(tx, id)
    })
}

/// An auditor answers an open rebuttal: `accept` restores the coder's
/// original codes and DRG (a retrospective chart is exported again);
/// otherwise the review's codes are upheld.
pub fn answer(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    accept: bool,
    comment: Option<&str>,
) -> Result<ReviewRow, WorkError> {
    actor.require(Role::Auditor, "answering a rebuttal")?;
    store.transact(|tx| {
        let (id, chart_id) = review_of(tx, actor, chart)?;
        let row = load_row(tx, id)?;
        if row.rebuttal_status != Some(RebuttalStatus::Open) {
            return Err(WorkError::Conflict(format!(
                "the review of chart {} has no open rebuttal",
                chart_key(chart)
            )));
        }
        let now = clock::stamp(clock::now());
        let answer = if accept {
            replace_codes(tx, chart_id, &original_lines(tx, id)?)?;
            let original = drg_from_json(id, "original_drg", original_drg(tx, id)?)?;
            chart_drg::record(tx, chart_id, original.as_ref(), &now)?;
            RebuttalStatus::Accepted
        } else {
            RebuttalStatus::Upheld
        };
        let corrected = accept && row.mode == ReviewMode::Retrospective;
        tx.execute(
            "UPDATE review SET rebuttal_status = ?1, rebuttal_answer = ?2,
                rebuttal_answered_at = ?3, rebuttal_answered_by = ?4,
                corrected_at = CASE WHEN ?5 THEN ?3 ELSE corrected_at END WHERE id = ?6",
            params![
                answer.as_str(),
                comment.map(single_line),
                now,
                actor.user.id,
                corrected,
                id
            ],
        )?;
        super::facts::write_tally(tx, id)?;
        record(
            tx,
            actor,
            Some(chart_id),
            ReviewEvent::RebuttalAnswered { review: id, answer },
        )?;
        load_row(tx, id)
    })
}

fn original_drg(conn: &Connection, id: i64) -> Result<Option<String>, WorkError> {
    Ok(
        conn.query_row("SELECT original_drg FROM review WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// The coder's codes as sampled, in their sequence.
fn original_lines(conn: &Connection, id: i64) -> Result<Vec<StoredLine>, WorkError> {
    type Raw = (
        Option<i64>,
        Option<bool>,
        Option<i64>,
        Option<String>,
        Option<i64>,
    );
    let mut stmt = conn.prepare_cached(
        "SELECT id, orig_version_id, orig_billable, orig_units, orig_pointers, orig_assigned_by
         FROM review_code WHERE review_id = ?1 AND orig_code IS NOT NULL",
    )?;
    let extra: Vec<(i64, Raw)> = stmt
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            ))
        })?
        .collect::<Result<_, _>>()?;
    let now = clock::stamp(clock::now());
    let mut out = Vec::new();
    for code in load_codes(conn, id)? {
        let Some(line): Option<CodeLine> = code.original else {
            continue;
        };
        let Some((_, x)) = extra.iter().find(|(i, _)| *i == code.id) else {
            continue;
        };
        out.push(StoredLine {
            line,
            version_id: x.0,
            billable: x.1.unwrap_or(true),
            units: x.2,
            pointers: x.3.clone().unwrap_or_else(|| "[]".into()),
            by: x.4.unwrap_or_default(),
            at: now.clone(),
        });
    }
    out.sort_by_key(|l| l.line.seq);
    Ok(out)
}

/// Whether `actor` may rebut the review `row` of `chart`: its coder, once,
/// of a closed review that changed codes. Pure, so both backends refuse
/// alike.
pub(crate) fn may_rebut(row: &ReviewRow, actor: &Actor, chart: &ChartRef) -> Result<(), WorkError> {
    if row.coder.as_deref() != Some(&actor.user.login) {
        return Err(WorkError::Forbidden(format!(
            "only the coder of chart {} rebuts its review",
            chart_key(chart)
        )));
    }
    if row.status != ReviewStatus::Closed || row.changed != Some(true) {
        return Err(WorkError::Conflict(format!(
            "the review of chart {} {}; only a closed review that changed codes is rebutted",
            chart_key(chart),
            if row.status == ReviewStatus::Closed {
                "agreed with every code"
            } else {
                "is not closed"
            }
        )));
    }
    if row.rebuttal.is_some() {
        return Err(WorkError::Conflict(format!(
            "the review of chart {} was rebutted already (once per review)",
            chart_key(chart)
        )));
    }
    Ok(())
}
