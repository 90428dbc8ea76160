-- The patient discharge status (NUBC, two digits: 01 home, 20 expired, ...)
-- of an inpatient stay: the coding edits require it and the MS-DRG grouper
-- reads it. NULL = the feed did not give one (finalize then reports it).
ALTER TABLE chart ADD COLUMN discharge_status TEXT
    CHECK (discharge_status IS NULL OR (length(discharge_status) = 2 AND discharge_status GLOB '[0-9][0-9]'));
