-- Who a provider query's answer is from, and who typed it in (PostgreSQL
-- dialect of SQLite migration 0010).
ALTER TABLE chartq.provider_query ADD COLUMN attributed_to text;
ALTER TABLE chartq.provider_query ADD COLUMN entered_on_behalf boolean;
UPDATE chartq.provider_query SET attributed_to = provider, entered_on_behalf = true
    WHERE response IS NOT NULL OR answered_by IS NOT NULL;
