-- Reports (PostgreSQL dialect of SQLite migration 0016): what the
-- department's reports read, kept by a trigger on the audit log in the
-- audit event's own transaction (the log is only appended to by definer
-- functions, so the trigger runs as the schema's owner), backfilled from
-- an existing log the same way. No patient column anywhere: chart ids,
-- logins, queues, encounter types, hold reasons and counts. Read under
-- row-level security (reports_functions.sql).

ALTER TABLE chartq.provider_query ADD COLUMN chosen_option integer
    CHECK (chosen_option IS NULL OR chosen_option >= 0);
ALTER TABLE chartq.chart ADD COLUMN expected_charges_cents bigint
    CHECK (expected_charges_cents IS NULL OR expected_charges_cents >= 0);

CREATE TABLE chartq.report_open_claim (
    chart_id   bigint PRIMARY KEY,
    user_login text NOT NULL,
    at         text NOT NULL
);

CREATE TABLE chartq.report_work (
    id             bigint PRIMARY KEY,
    chart_id       bigint NOT NULL,
    user_login     text NOT NULL,
    encounter_type text NOT NULL,
    started_at     text NOT NULL,
    ended_at       text NOT NULL,
    ended_by       text NOT NULL,
    seconds        bigint NOT NULL CHECK (seconds >= 0)
);
CREATE INDEX report_work_by_end ON chartq.report_work
    (ended_at, user_login, encounter_type, seconds, chart_id);

CREATE TABLE chartq.report_finalized (
    id             bigint PRIMARY KEY,
    chart_id       bigint NOT NULL,
    user_login     text NOT NULL,
    encounter_type text NOT NULL,
    at             text NOT NULL
);
CREATE INDEX report_finalized_by_at ON chartq.report_finalized
    (at, user_login, encounter_type, chart_id);
CREATE INDEX report_finalized_by_user ON chartq.report_finalized (user_login, at);

CREATE TABLE chartq.report_hold (
    id         bigint PRIMARY KEY,
    chart_id   bigint NOT NULL,
    user_login text NOT NULL,
    queue      text NOT NULL,
    reason     text NOT NULL,
    at         text NOT NULL
);
CREATE INDEX report_hold_by_at ON chartq.report_hold (at);

CREATE TABLE chartq.report_day (
    day            text NOT NULL,
    user_login     text NOT NULL,
    encounter_type text NOT NULL,
    queue          text NOT NULL,
    finalized      bigint NOT NULL DEFAULT 0,
    seconds        bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, user_login, encounter_type, queue)
);
CREATE TABLE chartq.report_hour (
    hour      text NOT NULL,
    queue     text NOT NULL,
    finalized bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, queue)
);

CREATE INDEX provider_query_by_asked ON chartq.provider_query (asked_at);
CREATE INDEX chart_backlog ON chartq.chart (queue, discharge_date, date_of_service)
    WHERE status IN ('new', 'in_progress', 'on_hold');

