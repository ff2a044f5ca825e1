-- 003: how precisely an event is placed and dated, and how it relates to its place.
ALTER TABLE events ADD COLUMN date_precision VARCHAR;
ALTER TABLE events ADD COLUMN location_relation VARCHAR;
ALTER TABLE events ADD COLUMN location_precision VARCHAR;
