-- Schema version 2: more of what the extractor reads, and which fields the
-- reporter set by hand (so that `reextract` keeps them).

ALTER TABLE articles ADD COLUMN updated TEXT;    -- last modified, as the page says
ALTER TABLE articles ADD COLUMN image TEXT;      -- lead image URL; never loaded offline
ALTER TABLE articles ADD COLUMN page_title TEXT; -- the page's own title when the headline differs; searched too
ALTER TABLE articles ADD COLUMN title_edited INTEGER NOT NULL DEFAULT 0;
