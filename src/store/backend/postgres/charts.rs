//! Charts on PostgreSQL: reading chart rows (under row-level security),
//! the chart count, chart import and the chart view. Import parses the
//! feed with the same reader as SQLite and COPYs it in batches into the
//! staging tables `chartq.import_begin` made, each batch moved by the
//! definer function `chartq.import_batch`, all in one transaction; then
//! links the import's audit events in short seal steps of their own
//! (`chartq.import_seal`), so `audit verify` never waits for an import.
//! The view's audit event is `chartq.chart_viewed`'s.

use postgres::GenericClient;
use postgres::Row;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;

use super::*;
use crate::domain::chart::{ChartId, Patient};
use crate::ingest::chart_feed::{self, ChartRecord};
use crate::store::charts::{CleanedDocument, Document};

/// The chart columns over `c` (a `chartq.chart` row or function result).
macro_rules! chart_columns {
    () => {
        "c.id, c.account, c.mrn, c.patient_name,
    c.patient_dob, c.patient_sex, c.encounter_type, c.admit_date, c.discharge_date,
    c.service_date, c.date_of_service, c.attending, c.payer, c.facility, c.queue,
    c.priority::bigint, c.due_date, c.status,
    (SELECT login FROM chartq.app_user WHERE id = c.coder_id),
    (SELECT login FROM chartq.app_user WHERE id = c.assigned_to),
    (SELECT login FROM chartq.app_user WHERE id = c.lease_holder), c.lease_until,
    c.hold_reason, c.flagged, c.coded_at,
    (SELECT login FROM chartq.app_user WHERE id = c.coded_by), c.updated_at,
    c.discharge_status"
    };
}
pub(crate) use chart_columns;

/// The chart columns in [`chart_from_row`]'s order (users by login).
pub(crate) const CHART_SELECT: &str = concat!("SELECT ", chart_columns!(), " FROM chartq.chart c");

/// A text column parsed into its type; a failure is a damaged row.
fn parsed<T: std::str::FromStr>(row: &Row, i: usize) -> Result<T, WorkError>
where
    T::Err: std::fmt::Display,
{
    let text: String = row.get(i);
    text.parse()
        .map_err(|e| WorkError::Invalid(format!("chart row, column {i}: {e}")))
}

fn parsed_opt<T: std::str::FromStr>(row: &Row, i: usize) -> Result<Option<T>, WorkError>
where
    T::Err: std::fmt::Display,
{
    match row.get::<_, Option<String>>(i) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|e| WorkError::Invalid(format!("chart row, column {i}: {e}"))),
    }
}

/// One row of [`CHART_SELECT`] as a chart.
pub(crate) fn chart_from_row(row: &Row) -> Result<Chart, WorkError> {
    Ok(Chart {
        id: row.get(0),
        account: row.get(1),
        mrn: row.get(2),
        patient: Patient {
            name: row.get(3),
            dob: row.get(4),
            sex: row.get(5),
        },
        encounter_type: parsed(row, 6)?,
        admit_date: parsed_opt(row, 7)?,
        discharge_date: parsed_opt(row, 8)?,
        service_date: parsed_opt(row, 9)?,
        date_of_service: parsed(row, 10)?,
        attending: row.get(11),
        payer: row.get(12),
        facility: row.get(13),
        queue: row.get(14),
        priority: row.get(15),
        due_date: parsed_opt(row, 16)?,
        status: parsed(row, 17)?,
        coder: row.get(18),
        assigned_to: row.get(19),
        lease_holder: row.get(20),
        lease_until: row
            .get::<_, Option<i64>>(21)
            .map(crate::store::clock::stamp_secs),
        hold_reason: row.get(22),
        flagged: row.get(23),
        coded_at: row.get(24),
        coded_by: row.get(25),
        updated_at: row.get(26),
        discharge_status: parsed_opt(row, 27)?,
    })
}

/// Chart `id` as the session may see it (`chart KEY not found` otherwise).
pub(crate) fn load(
    client: &mut impl GenericClient,
    id: i64,
    key: &ChartRef,
) -> Result<Chart, WorkError> {
    let row = client
        .query_opt(&format!("{CHART_SELECT} WHERE c.id = $1"), &[&id])
        .map_err(pg_error)?
        .ok_or_else(|| crate::store::charts::not_found(key))?;
    chart_from_row(&row)
}

/// A chart key as the definer functions take it: `(id, account)`.
pub(crate) fn key_args(chart: &ChartRef) -> (Option<i64>, Option<String>) {
    match chart {
        ChartRef::Id(ChartId(id)) => (Some(*id), None),
        ChartRef::Account(account) => (None, Some(account.trim().to_string())),
    }
}

