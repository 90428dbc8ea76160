//! Charts: importing the feed, finding a chart by the key a user types, and
//! showing one whole (the access is audited).

use crate::domain::audit::{AuditDetail, FeedLine};
use std::io::Read;
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::audit;
use super::{Store, WorkError, clock};
use crate::domain::chart::{Chart, ChartId, ChartRef, Patient};
use crate::domain::people::Actor;
use crate::domain::people::Role;
use crate::ingest::chart_feed;
pub use crate::ingest::chart_feed::{
    CSV_COLUMNS, ChartRecord, DocumentRecord, Format, ImportError, MAX_DOCUMENT_BYTES,
};

/// The columns [`chart_from_row`] reads, over `chart c`.
pub(crate) const CHART_COLUMNS: &str = "c.id, c.account, c.mrn, c.patient_name, c.patient_dob,
    c.patient_sex, c.encounter_type, c.admit_date, c.discharge_date, c.service_date,
    c.date_of_service, c.attending, c.payer, c.facility, c.queue, c.priority, c.due_date,
    c.status, (SELECT login FROM app_user WHERE id = c.coder_id),
    (SELECT login FROM app_user WHERE id = c.assigned_to),
    (SELECT login FROM app_user WHERE id = c.lease_holder), c.lease_until, c.hold_reason,
    c.flagged, c.coded_at, (SELECT login FROM app_user WHERE id = c.coded_by), c.updated_at,
    c.discharge_status";

/// Column `i` read as text and parsed: the store wrote it from a typed
/// value, so a failure means a damaged row, reported as one.
fn parsed<T: FromStr>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    let text: String = r.get(i)?;
    text.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("{e}").into(),
        )
    })
}

/// [`parsed`] for a column that may be NULL.
fn parsed_opt<T: FromStr>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parsed(r, i).map(Some),
    }
}

pub(crate) fn chart_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Chart> {
    Ok(Chart {
        id: r.get(0)?,
        account: r.get(1)?,
        mrn: r.get(2)?,
        patient: Patient {
            name: r.get(3)?,
            dob: r.get(4)?,
            sex: r.get(5)?,
        },
        encounter_type: parsed(r, 6)?,
        admit_date: parsed_opt(r, 7)?,
        discharge_date: parsed_opt(r, 8)?,
        service_date: parsed_opt(r, 9)?,
        date_of_service: parsed(r, 10)?,
        attending: r.get(11)?,
        payer: r.get(12)?,
        facility: r.get(13)?,
        queue: r.get(14)?,
        priority: r.get(15)?,
        due_date: parsed_opt(r, 16)?,
        status: parsed(r, 17)?,
        coder: r.get(18)?,
        assigned_to: r.get(19)?,
        lease_holder: r.get(20)?,
        lease_until: r.get::<_, Option<i64>>(21)?.map(clock::stamp_secs),
        hold_reason: r.get(22)?,
        flagged: r.get(23)?,
        coded_at: r.get(24)?,
        coded_by: r.get(25)?,
        updated_at: r.get(26)?,
        discharge_status: parsed_opt(r, 27)?,
    })
}

/// One chart by id.
pub(crate) fn load(conn: &Connection, id: i64) -> Result<Chart, WorkError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {CHART_COLUMNS} FROM chart c WHERE c.id = ?1"
        ))?
        .query_row([id], chart_from_row)?)
}

