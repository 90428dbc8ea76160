-- Notes copied from another release (PostgreSQL dialect of SQLite
-- migration 0008).
ALTER TABLE chartq.code_note ADD COLUMN borrowed_from text;
ALTER TABLE chartq.code_set_version ADD COLUMN notes_from text;
