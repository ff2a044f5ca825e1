-- 006: the rest of an event's magnitude: arrests, the displaced, whether its numbers are a running
-- total, and their qualifiers; merged events keep new deaths apart from reported running totals.
ALTER TABLE events ADD COLUMN arrested INTEGER;
ALTER TABLE events ADD COLUMN displaced INTEGER;
ALTER TABLE events ADD COLUMN cumulative BOOLEAN;
ALTER TABLE events ADD COLUMN qualifiers VARCHAR;        -- JSON {"killed": "min", ...}
ALTER TABLE merged_events ADD COLUMN arrested INTEGER;
ALTER TABLE merged_events ADD COLUMN displaced INTEGER;
ALTER TABLE merged_events ADD COLUMN killed_total INTEGER; -- the largest running total its mentions report
