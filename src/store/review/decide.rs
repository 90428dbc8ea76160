//! The auditor's decisions on a claimed review and closing it: the
//! reviewed codes replace the chart's codes (the coder's stay in
//! `review_code` as the original set), the DRG the use case re-grouped is
//! stored beside the original one, and the chart becomes `audited`.

use rusqlite::{Connection, Transaction, params};

use super::flow::{load_codes, load_row, require_holder};
use super::{
    CodeEdit, CodeLine, ReviewChange, ReviewCode, ReviewDecision, ReviewDetail, ReviewRow,
    ReviewedSet, StoredLine, chart_key, drg_json, record, replace_codes, review_of,
};
use crate::domain::chart::{Chart, ChartRef, Status};
use crate::domain::codes::lookup_key;
use crate::domain::coding::{Assignment, CodeRole, NewAssignment, Poa, default_role};
use crate::domain::drg::FinalDrg;
use crate::domain::edit::coding_fingerprint;
use crate::domain::people::Actor;
use crate::domain::review::{Decision, ReviewEvent, ReviewMode};
use crate::store::assignments::{check_code_attributes, find_code_on_date, system_of_version};
use crate::store::{Store, WorkError, charts, clock};

/// Records one decision on the actor's claimed review.
pub fn decide(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    decision: &ReviewDecision,
) -> Result<ReviewDetail, WorkError> {
    let needs_reason = !matches!(decision.change, ReviewChange::Agree { .. });
    if needs_reason && decision.reason.is_none() {
        return Err(WorkError::Invalid(
            "reason: a change, addition or deletion needs a reason category \
             (specificity, sequencing, missing_secondary, unsupported, poa or guideline)"
                .into(),
        ));
    }
    let comment = decision
        .comment
        .as_deref()
        .map(crate::domain::text::single_line);
    store.transact(|tx| {
        let (id, chart_id) = review_of(tx, actor, chart)?;
        require_holder(tx, actor, id, chart)?;
        let on_chart = charts::load(tx, chart_id)?;
        let codes = load_codes(tx, id)?;
        let reason = decision.reason.map(|r| r.as_str());
        let now = clock::stamp(clock::now());
        let (kind, code, to) = apply(tx, id, &on_chart, &codes, decision, reason, &comment, &now)?;
        record(
            tx,
            actor,
            Some(chart_id),
            ReviewEvent::Decided {
                review: id,
                decision: kind,
                code,
                to,
                reason: decision.reason,
            },
        )?;
        Ok(ReviewDetail {
            review: load_row(tx, id)?,
            codes: load_codes(tx, id)?,
        })
    })
}

/// Writes one decision's rows; what it was, on which code, and to what.
#[allow(clippy::too_many_arguments)]
fn apply(
    tx: &Transaction<'_>,
    id: i64,
    on_chart: &Chart,
    codes: &[ReviewCode],
    decision: &ReviewDecision,
    reason: Option<&str>,
    comment: &Option<String>,
    now: &str,
) -> Result<(Decision, String, Option<String>), WorkError> {
    Ok(match &decision.change {
        ReviewChange::Agree { code } => {
            let row = find(codes, code, true)?;
            tx.execute(
                "UPDATE review_code SET decision = 'agree', new_seq = NULL, new_system = NULL,
                        new_code = NULL, new_title = NULL, new_role = NULL, new_poa = NULL,
                        new_modifiers = NULL, new_version_id = NULL, new_billable = NULL,
                        reason = ?2, comment = ?3, decided_at = ?4 WHERE id = ?1",
                params![row.id, reason, comment, now],
            )?;
            (Decision::Agree, shown(row), None)
        }
        ReviewChange::Change { code, to } => {
            let row = find(codes, code, false)?;
            let base = row.reviewed.clone().or_else(|| row.original.clone());
            let base = base.ok_or_else(|| deleted(code))?;
            let line = checked(tx, on_chart, Some(&base), to)?;
            let kind = if row.original.is_some() {
                Decision::Change
            } else {
                Decision::Add
            };
            write_new(tx, row.id, kind, &line, to.seq, reason, comment, now)?;
            (kind, shown(row), Some(line.line.code))
        }
        ReviewChange::Add(edit) => {
            let line = checked(tx, on_chart, None, edit)?;
            let key = lookup_key(&line.line.code);
            if codes.iter().any(|c| {
                c.reviewed
                    .as_ref()
                    .is_some_and(|r| lookup_key(&r.code) == key)
            }) {
                return Err(WorkError::Conflict(format!(
                    "{} is on the reviewed codes already; change it instead",
                    line.line.code
                )));
            }
            tx.execute(
                "INSERT INTO review_code (review_id, decision) VALUES (?1, 'add')",
                [id],
            )?;
            let row_id = tx.last_insert_rowid();
            write_new(
                tx,
                row_id,
                Decision::Add,
                &line,
                edit.seq,
                reason,
                comment,
                now,
            )?;
            (Decision::Add, line.line.code.clone(), None)
        }
        ReviewChange::Delete { code } => {
            let row = find(codes, code, false)?;
            if row.original.is_none() {
                tx.execute("DELETE FROM review_code WHERE id = ?1", [row.id])?;
            } else {
                tx.execute(
                    "UPDATE review_code SET decision = 'delete', new_seq = NULL,
                            new_system = NULL, new_code = NULL, new_title = NULL, new_role = NULL,
                            new_poa = NULL, new_modifiers = NULL, new_version_id = NULL,
                            new_billable = NULL, reason = ?2, comment = ?3, decided_at = ?4
                         WHERE id = ?1",
                    params![row.id, reason, comment, now],
                )?;
            }
            (Decision::Delete, shown(row), None)
        }
    })
}