/// `Backend::chart_count` on PostgreSQL (the charts the session may see).
pub fn chart_count(pg: &Postgres) -> Result<u64, WorkError> {
    let n: i64 = pg
        .client()
        .query_one("SELECT count(*) FROM chartq.chart", &[])
        .map_err(pg_error)?
        .get(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A chart's documents in order.
fn documents(tx: &mut Transaction<'_>, id: i64) -> Result<Vec<Document>, WorkError> {
    Ok(tx
        .query(
            "SELECT seq::bigint, type, author, time, text FROM chartq.document
             WHERE chart_id = $1 ORDER BY seq",
            &[&id],
        )
        .map_err(pg_error)?
        .iter()
        .map(|r| Document {
            seq: r.get(0),
            doc_type: r.get(1),
            author: r.get(2),
            time: r.get(3),
            text: r.get(4),
        })
        .collect())
}

/// `Backend::show` on PostgreSQL: the whole chart; the view is audited by
/// the database (and renews the viewer's own lease).
pub fn show(pg: &mut Postgres, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
    let (id, account) = key_args(chart);
    pg.transact(|tx| {
        let id: i64 = tx
            .query_one(
                "SELECT chartq.chart_viewed($1, $2, $3)",
                &[&acting_as(actor), &id, &account],
            )
            .map_err(pg_error)?
            .get(0);
        let mut detail = detail(tx, id, chart)?;
        detail.documents = documents(tx, id)?;
        detail.history = super::audit::query(tx, Some(id), None, None, 0)?;
        Ok(detail)
    })
}

/// `Backend::reload` on PostgreSQL: state, codes and queries, not audited.
pub fn reload(pg: &Postgres, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
    pg.transact(|tx| {
        let id = super::resolve_chart_for(tx, actor, chart)?;
        detail(tx, id, chart)
    })
}

/// The chart, its codes, queries and DRG (no documents or history).
fn detail(tx: &mut Transaction<'_>, id: i64, key: &ChartRef) -> Result<ChartDetail, WorkError> {
    Ok(ChartDetail {
        chart: load(tx, id, key)?,
        documents: Vec::new(),
        assignments: super::coding::chart_assignments(tx, id)?,
        provider_queries: super::provider_query::for_chart(tx, id)?,
        history: Vec::new(),
        drg: super::coding::chart_drg(tx, id)?,
    })
}

/// Records per staged batch (one COPY of each staging table, then one
/// call of `chartq.import_batch`).
const IMPORT_BATCH: usize = 5_000;

/// The staging table `import_chart`'s columns, in COPY order.
const CHART_STAGE: &str = "COPY pg_temp.import_chart (line, hash, account, mrn, patient_name,
    patient_dob, patient_sex, encounter_type, admit_date, discharge_date, service_date,
    date_of_service, attending, payer, facility, queue, priority, due_date, discharge_status,
    expected_charges_cents, has_documents) FROM STDIN (FORMAT binary)";

/// Their types.
const CHART_STAGE_TYPES: [Type; 21] = [
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::INT4,
    Type::TEXT,
    Type::TEXT,
    Type::INT8,
    Type::BOOL,
];

/// The staging table `import_document`'s columns, in COPY order.
const DOCUMENT_STAGE: &str = "COPY pg_temp.import_document (line, seq, type, author, time, text)
    FROM STDIN (FORMAT binary)";

const DOCUMENT_STAGE_TYPES: [Type; 6] = [
    Type::INT8,
    Type::INT4,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
];

/// One batch of feed records, staged with their line and source hash.
#[derive(Default)]
struct Batch {
    records: Vec<(i64, String, ChartRecord)>,
}

/// COPYs `batch` into the staging tables (`chartq.import_begin` made
/// them), moves it with `chartq.import_batch` and adds its counts to
/// `summary`.
fn send_batch(
    tx: &mut Transaction<'_>,
    actor: &Actor,
    file: &str,
    batch: &mut Batch,
    summary: &mut ImportSummary,
) -> Result<(), WorkError> {
    if batch.records.is_empty() {
        return Ok(());
    }
    copy_charts(tx, &batch.records).map_err(pg_error)?;
    copy_documents(tx, &batch.records).map_err(pg_error)?;
    batch.records.clear();
    let counts: serde_json::Value = tx
        .query_one(
            "SELECT chartq.import_batch($1, $2)",
            &[&acting_as(actor), &file],
        )
        .map_err(pg_error)?
        .get(0);
    let n = |k: &str| {
        counts
            .get(k)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    summary.created += n("created");
    summary.updated += n("updated");
    summary.unchanged += n("unchanged");
    summary.documents += n("documents");
    Ok(())
}

/// The chart rows of a batch, in COPY's binary format.
fn copy_charts(
    tx: &mut Transaction<'_>,
    records: &[(i64, String, ChartRecord)],
) -> Result<u64, postgres::Error> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let mut writer = BinaryCopyInWriter::new(tx.copy_in(CHART_STAGE)?, &CHART_STAGE_TYPES);
    for (line, hash, r) in records {
        // Out of range fails the table's CHECK, as the JSON text did.
        let priority = i32::try_from(r.priority).unwrap_or(i32::MAX);
        writer.write(&[
            line,
            hash,
            &r.account,
            &r.mrn,
            &r.patient_name,
            &r.patient_dob.to_string(),
            &r.patient_sex,
            &r.encounter_type.as_str(),
            &date(r.admit_date),
            &date(r.discharge_date),
            &date(r.service_date),
            &r.date_of_service.to_string(),
            &r.attending,
            &r.payer,
            &r.facility,
            &r.queue,
            &priority,
            &date(r.due_date),
            &r.discharge_status.map(|s| s.code()),
            &r.expected_charges_cents,
            &r.documents.is_some(),
        ])?;
    }
    writer.finish()
}

/// The documents of a batch (position from 1), in COPY's binary format.
fn copy_documents(
    tx: &mut Transaction<'_>,
    records: &[(i64, String, ChartRecord)],
) -> Result<u64, postgres::Error> {
    let mut writer = BinaryCopyInWriter::new(tx.copy_in(DOCUMENT_STAGE)?, &DOCUMENT_STAGE_TYPES);
    for (line, _, r) in records {
        for (i, d) in r.documents.iter().flatten().enumerate() {
            let seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
            let time = d.time.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string());
            writer.write(&[line, &seq, &d.doc_type.as_str(), &d.author, &time, &d.text])?;
        }
    }
    writer.finish()
}

