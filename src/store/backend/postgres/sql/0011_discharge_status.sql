-- The NUBC discharge status (PostgreSQL dialect of 0011_discharge_status.sql).
ALTER TABLE chartq.chart ADD COLUMN discharge_status text
    CHECK (discharge_status IS NULL OR discharge_status ~ '^[0-9][0-9]$');
