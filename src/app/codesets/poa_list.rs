//! `chartq codes import poa FILE`: a site's official POA-exempt list for a
//! fiscal year. It replaces, for discharges in that year, the list chartq
//! bundles (FY2026) or derives from it (FY2027 on; no official FY2027 list
//! could be bundled), so the POA edits on that year's codes become errors
//! again instead of warnings on derived exemptions.

use std::path::Path;

use super::import::ImportFailure;
use crate::domain::people::Actor;
use crate::domain::people::Role;
use crate::ingest::poa_exempt::parse_poa_exempt;
use crate::ingest::source::Source;
use crate::store::backend::Backend;
use crate::store::code_sets::NewPoaExemptList;

/// What an import of a POA-exempt list stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPoaList {
    pub fiscal_year: i32,
    pub codes: usize,
    pub source: String,
}

/// Parses the list whole, then replaces the fiscal year's list in one
/// transaction with its audit event. Admins only (checked before the file
/// is read). The fiscal year is `fiscal_year`, else read from the file
/// name (`POAexemptCodesFY27.txt` → 2027).
pub fn import_poa_list(
    backend: &mut dyn Backend,
    actor: &Actor,
    path: &Path,
    fiscal_year: Option<i32>,
) -> Result<ImportedPoaList, ImportFailure> {
    actor.require(Role::Admin, "importing a POA-exempt list")?;
    let source = Source::open(
        path,
        &[|name: &str| name.to_ascii_lowercase().contains("poa")],
    )?;
    let fiscal_year = match fiscal_year.or_else(|| fiscal_year_in_name(source.file_name())) {
        Some(year) if (2000..=2200).contains(&year) => year,
        Some(year) => {
            return Err(ImportFailure::Version(format!(
                "fiscal year {year} is out of range"
            )));
        }
        None => {
            return Err(ImportFailure::Version(
                "the file name does not say its fiscal year (FY27, FY2027): give --fiscal-year YYYY"
                    .into(),
            ));
        }
    };
    let codes = parse_poa_exempt(&source)?;
    let name = source.file_name().to_string();
    let stored = backend.import_poa_exempt_list(
        actor,
        &NewPoaExemptList {
            fiscal_year,
            file: &name,
            codes: &codes,
        },
    )?;
    Ok(ImportedPoaList {
        fiscal_year,
        codes: stored,
        source: name,
    })
}

/// `FY27` or `FY2027` in a file name, as CMS names its lists.
fn fiscal_year_in_name(name: &str) -> Option<i32> {
    let upper = name.to_ascii_uppercase();
    let at = upper.find("FY")?;
    let digits: String = upper[at + 2..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.len() {
        2 => digits.parse::<i32>().ok().map(|y| 2000 + y),
        4 => digits.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_fiscal_year() {
        assert_eq!(fiscal_year_in_name("POAexemptCodesFY27.txt"), Some(2027));
        assert_eq!(fiscal_year_in_name("poa_exempt_fy2028.txt"), Some(2028));
        assert_eq!(fiscal_year_in_name("exempt.txt"), None);
        assert_eq!(fiscal_year_in_name("FY7.txt"), None);
    }
}
