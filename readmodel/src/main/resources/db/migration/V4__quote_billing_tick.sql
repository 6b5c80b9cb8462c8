-- The BILLING_TICK_SEC a rental started with, written by the api when the quote is claimed for a
-- start (first start wins). The worker reads it to measure the billing tick lag (issue 9): tick n
-- is due at started_at + n * billing_tick_sec. NULL for rentals started before this column.
ALTER TABLE quotes ADD COLUMN billing_tick_sec BIGINT;
