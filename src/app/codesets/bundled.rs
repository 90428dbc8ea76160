//! The code sets compiled into the binary, so a new database on a bare
//! server can code today's charts without any import (a copied binary
//! carries them). `codesets/PROVENANCE.md` gives each file's origin and
//! sha256.
//!
//! | system     | label        | effective               | built from |
//! |------------|--------------|-------------------------|------------|
//! | ICD-10-CM  | `FY2026`     | 2025-10-01..2026-09-30  | CDC tabular XML, April 1 2026 update |
//! | ICD-10-CM  | `FY2027`     | 2026-10-01..2027-09-30  | CMS codes file + the FY2026 tabular (hierarchy, notes) |
//! | ICD-10-PCS | `FY2026`     | 2025-10-01..2026-09-30  | CMS order file |
//! | ICD-10-PCS | `FY2026-Apr` | 2026-04-01..2026-09-30  | the FY2027 codes file less its addenda |
//! | ICD-10-PCS | `FY2027`     | 2026-10-01..2027-09-30  | CMS codes file + the April 2026 tables |
//!
//! Each bundled version is known by its `source` (`bundled:…`), and
//! [`seed_missing`] stores every one a database lacks, each in its own
//! transaction with a `system` audit event: a new database gets all five,
//! a database made by an older chartq gains the new ones when it is next
//! opened. A version a site imported under the same label is the site's
//! and is never replaced (and on the same start date a site's version wins
//! over a bundled one: see `CodeSetVersion::precedence`).
//!
//! Seeding writes no search snapshots: the first search of a version
//! builds its index and stores it (`search::cache`), so a new database is
//! not made to pay for five indexes it may never search. A new database
//! file is normally a copy of a template seeded once per machine (see
//! [`super::template`]).

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};

use crate::domain::codes::{BorrowedNotes, CodeSet, CodeSystem};
use crate::ingest::addenda::{self, Addenda};
use crate::ingest::codes_file::{self, CodesFile};
use crate::ingest::icd10cm::{self, Tabular};
use crate::ingest::order_file;
use crate::ingest::source::Source;
use crate::ingest::successor::{self, NotesSource};
use crate::store::backend::Backend;
use crate::store::code_sets::{BundledHolding, NewCodeSet, SeedAudit};
use crate::store::code_tables::VersionSpec;

/// CDC's April 1 2026 tabular XML, gzip-compressed.
pub(crate) const CM_TABULAR_2026_GZ: &[u8] =
    include_bytes!("../../../codesets/icd10cm/icd10cm-tabular-2026-04-01.xml.gz");
/// CMS's FY2027 ICD-10-CM codes file, gzip-compressed.
pub(crate) const CM_CODES_2027_GZ: &[u8] =
    include_bytes!("../../../codesets/icd10cm/fy2027/icd10cm_codes_2027.txt.gz");
/// CMS's FY2027 ICD-10-CM codes-file addenda.
pub(crate) const CM_ADDENDA_2027: &[u8] =
    include_bytes!("../../../codesets/icd10cm/fy2027/icd10cm_codes_addenda_2027.txt");
/// CMS's FY2026 ICD-10-PCS order file, gzip-compressed.
pub(crate) const PCS_ORDER_2026_GZ: &[u8] =
    include_bytes!("../../../codesets/icd10pcs/icd10pcs_order_2026.txt.gz");
/// CMS's FY2027 ICD-10-PCS codes file, gzip-compressed.
pub(crate) const PCS_CODES_2027_GZ: &[u8] =
    include_bytes!("../../../codesets/icd10pcs/fy2027/icd10pcs_codes_2027.txt.gz");
/// CMS's FY2027 ICD-10-PCS codes-file addenda.
pub(crate) const PCS_ADDENDA_2027: &[u8] =
    include_bytes!("../../../codesets/icd10pcs/fy2027/icd10pcs_codes_addenda_2027.txt");

/// Every bundled file, for the template's fingerprint.
pub(crate) const FILES: [&[u8]; 6] = [
    CM_TABULAR_2026_GZ,
    CM_CODES_2027_GZ,
    CM_ADDENDA_2027,
    PCS_ORDER_2026_GZ,
    PCS_CODES_2027_GZ,
    PCS_ADDENDA_2027,
];

