//! Versioned schema migrations. `PRAGMA user_version` holds the number of
//! migrations applied; each migration runs in its own transaction, so a crash
//! leaves the database at a whole version. Migrations are append-only: once
//! one has shipped it is never edited, a change is a new file.

/// Every migration in order; `MIGRATIONS[i]` takes the schema from version
/// `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_code_sets.sql"),
    include_str!("migrations/0002_people.sql"),
    include_str!("migrations/0003_charts.sql"),
    include_str!("migrations/0004_coding.sql"),
    include_str!("migrations/0005_audit.sql"),
    include_str!("migrations/0006_search_snapshots.sql"),
    include_str!("migrations/0007_index_terms.sql"),
    include_str!("migrations/0008_borrowed_notes.sql"),
    include_str!("migrations/0009_audit_chain.sql"),
    include_str!("migrations/0010_provider_answer_attribution.sql"),
    include_str!("migrations/0011_discharge_status.sql"),
    include_str!("migrations/0012_poa_exempt.sql"),
    include_str!("migrations/0013_chart_drg.sql"),
    include_str!("migrations/0014_index_tree.sql"),
    include_str!("migrations/0015_review.sql"),
    include_str!("migrations/0016_reports.sql"),
    include_str!("migrations/0017_review_tally.sql"),
    include_str!("migrations/0018_working_drg.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
