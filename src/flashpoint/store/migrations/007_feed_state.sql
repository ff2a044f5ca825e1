-- 007: live feeds (`flashpoint watch`): each feed's HTTP validators, schedule and failures, so a
-- restarted watcher resumes where it stopped. Times are UTC.
CREATE TABLE feeds (
    url           VARCHAR PRIMARY KEY,   -- as written in FEEDS.txt
    etag          VARCHAR,               -- the ETag of the last response whose items were all stored
    last_modified VARCHAR,               -- its Last-Modified header, sent back verbatim
    last_polled   TIMESTAMP,             -- the start of the round that last polled it
    next_poll     TIMESTAMP,             -- not polled before this (NULL: due now)
    failures      INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls (0 after a success)
    last_error    VARCHAR,               -- why the last poll failed (NULL after a success)
    items_seen    INTEGER NOT NULL DEFAULT 0,  -- items read from it, over all polls
    articles_new  INTEGER NOT NULL DEFAULT 0   -- articles stored from it, over all polls
);
