-- Code assignments on a chart and provider queries about it.
CREATE TABLE assignment (
    id          INTEGER PRIMARY KEY,
    chart_id    INTEGER NOT NULL REFERENCES chart (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,           -- 1-based position on the chart
    system      TEXT NOT NULL CHECK (system IN ('ICD-10-CM', 'ICD-10-PCS', 'CPT', 'HCPCS')),
    code        TEXT NOT NULL,              -- as issued (E11.22)
    version_id  INTEGER REFERENCES code_set_version (id) ON DELETE SET NULL,
    billable    INTEGER NOT NULL CHECK (billable IN (0, 1)),
    title       TEXT NOT NULL,
    role        TEXT NOT NULL
        CHECK (role IN ('principal', 'secondary', 'admitting', 'reason', 'procedure')),
    poa         TEXT CHECK (poa IN ('Y', 'N', 'U', 'W', '1')),
    modifiers   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(modifiers)),
    units       INTEGER CHECK (units >= 1),
    pointers    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pointers)),
    assigned_by INTEGER NOT NULL REFERENCES app_user (id),
    assigned_at TEXT NOT NULL,
    UNIQUE (chart_id, system, code)
);
CREATE INDEX assignment_by_chart ON assignment (chart_id, seq);

CREATE TABLE provider_query (
    id          INTEGER PRIMARY KEY,
    chart_id    INTEGER NOT NULL REFERENCES chart (id) ON DELETE CASCADE,
    provider    TEXT NOT NULL,
    question    TEXT NOT NULL,
    options     TEXT NOT NULL CHECK (json_valid(options)),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'open', 'answered', 'closed')),
    response    TEXT,
    asked_by    INTEGER NOT NULL REFERENCES app_user (id),
    asked_at    TEXT NOT NULL,
    answered_by INTEGER REFERENCES app_user (id),
    answered_at TEXT,
    closed_by   INTEGER REFERENCES app_user (id),
    closed_at   TEXT
);
CREATE INDEX provider_query_by_chart ON provider_query (chart_id, status);
CREATE INDEX provider_query_by_status ON provider_query (status);
