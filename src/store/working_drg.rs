//! The working MS-DRG of a chart not yet final (table `chart_working_drg`,
//! migration 0018): what the app last grouped the chart's codes to, so the
//! backlog report has a weight for charts that finalize has not stored a
//! DRG for yet ([`super::chart_drg`] is written only at finalize).
//! Recorded by the lease holder, a supervisor or an admin; written and
//! audited only when it changed.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, WorkError, access, audit, clock, queue};
use crate::domain::audit::AuditDetail;
use crate::domain::chart::{ChartRef, Status};
use crate::domain::drg::FinalDrg;
use crate::domain::people::{Actor, Role};

/// Records `drg` as the working DRG of `chart` (`None`: the codes no
/// longer group; a stored one is cleared). `Ok(true)` when it was written
/// (and audited `working_drg_recorded`), `Ok(false)` when it was already
/// the stored one. Refused on a final chart, and for a coder who does not
/// hold the chart's lease (supervisors and admins record on any chart).
pub fn record(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    drg: Option<&FinalDrg>,
) -> Result<bool, WorkError> {
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        if actor.is_at_least(Role::Supervisor) {
            let s = queue::state(tx, id)?;
            if matches!(s.status, Status::Coded | Status::Audited) {
                return Err(WorkError::Conflict(format!(
                    "chart {} is already {}; its DRG is the finalized one",
                    s.account, s.status
                )));
            }
        } else {
            queue::require_holder(tx, actor, id)?;
        }
        if load(tx, id)?.as_ref() == drg {
            return Ok(false);
        }
        match drg {
            Some(d) => {
                tx.execute(
                    "INSERT INTO chart_working_drg
                         (chart_id, drg, drg_mdc, drg_version, drg_weight, grouped_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (chart_id) DO UPDATE SET drg = excluded.drg,
                         drg_mdc = excluded.drg_mdc, drg_version = excluded.drg_version,
                         drg_weight = excluded.drg_weight, grouped_at = excluded.grouped_at",
                    params![
                        id,
                        d.drg.to_string(),
                        d.mdc.to_string(),
                        d.version.as_str(),
                        d.weight.map(|w| w.to_string()),
                        clock::stamp(clock::now())
                    ],
                )?;
            }
            None => {
                tx.execute("DELETE FROM chart_working_drg WHERE chart_id = ?1", [id])?;
            }
        }
        let details = AuditDetail::WorkingDrgRecorded { drg: drg.copied() };
        audit::record(tx, actor, Some(id), details)?;
        Ok(true)
    })
}

/// The chart's stored working DRG, if any.
pub(crate) fn load(conn: &Connection, chart_id: i64) -> Result<Option<FinalDrg>, WorkError> {
    let cells: Option<[Option<String>; 4]> = conn
        .prepare_cached(
            "SELECT drg, drg_mdc, drg_version, drg_weight FROM chart_working_drg
             WHERE chart_id = ?1",
        )?
        .query_row([chart_id], |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
        })
        .optional()?;
    match cells {
        Some(cells) => super::chart_drg::parse(chart_id, "working_drg", &cells),
        None => Ok(None),
    }
}
