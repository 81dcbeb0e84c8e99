-- Schema version 3: related coverage. Links are matched to articles by
-- keys (a canonical URL, a headline's comparison form); the reporter's own
-- links, dismissals and threads; the named entities found in each article.

ALTER TABLE articles ADD COLUMN title_key TEXT;   -- the headline's comparison form (threads::headline_key)
CREATE INDEX articles_title_key ON articles(title_key) WHERE title_key IS NOT NULL;

ALTER TABLE links ADD COLUMN url_key TEXT;        -- canonical form of href
ALTER TABLE links ADD COLUMN title_key TEXT;      -- comparison form of the link's text, when it reads as a headline
CREATE INDEX links_unresolved_url ON links(url_key) WHERE target_id IS NULL AND url_key IS NOT NULL;
CREATE INDEX links_unresolved_title ON links(title_key) WHERE target_id IS NULL AND title_key IS NOT NULL;
CREATE INDEX links_target ON links(target_id) WHERE target_id IS NOT NULL;

-- Links the reporter made (a < b) and pairs she dismissed or unlinked.
CREATE TABLE pairs (
    a       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    linked  INTEGER NOT NULL,   -- 1: linked by hand; 0: dismissed / unlinked
    created TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) STRICT, WITHOUT ROWID;
CREATE INDEX pairs_b ON pairs(b);

CREATE TABLE threads (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    created TEXT NOT NULL
) STRICT;

CREATE TABLE thread_articles (
    thread_id  INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    added      TEXT NOT NULL,
    PRIMARY KEY (thread_id, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_articles_article ON thread_articles(article_id);

-- Suggested additions to a thread that the reporter turned down.
CREATE TABLE thread_dismissed (
    thread_id  INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (thread_id, article_id)
) STRICT, WITHOUT ROWID;

-- People, places, organisations (from the gazetteer) and recurring names
-- found in each article; derived, recomputed when the finder changes.
CREATE TABLE entities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,     -- person, place, org, name
    key        TEXT NOT NULL,     -- folded canonical name
    name       TEXT NOT NULL,     -- as shown
    count      INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX entities_key ON entities(key);
