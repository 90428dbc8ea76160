-- Notes copied from another release. A CMS codes file (billable codes and
-- long titles only) carries no instructional notes, so a version built
-- from one borrows each entry's notes from the newest tabular release that
-- has the entry: the note says which (`borrowed_from`, a version label) and
-- the version says it borrows (`notes_from`, the labels it borrowed from).
-- NULL = the version's own notes, as its file gives them.
ALTER TABLE code_note ADD COLUMN borrowed_from TEXT;
ALTER TABLE code_set_version ADD COLUMN notes_from TEXT;