/// The `source` of the bundled ICD-10-CM tabular (the first chartq bundled
/// it labelled `FY2026-Apr`, 2026-04-01..2026-09-30).
pub const SOURCE: &str = "bundled:icd10cm-tabular-2026-04-01.xml";
/// The label of the bundled ICD-10-CM tabular.
pub const LABEL: &str = "FY2026";

/// Which bundled release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Release {
    CmFy2026,
    CmFy2027,
    PcsFy2026,
    PcsFy2026Apr,
    PcsFy2027,
}

/// One bundled version: what it is stored as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundled {
    pub release: Release,
    pub system: CodeSystem,
    pub label: &'static str,
    /// (year, month, day), inclusive.
    pub from: (i32, u32, u32),
    pub to: (i32, u32, u32),
    /// Its identity in a database (`code_set_version.source`).
    pub source: &'static str,
}

/// The bundled versions, in the order they are seeded (a version is built
/// from the ones before it).
pub const BUNDLED: [Bundled; 5] = [
    // The April 1 2026 update of FY2026 changed no ICD-10-CM code and no
    // title against the October 2025 release (checked against CMS's FY2026
    // order file in tests/codes_real_files.rs), so the April tabular is the
    // whole fiscal year's code set: labelled FY2026 and valid from
    // 2025-10-01, it lets charts from October 2025 on be coded. (Its notes
    // are April's: the update's only changes.)
    Bundled {
        release: Release::CmFy2026,
        system: CodeSystem::Icd10Cm,
        label: LABEL,
        from: (2025, 10, 1),
        to: (2026, 9, 30),
        source: SOURCE,
    },
    Bundled {
        release: Release::CmFy2027,
        system: CodeSystem::Icd10Cm,
        label: "FY2027",
        from: (2026, 10, 1),
        to: (2027, 9, 30),
        source: "bundled:icd10cm_codes_2027.txt",
    },
    Bundled {
        release: Release::PcsFy2026,
        system: CodeSystem::Icd10Pcs,
        label: "FY2026",
        from: (2025, 10, 1),
        to: (2026, 9, 30),
        source: "bundled:icd10pcs_order_2026.txt",
    },
    Bundled {
        release: Release::PcsFy2026Apr,
        system: CodeSystem::Icd10Pcs,
        label: "FY2026-Apr",
        from: (2026, 4, 1),
        to: (2026, 9, 30),
        source: "bundled:icd10pcs_codes_2027.txt-minus-addenda",
    },
    Bundled {
        release: Release::PcsFy2027,
        system: CodeSystem::Icd10Pcs,
        label: "FY2027",
        from: (2026, 10, 1),
        to: (2027, 9, 30),
        source: "bundled:icd10pcs_codes_2027.txt",
    },
];

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid bundled date")
}

impl Bundled {
    pub fn of(release: Release) -> &'static Bundled {
        BUNDLED
            .iter()
            .find(|b| b.release == release)
            .expect("every release is bundled")
    }

    pub fn effective_from(&self) -> NaiveDate {
        ymd(self.from)
    }

    pub fn effective_to(&self) -> NaiveDate {
        ymd(self.to)
    }

    pub fn spec(&self) -> VersionSpec {
        VersionSpec {
            system: self.system,
            label: self.label.to_string(),
            effective_from: self.effective_from(),
            effective_to: Some(self.effective_to()),
            source: self.source.to_string(),
        }
    }
}

/// The bundled ICD-10-CM tabular's version (FY2026).
pub fn spec() -> VersionSpec {
    Bundled::of(Release::CmFy2026).spec()
}

fn gunzip(bytes: &[u8], what: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() * 12);
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .wrap_err_with(|| format!("decompressing the bundled {what}"))?;
    Ok(out)
}

/// The bundled ICD-10-CM tabular (April 1 2026), parsed.
pub fn tabular() -> Result<Tabular> {
    let xml = gunzip(CM_TABULAR_2026_GZ, "ICD-10-CM tabular")?;
    Ok(icd10cm::parse(&Source::from_bytes(SOURCE, xml))?)
}

