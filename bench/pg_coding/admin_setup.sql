-- As the admin (the runner): a code set, and cq_ana's lease on chart A-1
-- (the core's claim is stubbed by an UPDATE).
SELECT chartq.import_code_set(NULL, 'ICD-10-CM', 'FY2026', '2025-10-01', '2026-09-30', 'x.txt', NULL,
  '[{"code":"E11.9","lookup_key":"E119","kind":"code","billable":true,"long_title":"Type 2 diabetes mellitus without complications","parent":"E11","seq":1},
    {"code":"I10","lookup_key":"I10","kind":"code","billable":true,"long_title":"Essential hypertension","seq":2}]',
  '[{"code":"E11.9","seq":1,"kind":"inclusion","text":"diabetes NOS"}]');
SELECT chartq.put_snapshot(1, 7, '\xdeadbeef', true);
UPDATE chartq.chart SET status = 'in_progress', lease_holder = 2, lease_until = now() + interval '1 hour' WHERE id = 1;