pub(crate) fn deleted(code: &str) -> WorkError {
    WorkError::Invalid(format!(
        "code: {} is deleted in this review; agree with it to keep it",
        crate::domain::text::single_line(code)
    ))
}

/// The code a row is known by: the coder's, else the added one.
pub(crate) fn shown(row: &ReviewCode) -> String {
    row.original
        .as_ref()
        .or(row.reviewed.as_ref())
        .map(|l| l.code.clone())
        .unwrap_or_default()
}

/// The review's row for `code`: a coder's code (any case, dot optional),
/// or (unless `original_only`) an added one.
pub(crate) fn find<'a>(
    codes: &'a [ReviewCode],
    code: &str,
    original_only: bool,
) -> Result<&'a ReviewCode, WorkError> {
    let key = lookup_key(code);
    let by = |l: &Option<CodeLine>| l.as_ref().is_some_and(|l| lookup_key(&l.code) == key);
    codes
        .iter()
        .find(|c| by(&c.original))
        .or_else(|| {
            (!original_only)
                .then(|| {
                    codes
                        .iter()
                        .find(|c| c.original.is_none() && by(&c.reviewed))
                })
                .flatten()
        })
        .ok_or_else(|| {
            WorkError::Invalid(format!(
                "code: {} is not among the coder's codes{}",
                crate::domain::text::single_line(code),
                if original_only {
                    ""
                } else {
                    " or the added ones"
                }
            ))
        })
}

/// The code a decision names: the edit's, else the coder's; an added code
/// must name one.
pub(crate) fn edited_code(edit: &CodeEdit, base: Option<&CodeLine>) -> Result<String, WorkError> {
    match (&edit.code, base) {
        (Some(c), _) => Ok(c.clone()),
        (None, Some(b)) => Ok(b.code.clone()),
        (None, None) => Err(WorkError::Invalid(
            "code: an added code needs --code".into(),
        )),
    }
}

/// The assignment a decision describes, to be checked as any assignment:
/// each attribute the edit gives, else the coder's, else the default role
/// (modifiers upper-cased as stored). Pure, so both backends check the same
/// assignment.
pub(crate) fn edited_assignment(
    edit: &CodeEdit,
    base: Option<&CodeLine>,
    code: String,
    system: crate::domain::codes::CodeSystem,
) -> NewAssignment {
    let role = edit
        .role
        .or(base.map(|b| b.role))
        .unwrap_or_else(|| default_role(system, true));
    let modifiers = edit
        .modifiers
        .clone()
        .or(base.map(|b| b.modifiers.clone()))
        .unwrap_or_default()
        .iter()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    NewAssignment {
        code,
        system: Some(system),
        role: Some(role),
        poa: edit.poa.or(base.and_then(|b| b.poa)),
        modifiers,
        units: None,
        pointers: vec![],
    }
}

