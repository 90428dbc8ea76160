\set ON_ERROR_STOP 0
SELECT code, seq FROM chartq.assign_code(NULL, 1, 'ICD-10-CM', 'E11.9', 1, true, 'T2DM', 'principal', 'Y', NULL, NULL, NULL);
SELECT code, seq FROM chartq.assign_code(NULL, 1, 'ICD-10-CM', 'I10', 1, true, 'HTN', 'secondary', 'Y', NULL, NULL, NULL);
SELECT code, seq FROM chartq.sequence_code(NULL, 1, 'I10', 1);
SELECT code, role, poa FROM chartq.edit_code(NULL, 1, 'E11.9', 'secondary', 'N', NULL, NULL, NULL);
SELECT chartq.assign_code(NULL, 2, 'ICD-10-CM', 'I10', 1, true, 'HTN', 'secondary', 'Y', NULL, NULL, NULL);
SELECT chartq.assign_code('root', 1, 'ICD-10-CM', 'I10', 1, true, 'HTN', 'secondary', 'Y', NULL, NULL, NULL);
INSERT INTO chartq.assignment (chart_id, seq, system, code, billable, title, role, assigned_by) VALUES (1, 9, 'ICD-10-CM', 'X', true, 'x', 'secondary', 2);
UPDATE chartq.assignment SET poa = 'N';
DELETE FROM chartq.assignment;
SELECT chartq.import_code_set(NULL, 'ICD-10-CM', 'EVIL', '2025-10-01', NULL, 'x', NULL, '[]', '[]');
SELECT chartq.put_snapshot(1, 7, '\x00', true);
SELECT chartq.coding_resequence(1, NULL, NULL);
UPDATE chartq.search_snapshot SET data = '\x00';
SELECT id FROM chartq.ask_query(NULL, 1, 'Dr. Who', 'Type?', '["a","b"]');
SELECT status FROM chartq.answer_query(NULL, 1, 'a');
SELECT count(*) AS visible_codes FROM chartq.assignment;
SELECT status, coded_by FROM chartq.finalize_chart(NULL, 1, ARRAY['I10','E11.9'], '{}', '637', '10', 'v42', '1.3570');
SELECT drg, original_drg FROM chartq.chart_drg;
