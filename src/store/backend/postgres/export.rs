//! The coded-charts export on PostgreSQL: auditors and up, the charts read
//! under row-level security, the `charts_exported` event written by a
//! definer function in the same transaction.

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
                  WHERE c.status IN ('coded', 'audited') AND ($1::text IS NULL OR c.coded_at >= $1)
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
                // Reviews are not yet on PostgreSQL (`not_yet`), so no
                // export here corrects an earlier one.
                replaces: None,
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
