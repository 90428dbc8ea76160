//! The MS-DRG a chart was finalized with (table `chart_drg`, migration
//! 0013): written by finalize in its transaction, read by `chart show`,
//! the TUI and the export. The first finalize's DRG is kept as the
//! original and never overwritten; a later finalize (a review that
//! re-groups) replaces only the current one, so both stand side by side.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::WorkError;
use crate::domain::drg::{Drg, FinalDrg, GrouperVersion, Mdc, Weight};

/// A finalized chart's DRG: the current one (`None` when the last finalize
/// had none to store, e.g. no grouper for a corrected date) and the
/// original, from the first finalize that grouped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartDrg {
    pub current: Option<FinalDrg>,
    /// When the current DRG was stored (the last finalize).
    pub grouped_at: String,
    pub original: FinalDrg,
    pub original_grouped_at: String,
}

impl ChartDrg {
    /// Whether a review re-grouped the chart to another DRG (or weight).
    pub fn regrouped(&self) -> bool {
        self.current.as_ref() != Some(&self.original)
    }
}

/// Records the DRG of a finalize at `now`: the first one also becomes the
/// original; later ones replace only the current columns. `None` (an
/// outpatient chart, no grouper for the date) clears the current DRG of a
/// chart that had one and stores nothing for one that had none.
pub(crate) fn record(
    conn: &Connection,
    chart_id: i64,
    drg: Option<&FinalDrg>,
    now: &str,
) -> Result<(), WorkError> {
    let Some(d) = drg else {
        conn.execute(
            "UPDATE chart_drg SET drg = NULL, drg_mdc = NULL, drg_version = NULL,
                 drg_weight = NULL, grouped_at = ?2
             WHERE chart_id = ?1",
            params![chart_id, now],
        )?;
        return Ok(());
    };
    let (drg, mdc, version) = (d.drg.to_string(), d.mdc.to_string(), d.version.as_str());
    let weight = d.weight.map(|w| w.to_string());
    conn.execute(
        "INSERT INTO chart_drg (chart_id, drg, drg_mdc, drg_version, drg_weight, grouped_at,
             original_drg, original_drg_mdc, original_drg_version, original_drg_weight,
             original_grouped_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (chart_id) DO UPDATE SET drg = excluded.drg, drg_mdc = excluded.drg_mdc,
             drg_version = excluded.drg_version, drg_weight = excluded.drg_weight,
             grouped_at = excluded.grouped_at",
        params![chart_id, drg, mdc, version, weight, now],
    )?;
    Ok(())
}

/// The chart's stored DRG, if it was ever finalized with one.
pub(crate) fn load(conn: &Connection, chart_id: i64) -> Result<Option<ChartDrg>, WorkError> {
    type Row = ([Option<String>; 4], String, [Option<String>; 4], String);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT drg, drg_mdc, drg_version, drg_weight, grouped_at, original_drg,
                 original_drg_mdc, original_drg_version, original_drg_weight, original_grouped_at
             FROM chart_drg WHERE chart_id = ?1",
        )?
        .query_row([chart_id], |r| {
            Ok((
                [r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?],
                r.get(4)?,
                [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
                r.get(9)?,
            ))
        })
        .optional()?;
    let Some((current, grouped_at, original, original_grouped_at)) = row else {
        return Ok(None);
    };
    let original = parse(chart_id, "original_drg", &original)?.ok_or_else(|| {
        WorkError::Invalid(format!(
            "chart_drg: chart {chart_id}: original_drg: missing"
        ))
    })?;
    Ok(Some(ChartDrg {
        current: parse(chart_id, "drg", &current)?,
        grouped_at,
        original,
        original_grouped_at,
    }))
}

/// One stored DRG (`drg`, mdc, version, weight columns), `None` when its
/// DRG column is empty; a value that does not read back is an error that
/// names the chart and the column (the database was edited by hand).
pub(crate) fn parse(
    chart_id: i64,
    column: &str,
    cells: &[Option<String>; 4],
) -> Result<Option<FinalDrg>, WorkError> {
    let [drg, mdc, version, weight] = cells;
    let Some(drg) = drg else {
        return Ok(None);
    };
    let bad = |field: &str, why: String| {
        WorkError::Invalid(format!(
            "chart_drg: chart {chart_id}: {column}{field}: {why}"
        ))
    };
    let drg: Drg = drg.parse().map_err(|e| bad("", e))?;
    let mdc = mdc
        .as_deref()
        .and_then(|m| m.parse::<u8>().ok())
        .and_then(Mdc::new)
        .ok_or_else(|| bad("_mdc", format!("{mdc:?} is not an MDC")))?;
    let version: GrouperVersion = version
        .as_deref()
        .unwrap_or_default()
        .parse()
        .map_err(|e| bad("_version", e))?;
    let weight = weight
        .as_deref()
        .map(str::parse::<Weight>)
        .transpose()
        .map_err(|e| bad("_weight", e))?;
    Ok(Some(FinalDrg {
        drg,
        mdc,
        version,
        weight,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn final_drg(drg: u16, weight: &str) -> FinalDrg {
        FinalDrg {
            drg: Drg::new(drg).unwrap(),
            mdc: Mdc::new(5).unwrap(),
            version: GrouperVersion::V43,
            weight: Some(weight.parse().unwrap()),
        }
    }

    #[test]
    fn the_first_finalize_is_the_original_and_later_ones_only_the_current() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        (|| -> Result<(), WorkError> {
            assert_eq!(load(c, 1)?, None);
            record(c, 1, None, "t0")?;
            assert_eq!(load(c, 1)?, None, "nothing to store, nothing stored");
            record(c, 1, Some(&final_drg(292, "0.9047")), "t1")?;
            record(c, 1, Some(&final_drg(291, "1.3444")), "t2")?;
            let stored = load(c, 1)?.unwrap();
            assert_eq!(stored.original, final_drg(292, "0.9047"));
            assert_eq!(stored.original_grouped_at, "t1");
            assert_eq!(stored.current, Some(final_drg(291, "1.3444")));
            assert!(stored.regrouped());
            record(c, 1, None, "t3")?;
            let stored = load(c, 1)?.unwrap();
            assert_eq!((stored.current, stored.grouped_at.as_str()), (None, "t3"));
            assert_eq!(stored.original, final_drg(292, "0.9047"));
            Ok(())
        })()
        .unwrap();
    }

    #[test]
    fn a_hand_edited_row_is_an_error_naming_the_column() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        c.execute(
            "INSERT INTO chart_drg (chart_id, drg, drg_mdc, drg_version, drg_weight,
                         grouped_at, original_drg, original_drg_mdc, original_drg_version,
                         original_grouped_at)
                     VALUES (7, '292', '05', '43.0', '0.9x', 't', '292', '05', '43.0', 't')",
            [],
        )
        .unwrap();
        let err = load(c, 7).unwrap_err().to_string();
        assert!(err.contains("chart 7: drg_weight"), "{err}");
    }
}
