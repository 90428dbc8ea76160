-- Charts (encounters) and their clinical documents, with the work-queue
-- state that travels with each chart.
CREATE TABLE chart (
    id              INTEGER PRIMARY KEY,
    account         TEXT NOT NULL UNIQUE,
    mrn             TEXT NOT NULL,
    patient_name    TEXT NOT NULL,
    patient_dob     TEXT NOT NULL,          -- YYYY-MM-DD
    patient_sex     TEXT NOT NULL CHECK (patient_sex IN ('F', 'M', 'U')),
    encounter_type  TEXT NOT NULL
        CHECK (encounter_type IN ('inpatient', 'outpatient', 'ed', 'observation', 'profee')),
    admit_date      TEXT,
    discharge_date  TEXT,
    service_date    TEXT,
    -- The date that picks the code-set version: discharge date for
    -- inpatients, service date for everyone else.
    date_of_service TEXT NOT NULL,
    attending       TEXT,
    payer           TEXT,
    facility        TEXT,
    queue           TEXT NOT NULL,
    priority        INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
    due_date        TEXT,
    status          TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'in_progress', 'on_hold', 'coded', 'audited')),
    -- The coder who worked the chart last (kept through holds and queries).
    coder_id        INTEGER REFERENCES app_user (id),
    -- A supervisor's assignment, or the coder an answered provider query
    -- returned the chart to: only that user may claim it while it is new.
    assigned_to     INTEGER REFERENCES app_user (id),
    -- The claim: who holds the lease and until when (unix seconds).
    lease_holder    INTEGER REFERENCES app_user (id),
    lease_until     INTEGER,
    hold_reason     TEXT,
    -- Set when an answered provider query sends the chart back.
    flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    coded_at        TEXT,
    coded_by        INTEGER REFERENCES app_user (id),
    -- Hash of the imported record, so re-importing an unchanged line is a no-op.
    source_hash     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK ((status = 'in_progress') = (lease_holder IS NOT NULL AND lease_until IS NOT NULL))
);

-- The claim order (priority, due date, oldest date of service) within one
-- status: claims read the first `new` row of it, lists a page of it.
CREATE INDEX chart_status_order ON chart
    (status, priority, ifnull(due_date, '9999-12-31'), date_of_service, id);
-- The same order over every status (an unfiltered list).
CREATE INDEX chart_list_order ON chart
    (priority, ifnull(due_date, '9999-12-31'), date_of_service, id);
CREATE INDEX chart_lease ON chart (lease_until) WHERE status = 'in_progress';
CREATE INDEX chart_by_coder ON chart (coder_id);
CREATE INDEX chart_coded ON chart (coded_at) WHERE coded_at IS NOT NULL;

CREATE TABLE document (
    id       INTEGER PRIMARY KEY,
    chart_id INTEGER NOT NULL REFERENCES chart (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    type     TEXT NOT NULL CHECK (type IN ('hp', 'progress_note', 'operative_report',
        'discharge_summary', 'ed_note', 'clinic_note', 'consult', 'radiology', 'pathology')),
    author   TEXT,
    time     TEXT,
    text     TEXT NOT NULL,
    UNIQUE (chart_id, seq)
);
