-- Schema version 9: the images of each article (its photos, maps and
-- charts), fetched once from the addresses in its HTML and kept, so that
-- the article reads whole offline. A failed fetch is kept too, with why
-- (`error`, no `bytes`), so that it is not retried on every view. An
-- article's images go with it.

CREATE TABLE images (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    mime       TEXT,
    bytes      BLOB,
    error      TEXT,
    fetched    TEXT NOT NULL,
    UNIQUE (article_id, url),
    CHECK ((bytes IS NULL) = (mime IS NULL) AND (bytes IS NULL) <> (error IS NULL))
);
