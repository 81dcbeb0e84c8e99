-- Schema version 4: headlines that differ by a word or two still match.
-- The longer words of each article's headline and of each related-story
-- link, to find near matches without scanning (threads::headline_key).

CREATE TABLE title_words (
    word       TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (word, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX title_words_article ON title_words(article_id);

CREATE TABLE link_words (
    word       TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (word, article_id, position),
    FOREIGN KEY (article_id, position) REFERENCES links(article_id, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX link_words_link ON link_words(article_id, position);
