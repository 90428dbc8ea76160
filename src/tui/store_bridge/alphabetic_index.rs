//! The store side of the index browser: the Alphabetic Index tree of the
//! ICD-10-CM version a chart is coded in (read once per version and
//! shared), and its codes checked against that version. Apart from the
//! workbench's file, which holds the chart operations.

use std::sync::Arc;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::StoreWorkbench;
use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::domain::index_tree::{IndexCodeStatus, IndexTree};

impl StoreWorkbench {
    /// The tree of the ICD-10-CM version valid on `date`, if imported.
    pub(super) fn index_tree_on(&mut self, date: NaiveDate) -> Result<Option<Arc<IndexTree>>> {
        let Some(version) = self.version(CodeSystem::Icd10Cm, date)? else {
            return Ok(None);
        };
        if let Some(tree) = self.index_trees.get(&version.id) {
            return Ok(Some(tree.clone()));
        }
        let tree = self.store.index_tree(&version)?.map(Arc::new);
        if let Some(t) = &tree {
            self.index_trees.insert(version.id, t.clone());
        }
        Ok(tree)
    }

    /// What `code` is in the ICD-10-CM version valid on `date`.
    pub(super) fn index_code_status_on(
        &mut self,
        date: NaiveDate,
        code: &str,
    ) -> Result<Option<IndexCodeStatus>> {
        let Some(version) = self.version(CodeSystem::Icd10Cm, date)? else {
            return Ok(None);
        };
        Ok(Some(self.store.index_code_status(&version, code)?))
    }

    /// The version of `system` valid on `date`. Code sets do not change
    /// under a running session: one lookup per system and date is enough.
    pub(super) fn version(
        &mut self,
        system: CodeSystem,
        date: NaiveDate,
    ) -> Result<Option<CodeSetVersion>> {
        if let Some(v) = self.versions.get(&(system, date)) {
            return Ok(v.clone());
        }
        let v = self.store.version_on(system, date)?;
        self.versions.insert((system, date), v.clone());
        Ok(v)
    }
}