/// `edit` over `base` (or a new code), checked as an assignment would be:
/// the code valid on the date of service, role, POA and modifiers.
fn checked(
    tx: &Transaction<'_>,
    chart: &Chart,
    base: Option<&CodeLine>,
    edit: &CodeEdit,
) -> Result<StoredLine, WorkError> {
    let code = edited_code(edit, base)?;
    let found = find_code_on_date(tx, chart, &code, edit.system.or(base.map(|b| b.system)))?;
    let system = system_of_version(tx, found.version_id)?;
    let new = edited_assignment(edit, base, code, system);
    let (poa, modifiers) = (new.poa, new.modifiers.clone());
    let role = check_code_attributes(tx, chart, system, new.role, &new)?;
    Ok(StoredLine {
        line: CodeLine {
            seq: 0,
            system,
            code: found.code.code.clone(),
            title: found.code.long_title.clone(),
            role,
            poa,
            modifiers,
        },
        version_id: Some(found.version_id),
        billable: found.code.billable,
        units: None,
        pointers: "[]".into(),
        by: 0,
        at: String::new(),
    })
}

#[allow(clippy::too_many_arguments)]
fn write_new(
    tx: &Transaction<'_>,
    row: i64,
    kind: Decision,
    line: &StoredLine,
    seq: Option<i64>,
    reason: Option<&str>,
    comment: &Option<String>,
    now: &str,
) -> Result<(), WorkError> {
    tx.execute(
        "UPDATE review_code SET decision = ?2, new_seq = ?3, new_system = ?4, new_code = ?5,
            new_title = ?6, new_role = ?7, new_poa = ?8, new_modifiers = ?9, new_version_id = ?10,
            new_billable = ?11, reason = ?12, comment = ?13, decided_at = ?14 WHERE id = ?1",
        params![
            row,
            kind.as_str(),
            seq,
            line.line.system.as_str(),
            line.line.code,
            line.line.title,
            line.line.role.as_str(),
            line.line.poa.map(Poa::as_str),
            serde_json::to_string(&line.line.modifiers).unwrap_or_default(),
            line.version_id,
            line.billable,
            reason,
            comment,
            now
        ],
    )?;
    Ok(())
}

