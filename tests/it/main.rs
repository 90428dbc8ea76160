//! The integration tests, one binary (`cargo test --test it`; a module
//! alone: `cargo test --test it tui_keys::`). Shared helpers are in
//! `support`; test data stays beside this directory (`tests/fixtures`,
//! `tests/snapshots`, `tests/relevance`, `tests/search_corpus`).
//!
//! One process runs every test: no test may change process-global state
//! (environment, working directory, umask); see `support`.

mod support;

mod access_matrix;
mod architecture;
mod audit_chain;
mod auth_cli;
mod cli_output_escapes;
mod cm_index_tree;
mod codes_bundled;
mod codes_cli;
mod codes_cm_index;
mod codes_fy2027;
mod codes_fy2027_cli;
mod codes_index_cli;
mod codes_real_files;
mod coding_edits_cli;
mod coverage_cli;
mod demo_cli;
mod demo_codes;
mod demo_edits;
mod demo_feed;
mod demo_shift;
mod demo_tui;
mod drg_demo_pty;
mod drg_group_cli;
mod drg_store;
mod drg_tui;
mod firstrun_cli;
mod hostile_code_files;
mod hostile_corpus;
mod hostile_inputs;
mod messages_cli;
mod no_real_date;
mod pcs_builder;
mod pcs_builder_tui;
mod pg_audit_guards;
mod pg_coding;
mod pg_coding_flow;
mod pg_concurrency;
mod pg_core;
mod pg_reports;
mod pg_review;
mod pg_security;
mod pg_tui_team;
mod phi_argv;
mod provider_answers;
mod queue_cli;
mod queue_concurrency;
mod queue_crash;
mod queue_export;
mod queue_ownership;
mod queue_qa;
mod readme_blocks;
mod report_fixture;
mod report_tui;
mod review_accuracy;
mod review_cli;
mod review_periods;
mod review_tui;
mod review_tui_form;
mod search_cli;
mod search_generalise;
mod search_index;
mod search_lay_index;
mod search_pcs;
mod search_relevance;
mod search_snapshots;
mod skip_summary;
mod store_api;
mod store_durability;
mod store_files;
mod store_import_corpus;
mod store_migrations;
mod tui_contract;
mod tui_hints;
mod tui_keys;
mod tui_pty;
mod tui_snapshots;
mod working_drg;
