-- People: chartq users (one per login name), their role, and the work
-- queues they belong to.
CREATE TABLE app_user (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL UNIQUE,
    name       TEXT,
    role       TEXT NOT NULL CHECK (role IN ('coder', 'auditor', 'supervisor', 'admin')),
    created_at TEXT NOT NULL
);

CREATE TABLE queue_member (
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    queue   TEXT NOT NULL,
    PRIMARY KEY (user_id, queue)
) WITHOUT ROWID;