/// The reviewed codes in order, each with what the assignment table needs:
/// the coder's (minus deletions, changed where changed) in their order,
/// then added ones; a code given a position moves there. `by` is who a
/// changed or added code is attributed to.
pub(crate) fn reviewed_lines(
    conn: &Connection,
    review: i64,
    by: i64,
) -> Result<Vec<StoredLine>, WorkError> {
    type Extra = (
        i64,
        Option<i64>,
        Option<i64>,
        bool,
        Option<i64>,
        String,
        i64,
    );
    let mut stmt = conn.prepare_cached(
        "SELECT id, new_seq, coalesce(new_version_id, orig_version_id),
            coalesce(new_billable, orig_billable, 1), orig_units,
            coalesce(orig_pointers, '[]'), coalesce(orig_assigned_by, ?2)
         FROM review_code WHERE review_id = ?1",
    )?;
    let extra: Vec<Extra> = stmt
        .query_map(params![review, by], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let now = clock::stamp(clock::now());
    let mut lines: Vec<(Option<i64>, StoredLine)> = Vec::new();
    for code in load_codes(conn, review)? {
        let Some(line) = code.reviewed.clone() else {
            continue;
        };
        let Some(x) = extra.iter().find(|x| x.0 == code.id) else {
            continue;
        };
        let agreed = code.decision == Some(Decision::Agree);
        lines.push((
            x.1,
            StoredLine {
                line,
                version_id: x.2,
                billable: x.3,
                units: x.4.filter(|_| code.original.is_some()),
                pointers: x.5.clone(),
                by: if agreed { x.6 } else { by },
                at: now.clone(),
            },
        ));
    }
    let mut ordered: Vec<StoredLine> = Vec::new();
    let mut placed: Vec<(i64, StoredLine)> = Vec::new();
    for (seq, line) in lines {
        match seq {
            Some(s) => placed.push((s, line)),
            None => ordered.push(line),
        }
    }
    placed.sort_by_key(|(s, _)| *s);
    for (seq, line) in placed {
        let at = usize::try_from(seq - 1).unwrap_or(0).min(ordered.len());
        ordered.insert(at, line);
    }
    for (i, l) in ordered.iter_mut().enumerate() {
        l.line.seq = i as i64 + 1;
    }
    Ok(ordered)
}

/// The lines as assignments (what grouping and the fingerprint read).
pub(crate) fn as_assignments(lines: &[StoredLine]) -> Vec<Assignment> {
    lines
        .iter()
        .map(|l| Assignment {
            seq: l.line.seq,
            system: l.line.system,
            code: l.line.code.clone(),
            title: l.line.title.clone(),
            billable: l.billable,
            role: l.line.role,
            poa: l.line.poa,
            modifiers: l.line.modifiers.clone(),
            units: l.units,
            pointers: serde_json::from_str(&l.pointers).unwrap_or_default(),
            assigned_by: String::new(),
            assigned_at: l.at.clone(),
        })
        .collect()
}

/// The chart and its codes as closing the actor's review would leave them.
pub fn reviewed_set(
    store: &Store,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<ReviewedSet, WorkError> {
    crate::domain::people::Actor::require(
        actor,
        crate::domain::people::Role::Auditor,
        "reviewing charts",
    )?;
    store.read(|c| {
        let (id, chart_id) = review_of(c, actor, chart)?;
        Ok(ReviewedSet {
            chart: charts::load(c, chart_id)?,
            codes: as_assignments(&reviewed_lines(c, id, actor.user.id)?),
        })
    })
}

/// Closes the actor's review: every coder's code decided, one principal at
/// most; the reviewed codes (`judged`: their fingerprint, grouped as
/// `drg` by the use case) become the chart's codes when anything changed;
/// the chart becomes `audited`.
pub fn close(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    judged: &str,
    drg: Option<&FinalDrg>,
) -> Result<ReviewRow, WorkError> {
    store.transact(|tx| {
        let (id, chart_id) = review_of(tx, actor, chart)?;
        let row = require_holder(tx, actor, id, chart)?;
        let codes = load_codes(tx, id)?;
        let mut reasons: Vec<String> = codes
            .iter()
            .filter(|c| c.decision.is_none())
            .map(|c| format!("{} has no decision (agree, change or delete)", shown(c)))
            .collect();
        let lines = reviewed_lines(tx, id, actor.user.id)?;
        let principals: Vec<&str> = lines
            .iter()
            .filter(|l| l.line.role == CodeRole::Principal)
            .map(|l| l.line.code.as_str())
            .collect();
        if principals.len() > 1 {
            reasons.push(format!(
                "more than one principal diagnosis: {}",
                principals.join(", ")
            ));
        }
        if coding_fingerprint(&as_assignments(&lines)) != judged {
            reasons.push("the reviewed codes changed while grouping; close again".into());
        }
        let status: String =
            tx.query_row("SELECT status FROM chart WHERE id = ?1", [chart_id], |r| {
                r.get(0)
            })?;
        let status: Status = status.parse().map_err(WorkError::Invalid)?;
        if !matches!(status, Status::Coded | Status::Audited) {
            reasons.push(format!(
                "the chart is {status}; only coded charts close a review"
            ));
        }
        if !reasons.is_empty() {
            return Err(WorkError::Refused {
                chart: chart_key(chart),
                reasons,
            });
        }
        let changed = codes.iter().any(|c| c.decision != Some(Decision::Agree));
        let now = clock::stamp(clock::now());
        let reviewed_drg = if changed {
            replace_codes(tx, chart_id, &lines)?;
            crate::store::chart_drg::record(tx, chart_id, drg, &now)?;
            drg.copied()
        } else {
            row.original_drg
        };
        let corrected = changed && row.mode == ReviewMode::Retrospective;
        tx.execute(
            "UPDATE chart SET status = 'audited', updated_at = ?1 WHERE id = ?2",
            params![now, chart_id],
        )?;
        tx.execute(
            "UPDATE review SET status = 'closed', lease_holder = NULL, lease_until = NULL,
                closed_at = ?1, closed_by = ?2, changed = ?3, reviewed_drg = ?4,
                corrected_at = CASE WHEN ?5 THEN ?1 ELSE corrected_at END WHERE id = ?6",
            params![
                now,
                actor.user.id,
                changed,
                drg_json(reviewed_drg.as_ref()),
                corrected,
                id
            ],
        )?;
        super::facts::write_tally(tx, id)?;
        record(
            tx,
            actor,
            Some(chart_id),
            ReviewEvent::Closed {
                review: id,
                changed,
                codes: lines.iter().map(|l| l.line.code.clone()).collect(),
                drg: reviewed_drg,
            },
        )?;
        load_row(tx, id)
    })
}
