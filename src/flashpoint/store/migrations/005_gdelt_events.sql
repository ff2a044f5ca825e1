-- 005: GDELT 2.0 events imported with `flashpoint import-gdelt`, to put GDELT's series beside ours.
-- The columns of GDELT's 61 that a comparison needs; see docs/formats.md for the mapping.
CREATE TABLE gdelt_events (
    global_event_id    BIGINT PRIMARY KEY,  -- GLOBALEVENTID: importing a file twice loads nothing new
    day                DATE,                -- SQLDATE (YYYYMMDD)
    actor1_code        VARCHAR,
    actor1_name        VARCHAR,
    actor1_country     VARCHAR,             -- CAMEO country code (mostly ISO alpha-3)
    actor2_code        VARCHAR,
    actor2_name        VARCHAR,
    actor2_country     VARCHAR,
    is_root            BOOLEAN,
    event_code         VARCHAR,             -- CAMEO codes kept as text: leading zeros matter
    event_base_code    VARCHAR,
    event_root_code    VARCHAR,
    quad_class         INTEGER,
    goldstein          DOUBLE,
    num_mentions       INTEGER,
    num_sources        INTEGER,
    num_articles       INTEGER,
    avg_tone           DOUBLE,
    action_geo_name    VARCHAR,
    action_geo_country VARCHAR,             -- FIPS 10-4, as GDELT writes it (not ISO)
    action_geo_lat     DOUBLE,
    action_geo_lon     DOUBLE,
    date_added         TIMESTAMP,           -- DATEADDED (YYYYMMDDHHMMSS; YYYYMMDD in GDELT 1.0)
    source_url         VARCHAR,
    imported_from      VARCHAR              -- the file's name
);
