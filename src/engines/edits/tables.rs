//! The MCE's tables in memory, chosen by discharge date.
//!
//! CMS publishes one MCE version per fiscal year; each version's code
//! table carries validity ranges, so the version is chosen by the date it
//! covers and the row within it by the same date. Every code maps to its
//! ranges and each range's flags as a bitset: a claim's check is a few
//! hash probes.

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

use super::flags::Flags;
use crate::ingest::mce::{AgeRange, MceCodeTable, MceRow};

/// No MCE version covers the claim's discharge date: the claim cannot be
/// edited (an error value, not an edit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no Medicare Code Editor table covers the discharge date {date}")]
pub struct NoTables {
    pub date: NaiveDate,
}

/// What one MCE version is built from.
#[derive(Debug, Clone)]
pub struct MceVersionSpec {
    /// `v43.1`, `v44`: shown in messages.
    pub label: String,
    /// The first and last discharge dates this version edits.
    pub covers_from: NaiveDate,
    pub covers_to: NaiveDate,
    /// A `valid_to` on or after this date is the data's horizon, not a
    /// termination: such rows are read as valid to `covers_to` (the derived
    /// v44 table ends every row at 2027-03-31).
    pub horizon: Option<NaiveDate>,
    pub rows: Vec<MceRow>,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    from: NaiveDate,
    to: NaiveDate,
    flags: Flags,
}

type CodeMap = HashMap<Box<str>, Box<[Span]>>;

/// One MCE version's code tables.
#[derive(Debug)]
pub struct MceVersion {
    label: String,
    covers_from: NaiveDate,
    covers_to: NaiveDate,
    dx: CodeMap,
    pcs: CodeMap,
}

fn find(map: &CodeMap, code: &str, date: NaiveDate) -> Option<Flags> {
    map.get(code)?
        .iter()
        .find(|s| s.from <= date && date <= s.to)
        .map(|s| s.flags)
}

impl MceVersion {
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The flags of diagnosis `code` (no dot) on `date`; `None` when the
    /// code is not valid then.
    pub fn dx(&self, code: &str, date: NaiveDate) -> Option<Flags> {
        find(&self.dx, code, date)
    }

    /// The flags of procedure `code` on `date`; `None` when not valid then.
    pub fn pcs(&self, code: &str, date: NaiveDate) -> Option<Flags> {
        find(&self.pcs, code, date)
    }

    /// Every diagnosis code valid on `date` (in no particular order).
    pub fn dx_codes_on(&self, date: NaiveDate) -> impl Iterator<Item = &str> {
        self.dx
            .iter()
            .filter(move |(_, spans)| spans.iter().any(|s| s.from <= date && date <= s.to))
            .map(|(code, _)| &**code)
    }

    fn build(spec: MceVersionSpec) -> Result<MceVersion, String> {
        let mut dx: HashMap<Box<str>, Vec<Span>> = HashMap::default();
        let mut pcs: HashMap<Box<str>, Vec<Span>> = HashMap::default();
        for row in spec.rows {
            let mut flags = Flags::NONE;
            for name in &row.flags {
                flags |= Flags::named(name).ok_or_else(|| {
                    format!(
                        "MCE {}: code {} has the flag `{name}`, which chartq does not know",
                        spec.label, row.code
                    )
                })?;
            }
            let to = match (row.valid_to, spec.horizon) {
                (Some(to), Some(h)) if to >= h => spec.covers_to,
                (Some(to), _) => to,
                (None, _) => NaiveDate::MAX,
            };
            let span = Span {
                from: row.valid_from,
                to,
                flags,
            };
            let map = match row.table {
                MceCodeTable::Dx => &mut dx,
                MceCodeTable::Pcs => &mut pcs,
            };
            map.entry(row.code.into_boxed_str()).or_default().push(span);
        }
        let boxed = |m: HashMap<Box<str>, Vec<Span>>| -> CodeMap {
            m.into_iter()
                .map(|(k, v)| (k, v.into_boxed_slice()))
                .collect()
        };
        Ok(MceVersion {
            label: spec.label,
            covers_from: spec.covers_from,
            covers_to: spec.covers_to,
            dx: boxed(dx),
            pcs: boxed(pcs),
        })
    }
}

#[derive(Debug, Clone, Copy)]
struct AgeSpan {
    group: Flags,
    age_from: i64,
    age_to: i64,
    from: NaiveDate,
    to: NaiveDate,
}

/// Every MCE version chartq has, and the age groups.
#[derive(Debug)]
pub struct MceTables {
    versions: Vec<MceVersion>,
    ages: Vec<AgeSpan>,
    /// The last discharge date any sex flag is valid on (CMS retired the
    /// sex edits after 2024-09-30).
    sex_edits_until: Option<NaiveDate>,
}

impl MceTables {
    /// Tables from parsed rows. Versions may not overlap; an unknown flag
    /// or age group is an error (chartq would otherwise ignore an edit).
    pub fn new(versions: Vec<MceVersionSpec>, ages: Vec<AgeRange>) -> Result<MceTables, String> {
        let sex_edits_until = versions
            .iter()
            .flat_map(|v| &v.rows)
            .filter(|r| r.flags.iter().any(|f| f == "female" || f == "male"))
            .map(|r| r.valid_to.unwrap_or(NaiveDate::MAX))
            .max();
        let mut built: Vec<MceVersion> = versions
            .into_iter()
            .map(MceVersion::build)
            .collect::<Result<_, _>>()?;
        built.sort_by_key(|v| v.covers_from);
        for pair in built.windows(2) {
            if pair[1].covers_from <= pair[0].covers_to {
                return Err(format!(
                    "MCE {} and {} both cover {}",
                    pair[0].label, pair[1].label, pair[1].covers_from
                ));
            }
        }
        let ages = ages
            .into_iter()
            .map(|a| {
                let group = Flags::AGE_GROUPS
                    .iter()
                    .find(|(_, name)| *name == a.group)
                    .map(|(f, _)| *f)
                    .ok_or_else(|| format!("unknown MCE age group `{}`", a.group))?;
                Ok(AgeSpan {
                    group,
                    age_from: a.age_from,
                    age_to: a.age_to,
                    from: a.valid_from,
                    to: a.valid_to.unwrap_or(NaiveDate::MAX),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(MceTables {
            versions: built,
            ages,
            sex_edits_until,
        })
    }

    /// The version that edits discharges on `date`.
    pub fn for_date(&self, date: NaiveDate) -> Result<&MceVersion, NoTables> {
        self.versions
            .iter()
            .find(|v| v.covers_from <= date && date <= v.covers_to)
            .ok_or(NoTables { date })
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[MceVersion] {
        &self.versions
    }

    /// The ages (inclusive) an age group (`Flags::MATERNITY`, ...) allows on
    /// `date`.
    pub fn age_range(&self, group: Flags, date: NaiveDate) -> Option<(i64, i64)> {
        self.ages
            .iter()
            .find(|a| a.group == group && a.from <= date && date <= a.to)
            .map(|a| (a.age_from, a.age_to))
    }

    /// True when the sex edits (sex conflict, unknown sex) apply on `date`.
    pub fn sex_edits_apply(&self, date: NaiveDate) -> bool {
        self.sex_edits_until.is_some_and(|until| date <= until)
    }
}
