-- Schema version 5: clipping from anywhere. Articles known only by their
-- address and title (an offline bookmark) wait to be fetched; tokens let
-- the browser extension clip through the local endpoint; feeds remember
-- which of their items were already taken.

ALTER TABLE articles ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;  -- 1: not fetched yet
CREATE INDEX articles_pending ON articles(id) WHERE pending = 1;

CREATE TABLE tokens (
    name      TEXT PRIMARY KEY COLLATE NOCASE,
    hash      BLOB NOT NULL UNIQUE,   -- blake3 of the token; the token itself is shown once
    created   TEXT NOT NULL,
    last_used TEXT
) STRICT;

CREATE TABLE feeds (
    id        INTEGER PRIMARY KEY,
    url       TEXT NOT NULL UNIQUE,
    title     TEXT,
    tags      TEXT NOT NULL DEFAULT '[]',  -- JSON array, given to every new item
    added     TEXT NOT NULL,
    refreshed TEXT,
    error     TEXT                         -- why the last refresh failed
) STRICT;

-- Every item a feed has shown, so a refresh takes only new ones.
CREATE TABLE feed_items (
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    item_key   TEXT NOT NULL,              -- the item's guid, else its link, else its title
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    seen       TEXT NOT NULL,
    PRIMARY KEY (feed_id, item_key)
) STRICT, WITHOUT ROWID;
