-- Who a provider query's answer is from, and who typed it in (issue 9,
-- item 12). `answered_by` (since 0004) is the chartq user who entered the
-- answer; `attributed_to` is the provider the answer is attributed to;
-- `entered_on_behalf` is 1 when a chartq user entered it for that provider
-- (a coder or CDI specialist transcribing the provider's reply), 0 when the
-- provider entered it themselves. chartq has no provider identity yet, so
-- every answer so far (and every answer chartq records today) was entered
-- on the provider's behalf: the answered rows already here are marked so,
-- attributed to the provider the query was addressed to.
ALTER TABLE provider_query ADD COLUMN attributed_to TEXT;
ALTER TABLE provider_query ADD COLUMN entered_on_behalf INTEGER
    CHECK (entered_on_behalf IN (0, 1));

UPDATE provider_query SET attributed_to = provider, entered_on_behalf = 1
    WHERE response IS NOT NULL OR answered_by IS NOT NULL;
