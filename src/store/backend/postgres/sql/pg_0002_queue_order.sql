-- PostgreSQL-only step 2 (issue 13): the indexes a coder's queue list
-- reads (postgres/queue.rs): each joined queue's charts in list order, and
-- the charts a user finalized. With them a coder's first page reads about
-- a page per queue instead of walking the whole list order past the
-- queues they did not join (11,000 rows for the first page of a
-- 1,000,000-chart database with three queues).
CREATE INDEX IF NOT EXISTS chart_queue_order ON chartq.chart
    (queue, priority, (coalesce(due_date, '9999-12-31')), date_of_service, id);
CREATE INDEX IF NOT EXISTS chart_by_coded_by ON chartq.chart (coded_by)
    WHERE coded_by IS NOT NULL;