-- Seconds between two chartq stamps.
CREATE FUNCTION chartq.report_seconds(p_from text, p_to text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT greatest(0, floor(extract(epoch FROM (p_to::timestamptz - p_from::timestamptz))))::bigint
$$;

-- Backfill from the log already there, in the trigger's terms.
INSERT INTO chartq.report_work (id, chart_id, user_login, encounter_type, started_at, ended_at,
                                ended_by, seconds)
SELECT e.id, e.chart_id, c.user_login, ch.encounter_type, c.at, e.at, e.action,
       CASE WHEN e.action = 'lease_expired' THEN 0 ELSE chartq.report_seconds(c.at, e.at) END
FROM chartq.audit_event e
JOIN chartq.audit_event c ON c.id = (SELECT max(x.id) FROM chartq.audit_event x
                                     WHERE x.chart_id = e.chart_id AND x.action = 'chart_claimed'
                                       AND x.id < e.id)
JOIN chartq.chart ch ON ch.id = e.chart_id
WHERE e.action IN ('chart_released', 'chart_held', 'chart_finalized', 'lease_expired',
                   'provider_query_opened', 'chart_assigned')
  AND NOT EXISTS (SELECT 1 FROM chartq.audit_event y
                  WHERE y.chart_id = e.chart_id AND y.id > c.id AND y.id < e.id
                    AND y.action IN ('chart_released', 'chart_held', 'chart_finalized',
                                     'lease_expired', 'provider_query_opened', 'chart_assigned'));

INSERT INTO chartq.report_open_claim (chart_id, user_login, at)
SELECT c.chart_id, c.user_login, c.at
FROM chartq.audit_event c
WHERE c.action = 'chart_claimed'
  AND c.id = (SELECT max(x.id) FROM chartq.audit_event x
              WHERE x.chart_id = c.chart_id AND x.action = 'chart_claimed')
  AND NOT EXISTS (SELECT 1 FROM chartq.audit_event y
                  WHERE y.chart_id = c.chart_id AND y.id > c.id
                    AND y.action IN ('chart_released', 'chart_held', 'chart_finalized',
                                     'lease_expired', 'provider_query_opened', 'chart_assigned'));

INSERT INTO chartq.report_finalized (id, chart_id, user_login, encounter_type, at)
SELECT e.id, e.chart_id, e.user_login, ch.encounter_type, e.at
FROM chartq.audit_event e JOIN chartq.chart ch ON ch.id = e.chart_id
WHERE e.action = 'chart_finalized';

INSERT INTO chartq.report_hold (id, chart_id, user_login, queue, reason, at)
SELECT e.id, e.chart_id, e.user_login, ch.queue,
       CASE e.action WHEN 'chart_held' THEN coalesce(e.details::jsonb->>'reason', '')
                     ELSE 'provider query' END,
       e.at
FROM chartq.audit_event e JOIN chartq.chart ch ON ch.id = e.chart_id
WHERE e.action IN ('chart_held', 'provider_query_opened');

INSERT INTO chartq.report_day (day, user_login, encounter_type, queue, finalized, seconds)
SELECT substr(w.ended_at, 1, 10), w.user_login, w.encounter_type, ch.queue, 0, sum(w.seconds)
FROM chartq.report_work w JOIN chartq.chart ch ON ch.id = w.chart_id GROUP BY 1, 2, 3, 4;
INSERT INTO chartq.report_day AS d (day, user_login, encounter_type, queue, finalized, seconds)
SELECT substr(f.at, 1, 10), f.user_login, f.encounter_type, ch.queue, count(*), 0
FROM chartq.report_finalized f JOIN chartq.chart ch ON ch.id = f.chart_id GROUP BY 1, 2, 3, 4
ON CONFLICT (day, user_login, encounter_type, queue)
DO UPDATE SET finalized = d.finalized + excluded.finalized;
INSERT INTO chartq.report_hour (hour, queue, finalized)
SELECT substr(f.at, 1, 13), ch.queue, count(*)
FROM chartq.report_finalized f JOIN chartq.chart ch ON ch.id = f.chart_id GROUP BY 1, 2;

-- The trigger that keeps them (the SQLite migration's four triggers).
CREATE FUNCTION chartq.report_audit_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE ch chartq.chart; o chartq.report_open_claim; v_secs bigint;
BEGIN
    IF NEW.chart_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO ch FROM chartq.chart WHERE id = NEW.chart_id;
    IF NEW.action = 'chart_claimed' THEN
        INSERT INTO chartq.report_open_claim (chart_id, user_login, at)
        VALUES (NEW.chart_id, NEW.user_login, NEW.at)
        ON CONFLICT (chart_id) DO UPDATE SET user_login = excluded.user_login, at = excluded.at;
    END IF;
    IF NEW.action IN ('chart_released', 'chart_held', 'chart_finalized', 'lease_expired',
                      'provider_query_opened', 'chart_assigned') THEN
        DELETE FROM chartq.report_open_claim WHERE chart_id = NEW.chart_id RETURNING * INTO o;
        IF FOUND THEN
            v_secs := CASE WHEN NEW.action = 'lease_expired' THEN 0
                           ELSE chartq.report_seconds(o.at, NEW.at) END;
            INSERT INTO chartq.report_work (id, chart_id, user_login, encounter_type, started_at,
                   ended_at, ended_by, seconds)
            VALUES (NEW.id, NEW.chart_id, o.user_login, ch.encounter_type, o.at, NEW.at,
                    NEW.action, v_secs);
            INSERT INTO chartq.report_day AS d (day, user_login, encounter_type, queue, seconds)
            VALUES (substr(NEW.at, 1, 10), o.user_login, ch.encounter_type, ch.queue, v_secs)
            ON CONFLICT (day, user_login, encounter_type, queue)
            DO UPDATE SET seconds = d.seconds + excluded.seconds;
        END IF;
    END IF;
    IF NEW.action = 'chart_finalized' THEN
        INSERT INTO chartq.report_finalized (id, chart_id, user_login, encounter_type, at)
        VALUES (NEW.id, NEW.chart_id, NEW.user_login, ch.encounter_type, NEW.at);
        INSERT INTO chartq.report_day AS d (day, user_login, encounter_type, queue, finalized)
        VALUES (substr(NEW.at, 1, 10), NEW.user_login, ch.encounter_type, ch.queue, 1)
        ON CONFLICT (day, user_login, encounter_type, queue)
        DO UPDATE SET finalized = d.finalized + 1;
        INSERT INTO chartq.report_hour AS h (hour, queue, finalized)
        VALUES (substr(NEW.at, 1, 13), ch.queue, 1)
        ON CONFLICT (hour, queue) DO UPDATE SET finalized = h.finalized + 1;
    END IF;
    IF NEW.action IN ('chart_held', 'provider_query_opened') THEN
        INSERT INTO chartq.report_hold (id, chart_id, user_login, queue, reason, at)
        VALUES (NEW.id, NEW.chart_id, NEW.user_login, ch.queue,
                CASE NEW.action WHEN 'chart_held' THEN coalesce(NEW.details::jsonb->>'reason', '')
                                ELSE 'provider query' END,
                NEW.at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_audit_event AFTER INSERT ON chartq.audit_event
    FOR EACH ROW EXECUTE FUNCTION chartq.report_audit_event();
