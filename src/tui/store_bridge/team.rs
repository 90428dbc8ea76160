//! The TUI on a PostgreSQL team database (issue 13): the workbench as the
//! database's login and code search from the database's snapshots, so two
//! coders on one host each work as themselves from one queue.

use std::sync::Arc;

use color_eyre::eyre::{Result, eyre};

use super::{Opened, StoreWorkbench, warm_tables};
use crate::app::Context;
use crate::app::context::{Database, current_actor};
use crate::search::{DatedSearch, LoadError, Uncovered};
use crate::store::backend::postgres::Postgres;
use crate::tui::workbench::{CodeSearcher, Workbench};
use crate::tui::worker::IndexLoader;

/// The workbench on a PostgreSQL team database, as the database's login
/// (peer authentication: the OS login). Code search reads the snapshots
/// from the database on the worker's own connection, as `chartq search`
/// does; the facility's zone is the config's, as on SQLite.
pub(super) fn open(ctx: &Context) -> Result<Opened> {
    let Database::Postgres(url) = ctx.database()? else {
        return Err(eyre!("not a PostgreSQL database"));
    };
    let backend = ctx.open_backend()?;
    let actor = current_actor(&*backend, ctx.options.acting_as.as_deref())?;
    let zone = crate::app::reports::facility_zone(&ctx.config)?;
    let mut workbench = StoreWorkbench::over(backend, actor, ctx.clock.today());
    workbench.set_facility_zone(zone);
    Ok(Opened {
        workbench: Box::new(workbench),
        index_loader: index_loader(url),
        demo: None,
    })
}

/// The search worker's index loader on a team database: its own connection to `url`, the
/// newest versions loaded so the first search is ready.
fn index_loader(url: String) -> IndexLoader {
    Box::new(move || {
        warm_tables();
        let backend = Postgres::connect(&url).map_err(|e| e.to_string())?;
        let searcher = DatedSearch::from_backend(Box::new(backend)).map_err(|e| match e {
            LoadError::Empty => "no code sets installed (chartq codes import)".to_string(),
            other => other.to_string(),
        })?;
        let newest = searcher
            .select(None, &[], Uncovered::Refuse)
            .map_err(|e| e.to_string())?;
        searcher.index(Some(&newest)).map_err(|e| e.to_string())?;
        Ok(Arc::new(searcher) as Arc<dyn CodeSearcher>)
    })
}
