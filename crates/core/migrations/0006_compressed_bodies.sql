-- Schema version 6: an article's text and HTML are kept together in one
-- zstd-compressed blob (see store/body.rs); the HTML holds the text again,
-- so the two compress to about a third of the text alone.

ALTER TABLE articles ADD COLUMN body BLOB;
UPDATE articles SET body = body_pack(text, html);
ALTER TABLE articles DROP COLUMN text;
ALTER TABLE articles DROP COLUMN html;