/// The chart `chart` names (by id, or by account number), whoever asks.
/// Only for code that checks access itself; every user-facing path goes
/// through [`access::resolve`] (which refuses a chart the user may not see
/// exactly like one that does not exist). An id is never looked up as an
/// account number or the other way round, so a feed with numeric account
/// numbers ("12") cannot send an action to chart id 12.
pub(crate) fn resolve(conn: &Connection, chart: &ChartRef) -> Result<i64, WorkError> {
    let found = match chart {
        ChartRef::Id(ChartId(id)) => conn
            .prepare_cached("SELECT id FROM chart WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?,
        ChartRef::Account(account) => conn
            .prepare_cached("SELECT id FROM chart WHERE account = ?1")?
            .query_row([account.trim()], |r| r.get(0))
            .optional()?,
    };
    found.ok_or_else(|| not_found(chart))
}

/// `chart KEY not found`: for a chart that does not exist, and (the same
/// words) for one the user may not see.
pub(crate) fn not_found(chart: &ChartRef) -> WorkError {
    WorkError::NotFound {
        what: "chart",
        key: crate::domain::text::single_line(&chart.to_string()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub seq: i64,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub author: Option<String>,
    pub time: Option<String>,
    /// Already cleaned of terminal control sequences at import.
    pub text: String,
}

/// How many charts the database holds, in any status (0: no feed was ever
/// imported; the TUI's getting-started guidance).
pub fn count(store: &Store) -> Result<u64, WorkError> {
    store.read(|c| {
        let n: i64 = c.query_row("SELECT count(*) FROM chart", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    })
}

/// A chart's documents in order.
pub(crate) fn documents(conn: &Connection, chart_id: i64) -> Result<Vec<Document>, WorkError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, type, author, time, text FROM document WHERE chart_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([chart_id], |r| {
        Ok(Document {
            seq: r.get(0)?,
            doc_type: r.get(1)?,
            author: r.get(2)?,
            time: r.get(3)?,
            text: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub charts: u64,
    pub created: u64,
    pub updated: u64,
    /// Lines identical to what is stored (a re-import of the same feed).
    pub unchanged: u64,
    pub documents: u64,
    /// Documents whose text had terminal control sequences or characters
    /// removed (see [`crate::domain::text`]), in file order: where, and how many
    /// characters; never the text (it is patient data).
    pub cleaned_documents: Vec<CleanedDocument>,
}

/// One document the import changed by cleaning it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CleanedDocument {
    /// The feed's line.
    pub line: u64,
    /// The document's position in the line's `documents` (from 0, as the
    /// feed's field `documents[N]` and import errors count).
    pub document: usize,
    /// Characters removed.
    pub characters: usize,
}

/// Imports a chart feed (supervisors and admins). All or nothing: the whole
/// feed is one transaction, and any bad line rolls it back with an error
/// naming `file_name`, the line and the field. Idempotent by account: a
/// re-import updates demographics and documents (CSV keeps documents) and
/// never touches status, assignments or provider queries.
pub fn import(
    store: &mut Store,
    actor: &Actor,
    reader: impl Read,
    file_name: &str,
    format: Format,
) -> Result<ImportSummary, WorkError> {
    actor.require(Role::Supervisor, "importing charts")?;
    // A large page cache keeps the chart indexes' pages in memory for the
    // whole transaction instead of writing each to the WAL again and again
    // (the WAL of a 100,000-chart import shrinks several-fold).
    store.set_cache_kib(IMPORT_CACHE_KIB)?;
    let result = store.transact(|tx| {
        let mut summary = ImportSummary {
            file: file_name.to_string(),
            ..Default::default()
        };
        let charts = chart_feed::read_feed(reader, file_name, format, |line, record| {
            let docs = record.documents.iter().flatten().enumerate();
            summary
                .cleaned_documents
                .extend(
                    docs.filter(|(_, d)| d.cleaned_chars > 0)
                        .map(|(document, d)| CleanedDocument {
                            line,
                            document,
                            characters: d.cleaned_chars,
                        }),
                );
            write_chart(tx, actor, file_name, line, &record, &mut summary)
        })?;
        summary.charts = charts;
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::ChartsImported {
                file: file_name.to_string(),
                charts: summary.charts,
                created: summary.created,
                updated: summary.updated,
                unchanged: summary.unchanged,
                documents_cleaned: summary.cleaned_documents.len(),
            },
        )?;
        Ok(summary)
    });
    store.set_cache_kib(super::DEFAULT_CACHE_KIB)?;
    result
}

/// Page cache for an import (KiB); only what the import touches is used.
const IMPORT_CACHE_KIB: i64 = 256 << 10;

fn write_chart(
    tx: &Transaction<'_>,
    actor: &Actor,
    file: &str,
    line: u64,
    r: &ChartRecord,
    summary: &mut ImportSummary,
) -> Result<(), WorkError> {
    let hash = record_hash(r);
    let existing: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, source_hash FROM chart WHERE account = ?1")?
        .query_row([&r.account], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let now = clock::stamp(clock::now());
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let fields = params![
        r.mrn,
        r.patient_name,
        r.patient_dob.to_string(),
        r.patient_sex,
        r.encounter_type.as_str(),
        date(r.admit_date),
        date(r.discharge_date),
        date(r.service_date),
        r.date_of_service.to_string(),
        r.attending,
        r.payer,
        r.facility,
        r.queue,
        r.priority,
        date(r.due_date),
        hash,
        now,
        r.account,
        r.discharge_status.map(|s| s.code()),
        r.expected_charges_cents,
    ];
    let (id, detail): (i64, fn(FeedLine) -> AuditDetail) = match existing {
        Some((_, old)) if old == hash => {
            summary.unchanged += 1;
            return Ok(());
        }
        Some((id, _)) => {
            tx.prepare_cached(
                "UPDATE chart SET mrn = ?1, patient_name = ?2, patient_dob = ?3, patient_sex = ?4,
                    encounter_type = ?5, admit_date = ?6, discharge_date = ?7, service_date = ?8,
                    date_of_service = ?9, attending = ?10, payer = ?11, facility = ?12, queue = ?13,
                    priority = ?14, due_date = ?15, source_hash = ?16, updated_at = ?17,
                    discharge_status = ?19, expected_charges_cents = ?20
                 WHERE account = ?18",
            )?
            .execute(fields)?;
            summary.updated += 1;
            (id, AuditDetail::ChartUpdated)
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO chart (mrn, patient_name, patient_dob, patient_sex, encounter_type,
                    admit_date, discharge_date, service_date, date_of_service, attending, payer,
                    facility, queue, priority, due_date, source_hash, imported_at, updated_at, account,
                    discharge_status, expected_charges_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19, ?20)",
            )?
            .execute(fields)?;
            summary.created += 1;
            (tx.last_insert_rowid(), AuditDetail::ChartCreated)
        }
    };
    if let Some(docs) = &r.documents {
        tx.prepare_cached("DELETE FROM document WHERE chart_id = ?1")?
            .execute([id])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO document (chart_id, seq, type, author, time, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (seq, d) in docs.iter().enumerate() {
            insert.execute(params![
                id,
                seq as i64 + 1,
                d.doc_type.as_str(),
                d.author,
                d.time.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
                d.text
            ])?;
        }
        summary.documents += docs.len() as u64;
    }
    let at = FeedLine {
        file: file.to_string(),
        line,
    };
    audit::record(tx, actor, Some(id), detail(at))
}

/// FNV-1a over the record's JSON: stable across builds (unlike std's
/// hasher), and a change of any field changes it.
pub(crate) fn record_hash(r: &ChartRecord) -> String {
    let bytes = serde_json::to_vec(r).unwrap_or_default();
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}
