//! Code sets on PostgreSQL: versions, code detail, the index tree, search
//! snapshots, imports and seeding (pg-coding fills these in).

use super::*;

/// `Backend::versions` on PostgreSQL.
pub fn versions(_pg: &Postgres) -> Result<Vec<CodeSetVersion>, WorkError> {
    Err(not_yet("versions"))
}

/// `Backend::version_on` on PostgreSQL.
pub fn version_on(
    _pg: &Postgres,
    _system: CodeSystem,
    _date: NaiveDate,
) -> Result<Option<CodeSetVersion>, WorkError> {
    Err(not_yet("version_on"))
}

/// `Backend::code_detail` on PostgreSQL.
pub fn code_detail(
    _pg: &Postgres,
    _version: &CodeSetVersion,
    _code: &str,
) -> Result<Option<CodeDetail>, WorkError> {
    Err(not_yet("code_detail"))
}

/// `Backend::poa_exempt_list` on PostgreSQL.
pub fn poa_exempt_list(
    _pg: &Postgres,
    _fiscal_year: i32,
) -> Result<Option<Vec<String>>, WorkError> {
    Err(not_yet("poa_exempt_list"))
}

/// `Backend::tabular_notes` on PostgreSQL.
pub fn tabular_notes(_pg: &Postgres, _version: &CodeSetVersion) -> Result<Vec<Code>, WorkError> {
    Err(not_yet("tabular_notes"))
}

/// `Backend::index_tree` on PostgreSQL.
pub fn index_tree(
    _pg: &Postgres,
    _version: &CodeSetVersion,
) -> Result<Option<IndexTree>, WorkError> {
    Err(not_yet("index_tree"))
}

/// `Backend::index_code_status` on PostgreSQL.
pub fn index_code_status(
    _pg: &Postgres,
    _version: &CodeSetVersion,
    _code: &str,
) -> Result<IndexCodeStatus, WorkError> {
    Err(not_yet("index_code_status"))
}

/// `Backend::read_snapshot` on PostgreSQL.
pub fn read_snapshot(
    _pg: &Postgres,
    _version_id: i64,
    _format: i64,
    _reader: &mut dyn FnMut(&dyn SnapshotBytes),
) -> Result<SnapshotRead, WorkError> {
    Err(not_yet("read_snapshot"))
}

/// `Backend::write_snapshot` on PostgreSQL.
pub fn write_snapshot(
    _pg: &mut Postgres,
    _version_id: i64,
    _format: i64,
    _bytes: &[u8],
    _replace: bool,
) -> Result<bool, WorkError> {
    Err(not_yet("write_snapshot"))
}

/// `Backend::version_before` on PostgreSQL.
pub fn version_before(
    _pg: &Postgres,
    _system: CodeSystem,
    _date: NaiveDate,
    _tabular_only: bool,
) -> Result<Option<CodeSetVersion>, WorkError> {
    Err(not_yet("version_before"))
}

/// `Backend::code_set` on PostgreSQL.
pub fn code_set(_pg: &Postgres, _version_id: i64) -> Result<CodeSet, WorkError> {
    Err(not_yet("code_set"))
}

/// `Backend::billable_titles` on PostgreSQL.
pub fn billable_titles(
    _pg: &Postgres,
    _version_id: i64,
) -> Result<HashMap<String, String>, WorkError> {
    Err(not_yet("billable_titles"))
}

/// `Backend::import_code_set` on PostgreSQL.
pub fn import_code_set(
    _pg: &mut Postgres,
    _actor: &Actor,
    _new: &NewCodeSet<'_>,
    _encode: SnapshotEncoder<'_>,
) -> Result<i64, WorkError> {
    Err(not_yet("import_code_set"))
}

/// `Backend::import_index_terms` on PostgreSQL.
pub fn import_index_terms(
    _pg: &mut Postgres,
    _actor: &Actor,
    _version: &CodeSetVersion,
    _index: &IndexFile,
    _tree: Option<&IndexTree>,
    _encode: SnapshotEncoder<'_>,
) -> Result<(AttachedTerms, Option<usize>), WorkError> {
    Err(not_yet("import_index_terms"))
}

/// `Backend::import_poa_exempt_list` on PostgreSQL.
pub fn import_poa_exempt_list(
    _pg: &mut Postgres,
    _actor: &Actor,
    _list: &NewPoaExemptList<'_>,
) -> Result<usize, WorkError> {
    Err(not_yet("import_poa_exempt_list"))
}

/// `Backend::bundled_holding` on PostgreSQL.
pub fn bundled_holding(_pg: &Postgres, _spec: &VersionSpec) -> Result<BundledHolding, WorkError> {
    Err(not_yet("bundled_holding"))
}

/// `Backend::seed_code_set` on PostgreSQL.
pub fn seed_code_set(
    _pg: &mut Postgres,
    _new: &NewCodeSet<'_>,
    _audit: SeedAudit,
) -> Result<Option<i64>, WorkError> {
    Err(not_yet("seed_code_set"))
}

/// `Backend::update_bundled` on PostgreSQL.
pub fn update_bundled(
    _pg: &mut Postgres,
    _spec: &VersionSpec,
    _audit: SeedAudit,
) -> Result<Option<String>, WorkError> {
    Err(not_yet("update_bundled"))
}
