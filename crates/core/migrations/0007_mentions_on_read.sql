-- Schema version 7: the people, places and organisations an article
-- mentions are found again when it is shown (threads::entities::mentions)
-- instead of being stored: the table and its unused key index weighed a
-- third as much as the texts themselves.

DROP INDEX entities_key;
DROP TABLE entities;
