//! Looking a term up in the Alphabetic Index, as coders are taught: main
//! term → subterms → code, following "see", then verifying the code in the
//! Tabular List of the version the chart is coded in. `chartq index` prints
//! this; the TUI's index browser walks the same tree interactively.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::domain::index_tree::{IndexCodeStatus, IndexTree, NodeId};
use crate::store::WorkError;
use crate::store::backend::Backend;

/// The most paths one lookup prints.
pub const MAX_PATHS: usize = 50;

/// The version whose index is read: the one covering `date`, else the
/// newest ICD-10-CM version that has an index tree.
pub fn index_version(
    backend: &dyn Backend,
    date: Option<NaiveDate>,
) -> Result<Option<(CodeSetVersion, IndexTree)>, WorkError> {
    if let Some(date) = date {
        let Some(version) = backend.version_on(CodeSystem::Icd10Cm, date)? else {
            return Ok(None);
        };
        return Ok(backend.index_tree(&version)?.map(|t| (version, t)));
    }
    let mut versions: Vec<CodeSetVersion> = backend
        .versions()?
        .into_iter()
        .filter(|v| v.system == CodeSystem::Icd10Cm)
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.precedence()));
    for version in versions {
        if let Some(tree) = backend.index_tree(&version)? {
            return Ok(Some((version, tree)));
        }
    }
    Ok(None)
}

/// One term along a path, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTerm {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nemod: Option<String>,
}

/// What the Tabular List of the version says of an index code (the
/// `status` of `--json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Reportable,
    /// A category or subcategory: a code below it is reported.
    Category,
    NotInVersion,
}

/// A code the index gives, checked against the version's Tabular List.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedCode {
    pub code: String,
    /// The index printed a trailing dash: more characters are needed.
    pub incomplete: bool,
    pub status: Standing,
    /// For a category: the reportable codes below it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes_below: Vec<String>,
}

/// One path the words led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexMatch {
    pub path: Vec<PathTerm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<CheckedCode>,
    /// The manifestation code printed in brackets, coded after `code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifestation: Option<CheckedCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub see: Option<String>,
    /// Where "see" leads, as far as the index names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub see_leads_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub see_also: Option<String>,
    /// How many subterms are below (walk on with more words).
    pub subterms: usize,
}

/// The answer to `chartq index WORDS`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexLookup {
    pub version: String,
    pub index_fiscal_year: Option<i32>,
    pub matches: Vec<IndexMatch>,
}

/// Checks `code` against `version`.
pub fn check_code(
    backend: &dyn Backend,
    version: &CodeSetVersion,
    code: &str,
    incomplete: bool,
) -> Result<CheckedCode, WorkError> {
    let status = backend.index_code_status(version, code)?;
    let (status, codes_below) = match status {
        IndexCodeStatus::Reportable => (Standing::Reportable, Vec::new()),
        IndexCodeStatus::Category { codes, .. } => (Standing::Category, codes),
        IndexCodeStatus::NotInVersion => (Standing::NotInVersion, Vec::new()),
    };
    Ok(CheckedCode {
        code: code.to_string(),
        incomplete,
        status,
        codes_below,
    })
}

/// The paths `words` lead to (see [`IndexTree::find_paths`]), each with its
/// code checked; `None` when no version has an index tree.
pub fn look_up(
    backend: &dyn Backend,
    words: &[String],
    date: Option<NaiveDate>,
) -> Result<Option<IndexLookup>, WorkError> {
    let Some((version, tree)) = index_version(backend, date)? else {
        return Ok(None);
    };
    let words: Vec<&str> = words
        .iter()
        .flat_map(|w| w.split([',', ' ']))
        .filter(|w| !w.is_empty())
        .collect();
    let mut matches = Vec::new();
    for id in tree.find_paths(&words, MAX_PATHS) {
        matches.push(describe(backend, &version, &tree, id)?);
    }
    Ok(Some(IndexLookup {
        version: version.label.clone(),
        index_fiscal_year: tree.fiscal_year,
        matches,
    }))
}

/// One node as [`IndexMatch`].
pub fn describe(
    backend: &dyn Backend,
    version: &CodeSetVersion,
    tree: &IndexTree,
    id: NodeId,
) -> Result<IndexMatch, WorkError> {
    let path = tree
        .path(id)
        .iter()
        .filter_map(|p| tree.node(*p))
        .map(|n| PathTerm {
            title: n.title.clone(),
            nemod: n.nemod.clone(),
        })
        .collect();
    let Some(node) = tree.node(id) else {
        return Err(WorkError::Conflict(format!("no index term {}", id.0)));
    };
    let code = match &node.code {
        Some(c) => Some(check_code(backend, version, &c.code, c.incomplete)?),
        None => None,
    };
    let manifestation = match &node.manifestation {
        Some(m) => Some(check_code(backend, version, m, false)?),
        None => None,
    };
    let see_leads_to = node
        .see
        .as_deref()
        .and_then(|s| tree.resolve(s))
        .map(|(at, _)| tree.path_text(at));
    Ok(IndexMatch {
        path,
        code,
        manifestation,
        see: node.see.clone(),
        see_leads_to,
        see_also: node.see_also.clone(),
        subterms: node.children.len(),
    })
}
