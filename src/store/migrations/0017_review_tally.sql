-- The accuracy report's maintained counts (issue 15): one row per closed
-- review, what that review adds to the report (`domain::review::accuracy::
-- Tally`), written by the same function the report's formulas are tested
-- with, in the transaction that closes the review or answers its
-- rebuttal. A report sums these rows instead of reading every code of
-- every review. A review closed before this table existed has no row and
-- is tallied from its codes when read.
CREATE TABLE review_tally (
    review_id                INTEGER PRIMARY KEY REFERENCES review (id) ON DELETE CASCADE,
    -- 1 when the review changed nothing (the chart counts as agreed).
    charts_unchanged         INTEGER NOT NULL CHECK (charts_unchanged IN (0, 1)),
    codes_agreed             INTEGER NOT NULL CHECK (codes_agreed >= 0),
    codes_total              INTEGER NOT NULL CHECK (codes_total >= codes_agreed),
    principal_agreed         INTEGER NOT NULL CHECK (principal_agreed >= 0),
    principal_total          INTEGER NOT NULL CHECK (principal_total >= principal_agreed),
    secondary_agreed         INTEGER NOT NULL CHECK (secondary_agreed >= 0),
    secondary_total          INTEGER NOT NULL CHECK (secondary_total >= secondary_agreed),
    procedures_agreed        INTEGER NOT NULL CHECK (procedures_agreed >= 0),
    procedures_total         INTEGER NOT NULL CHECK (procedures_total >= procedures_agreed),
    poa_agreed               INTEGER NOT NULL CHECK (poa_agreed >= 0),
    poa_total                INTEGER NOT NULL CHECK (poa_total >= poa_agreed),
    -- An inpatient chart with a DRG: drg_total 1, drg_kept 1 when the
    -- review kept the DRG.
    drg_kept                 INTEGER NOT NULL CHECK (drg_kept >= 0),
    drg_total                INTEGER NOT NULL CHECK (drg_total IN (0, 1) AND drg_total >= drg_kept),
    -- Reviewed minus original DRG weight, in ten-thousandths.
    weight_difference        INTEGER NOT NULL,
    -- Decisions other than agree, by reason category.
    reason_specificity       INTEGER NOT NULL CHECK (reason_specificity >= 0),
    reason_sequencing        INTEGER NOT NULL CHECK (reason_sequencing >= 0),
    reason_missing_secondary INTEGER NOT NULL CHECK (reason_missing_secondary >= 0),
    reason_unsupported       INTEGER NOT NULL CHECK (reason_unsupported >= 0),
    reason_poa               INTEGER NOT NULL CHECK (reason_poa >= 0),
    reason_guideline         INTEGER NOT NULL CHECK (reason_guideline >= 0)
);

-- The report selects closed reviews by when their chart was finalized.
CREATE INDEX review_closed_by_finalized ON review (finalized_at, id) WHERE status = 'closed';