/// Events linked per seal step after an import.
const SEAL_STEP: i64 = 10_000;

/// Links the committed import's events into the audit chain, a short
/// transaction per [`SEAL_STEP`] events, never waiting for the chain's
/// lock: when another transaction holds it, the rest is left to it, to
/// the writes that follow and to `audit verify` (which seals first). A
/// failure here is not the import's: it has committed.
fn seal_after_import(pg: &Postgres) {
    let mut client = pg.client();
    loop {
        let sealed = client
            .query_one("SELECT chartq.import_seal($1)", &[&SEAL_STEP])
            .map(|r| r.get::<_, i64>(0));
        match sealed {
            Ok(n) if n >= SEAL_STEP => continue,
            _ => break,
        }
    }
}

/// `Backend::import_charts` on PostgreSQL: the feed, all or nothing.
pub fn import_charts(
    pg: &mut Postgres,
    actor: &Actor,
    reader: &mut dyn Read,
    file_name: &str,
    format: Format,
) -> Result<ImportSummary, WorkError> {
    actor.require(Role::Supervisor, "importing charts")?;
    let summary = pg.transact(|tx| {
        tx.execute("SELECT chartq.import_begin($1)", &[&acting_as(actor)])
            .map_err(pg_error)?;
        let mut summary = ImportSummary {
            file: file_name.to_string(),
            ..Default::default()
        };
        let mut batch = Batch::default();
        let mut cleaned = Vec::new();
        let charts = chart_feed::read_feed(reader, file_name, format, |line, record| {
            let docs = record.documents.iter().flatten().enumerate();
            cleaned.extend(
                docs.filter(|(_, d)| d.cleaned_chars > 0)
                    .map(|(document, d)| CleanedDocument {
                        line,
                        document,
                        characters: d.cleaned_chars,
                    }),
            );
            let hash = crate::store::charts::record_hash(&record);
            let line = i64::try_from(line).unwrap_or(i64::MAX);
            batch.records.push((line, hash, record));
            if batch.records.len() >= IMPORT_BATCH {
                send_batch(tx, actor, file_name, &mut batch, &mut summary)?;
            }
            Ok::<(), WorkError>(())
        })?;
        send_batch(tx, actor, file_name, &mut batch, &mut summary)?;
        summary.charts = charts;
        summary.cleaned_documents = cleaned;
        let details = serde_json::json!({
            "file": file_name,
            "charts": summary.charts,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "documents_cleaned": summary.cleaned_documents.len(),
        });
        tx.execute(
            "SELECT chartq.charts_imported($1, $2)",
            &[&acting_as(actor), &details],
        )
        .map_err(pg_error)?;
        Ok(summary)
    })?;
    seal_after_import(pg);
    Ok(summary)
}
