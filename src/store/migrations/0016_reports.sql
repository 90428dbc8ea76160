-- Reports (issue 15): what the department's reports read, kept up to date
-- by triggers on the audit log, so every report is a query over a few
-- small indexed tables instead of a scan of the whole log. The rows are
-- derived from audit events alone (the backfill below rebuilds them from
-- an existing log the same way), so they can never disagree with it.
-- Renumbered at merge if another migration lands first.

-- The answer's chosen option, as its 0-based index into `options` (the
-- free-text response stays beside it): the agreement rate reads it.
ALTER TABLE provider_query ADD COLUMN chosen_option INTEGER
    CHECK (chosen_option IS NULL OR chosen_option >= 0);

-- The chart feed's optional `expected_charges`, in cents.
ALTER TABLE chart ADD COLUMN expected_charges_cents INTEGER
    CHECK (expected_charges_cents IS NULL OR expected_charges_cents >= 0);

-- A claim not yet ended (at most one per chart: a chart has one lease).
CREATE TABLE report_open_claim (
    chart_id   INTEGER PRIMARY KEY,
    user_login TEXT NOT NULL,
    at         TEXT NOT NULL
);

-- One stretch of work: from a claim to what ended it (release, hold, a
-- provider query, finalize, a supervisor's assignment, lease expiry). Its
-- id is the ending audit event's. A lease that ran out counts 0 seconds:
-- nobody knows when its holder stopped.
CREATE TABLE report_work (
    id             INTEGER PRIMARY KEY,
    chart_id       INTEGER NOT NULL,
    user_login     TEXT NOT NULL,
    encounter_type TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    ended_at       TEXT NOT NULL,
    ended_by       TEXT NOT NULL,
    seconds        INTEGER NOT NULL CHECK (seconds >= 0)
);
-- Covering: productivity reads the index alone.
CREATE INDEX report_work_by_end ON report_work (ended_at, user_login, encounter_type, seconds, chart_id);

-- One finalize (its audit event's id), with the chart's encounter type.
CREATE TABLE report_finalized (
    id             INTEGER PRIMARY KEY,
    chart_id       INTEGER NOT NULL,
    user_login     TEXT NOT NULL,
    encounter_type TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX report_finalized_by_at ON report_finalized (at, user_login, encounter_type, chart_id);

-- One hold placed (its audit event's id): a coder's hold with its reason,
-- or a provider query (reason 'provider query').
CREATE TABLE report_hold (
    id         INTEGER PRIMARY KEY,
    chart_id   INTEGER NOT NULL,
    user_login TEXT NOT NULL,
    queue      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX report_hold_by_at ON report_hold (at);

CREATE INDEX report_finalized_by_user ON report_finalized (user_login, at);

-- Maintained sums, so a long period reads a few rows a day: worked
-- seconds and finalizes per UTC day, coder, encounter type and queue, and
-- finalizes per UTC hour and queue (the per-day sparkline, turned into
-- the facility's days by the reader). A period's partial UTC days at its
-- ends are read from the rows above.
CREATE TABLE report_day (
    day            TEXT NOT NULL,
    user_login     TEXT NOT NULL,
    encounter_type TEXT NOT NULL,
    queue          TEXT NOT NULL,
    finalized      INTEGER NOT NULL DEFAULT 0,
    seconds        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, user_login, encounter_type, queue)
) WITHOUT ROWID;
CREATE TABLE report_hour (
    hour      TEXT NOT NULL,
    queue     TEXT NOT NULL,
    finalized INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, queue)
) WITHOUT ROWID;

CREATE INDEX provider_query_by_asked ON provider_query (asked_at);

-- The backlog (charts not yet final-coded), read from the index alone.
CREATE INDEX chart_backlog ON chart (queue, discharge_date, date_of_service, expected_charges_cents)
    WHERE status IN ('new', 'in_progress', 'on_hold');

-- Backfill from the log already there, in the triggers' terms.
INSERT INTO report_work (id, chart_id, user_login, encounter_type, started_at, ended_at,
                         ended_by, seconds)
SELECT e.id, e.chart_id, c.user_login, ch.encounter_type, c.at, e.at, e.action,
       CASE WHEN e.action = 'lease_expired' THEN 0
            ELSE max(0, CAST(strftime('%s', e.at) AS INTEGER) - CAST(strftime('%s', c.at) AS INTEGER)) END
FROM audit_event e
JOIN audit_event c ON c.id = (SELECT max(x.id) FROM audit_event x
                              WHERE x.chart_id = e.chart_id AND x.action = 'chart_claimed'
                                AND x.id < e.id)
JOIN chart ch ON ch.id = e.chart_id
WHERE e.action IN ('chart_released', 'chart_held', 'chart_finalized', 'lease_expired',
                   'provider_query_opened', 'chart_assigned')
  AND NOT EXISTS (SELECT 1 FROM audit_event y
                  WHERE y.chart_id = e.chart_id AND y.id > c.id AND y.id < e.id
                    AND y.action IN ('chart_released', 'chart_held', 'chart_finalized',
                                     'lease_expired', 'provider_query_opened', 'chart_assigned'));

INSERT INTO report_open_claim (chart_id, user_login, at)
SELECT c.chart_id, c.user_login, c.at
FROM audit_event c
WHERE c.action = 'chart_claimed'
  AND c.id = (SELECT max(x.id) FROM audit_event x
              WHERE x.chart_id = c.chart_id AND x.action = 'chart_claimed')
  AND NOT EXISTS (SELECT 1 FROM audit_event y
                  WHERE y.chart_id = c.chart_id AND y.id > c.id
                    AND y.action IN ('chart_released', 'chart_held', 'chart_finalized',
                                     'lease_expired', 'provider_query_opened', 'chart_assigned'));

INSERT INTO report_finalized (id, chart_id, user_login, encounter_type, at)
SELECT e.id, e.chart_id, e.user_login, ch.encounter_type, e.at
FROM audit_event e JOIN chart ch ON ch.id = e.chart_id
WHERE e.action = 'chart_finalized';

INSERT INTO report_hold (id, chart_id, user_login, queue, reason, at)
SELECT e.id, e.chart_id, e.user_login, ch.queue,
       CASE e.action WHEN 'chart_held' THEN coalesce(json_extract(e.details, '$.reason'), '')
                     ELSE 'provider query' END,
       e.at
FROM audit_event e JOIN chart ch ON ch.id = e.chart_id
WHERE e.action IN ('chart_held', 'provider_query_opened');

INSERT INTO report_day (day, user_login, encounter_type, queue, finalized, seconds)
SELECT substr(w.ended_at, 1, 10), w.user_login, w.encounter_type, ch.queue, 0, sum(w.seconds)
FROM report_work w JOIN chart ch ON ch.id = w.chart_id WHERE true GROUP BY 1, 2, 3, 4;
INSERT INTO report_day (day, user_login, encounter_type, queue, finalized, seconds)
SELECT substr(f.at, 1, 10), f.user_login, f.encounter_type, ch.queue, count(*), 0
FROM report_finalized f JOIN chart ch ON ch.id = f.chart_id WHERE true GROUP BY 1, 2, 3, 4
ON CONFLICT DO UPDATE SET finalized = finalized + excluded.finalized;
INSERT INTO report_hour (hour, queue, finalized)
SELECT substr(f.at, 1, 13), ch.queue, count(*)
FROM report_finalized f JOIN chart ch ON ch.id = f.chart_id GROUP BY 1, 2;

-- The triggers that keep them, in the audit event's own transaction.
CREATE TRIGGER report_claimed AFTER INSERT ON audit_event
WHEN NEW.action = 'chart_claimed' AND NEW.chart_id IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO report_open_claim (chart_id, user_login, at)
    VALUES (NEW.chart_id, NEW.user_login, NEW.at);
END;

CREATE TRIGGER report_work_ended AFTER INSERT ON audit_event
WHEN NEW.action IN ('chart_released', 'chart_held', 'chart_finalized', 'lease_expired',
                    'provider_query_opened', 'chart_assigned')
     AND NEW.chart_id IS NOT NULL
BEGIN
    INSERT INTO report_work (id, chart_id, user_login, encounter_type, started_at, ended_at,
                             ended_by, seconds)
    SELECT NEW.id, o.chart_id, o.user_login, ch.encounter_type, o.at, NEW.at, NEW.action,
           CASE WHEN NEW.action = 'lease_expired' THEN 0
                ELSE max(0, CAST(strftime('%s', NEW.at) AS INTEGER)
                            - CAST(strftime('%s', o.at) AS INTEGER)) END
    FROM report_open_claim o JOIN chart ch ON ch.id = o.chart_id
    WHERE o.chart_id = NEW.chart_id;
    INSERT INTO report_day (day, user_login, encounter_type, queue, seconds)
    SELECT substr(NEW.at, 1, 10), w.user_login, w.encounter_type, ch.queue, w.seconds
    FROM report_work w JOIN chart ch ON ch.id = w.chart_id
    WHERE w.id = NEW.id AND EXISTS (SELECT 1 FROM report_open_claim o WHERE o.chart_id = NEW.chart_id)
    ON CONFLICT DO UPDATE SET seconds = seconds + excluded.seconds;
    DELETE FROM report_open_claim WHERE chart_id = NEW.chart_id;
END;

CREATE TRIGGER report_chart_finalized AFTER INSERT ON audit_event
WHEN NEW.action = 'chart_finalized' AND NEW.chart_id IS NOT NULL
BEGIN
    INSERT INTO report_finalized (id, chart_id, user_login, encounter_type, at)
    SELECT NEW.id, ch.id, NEW.user_login, ch.encounter_type, NEW.at
    FROM chart ch WHERE ch.id = NEW.chart_id;
    INSERT INTO report_day (day, user_login, encounter_type, queue, finalized)
    SELECT substr(NEW.at, 1, 10), NEW.user_login, ch.encounter_type, ch.queue, 1
    FROM chart ch WHERE ch.id = NEW.chart_id
    ON CONFLICT DO UPDATE SET finalized = finalized + 1;
    INSERT INTO report_hour (hour, queue, finalized)
    SELECT substr(NEW.at, 1, 13), ch.queue, 1
    FROM chart ch WHERE ch.id = NEW.chart_id
    ON CONFLICT DO UPDATE SET finalized = finalized + 1;
END;

CREATE TRIGGER report_chart_held AFTER INSERT ON audit_event
WHEN NEW.action IN ('chart_held', 'provider_query_opened') AND NEW.chart_id IS NOT NULL
BEGIN
    INSERT INTO report_hold (id, chart_id, user_login, queue, reason, at)
    SELECT NEW.id, ch.id, NEW.user_login, ch.queue,
           CASE NEW.action WHEN 'chart_held' THEN coalesce(json_extract(NEW.details, '$.reason'), '')
                           ELSE 'provider query' END,
           NEW.at
    FROM chart ch WHERE ch.id = NEW.chart_id;
END;