/// The FY2027 codes-file addenda of `system` (ICD-10-CM or ICD-10-PCS).
pub fn addenda_2027(system: CodeSystem) -> Result<Addenda> {
    let (bytes, name) = match system {
        CodeSystem::Icd10Pcs => (PCS_ADDENDA_2027, "bundled:icd10pcs_codes_addenda_2027.txt"),
        _ => (CM_ADDENDA_2027, "bundled:icd10cm_codes_addenda_2027.txt"),
    };
    Ok(addenda::parse(
        &Source::from_bytes(name, bytes.to_vec()),
        system,
    )?)
}

/// The FY2027 codes file of `system`, parsed (its lines only).
pub fn codes_2027(system: CodeSystem) -> Result<CodesFile> {
    let (gz, name) = match system {
        CodeSystem::Icd10Pcs => (PCS_CODES_2027_GZ, "bundled:icd10pcs_codes_2027.txt"),
        _ => (CM_CODES_2027_GZ, "bundled:icd10cm_codes_2027.txt"),
    };
    let text = gunzip(gz, name)?;
    Ok(codes_file::parse(&Source::from_bytes(name, text), system)?)
}

/// A bundled version, built: its entries and where its notes come from.
#[derive(Debug, Clone)]
pub struct Built {
    pub set: CodeSet,
    pub borrowed: Option<BorrowedNotes>,
}

/// Builds bundled versions, parsing each bundled file at most once (the
/// FY2027 versions are built from the ones before them).
#[derive(Default)]
pub struct Builder {
    cm_2026: Option<CodeSet>,
    pcs_2026: Option<CodeSet>,
    pcs_2027_file: Option<CodesFile>,
    pcs_apr: Option<CodeSet>,
}

impl Builder {
    fn cm_2026(&mut self) -> Result<&CodeSet> {
        if self.cm_2026.is_none() {
            self.cm_2026 = Some(tabular()?.set);
        }
        Ok(self.cm_2026.as_ref().expect("just set"))
    }

    fn pcs_2026(&mut self) -> Result<&CodeSet> {
        if self.pcs_2026.is_none() {
            let text = gunzip(PCS_ORDER_2026_GZ, "ICD-10-PCS order file")?;
            let src = Source::from_bytes(Bundled::of(Release::PcsFy2026).source, text);
            self.pcs_2026 = Some(order_file::parse(&src, CodeSystem::Icd10Pcs)?);
        }
        Ok(self.pcs_2026.as_ref().expect("just set"))
    }

    fn pcs_2027_file(&mut self) -> Result<&CodesFile> {
        if self.pcs_2027_file.is_none() {
            self.pcs_2027_file = Some(codes_2027(CodeSystem::Icd10Pcs)?);
        }
        Ok(self.pcs_2027_file.as_ref().expect("just set"))
    }

    /// ICD-10-PCS as of April 1 2026: the FY2027 codes file less the
    /// FY2027 addenda's adds, plus its deletes (see [`Addenda::undo`]);
    /// titles from the FY2026 order file where it has the code, else the
    /// addenda's "Revise from" title, else the FY2027 title; tables from
    /// the FY2026 order file.
    fn pcs_apr(&mut self) -> Result<&CodeSet> {
        if self.pcs_apr.is_none() {
            let older: HashMap<String, String> = self
                .pcs_2026()?
                .codes
                .iter()
                .filter(|c| c.billable)
                .map(|c| (c.code.clone(), c.long_title.clone()))
                .collect();
            let after: Vec<(String, String)> = self
                .pcs_2027_file()?
                .entries
                .iter()
                .map(|e| (e.code.clone(), e.title.clone()))
                .collect();
            let before = addenda_2027(CodeSystem::Icd10Pcs)?.undo(&after, &older);
            let file = CodesFile {
                entries: before
                    .into_iter()
                    .enumerate()
                    .map(|(i, (code, title))| codes_file::CodesEntry {
                        code,
                        title,
                        line: i + 1,
                    })
                    .collect(),
            };
            // Built from the FY2027 codes file: a title missing is missing
            // from that file.
            let built = successor::build(
                CodeSystem::Icd10Pcs,
                Bundled::of(Release::PcsFy2027).label,
                &file,
                Some(self.pcs_2026()?),
                &[],
            );
            self.pcs_apr = Some(built.set);
        }
        Ok(self.pcs_apr.as_ref().expect("just set"))
    }

