//! The coded-charts export on PostgreSQL: auditors and up, the charts read
//! under row-level security, the `charts_exported` event written by a
//! definer function in the same transaction. As on SQLite, a chart whose
//! prebill review is not closed is held back, and one a retrospective
//! review corrected since `since` is exported again as a replacement.

use super::*;
use crate::domain::chart::ChartId;

/// `Backend::coded_charts` on PostgreSQL.
pub fn coded_charts(
    pg: &mut Postgres,
    actor: &Actor,
    since: Option<NaiveDate>,
) -> Result<Vec<ExportedChart>, WorkError> {
    actor.require(Role::Auditor, "exporting coded charts")?;
    let since_text = since.map(|d| d.to_string());
    pg.transact(|tx| {
        let ids: Vec<i64> = tx
            .query(
                "SELECT c.id FROM chartq.chart c
                  WHERE c.status IN ('coded', 'audited')
                    AND ($1::text IS NULL OR c.coded_at >= $1
                         OR EXISTS (SELECT 1 FROM chartq.review cr
                                    WHERE cr.chart_id = c.id AND cr.corrected_at >= $1))
                    AND NOT EXISTS (SELECT 1 FROM chartq.review hr WHERE hr.chart_id = c.id
                                    AND hr.mode = 'prebill' AND hr.status <> 'closed')
                  ORDER BY c.coded_at, c.id",
                &[&since_text],
            )
            .map_err(pg_error)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let c = super::charts::load(tx, id, &ChartRef::Id(ChartId(id)))?;
            out.push(ExportedChart {
                codes: super::coding::chart_assignments(tx, id)?,
                drg: super::coding::chart_drg(tx, id)?,
                account: c.account,
                mrn: c.mrn,
                encounter_type: c.encounter_type,
                admit_date: c.admit_date,
                discharge_date: c.discharge_date,
                date_of_service: c.date_of_service,
                discharge_status: c.discharge_status,
                facility: c.facility,
                payer: c.payer,
                status: c.status.as_str().to_string(),
                coded_at: c.coded_at.unwrap_or_default(),
                coded_by: c.coded_by,
                replaces: replacement(tx, id)?,
            });
        }
        let count = i32::try_from(out.len()).unwrap_or(i32::MAX);
        tx.execute(
            "SELECT chartq.charts_exported($1, $2, $3)",
            &[&acting_as(actor), &since, &count],
        )
        .map_err(pg_error)?;
        Ok(out)
    })
}

/// The correction of chart `chart_id`, if a retrospective review made one.
fn replacement(
    tx: &mut Transaction<'_>,
    chart_id: i64,
) -> Result<Option<crate::store::review::Replacement>, WorkError> {
    Ok(tx
        .query_opt(
            "SELECT id, corrected_at FROM chartq.review
              WHERE chart_id = $1 AND corrected_at IS NOT NULL",
            &[&chart_id],
        )
        .map_err(pg_error)?
        .map(|r| crate::store::review::Replacement {
            review: r.get(0),
            corrected_at: r.get(1),
        }))
}
