-- 001: articles and everything extracted from them.
CREATE TABLE articles (
    id            VARCHAR PRIMARY KEY,   -- content hash of the normalised text
    external_id   VARCHAR,               -- the id the corpus gave it
    url           VARCHAR,
    source        VARCHAR,
    title         VARCHAR,
    published     DATE,
    language      VARCHAR,
    origin        VARCHAR,
    fetched_at    VARCHAR,
    text          VARCHAR NOT NULL,
    minhash       UBIGINT[],             -- MinHash signature, for near-duplicate detection
    duplicate_of  VARCHAR,               -- first copy of a near-duplicate (not coded again)
    n_events      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE events (
    id              VARCHAR PRIMARY KEY, -- article id + sequence number
    article_id      VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,
    category        VARCHAR,
    mode            VARCHAR,
    cameo           VARCHAR,
    quad            INTEGER,
    goldstein       DOUBLE,
    modality        VARCHAR,
    source_code     VARCHAR,
    source_country  VARCHAR,
    target_code     VARCHAR,
    target_country  VARCHAR,
    sentence_start  INTEGER,
    sentence_end    INTEGER,
    trigger_start   INTEGER,
    trigger_end     INTEGER,
    evidence        VARCHAR,             -- the sentence the event was coded from
    event_date      DATE,
    location_name   VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    killed          INTEGER,
    injured         INTEGER,
    size            BIGINT,
    confidence      DOUBLE,
    pattern         VARCHAR,             -- the pattern that coded it
    attribution     VARCHAR
);

CREATE TABLE actor_mentions (
    event_id  VARCHAR NOT NULL,
    role      VARCHAR NOT NULL,          -- source | target
    text      VARCHAR,
    start_char INTEGER,
    end_char   INTEGER,
    code      VARCHAR,
    country   VARCHAR,
    sector    VARCHAR,
    entry     VARCHAR,
    PRIMARY KEY (event_id, role)
);

CREATE TABLE places (
    article_id VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    text       VARCHAR,
    start_char INTEGER,
    end_char   INTEGER,
    name       VARCHAR,
    lat        DOUBLE,
    lon        DOUBLE,
    country    VARCHAR,
    geonameid  VARCHAR,
    feature    VARCHAR,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE time_exprs (
    article_id VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    text       VARCHAR,
    start_char INTEGER,
    end_char   INTEGER,
    type       VARCHAR,
    value      VARCHAR,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE quotes (
    article_id    VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    content       VARCHAR,               -- JSON list of [start, end] spans
    quote_text    VARCHAR,
    direct        BOOLEAN,
    cue_start     INTEGER,
    cue_end       INTEGER,
    speaker_text  VARCHAR,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_code  VARCHAR,
    PRIMARY KEY (article_id, seq)
);
