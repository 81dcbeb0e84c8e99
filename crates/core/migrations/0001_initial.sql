-- Dispatch archive schema, version 1.
-- SQLite is the source of truth; the search index is derived from it.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    url           TEXT,
    canonical_url TEXT,
    title         TEXT NOT NULL,
    byline        TEXT,
    outlet        TEXT,
    site          TEXT,
    published     TEXT,            -- YYYY-MM-DD or RFC 3339, as the page says
    clipped       TEXT NOT NULL,   -- RFC 3339, UTC
    lang          TEXT,            -- ISO 639-1
    text          TEXT NOT NULL,
    html          TEXT NOT NULL,   -- sanitised
    excerpt       TEXT,
    note          TEXT NOT NULL DEFAULT '',
    text_hash     BLOB NOT NULL,   -- blake3 of the folded title and text, for duplicates
    source_format TEXT NOT NULL    -- 'html' or 'text'
) STRICT;

CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_clipped ON articles(clipped);

-- The bytes as clipped, zstd-compressed, so a better extractor can run again.
CREATE TABLE originals (
    article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_hash BLOB NOT NULL,    -- blake3 of the raw bytes
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL
) STRICT;

CREATE TABLE links (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    href       TEXT,
    text       TEXT NOT NULL,
    related    INTEGER NOT NULL,
    target_id  INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    PRIMARY KEY (article_id, position)
) STRICT;

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_tags_tag ON article_tags(tag_id);

-- Every write to an article appends its id here, in the same transaction.
-- The search index records the last sequence number it has applied, so an
-- index that fell behind (a process killed between the two commits) is
-- brought up to date from this log.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL
);