    /// The entries of one bundled version.
    pub fn build(&mut self, release: Release) -> Result<Built> {
        Ok(match release {
            Release::CmFy2026 => Built {
                set: self.cm_2026()?.clone(),
                borrowed: None,
            },
            Release::PcsFy2026 => Built {
                set: self.pcs_2026()?.clone(),
                borrowed: None,
            },
            Release::PcsFy2026Apr => Built {
                set: self.pcs_apr()?.clone(),
                borrowed: None,
            },
            Release::CmFy2027 => {
                let file = codes_2027(CodeSystem::Icd10Cm)?;
                let previous = Bundled::of(Release::CmFy2026).label;
                let tabular = self.cm_2026()?;
                let built = successor::build(
                    CodeSystem::Icd10Cm,
                    Bundled::of(Release::CmFy2027).label,
                    &file,
                    Some(tabular),
                    &[NotesSource {
                        label: previous,
                        set: tabular,
                    }],
                );
                Built {
                    set: built.set,
                    borrowed: Some(built.borrowed),
                }
            }
            Release::PcsFy2027 => {
                self.pcs_apr()?;
                self.pcs_2027_file()?;
                let (Some(previous), Some(file)) = (&self.pcs_apr, &self.pcs_2027_file) else {
                    unreachable!("both built just above");
                };
                let built = successor::build(
                    CodeSystem::Icd10Pcs,
                    Bundled::of(Release::PcsFy2027).label,
                    file,
                    Some(previous),
                    &[],
                );
                Built {
                    set: built.set,
                    borrowed: None,
                }
            }
        })
    }
}

/// What [`seed_missing`] did to one bundled version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    /// Stored.
    Stored { system: CodeSystem, label: String },
    /// An older chartq's bundled version, relabelled and re-dated in place.
    Updated {
        system: CodeSystem,
        from_label: String,
        label: String,
    },
}

/// Stores every bundled version `store` lacks (see the module doc), each
/// in its own transaction with its `system` audit event, and returns what
/// it did (empty: nothing was missing).
///
/// Checking the contents rather than "was the file just created" matters
/// twice: a seed killed half-way rolls back and is redone on the next
/// open, and two processes opening a brand-new file do not both insert a
/// version (the check is repeated under the write lock).
pub fn seed_missing(backend: &mut dyn Backend) -> Result<Vec<Seeded>> {
    seed_releases(backend, &BUNDLED.map(|b| b.release), SeedAudit::Record)
}

/// [`seed_missing`] for some of the bundled releases only.
pub(crate) fn seed_releases(
    backend: &mut dyn Backend,
    releases: &[Release],
    audit: SeedAudit,
) -> Result<Vec<Seeded>> {
    let mut done = Vec::new();
    let mut builder = Builder::default();
    for b in BUNDLED.iter().filter(|b| releases.contains(&b.release)) {
        let spec = b.spec();
        match backend.bundled_holding(&spec)? {
            BundledHolding::Present | BundledHolding::SiteOwns => {}
            BundledHolding::Outdated { .. } => {
                if let Some(from_label) = backend.update_bundled(&spec, audit)? {
                    done.push(Seeded::Updated {
                        system: b.system,
                        from_label,
                        label: b.label.to_string(),
                    });
                }
            }
            BundledHolding::Missing => {
                let built = builder
                    .build(b.release)
                    .wrap_err_with(|| format!("building the bundled {} {}", b.system, b.label))?;
                let new = NewCodeSet {
                    spec: &spec,
                    set: &built.set,
                    borrowed: built.borrowed.as_ref(),
                };
                if backend.seed_code_set(&new, audit)?.is_some() {
                    done.push(Seeded::Stored {
                        system: b.system,
                        label: b.label.to_string(),
                    });
                }
            }
        }
    }
    Ok(done)
}

/// Seeds the bundled ICD-10-CM tabular (FY2026) alone, unless the database
/// has an ICD-10-CM version already; true when it did. What chartq did when
/// it bundled one release: tests and benchmarks that want exactly one known
/// ICD-10-CM release use it. `chartq` itself seeds every bundled version
/// ([`seed_missing`]).
pub fn seed_if_missing(backend: &mut dyn Backend) -> Result<bool> {
    if backend
        .versions()?
        .iter()
        .any(|v| v.system == CodeSystem::Icd10Cm)
    {
        return Ok(false);
    }
    Ok(!seed_releases(backend, &[Release::CmFy2026], SeedAudit::Record)?.is_empty())
}
