//! Reading one official file: which parser its system and shape need,
//! the whole file parsed and checked, the addenda beside it, and the
//! release its name implies.

use std::path::Path;

use super::release::{Release, derive_release};
use crate::domain::codes::{CodeSet, CodeSystem};
use crate::ingest::addenda::{self, Addenda};
use crate::ingest::checks::{check_parsed, check_titles};
use crate::ingest::codes_file::{self, CodesFile};
use crate::ingest::source::{ImportError, Source};
use crate::ingest::{cpt, hcpcs, icd10cm, order_file};

/// The file formats chartq reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CDC ICD-10-CM tabular XML.
    Tabular,
    /// CMS order file (ICD-10-CM or ICD-10-PCS).
    OrderFile,
    /// CMS codes file (ICD-10-CM or ICD-10-PCS): billable codes only.
    CodesFile,
    /// CMS HCPCS ANWEB file.
    Anweb,
    /// A licensee's CPT data file.
    Cpt,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Tabular => "tabular XML",
            Self::OrderFile => "order file",
            Self::CodesFile => "codes file",
            Self::Anweb => "ANWEB file",
            Self::Cpt => "CPT data file",
        }
    }
}

/// A parsed file and what it says about its release.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The entries. Empty for a CMS codes file: its set is built at import
    /// against the previous release (see [`crate::ingest::successor`]) from `codes`.
    pub set: CodeSet,
    pub format: Format,
    /// A CMS codes file's lines.
    pub codes: Option<CodesFile>,
    /// The codes-file addenda found beside the file in its zip.
    pub addenda: Option<Addenda>,
    /// How errors and `codes list` name the file.
    pub source: String,
    /// `None` when neither the name nor the content says which release it is.
    pub release: Option<Release>,
}

/// Which ICD-10-CM/PCS text format `src` is in, from its first record: an
/// order file (5-digit order number, column 6 blank) or a codes file (code
/// in columns 1-7, column 8 blank, title from column 9). Anything else is
/// an error naming the line and the formats it is not.
fn sniff_text(src: &Source, system: CodeSystem) -> Result<Format, ImportError> {
    let formats = match system {
        CodeSystem::Icd10Pcs => "an ICD-10-PCS order file or codes file",
        _ => "an ICD-10-CM tabular XML, order file or codes file",
    };
    let Some((line_no, first)) = src
        .lines()
        .find(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
    else {
        return Err(src.error(None, None, format!("the file is empty; expected {formats}")));
    };
    let order = first.len() > 6 && first[..5].iter().all(u8::is_ascii_digit) && first[5] == b' ';
    if order {
        Ok(Format::OrderFile)
    } else if codes_file::looks_like_codes_line(first, system) {
        Ok(Format::CodesFile)
    } else {
        Err(src.error(
            Some(line_no),
            Some("format"),
            format!(
                "not {formats}: an order record starts with a 5-digit order number and a blank, \
                 a codes-file record with the code in columns 1-7, a blank and the title"
            ),
        ))
    }
}

/// Reads and parses `path` as a `system` file (plain, gzip or zip).
pub fn read_file(system: CodeSystem, path: &Path) -> Result<ParsedFile, ImportError> {
    let mut codes = None;
    let (set, src, fiscal_year, format) = match system {
        CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs => {
            let src = if system == CodeSystem::Icd10Cm {
                Source::open(
                    path,
                    &[
                        icd10cm::is_tabular_member,
                        order_file::is_order_member,
                        codes_file::is_codes_member,
                    ],
                )?
            } else {
                Source::open(
                    path,
                    &[order_file::is_order_member, codes_file::is_codes_member],
                )?
            };
            if src.looks_like_xml() {
                if system == CodeSystem::Icd10Pcs {
                    return Err(src.error(
                        Some(1),
                        None,
                        "an XML file; ICD-10-PCS is imported from CMS's order file (icd10pcs_order_YYYY.txt) or codes file (icd10pcs_codes_YYYY.txt)",
                    ));
                }
                let tabular = icd10cm::parse(&src)?;
                (tabular.set, src, tabular.fiscal_year, Format::Tabular)
            } else {
                match sniff_text(&src, system)? {
                    Format::CodesFile => {
                        codes = Some(codes_file::parse(&src, system)?);
                        (CodeSet::default(), src, None, Format::CodesFile)
                    }
                    _ => (
                        order_file::parse(&src, system)?,
                        src,
                        None,
                        Format::OrderFile,
                    ),
                }
            }
        }
        CodeSystem::Hcpcs => {
            let src = Source::open(path, &[hcpcs::is_anweb_member])?;
            (hcpcs::parse(&src)?, src, None, Format::Anweb)
        }
        CodeSystem::Cpt => {
            let src = Source::open(path, &cpt::MEMBER_RULES)?;
            (cpt::parse(&src)?, src, None, Format::Cpt)
        }
    };
    match &codes {
        // A codes file's entries become a set only later (with the previous
        // release's hierarchy); its parser refuses a file without codes.
        Some(file) => check_titles(
            file.entries
                .iter()
                .map(|e| (e.code.as_str(), "title", Some(e.title.as_str()))),
            &src,
        )?,
        None => check_parsed(&set, &src)?,
    }
    let addenda = match format {
        Format::CodesFile | Format::OrderFile => {
            Source::zip_member(path, addenda::is_codes_addenda_member)?
                .map(|a| addenda::parse(&a, system))
                .transpose()?
        }
        _ => None,
    };
    let release = derive_release(system, src.file_name(), fiscal_year);
    Ok(ParsedFile {
        set,
        format,
        codes,
        addenda,
        source: src.name().to_string(),
        release,
    })
}
