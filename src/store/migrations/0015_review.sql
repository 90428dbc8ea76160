-- Second-level review (issue 15): supervisors' review plans, the periods
-- each plan sampled, one review per sampled chart, and the auditor's
-- decision on every code. The coder's codes are copied into review_code
-- when the chart is sampled and never changed there (the original set);
-- the reviewed set becomes the chart's codes when the review closes.
CREATE TABLE review_plan (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- The scope: a work queue, a coder, both, or neither (every chart).
    queue       TEXT,
    coder_id    INTEGER REFERENCES app_user (id),
    mode        TEXT NOT NULL CHECK (mode IN ('prebill', 'retrospective')),
    -- The rules as written (`random:5%`, ...), a JSON array of strings.
    rules       TEXT NOT NULL CHECK (json_valid(rules)),
    seed        INTEGER NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES app_user (id),
    created_at  TEXT NOT NULL,
    ended_on    TEXT,
    ended_by    INTEGER REFERENCES app_user (id)
);

-- A closed period a plan sampled: each once.
CREATE TABLE review_sample (
    plan_id     INTEGER NOT NULL REFERENCES review_plan (id),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    finalized   INTEGER NOT NULL,
    sampled     INTEGER NOT NULL,
    sampled_by  INTEGER NOT NULL REFERENCES app_user (id),
    sampled_at  TEXT NOT NULL,
    PRIMARY KEY (plan_id, period_from)
);

CREATE TABLE review (
    id              INTEGER PRIMARY KEY,
    -- A chart is sampled once, whichever plan or rule picked it.
    chart_id        INTEGER NOT NULL UNIQUE REFERENCES chart (id) ON DELETE CASCADE,
    plan_id         INTEGER NOT NULL REFERENCES review_plan (id),
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    -- The rule kinds that picked it, a JSON array.
    rules           TEXT NOT NULL CHECK (json_valid(rules)),
    mode            TEXT NOT NULL CHECK (mode IN ('prebill', 'retrospective')),
    -- Who finalized the chart, its queue and when (at sampling).
    coder_id        INTEGER REFERENCES app_user (id),
    queue           TEXT NOT NULL,
    finalized_at    TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_review', 'closed')),
    lease_holder    INTEGER REFERENCES app_user (id),
    lease_until     INTEGER,
    sampled_at      TEXT NOT NULL,
    closed_at       TEXT,
    closed_by       INTEGER REFERENCES app_user (id),
    changed         INTEGER CHECK (changed IN (0, 1)),
    -- The DRG before and after review (FinalDrg as JSON; NULL without).
    original_drg    TEXT CHECK (original_drg IS NULL OR json_valid(original_drg)),
    reviewed_drg    TEXT CHECK (reviewed_drg IS NULL OR json_valid(reviewed_drg)),
    -- Retrospective reviews that changed codes: when the correction was
    -- made (the chart is exported again, flagged as a replacement).
    corrected_at    TEXT,
    outcome_seen_at TEXT,
    rebuttal        TEXT,
    rebutted_at     TEXT,
    rebuttal_status TEXT CHECK (rebuttal_status IN ('open', 'accepted', 'upheld')),
    rebuttal_answer TEXT,
    rebuttal_answered_at TEXT,
    rebuttal_answered_by INTEGER REFERENCES app_user (id),
    CHECK ((status = 'in_review') = (lease_holder IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE INDEX review_by_status ON review (status, id);
CREATE INDEX review_by_coder ON review (coder_id, finalized_at);
CREATE INDEX review_by_plan ON review (plan_id, finalized_at);

-- One row per code: the coder's (orig_*; NULL for a code the auditor
-- added) and the auditor's decision on it (new_*: the code as reviewed).
CREATE TABLE review_code (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    orig_seq        INTEGER,
    orig_system     TEXT,
    orig_code       TEXT,
    orig_title      TEXT,
    orig_role       TEXT,
    orig_poa        TEXT,
    orig_modifiers  TEXT CHECK (orig_modifiers IS NULL OR json_valid(orig_modifiers)),
    orig_units      INTEGER,
    orig_pointers   TEXT CHECK (orig_pointers IS NULL OR json_valid(orig_pointers)),
    orig_version_id INTEGER,
    orig_billable   INTEGER,
    orig_assigned_by INTEGER REFERENCES app_user (id),
    decision        TEXT CHECK (decision IN ('agree', 'change', 'add', 'delete')),
    new_seq         INTEGER,
    new_system      TEXT,
    new_code        TEXT,
    new_title       TEXT,
    new_role        TEXT,
    new_poa         TEXT,
    new_modifiers   TEXT CHECK (new_modifiers IS NULL OR json_valid(new_modifiers)),
    new_version_id  INTEGER,
    new_billable    INTEGER,
    reason          TEXT CHECK (reason IN ('specificity', 'sequencing', 'missing_secondary',
        'unsupported', 'poa', 'guideline')),
    comment         TEXT,
    decided_at      TEXT,
    CHECK (orig_code IS NOT NULL OR decision = 'add')
);
CREATE INDEX review_code_by_review ON review_code (review_id, id);
