-- 004: one row per real-world event, merged across the articles and outlets that reported it.
CREATE TABLE merged_events (
    id              VARCHAR PRIMARY KEY, -- the id of its first mention
    category        VARCHAR,
    cameo_root      VARCHAR,
    kind            VARCHAR NOT NULL,    -- happened | possible | not (from the mentions' modality)
    source_country  VARCHAR,
    target_country  VARCHAR,
    first_date      DATE,                -- the dates its mentions give it, first and last
    last_date       DATE,
    lat             DOUBLE,              -- the first point (a town, a port) a mention's own clause put it at
    lon             DOUBLE,
    location_name   VARCHAR,
    -- kept up to date from the mentions as articles arrive
    representative  VARCHAR,             -- the mention whose evidence speaks for it
    cameo           VARCHAR,
    quad            INTEGER,
    goldstein       DOUBLE,
    modality        VARCHAR,
    source_code     VARCHAR,
    target_code     VARCHAR,
    killed          INTEGER,
    injured         INTEGER,
    size            BIGINT,
    n_mentions      INTEGER NOT NULL DEFAULT 0,
    n_articles      INTEGER NOT NULL DEFAULT 0,  -- including near-duplicate reprints
    n_sources       INTEGER NOT NULL DEFAULT 0   -- distinct outlets
);
ALTER TABLE events ADD COLUMN merged_id VARCHAR;
ALTER TABLE events ADD COLUMN location_country VARCHAR;
ALTER TABLE events ADD COLUMN location_granularity VARCHAR;   -- point | area | country
