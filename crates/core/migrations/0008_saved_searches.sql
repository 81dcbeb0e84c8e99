-- Schema version 8: searches a reporter keeps under a name ("Sahel
-- juntas": `tag:sahel coup OR junta -football`), listed in the sidebar with
-- how many articles each finds now, and how many of those were clipped
-- since the reporter last opened it (`seen`, as `articles.clipped` is
-- written). Names are unique whatever their case.

CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query TEXT NOT NULL,
    sort TEXT NOT NULL DEFAULT 'relevance' CHECK (sort IN ('relevance', 'date', 'clipped')),
    seen TEXT NOT NULL
);
